#!/usr/bin/env node
import module from 'node:module';
// Node ≥ 22: compiled code cached on disk, as for the CLI (bin/wit-tools.js).
module.enableCompileCache?.();
await import('../server/out/lsp/main.js');
