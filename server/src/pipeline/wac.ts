// A .wac file read from disk: its packages found (`--dep ns:name=FILE.wasm`, else
// `deps/NS/NAME.wasm` beside the file — wac's layout — or `deps/NS/NAME@VERSION.wasm`), checked
// (wac/check.ts) and, when clean, composed into one component (compose.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { prepareComponent, type PrepareOptions } from './cache.js';
import { encodeComposition, type CompositionGraph } from './compose.js';
import { PipelineError } from './errors.js';
import { analyzeWac, type UnreadablePackage, type WacAnalysis, type WacDiagnostic, type WacPackage } from '../wac/check.js';
import { worldMisfits, type WorldSide } from '../semantic/breaking.js';
import { analyzeRoot } from '../semantic/analyze.js';
import type { Resolve } from '../semantic/model.js';
import { parseWit } from '../syntax/index.js';
import { addBundledWasi, bundledWitDir } from '../workspace/bundled-wasi.js';
import { nodeFileSystem } from '../workspace/fs.js';
import { loadRoot } from '../workspace/loader.js';
import { readPackageVersion } from '../workspace/package-version.js';
import { resolveSignature } from './component-resolve.js';
import type { ExternItem } from './types.js';
import { parseWac, type PackagePath, type WacDocument } from '../wac/parse.js';
import { importsWorld, wacWit } from '../wac/declarations.js';
import type { WacDeclared } from '../wac/check.js';
import { decodeBinaryPackages } from '../workspace/binary-packages.js';
import type { PackageSource, RootSource } from '../workspace/loader.js';
import { ResolveItems, UnresolvedType } from './resolve-items.js';

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

/**
 * Where `pkg` comes from, or undefined: `--dep`, else deps/ as wac lays it out (`deps/NS/NAME.wasm`;
 * with a version `deps/NS/NAME/VERSION.wasm`, or `deps/NS/NAME@VERSION.wasm`); `wit: true` also
 * takes a WIT package (`NAME.wit`, or a folder `NAME/` or `NAME/VERSION/`).
 */
export function findPackageFile(wacFile: string, pkg: { package: string; version?: string }, deps: Record<string, string> = {}, wit = false): string | undefined {
  return packageCandidates(wacFile, pkg, deps, wit)[0];
}

/** Every place `pkg` may come from that exists, in the order findPackageFile takes them. */
function packageCandidates(wacFile: string, pkg: { package: string; version?: string }, deps: Record<string, string> = {}, wit = false): string[] {
  const given = deps[pkg.package] ?? (pkg.version ? deps[`${pkg.package}@${pkg.version}`] : undefined);
  if (given) return [path.resolve(given)];
  const [ns, name] = pkg.package.split(':');
  const dir = path.join(path.dirname(path.resolve(wacFile)), 'deps', ns);
  const versioned = pkg.version ? [path.join(dir, name, `${pkg.version}.wasm`), path.join(dir, `${name}@${pkg.version}.wasm`), ...(wit ? [path.join(dir, name, pkg.version)] : [])] : [];
  const candidates = [...versioned, path.join(dir, `${name}.wasm`), ...(wit ? [path.join(dir, `${name}.wit`), path.join(dir, name)] : [])];
  return candidates.filter((f) => fs.existsSync(f) && (!fs.statSync(f).isDirectory() || fs.readdirSync(f).some((e) => e.endsWith('.wit'))));
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
  const declared = loadDeclarations(file, text, document, options);
  const analysis = analyzeWac(document, (p) => packages.get(p.text), declared);
  if (document.targets && !analysis.diagnostics.some((d) => d.severity === 'error')) {
    analysis.diagnostics.push(...(await checkTargets(file, document.targets, analysis, options)));
  }
  return { file, text, document, analysis };
}

/**
 * The file's `import` statements and WIT declarations, read by the WIT analyzer (wac/declarations.ts):
 * each import's type as a signature item, the interfaces they need imported too, and the
 * analyzer's errors at their places in the .wac. Packages they name come from `--dep`,
 * `deps/NS/NAME(.wasm|.wit|/)` (a WIT package) or the WASI bundled with jco.
 */
function loadDeclarations(file: string, text: string, document: WacDocument, options: WacOptions): WacDeclared | undefined {
  const wit = wacWit(text, document);
  if (!wit) return undefined;
  const virtual = `${path.resolve(file)}.wit`;
  const diagnostics: WacDiagnostic[] = [];
  const first = document.statements.find((s) => s.kind === 'import' || s.kind === 'declaration')!;
  // A problem inside a dependency is shown at the first import or declaration's keyword.
  const atFirst = { start: first.start, end: first.start + 6 };
  const deps: PackageSource[] = [];
  const seen = new Set<string>();
  for (const p of wit.packages) {
    // The first place that holds a WIT package: a component in deps/ (what `new` instantiates) is not one.
    // None: WASI comes from jco's bundle; anything else is the analyzer's "package not found".
    for (const found of packageCandidates(file, p, options.deps, true)) {
      if (seen.has(found)) break;
      const one = loadRoot(nodeFileSystem, found);
      decodeBinaryPackages(one);
      if (one.diagnostics.some((x) => /actual component/.test(x.message))) continue;
      seen.add(found);
      if (one.main) deps.push(one.main, ...one.deps);
      for (const d of one.diagnostics) diagnostics.push({ ...atFirst, severity: 'error', code: d.code, message: `${found}: ${d.message}` });
      break;
    }
  }
  const root: RootSource = { path: virtual, main: { kind: 'file', path: virtual, files: [{ path: virtual, text: wit.text }] }, deps, diagnostics: [] };
  addBundledWasi(root, (_p, t) => parseWit(t));
  const analysis = analyzeRoot(root);
  for (const d of analysis.diagnostics) {
    if (d.severity !== 'error') continue;
    // Two imports under one local name: the WAC checker says so in wac's words (`duplicate name`).
    if (d.file === virtual && d.code === 'duplicate-import' && wit.inImports(d.span.start)) continue;
    if (d.file === virtual) diagnostics.push({ start: wit.toWac(d.span.start), end: Math.max(wit.toWac(d.span.end), wit.toWac(d.span.start) + 1), severity: 'error', code: d.code, message: d.message });
    else diagnostics.push({ ...atFirst, severity: 'error', code: d.code, message: `${d.file}: ${d.message}` });
  }
  const declaredOut: WacDeclared = { imports: new Map(), implicit: [], diagnostics };
  const resolve = analysis.resolve;
  const worldId = resolve && analysis.main !== undefined ? resolve.packages[analysis.main].worlds.get(importsWorld) : undefined;
  if (!resolve || worldId === undefined) return declaredOut;
  const world = resolve.worlds[worldId];
  // An inline `interface { … }` has no name of its own: it is called what it is imported as.
  const names = new Map<number, string>();
  const byLocal = new Map(wit.imports.map((i) => [i.statement.name.name, i]));
  for (const { key, item } of world.imports.values()) {
    if ('name' in key && item.kind === 'interface' && resolve.interfaces[item.id].name === null) {
      const decl = byLocal.get(key.name);
      if (decl) names.set(item.id, decl.name);
    }
  }
  const items = new ResolveItems(resolve, names);
  const explicit = new Set<string>();
  for (const { key, item } of world.imports.values()) {
    if (!('name' in key)) continue;
    const decl = byLocal.get(key.name);
    if (!decl) continue; // a type of the composition's own: reached through the imports that use it
    let converted: ExternItem;
    try {
      converted = items.item(decl.name, item);
    } catch (e) {
      if (e instanceof UnresolvedType) continue; // its error is reported; the import stays unread
      throw e;
    }
    declaredOut.imports.set(key.name, { item: converted, span: decl.statement.as ?? decl.statement.name });
    explicit.add(decl.name);
  }
  // The interfaces an import's types come from, imported too (as wit-parser elaborates a world).
  for (const { key, item } of world.imports.values()) {
    try {
      if ('name' in key && item.kind === 'type' && !byLocal.has(key.name)) declaredOut.implicit.push(items.item(key.name, item));
      if ('interface' in key && item.kind === 'interface') {
        const name = resolve.idOf(key.interface);
        if (name !== undefined && !explicit.has(name)) declaredOut.implicit.push(items.interface(key.interface, name));
      }
    } catch (e) {
      if (!(e instanceof UnresolvedType)) throw e;
    }
  }
  return declaredOut;
}

/**
 * `package x:y targets wasi:cli/command;`: the composition must fit the world — import nothing
 * the world does not offer, export everything it asks for, with the same types (wac's
 * `validate_target`; the predicate is semantic/breaking.ts's, the one semver-check uses).
 */
async function checkTargets(file: string, target: PackagePath, analysis: WacAnalysis, options: WacOptions): Promise<WacDiagnostic[]> {
  const at = { start: target.start, end: target.end };
  const world = await targetWorld(file, target, options);
  if ('error' in world) return [{ ...at, severity: 'error', code: 'unknown-target', message: world.error }];
  // The composition's own world: what its instances import from outside, and what it exports.
  const imports = new Map<string, ExternItem>(analysis.imports.map((i) => [i.name, i]));
  for (const inst of analysis.instances) {
    for (const [argName, src] of inst.args) {
      if (src.kind !== 'import' || imports.has(src.name)) continue;
      const item = inst.package.signature.imports.find((i) => i.name === argName);
      if (item) imports.set(src.name, { ...item, name: src.name });
    }
  }
  const exports: ExternItem[] = [];
  for (const e of analysis.exports) {
    if (e.import !== undefined) {
      const item = imports.get(e.import);
      const f = e.export !== undefined && item?.kind === 'interface' ? item.functions.find((x) => x.name === e.export) : undefined;
      if (f) exports.push({ kind: 'function', name: e.name, func: f.type });
      else if (item && e.export === undefined) exports.push({ ...item, name: e.name });
      continue;
    }
    const item = e.export === undefined ? undefined : analysis.instances[e.instance].package.signature.exports.find((x) => x.name === e.export);
    if (item) exports.push({ ...item, name: e.name });
  }
  const composed = resolveSignature({ imports: [...imports.values()], exports }, 'composition');
  const name = target.text;
  return worldMisfits({ resolve: composed.resolve, world: composed.resolve.worlds[composed.world] }, world).map((m): WacDiagnostic => {
    const message = m.kind === 'import-not-provided'
      ? `target world \`${name}\` does not have an import named \`${m.key}\``
      : m.kind === 'export-missing'
        ? `target world \`${name}\` requires an export named \`${m.key}\``
        : `${m.dir} \`${m.key}\` has a mismatched type for target world \`${name}\`: ${m.detail}`;
    return { ...at, severity: 'error', code: m.kind === 'mismatch' ? 'target-mismatch' : m.kind === 'export-missing' ? 'missing-target-export' : 'import-not-in-target', message };
  });
}

/** The world `targets` names: from `--dep`, `deps/NS/NAME(.wasm|.wit|/)`, else WASI's bundled WIT. */
async function targetWorld(file: string, target: PackagePath, options: WacOptions): Promise<WorldSide | { error: string }> {
  const [ns, name] = target.package.split(':');
  const found = findPackageFile(file, target, options.deps, true);
  let resolve: Resolve | undefined;
  let main: number | undefined;
  let where: string;
  if (found) {
    const v = await readPackageVersion(found, path.dirname(file));
    if (v.error) return { error: `target \`${target.text}\`: ${v.error}` };
    const errors = v.analysis.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) return { error: `target \`${target.text}\`: ${found} has errors: ${errors[0].message}` };
    resolve = v.analysis.resolve;
    main = v.packages[0];
    where = found;
  } else {
    const bundled = ns === 'wasi' ? bundledWasiPackage(name, target.version) : undefined;
    if (!bundled) return { error: `unknown package \`${target.package}\` for the target world (looked for ${path.join('deps', ns, `${name}.wasm`)}, a WIT folder or file beside it${ns === 'wasi' ? ', and the WASI bundled with jco' : ''})` };
    const root = loadRoot(nodeFileSystem, bundled);
    addBundledWasi(root, (_p, t) => parseWit(t));
    const a = analyzeRoot(root);
    resolve = a.resolve;
    main = a.main;
    where = bundled;
  }
  const worldId = resolve && main !== undefined && target.path ? resolve.packages[main].worlds.get(target.path) : undefined;
  if (!resolve || worldId === undefined) return { error: `\`${target.text}\` is not a world of the package in ${where}` };
  return { resolve, world: resolve.worlds[worldId] };
}

/** `wasi-cli` of the bundled WASI whose version is semver-compatible with `version` (the newest when none is given). */
function bundledWasiPackage(name: string, version: string | undefined): string | undefined {
  const base = bundledWitDir();
  if (!base) return undefined;
  const versions = fs.readdirSync(base).filter((v) => /^\d+\.\d+\.\d+$/.test(v) && fs.existsSync(path.join(base, v, `wasi-${name}`)));
  const key = (v: string) => v.split('.').map(Number);
  const track = (v: string) => { const [a, b] = key(v); return a > 0 ? `${a}` : `0.${b}`; };
  const wanted = version ? versions.filter((v) => track(v) === track(version)) : versions;
  const newest = wanted.sort((a, b) => { const x = key(a); const y = key(b); return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]; }).pop();
  return newest ? path.join(base, newest, `wasi-${name}`) : undefined;
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
    exports: loaded.analysis.exports.map((e) => ({ name: e.name, instance: e.instance, export: e.export, import: e.import })),
    imports: loaded.analysis.imports,
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
