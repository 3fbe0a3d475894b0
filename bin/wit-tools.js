#!/usr/bin/env node
import module from 'node:module';
// Node ≥ 22 keeps V8's compiled code on disk (in the OS temp folder): every start after the
// first skips compiling the CLI. A dynamic import, so that the cache is on before any is loaded.
module.enableCompileCache?.();
const argv = process.argv.slice(2);
const io = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  color: !!process.stdout.isTTY && !process.env.NO_COLOR,
  cwd: process.cwd(),
};
// `call` and `build` go to `wit-tools daemon` when one answers (nothing else is loaded first).
let served;
if ((argv[0] === 'call' || argv[0] === 'build') && !process.env.WIT_TOOLS_NO_DAEMON && !argv.includes('--help') && !argv.includes('-h')) {
  const { throughDaemon } = await import('../server/out/cli/daemon-socket.js');
  served = await throughDaemon(argv, io);
}
if (served !== undefined) process.exitCode = served;
else {
  const { main } = await import('../server/out/cli/main.js');
  main(argv, io).then((code) => { process.exitCode = code; });
}
