// The editor's view of the files: workspace folders, open documents over the disk, and the
// analysis of each package root memoised until one of its files changes. Keys are file paths;
// the language server converts URIs at its edge.
import * as nodePath from 'node:path';
import { analyzeRoot, type RootAnalysis } from '../semantic/analyze.js';
import { newResolveMemo, type ResolveMemo } from '../semantic/resolve.js';
import { buildIndex, type SemanticIndex } from '../ide/index.js';
import { parseWit, reparseWit, type Diagnostic, type ParseResult } from '../syntax/index.js';
import { decodeBinaryPackages } from './binary-packages.js';
import type { FileSystem } from './fs.js';
import { decodeSource, isWasmBinary, loadRoot, MAX_FILE_BYTES } from './loader.js';
import { addBundledWasi } from './bundled-wasi.js';

export interface WorkspaceSettings {
  features: string[];
  allFeatures: boolean;
  /** Resolve missing `wasi:*` packages from the WIT that jco ships. */
  bundledWasi: boolean;
}

export interface Snapshot {
  root: string;
  /** Bumped whenever a file of the root changes; results carry the stamp they were made at. */
  stamp: number;
  analysis: RootAnalysis;
  index: SemanticIndex;
  /** Versions of the open documents the analysis saw. */
  versions: Map<string, number>;
}

export class Workspace {
  folders: string[] = [];
  settings: WorkspaceSettings = { features: [], allFeatures: false, bundledWasi: true };
  private readonly open = new Map<string, { text: string; version: number }>();
  private readonly parses = new Map<string, { text: string; result: ParseResult }>();
  private readonly snapshots = new Map<string, Snapshot>();
  private readonly stamps = new Map<string, number>();
  private readonly groups = new Map<string, import('../semantic/analyze.js').CachedGroup>();
  /** The last resolution of each root, whose unchanged packages the next one takes over. */
  private readonly memos = new Map<string, ResolveMemo>();
  /** Disk reads, until a watched-file event says the file changed. */
  private readonly diskFiles = new Map<string, Uint8Array | { error: string }>();
  private readonly diskDirs = new Map<string, ReturnType<FileSystem['readDir']>>();
  private readonly diskStats = new Map<string, ReturnType<FileSystem['stat']>>();
  /** `.wit` files on disk decoded once (null: left to the loader, which reports what is wrong). */
  private readonly diskTexts = new Map<string, string | null>();
  private stampCounter = 0;

  constructor(private readonly disk: FileSystem) {}

  // ---- documents ----

  openDocument(path: string, text: string, version: number): void {
    this.open.set(path, { text, version });
    this.touch(path);
  }

  changeDocument(path: string, text: string, version: number): void {
    this.open.set(path, { text, version });
    this.touch(path);
  }

  closeDocument(path: string): void {
    this.open.delete(path);
    this.touch(path);
  }

  isOpen(path: string): boolean {
    return this.open.has(path);
  }

  documentVersion(path: string): number | undefined {
    return this.open.get(path)?.version;
  }

  /** A file on disk changed (created, changed, deleted): everything that may read it is stale. */
  fileChanged(path: string): void {
    this.parses.delete(path);
    this.diskFiles.delete(path);
    this.diskTexts.delete(path);
    this.diskStats.delete(path);
    this.diskDirs.delete(path);
    this.diskDirs.delete(nodePath.dirname(path));
    this.diskStats.delete(nodePath.dirname(path));
    this.touch(path);
  }

  setSettings(s: Partial<WorkspaceSettings>): void {
    this.settings = { ...this.settings, ...s };
    this.snapshots.clear();
    this.groups.clear();
    this.memos.clear();
    this.stampCounter++;
  }

  // ---- roots ----

  /**
   * The package root a file belongs to: its folder, or for a file in `P/deps/…` the folder `P`
   * (a dependency is analysed with the package that depends on it). A file outside every
   * workspace folder that has no sibling `.wit` files is its own package.
   */
  rootFor(path: string): string {
    const dir = nodePath.dirname(path);
    const parent = nodePath.dirname(dir);
    if (nodePath.basename(dir) === 'deps') return parent;
    if (nodePath.basename(parent) === 'deps') return nodePath.dirname(parent);
    if (this.folders.length && !this.folders.some((f) => isInside(path, f))) {
      const entries = this.fs().readDir(dir);
      const siblings = Array.isArray(entries) ? entries.filter((e) => e.name.endsWith('.wit')).length : 0;
      if (siblings <= 1) return path;
    }
    return dir;
  }

  /** Every package folder under the workspace folders (folders holding `.wit` files), deps excluded. */
  scanRoots(limit = 10_000): string[] {
    const roots: string[] = [];
    const seen = new Set<string>();
    const walk = (dir: string, depth: number) => {
      if (roots.length >= limit || depth > 12 || seen.has(dir)) return;
      seen.add(dir);
      const entries = this.disk.readDir(dir);
      if (!Array.isArray(entries)) return;
      if (entries.some((e) => e.name.endsWith('.wit') && e.kind === 'file')) roots.push(dir);
      for (const e of entries) {
        if (e.kind !== 'dir' || e.symlink || e.name === 'deps' || e.name === 'node_modules' || e.name.startsWith('.')) continue;
        walk(nodePath.join(dir, e.name), depth + 1);
      }
    };
    for (const f of this.folders) walk(f, 0);
    return roots;
  }

  // ---- analysis ----

  /** The analysis of a root, recomputed only when one of its files changed since. */
  snapshot(root: string): Snapshot {
    const stamp = this.stamps.get(root) ?? 0;
    const cached = this.snapshots.get(root);
    if (cached && cached.stamp === stamp) return cached;
    const fs = this.fs();
    const source = loadRoot(fs, root);
    decodeBinaryPackages(source);
    if (this.settings.bundledWasi) addBundledWasi(source, (p, t) => this.parse(p, t));
    const analysis = analyzeRoot(source, {
      features: this.settings.features,
      allFeatures: this.settings.allFeatures,
      parse: (p, t) => this.parse(p, t),
      groups: this.groups,
      memo: this.memoFor(root),
    });
    const versions = new Map<string, number>();
    for (const p of analysis.texts.keys()) {
      const v = this.open.get(p)?.version;
      if (v !== undefined) versions.set(p, v);
    }
    // The index (every name's occurrences) is built when a feature first asks: the diagnostics of
    // a keystroke do not wait for it.
    let index: SemanticIndex | undefined;
    const snap: Snapshot = { root, stamp, analysis, versions, get index() { return (index ??= buildIndex(analysis)); } };
    this.snapshots.set(root, snap);
    return snap;
  }

  private memoFor(root: string): ResolveMemo {
    let memo = this.memos.get(root);
    if (!memo) this.memos.set(root, (memo = newResolveMemo()));
    return memo;
  }

  /** The snapshot for the root that holds `path`. */
  snapshotFor(path: string): Snapshot {
    return this.snapshot(this.rootFor(path));
  }

  /** All snapshots made so far (for workspace-wide features). */
  knownSnapshots(): Snapshot[] {
    return [...this.snapshots.values()];
  }

  text(path: string): string | undefined {
    const open = this.open.get(path);
    if (open) return open.text;
    const bytes = this.disk.readFile(path);
    return bytes instanceof Uint8Array ? new TextDecoder().decode(bytes) : undefined;
  }

  /** Parses (or reuses the parse of) one file's text; an edited file re-parses only the items the edit touched. */
  parse(path: string, text: string): ParseResult {
    const hit = this.parses.get(path);
    if (hit && hit.text === text) return hit.result;
    const result = hit ? reparseWit(hit.text, hit.result, text) : parseWit(text);
    this.parses.set(path, { text, result });
    return result;
  }

  private fs(): FileSystem {
    const open = this.open;
    const raw = this.disk;
    const memo = <T>(cache: Map<string, T>, key: string, read: () => T): T => {
      let v = cache.get(key);
      if (v === undefined) cache.set(key, (v = read()));
      return v;
    };
    const disk: FileSystem = {
      stat: (p) => memo(this.diskStats, p, () => raw.stat(p)),
      readDir: (p) => memo(this.diskDirs, p, () => raw.readDir(p)),
      readFile: (p) => memo(this.diskFiles, p, () => raw.readFile(p)),
    };
    return {
      stat: (p) => (open.has(p) ? { kind: 'file', size: open.get(p)!.text.length } : disk.stat(p)),
      readDir: (p) => {
        const entries = disk.readDir(p);
        // An open, unsaved new file is part of its folder too.
        const extra = [...open.keys()].filter((f) => nodePath.dirname(f) === p).map((f) => nodePath.basename(f));
        if (!Array.isArray(entries)) return extra.length ? extra.map((name) => ({ name, kind: 'file' as const, symlink: false })) : entries;
        const names = new Set(entries.map((e) => e.name));
        return [...entries, ...extra.filter((n) => !names.has(n)).map((name) => ({ name, kind: 'file' as const, symlink: false }))];
      },
      readFile: (p) => (open.has(p) ? new TextEncoder().encode(open.get(p)!.text) : disk.readFile(p)),
      // The same string for an unchanged file on every analysis: nothing is decoded again, and
      // the parse cache's comparison of texts is one of references.
      readText: (p) => open.get(p)?.text ?? (p.endsWith('.wit') ? memo(this.diskTexts, p, () => decodeWit(disk, p)) ?? undefined : undefined),
    };
  }

  /** Marks every root that may read `path` as stale. */
  private touch(path: string): void {
    const stamp = ++this.stampCounter;
    const root = this.rootFor(path);
    this.stamps.set(root, stamp);
    this.stamps.set(path, stamp);
    // A change in a dependency folder makes every root whose deps/ may hold it stale.
    for (const r of this.snapshots.keys()) {
      const s = this.snapshots.get(r)!;
      if (s.analysis.texts.has(path) || isInside(path, r) || r === path) this.stamps.set(r, stamp);
    }
  }
}

/** A readable `.wit` text file within the size limit, decoded; null for anything the loader reports on. */
function decodeWit(fs: FileSystem, path: string): string | null {
  const stat = fs.stat(path);
  if ('error' in stat || stat.kind !== 'file' || stat.size > MAX_FILE_BYTES) return null;
  const bytes = fs.readFile(path);
  if ('error' in bytes || isWasmBinary(bytes)) return null;
  const problems: Diagnostic[] = [];
  const { text } = decodeSource(path, bytes, problems);
  return problems.length ? null : text;
}

export function isInside(path: string, folder: string): boolean {
  const rel = nodePath.relative(folder, path);
  return rel !== '' && !rel.startsWith('..') && !nodePath.isAbsolute(rel);
}
