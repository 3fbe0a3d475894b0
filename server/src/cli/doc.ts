// `wit-tools doc [PATH] [-o DIR] [--format html|markdown]`: the documentation of a package and its
// dependencies as static files (doc/site.ts), written into DIR (default `wit-docs/`).
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { buildDocs, type DocFormat } from '../doc/site.js';
import { analyzeRoot } from '../semantic/analyze.js';
import { decodeBinaryPackages } from '../workspace/binary-packages.js';
import { nodeFileSystem } from '../workspace/fs.js';
import { loadRoot } from '../workspace/loader.js';
import { flag as value, has, parseArgs, UsageError } from './args.js';
import { featureOptions, type CheckIo } from './check.js';
import { formatHuman } from './diagnostics-output.js';

export const docUsage = `usage: wit-tools doc [PATH] [-o DIR] [--format html|markdown] [--features a,b | --all-features]

Writes the documentation of the package at PATH (a folder with its deps/, or a .wit file; default
\`wit/\` or \`.\`) and of every package it depends on: HTML (an index with search, a page per
interface and world with an anchor per item, types linked across packages, doc comments as
Markdown, gates, a diagram per world) or Markdown (a file per package, with anchors that resolve).
Static files: open DIR/index.html, no server needed.`;

export function runDoc(argv: string[], io: CheckIo): number {
  const p = parseArgs(argv, { out: { value: true, alias: 'o' }, format: { value: true }, features: { value: true, repeat: true }, 'all-features': {}, help: { alias: 'h' } });
  if (has(p, 'help')) {
    io.stdout(docUsage + '\n');
    return 0;
  }
  if (p.positional.length > 1) throw new UsageError('doc takes at most one PATH');
  const format = (value(p, 'format') ?? 'html') as DocFormat;
  if (format !== 'html' && format !== 'markdown') throw new UsageError(`--format must be html or markdown, not ${format}`);
  const given = p.positional[0] ?? (fs.existsSync(nodePath.join(io.cwd, 'wit')) ? 'wit' : '.');
  const root = loadRoot(nodeFileSystem, nodePath.resolve(io.cwd, given));
  decodeBinaryPackages(root);
  const analysis = analyzeRoot(root, featureOptions(p));
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length || !analysis.resolve || analysis.main === undefined) {
    for (const d of errors) io.stderr(formatHuman(d, (f) => analysis.texts.get(f), { color: false }, io.cwd) + '\n');
    if (!errors.length) io.stderr(`error: ${given} holds no package\n`);
    return 1;
  }
  const resolve = analysis.resolve;
  // The main package first, then what it depends on.
  const packages = [analysis.main, ...resolve.packages.map((_, i) => i).filter((i) => i !== analysis.main)];
  const files = buildDocs(resolve, packages, format);
  const out = nodePath.resolve(io.cwd, value(p, 'out') ?? 'wit-docs');
  for (const [rel, text] of files) {
    const file = nodePath.join(out, ...rel.split('/'));
    fs.mkdirSync(nodePath.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  const entry = format === 'html' ? 'index.html' : 'README.md';
  io.stdout(`wrote ${files.size} files for ${packages.length} package${packages.length === 1 ? '' : 's'} to ${nodePath.relative(io.cwd, out) || '.'} (open ${nodePath.join(nodePath.relative(io.cwd, out) || '.', entry)})\n`);
  return 0;
}
