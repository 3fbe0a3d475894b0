// `wit-language-server --stdio` (or `--node-ipc`, `--socket=N`): the language server process.
// The disk, with the files a client hands over in front of it (a virtual workspace's, such as
// GitHub Repositories: see ServerHost.files).
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { LayeredFileSystem, MemoryFileSystem, nodeFileSystem } from '../workspace/fs.js';
import { startServer } from './server.js';

const connection = createConnection(ProposedFeatures.all);
const handed = new MemoryFileSystem();
startServer(connection, new LayeredFileSystem(handed, nodeFileSystem), { files: handed, idle: collector() });

/**
 * A full garbage collection, for when the server is idle: V8 leaves a keystroke's garbage in the
 * old generation until it next needs room, and the process holds those pages meanwhile (wasi:http
 * after 150 keystrokes: 58 MB of heap in use, 13 MB of it alive). `gc` is V8's own, exposed here.
 */
function collector(): (() => void) | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? () => (gc as () => void)() : undefined;
  } catch {
    return undefined;
  }
}
// A bug in a handler must not take the editor's server down with it.
process.on('uncaughtException', (e) => connection.console.error(`uncaught: ${e.stack ?? e}`));
process.on('unhandledRejection', (e) => connection.console.error(`unhandled rejection: ${(e as Error)?.stack ?? e}`));
connection.listen();
