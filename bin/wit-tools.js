#!/usr/bin/env node
import { main } from '../server/out/cli/main.js';
main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
