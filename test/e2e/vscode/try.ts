// `npm run try`: code-server with the freshly packaged extension and examples/ open, for a newcomer
// to see the product in a minute. Prints the URL and runs until Ctrl+C.
//   node test/out/e2e/vscode/try.js [--port N] [--host ADDR]
import { join } from 'node:path';
import { repoRoot } from '../../support/paths.js';
import { startCodeServer } from './harness.js';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const server = await startCodeServer({
  workspaceSource: join(repoRoot, 'examples'),
  inPlace: true,
  vsix: join(repoRoot, 'dist', 'wit-tools.vsix'),
  port: Number(opt('--port') ?? 8080),
  host: opt('--host') ?? '127.0.0.1',
  keepAlive: true,
});
console.log(`\nWIT Tools in VS Code (code-server), with examples/ open:\n\n    ${server.url}\n\nOpen it in a browser. Ctrl+C stops it.\n`);
const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
