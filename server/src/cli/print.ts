// `wit-tools print [--features a,b | --all-features] PATH`: the resolved package printed as WIT,
// the way `wasm-tools component wit PATH` prints it (semantic/print.ts): docs kept, other comments
// and the source's order and spelling not.
import * as nodePath from 'node:path';
import { analyzeRoot } from '../semantic/analyze.js';
import { nestedPackages, printPackage, PrintError } from '../semantic/print.js';
import { decodeBinaryPackages } from '../workspace/binary-packages.js';
import { nodeFileSystem } from '../workspace/fs.js';
import { loadRoot } from '../workspace/loader.js';
import { has, parseArgs, UsageError } from './args.js';
import { featureOptions, type CheckIo } from './check.js';
import { formatHuman } from './diagnostics-output.js';

export const printUsage = `usage: wit-tools print [--features a,b | --all-features] PATH

Resolves a WIT file or package folder (with its deps/) and prints its package as WIT, the way
\`wasm-tools component wit\` does. Errors go to stderr, with exit status 1.`;

export function runPrint(argv: string[], io: CheckIo): number {
  const p = parseArgs(argv, { features: { value: true, repeat: true }, 'all-features': {}, help: { alias: 'h' } });
  if (has(p, 'help')) {
    io.stdout(printUsage + '\n');
    return 0;
  }
  if (p.positional.length !== 1) throw new UsageError('print needs exactly one PATH');
  const root = loadRoot(nodeFileSystem, nodePath.resolve(io.cwd, p.positional[0]));
  decodeBinaryPackages(root);
  const analysis = analyzeRoot(root, featureOptions(p));
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length || !analysis.resolve || analysis.main === undefined) {
    for (const d of errors) io.stderr(formatHuman(d, (f) => analysis.texts.get(f), { color: false }, io.cwd) + '\n');
    if (!errors.length) io.stderr(`error: ${p.positional[0]} holds no package\n`);
    return 1;
  }
  try {
    io.stdout(printPackage(analysis.resolve, analysis.main, nestedPackages(analysis.resolve, analysis.main)));
  } catch (e) {
    if (!(e instanceof PrintError)) throw e;
    io.stderr(`error: cannot print: ${e.message}\n`);
    return 1;
  }
  return 0;
}
