#!/usr/bin/env node
import module from 'node:module';
// Node ≥ 22 keeps V8's compiled code on disk (in the OS temp folder): every start after the
// first skips compiling the CLI. A dynamic import, so that the cache is on before any is loaded.
module.enableCompileCache?.();
const { main } = await import('../server/out/cli/main.js');
main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
