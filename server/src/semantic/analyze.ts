// The analysis of one root (a `.wit` file, or a package folder with its `deps/`): every file
// parsed, every package resolved, every problem reported — in the order wit-parser meets them,
// so that its one error is our first. Pure: texts in, model and diagnostics out.
import type { Diagnostic } from '../syntax/index.js';
import { parseWit, type ParseResult } from '../syntax/index.js';
import type { PackageSource, RootSource } from '../workspace/loader.js';
import type { CheckOptions } from './check.js';
import type { Resolve, PackageId } from './model.js';
import { resolvePackages, type IdMap, type PackageGroup, type ResolveMemo } from './resolve.js';
import { fileDecls, PackageResolver, type ResolverTrace, type UnresolvedPackage } from './unresolved.js';

export interface ParsedSource {
  path: string;
  text: string;
  parsed: ParseResult;
}

export interface RootAnalysis {
  diagnostics: Diagnostic[];
  /** Every file text that was read, by path, for turning offsets into lines. */
  texts: Map<string, string>;
  /** Parsed files by path. */
  files: Map<string, ParsedSource>;
  resolve?: Resolve;
  /** The main package of the root, once resolved. */
  main?: PackageId;
  /** Unresolved packages by resolved package id (spans of the main package's items and deps). */
  sources?: Map<PackageId, UnresolvedPackage>;
  /** How each package's unresolved ids map into `resolve`. */
  idMaps?: Map<PackageId, IdMap>;
}

/** A cache of parse results keyed by path and text, so unchanged files are not parsed again. */
export type ParseCache = (path: string, text: string) => ParseResult;

const defaultParse: ParseCache = (_path, text) => parseWit(text);

/** What one package's resolution produced, reusable while its files parse to the same trees. */
export interface CachedGroup {
  parses: ParseResult[];
  paths: string[];
  group: PackageGroup | undefined;
  diagnostics: Diagnostic[];
  /** The main package's resolution, for the next one to take its unchanged interfaces over. */
  trace?: ResolverTrace;
}

export interface AnalyzeOptions extends CheckOptions {
  parse?: ParseCache;
  /** Package groups by folder/file path, reused when their files are unchanged (the editor keeps one). */
  groups?: Map<string, CachedGroup>;
  /** The last resolution of this root (the editor keeps one per root; see `ResolveOptions.memo`). */
  memo?: ResolveMemo;
}

export function analyzeRoot(root: RootSource, options: AnalyzeOptions = {}): RootAnalysis {
  const texts = new Map<string, string>();
  const files = new Map<string, ParsedSource>();
  const diagnostics: Diagnostic[] = [...root.diagnostics];
  const parse = options.parse ?? defaultParse;
  const groups: PackageGroup[] = [];

  const groupOf = (pkg: PackageSource): PackageGroup | undefined => {
    if (pkg.kind === 'binary' && pkg.files.length === 0) return undefined;
    const sources = [...pkg.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const parses = sources.map((f) => parse(f.path, f.text));
    sources.forEach((f, i) => {
      texts.set(f.path, f.text);
      files.set(f.path, { path: f.path, text: f.text, parsed: parses[i] });
    });
    // Unchanged files (the same parse trees) resolve to the same unresolved package.
    const cached = options.groups?.get(pkg.path);
    if (cached && cached.parses.length === parses.length && cached.parses.every((p, i) => sameTrees(p, parses[i]) && cached.paths[i] === sources[i].path)) {
      diagnostics.push(...cached.diagnostics);
      cached.parses = parses;
      return cached.group;
    }
    const mine: Diagnostic[] = [];
    const resolver = new PackageResolver(mine);
    const nested: UnresolvedPackage[] = [];
    sources.forEach((f, i) => {
      const parsed = parses[i];
      for (const e of parsed.errors) mine.push({ severity: 'error', code: e.code, message: e.message, file: f.path, span: { start: e.start, end: e.end } });
      const decls = fileDecls(f.path, parsed.file);
      for (const n of decls.nested) {
        const r = new PackageResolver(mine);
        r.push(n);
        nested.push(r.resolve());
      }
      resolver.push(decls.main);
    });
    const group = sources.length === 0 ? undefined : { main: resolver.resolve(cached?.trace), nested, binary: pkg.kind === 'binary', taken: resolver.taken };
    options.groups?.set(pkg.path, { parses, paths: sources.map((s) => s.path), group, diagnostics: mine, trace: resolver.trace });
    diagnostics.push(...mine);
    return group;
  };

  for (const pkg of root.main ? [root.main, ...root.deps] : []) {
    const g = groupOf(pkg);
    if (g) groups.push(g);
    else if (pkg.kind === 'dir') {
      // A folder without `.wit` files is a package without a header, as wit-parser sees it.
      diagnostics.push({ severity: 'error', code: 'missing-package-header', message: 'no `package` header was found in any WIT file for this package', file: pkg.path, span: { start: 0, end: 0 } });
    }
  }
  let result: ReturnType<typeof resolvePackages> | undefined;
  if (groups.length) result = resolvePackages(groups, options, diagnostics);
  // What was taken over refers to the last resolution's package: let it go now.
  for (const g of groups) g.taken = undefined;
  return { diagnostics: dedupe(diagnostics), texts, files, resolve: result?.resolve, main: result?.main, sources: result?.sources, idMaps: result?.idMaps };
}

/**
 * Two parses whose trees resolve alike: the same result, or clean parses with the same header and
 * the very same item objects (an edit after the last item, in the gap that belongs to no item,
 * leaves every item as it was and moves none of them).
 */
function sameTrees(a: ParseResult, b: ParseResult): boolean {
  if (a === b) return true;
  if (a.errors.length || b.errors.length) return false;
  const x = a.file, y = b.file;
  if (x.package !== y.package || x.packageDocs !== y.packageDocs || x.items.length !== y.items.length) return false;
  for (let i = 0; i < x.items.length; i++) if (x.items[i] !== y.items[i]) return false;
  return true;
}

/** The same problem met twice (wit-parser passes over some paths twice) is reported once. */
function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.file}\0${d.span.start}\0${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
