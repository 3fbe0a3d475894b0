// A .wac file read from disk: its packages found (`--dep ns:name=FILE.wasm`, else
// `deps/NS/NAME.wasm` beside the file — wac's layout — or `deps/NS/NAME@VERSION.wasm`), checked
// (wac/check.ts) and, when clean, composed into one component (compose.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { prepareComponent, type PrepareOptions } from './cache.js';
import { encodeComposition, type CompositionGraph } from './compose.js';
import { PipelineError } from './errors.js';
import { analyzeWac, type UnreadablePackage, type WacAnalysis, type WacPackage } from '../wac/check.js';
import { parseWac, type PackagePath, type WacDocument } from '../wac/parse.js';

export interface WacOptions extends PrepareOptions {
  /** `ns:name` → component file, before deps/. */
  deps?: Record<string, string>;
  /** The file's text when it is not the one on disk (an editor's). */
  text?: string;
}

export interface LoadedWac {
  file: string;
  text: string;
  document: WacDocument;
  analysis: WacAnalysis;
}

/** Where `pkg` comes from, or undefined. */
export function findPackageFile(wacFile: string, pkg: PackagePath, deps: Record<string, string> = {}): string | undefined {
  const given = deps[pkg.package] ?? (pkg.version ? deps[`${pkg.package}@${pkg.version}`] : undefined);
  if (given) return path.resolve(given);
  const [ns, name] = pkg.package.split(':');
  const dir = path.join(path.dirname(path.resolve(wacFile)), 'deps', ns);
  const candidates = [...(pkg.version ? [path.join(dir, `${name}@${pkg.version}.wasm`)] : []), path.join(dir, `${name}.wasm`)];
  return candidates.find((f) => fs.existsSync(f));
}

/** Parses and checks a .wac file, decoding every package it names. */
export async function loadWac(file: string, options: WacOptions = {}): Promise<LoadedWac> {
  let text = options.text;
  if (text === undefined) {
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      throw new PipelineError('no-such-file', `no such file: ${file}`);
    }
  }
  const document = parseWac(text);
  const packages = new Map<string, WacPackage | UnreadablePackage | undefined>();
  // Decode every package first (async), then analyze (pure).
  const paths: PackagePath[] = [];
  const collect = (e: unknown): void => {
    if (!e || typeof e !== 'object') return;
    const x = e as { kind?: string; package?: PackagePath };
    if (x.kind === 'new' && x.package) paths.push(x.package);
    for (const v of Object.values(e)) if (v && typeof v === 'object') collect(v);
  };
  collect(document.statements);
  for (const p of paths) {
    const k = p.text;
    if (packages.has(k)) continue;
    const f = findPackageFile(file, p, options.deps);
    if (!f) {
      packages.set(k, undefined);
      continue;
    }
    try {
      const prepared = await prepareComponent(f, options);
      packages.set(k, { name: p.package, file: f, signature: prepared.signature, wit: path.join(prepared.dir, 'component.wit') });
    } catch (e) {
      packages.set(k, { name: p.package, file: f, problem: e instanceof Error ? e.message : String(e) });
    }
  }
  const analysis = analyzeWac(document, (p) => packages.get(p.text));
  return { file, text, document, analysis };
}

/** The composition graph of a clean .wac file. */
export function wacGraph(loaded: LoadedWac): CompositionGraph {
  const files = [...new Set(loaded.analysis.instances.map((i) => i.package.file))];
  const components = files.map((f) => {
    const inst = loaded.analysis.instances.find((i) => i.package.file === f)!;
    return { label: inst.package.name, bytes: fs.readFileSync(f), signature: inst.package.signature };
  });
  return {
    components,
    instances: loaded.analysis.instances.map((i) => ({ component: files.indexOf(i.package.file), args: i.args })),
    exports: loaded.analysis.exports.map((e) => ({ name: e.name, instance: e.instance, export: e.export })),
  };
}

/** Composes a .wac file into one component. Throws `compose-failed` listing the file's errors. */
export async function composeWac(file: string, out: string, options: WacOptions = {}): Promise<{ bytes: number; loaded: LoadedWac }> {
  const loaded = await loadWac(file, options);
  const errors = loaded.analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new PipelineError('compose-failed', `${path.basename(file)} has ${errors.length} error${errors.length > 1 ? 's' : ''}`, { loaded });
  if (loaded.analysis.exports.length === 0) throw new PipelineError('compose-failed', `${path.basename(file)} exports nothing: add an \`export\` statement`);
  const bytes = await encodeComposition(wacGraph(loaded));
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  fs.writeFileSync(out, bytes);
  return { bytes: bytes.length, loaded };
}
