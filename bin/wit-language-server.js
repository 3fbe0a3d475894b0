#!/usr/bin/env node
import module from 'node:module';
// Node ≥ 22: compiled code cached on disk, as for the CLI (bin/wit-tools.js).
module.enableCompileCache?.();
// The server's Node flags, where a launcher did not pass them (an editor runs this file as it is).
const { serverNodeFlags } = await import('../server/out/lsp/node-flags.js');
const v8 = await import('node:v8');
for (const f of serverNodeFlags) if (!process.execArgv.includes(f)) v8.setFlagsFromString(f);
await import('../server/out/lsp/main.js');
