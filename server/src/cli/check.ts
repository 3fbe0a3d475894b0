// `wit-tools check [--features a,b | --all-features] [--format human|json|github|junit|sarif] PATH...`
import * as nodePath from 'node:path';
import { analyzeRoot, type ParseCache } from '../semantic/analyze.js';
import { nodeFileSystem } from '../workspace/fs.js';
import { loadRoot } from '../workspace/loader.js';
import { decodeBinaryPackages } from '../workspace/binary-packages.js';
import { addBundledWasi } from '../workspace/bundled-wasi.js';
import { parseWit, type ParseResult } from '../syntax/index.js';
import { flag, has, parseArgs, UsageError } from './args.js';
import { formatHuman, toJsonDiagnostic, type JsonDiagnostic } from './diagnostics-output.js';
import { findingOf, formatFindings, reportFormat, type Finding, type ReportFormat } from './report.js';

export const checkUsage = `usage: wit-tools check [--features a,b | --all-features] [--bundled-wasi] [--format human|json|github|junit|sarif] PATH...
       wit-tools check FILE.wac [--dep NS:NAME=FILE.wasm]...

Checks WIT files and package folders (a folder's own *.wit files plus its deps/), reporting
every syntax and resolution error with wit-parser's words. Exit 0 when clean, 1 on errors.

  --bundled-wasi   resolve wasi:* packages missing from deps/ from the WASI WIT bundled with jco
  --dep NS:NAME=FILE.wasm
                   for .wac files: where a package's component is (default deps/NS/NAME.wasm)`;

export interface CheckIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  color: boolean;
  cwd: string;
}

export function featureOptions(p: ReturnType<typeof parseArgs>): { features: string[]; allFeatures: boolean } {
  const features = (p.flags.get('features') ?? []).flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean);
  const allFeatures = has(p, 'all-features');
  if (allFeatures && features.length) throw new UsageError('`--features` and `--all-features` cannot be combined');
  return { features, allFeatures };
}

export function runCheck(argv: string[], io: CheckIo): number | Promise<number> {
  const p = parseArgs(argv, {
    dep: { value: true, repeat: true },
    features: { value: true, repeat: true },
    'all-features': {},
    'bundled-wasi': {},
    format: { value: true },
    help: { alias: 'h' },
  });
  if (has(p, 'help')) {
    io.stdout(checkUsage + '\n');
    return 0;
  }
  let format: ReportFormat;
  try { format = reportFormat(flag(p, 'format')); } catch (e) { throw new UsageError((e as Error).message); }
  if (p.positional.length === 0) throw new UsageError('check needs at least one PATH');
  // One parse per distinct text: the roots of one run often carry the same deps (every WASI
  // package has wasi:io's files in its deps/); the syntax tree is the same whatever path holds it.
  const parsed = new Map<string, ParseResult>();
  const parse: ParseCache = (_path, text) => {
    let r = parsed.get(text);
    if (!r) parsed.set(text, (r = parseWit(text)));
    return r;
  };
  const options = { ...featureOptions(p), parse };
  const wac = p.positional.filter((a) => a.endsWith('.wac'));
  if (wac.length) return checkWithWac(p, io, format, wac, options);
  return finishCheck(p, io, format, options, []);
}

type WacChecked = { path: string; diagnostics: import('../syntax/diagnostic.js').Diagnostic[]; text: string };

type CheckOptions = { features: string[]; allFeatures: boolean; parse: ParseCache };

async function checkWithWac(p: ReturnType<typeof parseArgs>, io: CheckIo, format: ReportFormat, wac: string[], options: CheckOptions): Promise<number> {
  const { checkWacFiles, parseDeps } = await import('./compose.js');
  const checked = await checkWacFiles(wac, io, parseDeps(p.flags.get('dep'), io.cwd));
  return finishCheck(p, io, format, options, checked);
}

function finishCheck(p: ReturnType<typeof parseArgs>, io: CheckIo, format: ReportFormat, options: CheckOptions, wacResults: WacChecked[]): number {
  const results: { path: string; ok: boolean; diagnostics: JsonDiagnostic[] }[] = [];
  let human = '';
  const findings: Finding[] = [];
  const collect = (diags: import('../syntax/diagnostic.js').Diagnostic[], texts: (f: string) => string | undefined) => {
    for (const d of diags) findings.push(findingOf(d, texts, io.cwd));
  };
  let errors = 0;
  let warnings = 0;
  for (const arg of p.positional) {
    const wac = wacResults.find((w) => w.path === arg);
    if (wac) {
      const texts = () => wac.text;
      const diags = wac.diagnostics;
      errors += diags.filter((d) => d.severity === 'error').length;
      if (format === 'json') results.push({ path: arg, ok: !diags.some((d) => d.severity === 'error'), diagnostics: diags.map((d) => toJsonDiagnostic(d, texts, io.cwd)) });
      else if (format !== 'human') collect(diags, texts);
      else for (const d of diags) human += formatHuman(d, texts, { color: io.color }, io.cwd) + '\n';
      continue;
    }
    const abs = nodePath.resolve(io.cwd, arg);
    const root = loadRoot(nodeFileSystem, abs);
    decodeBinaryPackages(root);
    if (has(p, 'bundled-wasi')) addBundledWasi(root, options.parse);
    const analysis = analyzeRoot(root, options);
    const texts = (f: string) => analysis.texts.get(f);
    const diags = analysis.diagnostics;
    const ok = !diags.some((d) => d.severity === 'error');
    errors += diags.filter((d) => d.severity === 'error').length;
    warnings += diags.filter((d) => d.severity === 'warning').length;
    if (format === 'json') {
      results.push({ path: arg, ok, diagnostics: diags.map((d) => toJsonDiagnostic(d, texts, io.cwd)) });
    } else if (format !== 'human') {
      collect(diags, texts);
    } else {
      for (const d of diags) human += formatHuman(d, texts, { color: io.color }, io.cwd) + '\n';
    }
  }
  if (format === 'json') {
    io.stdout(JSON.stringify({ ok: errors === 0, results }) + '\n');
  } else if (format !== 'human') {
    const codes = [...new Set(findings.map((f) => f.rule))].map((id) => ({ id, description: `WIT ${id.replace(/-/g, ' ')} (wit-parser's verdict)` }));
    io.stdout(formatFindings(format, 'wit-tools check', findings, codes, p.positional));
  } else {
    const n = p.positional.length;
    const summary = errors || warnings
      ? `${errors} error${errors === 1 ? '' : 's'}${warnings ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''} in ${n} path${n === 1 ? '' : 's'}`
      : `ok: ${n} path${n === 1 ? '' : 's'} checked, no problems`;
    io.stdout(human + summary + '\n');
  }
  return errors ? 1 : 0;
}
