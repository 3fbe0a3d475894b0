// WASI packages a root names but its `deps/` lacks, served from the WASI WIT that jco ships
// (`@bytecodealliance/jco/lib/wit/builtin/<version>/wasi-<name>/package.wit`). Within a
// `0.2.x` or `0.3.x` line the closest bundled version stands in, re-versioned to the one asked
// for, and an information diagnostic says so at each place that names it.
import * as nodePath from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as A from '../syntax/index.js';
import { compareSemver, parseSemver, type ParseResult } from '../syntax/index.js';
import { nodeFileSystem, type FileSystem } from './fs.js';
import type { PackageSource, RootSource } from './loader.js';

let builtinDir: string | null | undefined;
/** Where the bundled WIT is read from: the disk, or (in the browser) the server's memory. */
let builtinFs: FileSystem = nodeFileSystem;

/** Serves the bundled WASI WIT from `dir` of `fs` (the browser server carries it inside its bundle). */
export function useBundledWit(dir: string, fs: FileSystem): void {
  builtinDir = dir;
  builtinFs = fs;
}

const exists = (path: string) => !('error' in builtinFs.stat(path));

/** jco's folder of bundled WASI WIT (or the extension's copy of it), or undefined when there is none. */
export function bundledWitDir(): string | undefined {
  if (builtinDir !== undefined) return builtinDir ?? undefined;
  let dir = nodePath.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    // The VS Code extension's bundle carries a copy beside itself (dist/wasi-wit).
    const beside = nodePath.join(dir, 'wasi-wit');
    if (exists(beside)) return (builtinDir = beside);
    const candidate = nodePath.join(dir, 'node_modules', '@bytecodealliance', 'jco', 'lib', 'wit', 'builtin');
    if (exists(candidate)) return (builtinDir = candidate);
    const up = nodePath.dirname(dir);
    if (up === dir) return (builtinDir = null) ?? undefined;
    dir = up;
  }
}

interface Wanted {
  name: string;
  version: string;
  /** Each file's uses of it (their places: where it is named). */
  uses: WasiUse[];
}

function packagePaths(file: A.WitFile): A.UsePath[] {
  const out: A.UsePath[] = [];
  const visitItems = (items: readonly A.TopItem[]) => {
    for (const item of items) {
      if (item.kind === 'toplevel-use') { if (item.path) out.push(item.path); }
      else if (item.kind === 'interface') { for (const i of item.items) if (i.kind === 'use' && i.path) out.push(i.path); }
      else if (item.kind === 'world') {
        for (const w of item.items) {
          if ((w.kind === 'use' || w.kind === 'include') && w.path) out.push(w.path);
          if (w.kind === 'import' || w.kind === 'export') {
            const ek = w.extern;
            if (ek?.kind === 'extern-path') out.push(ek.path);
            if (ek?.kind === 'extern-named-path' && ek.path) out.push(ek.path);
            if (ek?.kind === 'extern-interface') for (const i of ek.items) if (i.kind === 'use' && i.path) out.push(i.path);
          }
        }
      } else if (item.kind === 'nested-package') visitItems(item.items);
    }
  };
  visitItems(file.items);
  return out.filter((p) => p.kind === 'package-path');
}

function declaredNames(file: A.WitFile): string[] {
  const out: string[] = [];
  const name = (p?: A.PackageName) => p?.namespace && p.name && out.push(`${p.namespace.name}:${p.name.name}@${p.version?.text ?? ''}`);
  name(file.package);
  for (const item of file.items) if (item.kind === 'nested-package') name(item.name);
  return out;
}

/** The bundled version that stands in for `version` (same line: 0.2.x, 0.3.x), if any. */
function pickVersion(dir: string, pkg: string, version: string): string | undefined {
  let want;
  try { want = parseSemver(version); } catch { return undefined; }
  const entries = builtinFs.readDir(dir);
  const available = ('error' in entries ? [] : entries.map((e) => e.name)).filter((v) => exists(nodePath.join(dir, v, `wasi-${pkg}`, 'package.wit')));
  if (available.includes(version)) return version;
  const sameLine = available
    .map((v) => { try { return { v, s: parseSemver(v) }; } catch { return undefined; } })
    .filter((x): x is { v: string; s: ReturnType<typeof parseSemver> } => !!x && x.s.major === want.major && (want.major > 0n || x.s.minor === want.minor))
    .sort((a, b) => compareSemver(b.s, a.s));
  return sameLine[0]?.v;
}

interface WasiNames {
  /** Packages the file declares, as `ns:name@version`. */
  declared: string[];
  /** The `wasi:*` packages its paths name, by `wasi:name@version`, with the places that name each. */
  used: Map<string, WasiUse>;
  path: string;
}

interface WasiUse {
  name: string;
  version: string;
  places: { file: string; span: A.Span }[];
}

const noWasiNames: WasiNames = { declared: [], used: new Map(), path: '' };
/** By parse tree: an editor analyses the same deps on every keystroke. */
const namesByFile = new WeakMap<A.WitFile, WasiNames>();

function wasiNames(path: string, text: string, parsed: () => A.WitFile): WasiNames {
  // A file that never writes `wasi:` names no WASI package (nor is one): not walked.
  // (`includes` first: a plain search is several times quicker than the pattern's over 1 MB.)
  if (!text.includes('wasi') || !mentionsWasi.test(text)) return noWasiNames;
  const file = parsed();
  let names = namesByFile.get(file);
  if (names?.path === path) return names;
  names = { declared: declaredNames(file), used: new Map(), path };
  for (const p of packagePaths(file)) {
    if (p.kind !== 'package-path' || p.package.namespace?.name !== 'wasi' || !p.package.name) continue;
    const version = p.package.version?.text ?? '';
    const key = `wasi:${p.package.name.name}@${version}`;
    let use = names.used.get(key);
    if (!use) names.used.set(key, (use = { name: p.package.name.name, version, places: [] }));
    use.places.push({ file: path, span: p.package.span });
  }
  namesByFile.set(file, names);
  return names;
}

/** `wasi` then `:`, as a package name starts (`%wasi:` and `wasi :io` too). */
const mentionsWasi = /wasi\s*:/;

/** Adds bundled WASI packages for every `wasi:*` package the root names and lacks. */
export function addBundledWasi(root: RootSource, parse: (path: string, text: string) => ParseResult): void {
  const dir = bundledWitDir();
  if (!dir || !root.main) return;
  const declared = new Set<string>();
  const wanted = new Map<string, Wanted>();
  const visit = (pkg: PackageSource) => {
    for (const f of pkg.files) {
      const names = wasiNames(f.path, f.text, () => parse(f.path, f.text).file);
      for (const n of names.declared) declared.add(n);
      for (const [key, use] of names.used) {
        const w = wanted.get(key);
        if (w) w.uses.push(use);
        else wanted.set(key, { name: use.name, version: use.version, uses: [use] });
      }
    }
  };
  for (const p of [root.main, ...root.deps]) visit(p);
  const added = new Set<string>();
  for (let round = 0; round < 8; round++) {
    let grew = false;
    for (const [key, w] of [...wanted]) {
      if (declared.has(key) || added.has(key) || !w.version) continue;
      const version = pickVersion(dir, w.name, w.version);
      if (!version) continue;
      const path = nodePath.join(dir, version, `wasi-${w.name}`, 'package.wit');
      const bytes = builtinFs.readFile(path);
      if ('error' in bytes) continue;
      let text = new TextDecoder().decode(bytes);
      if (version !== w.version) text = text.split(`@${version}`).join(`@${w.version}`);
      const pkg: PackageSource = { kind: 'file', path, files: [{ path, text }] };
      root.deps.push(pkg);
      added.add(key);
      declared.add(key);
      grew = true;
      const note = version === w.version
        ? `\`${key}\` is not in deps/; using the WASI WIT bundled with jco`
        : `\`${key}\` is not in deps/; using the WASI ${version} WIT bundled with jco in its place`;
      for (const place of w.uses.flatMap((u) => u.places)) {
        if (place.file.startsWith(dir)) continue;
        root.diagnostics.push({ severity: 'information', code: 'bundled-wasi', message: note, file: place.file, span: { start: place.span.start, end: place.span.end } });
      }
      visit(pkg);
    }
    if (!grew) break;
  }
}
