// `wit-tools resolve [--features a,b | --all-features] --format json PATH`: the resolved packages
// as wit-parser's JSON (what `wasm-tools component wit --json` prints).
import * as nodePath from 'node:path';
import { analyzeRoot } from '../semantic/analyze.js';
import { resolveToJson } from '../semantic/json.js';
import { nodeFileSystem } from '../workspace/fs.js';
import { loadRoot } from '../workspace/loader.js';
import { decodeBinaryPackages } from '../workspace/binary-packages.js';
import { flag, has, parseArgs, UsageError } from './args.js';
import { featureOptions, type CheckIo } from './check.js';
import { formatHuman } from './diagnostics-output.js';

export const resolveUsage = `usage: wit-tools resolve [--features a,b | --all-features] [--format json] PATH

Resolves a WIT file or package folder (with its deps/) and prints the resolved packages in
wit-parser's JSON. Errors go to stderr, with exit status 1.`;

export function runResolve(argv: string[], io: CheckIo): number {
  const p = parseArgs(argv, { features: { value: true, repeat: true }, 'all-features': {}, format: { value: true }, help: { alias: 'h' } });
  if (has(p, 'help')) { io.stdout(resolveUsage + '\n'); return 0; }
  const format = flag(p, 'format') ?? 'json';
  if (format !== 'json') throw new UsageError(`unknown format \`${format}\` (resolve prints json)`);
  if (p.positional.length !== 1) throw new UsageError('resolve needs exactly one PATH');
  const root = loadRoot(nodeFileSystem, nodePath.resolve(io.cwd, p.positional[0]));
  decodeBinaryPackages(root);
  const analysis = analyzeRoot(root, featureOptions(p));
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length || !analysis.resolve) {
    for (const d of errors) io.stderr(formatHuman(d, (f) => analysis.texts.get(f), { color: false }, io.cwd) + '\n');
    return 1;
  }
  io.stdout(JSON.stringify(resolveToJson(analysis.resolve), null, 2) + '\n');
  return 0;
}
