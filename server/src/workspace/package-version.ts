// One version of a WIT package, read from wherever it is: a folder or a `.wit` file, a `.wasm`
// (a component, whose WIT is its world, or a binary-encoded WIT package), or `git:REF` — the
// same path as it was at that commit of the repository it lives in. What `wit-tools breaking`
// and the editor's breaking-change check compare.
import { execFileSync } from 'node:child_process';
import * as nodePath from 'node:path';
import { analyzeRoot, type RootAnalysis } from '../semantic/analyze.js';
import type { CheckOptions } from '../semantic/check.js';
import type { PackageId } from '../semantic/model.js';
import { nestedPackages } from '../semantic/print.js';
import { decodeBinaryPackages } from './binary-packages.js';
import { MemoryFileSystem, nodeFileSystem, type FileSystem } from './fs.js';
import { isWasmBinary, loadRoot } from './loader.js';

export interface PackageVersion {
  /** How the user named it: `wit/`, `old.wasm`, `git:HEAD`. */
  label: string;
  analysis: RootAnalysis;
  /** The packages compared: the main one, and those nested in its files. */
  packages: PackageId[];
  /** A component: its WIT is one world, `root`, printed from its binary. */
  component: boolean;
  /** Why it could not be read at all (a git error, an unreadable component). */
  error?: string;
}

export interface ReadOptions extends CheckOptions {
  /** For `git:REF`: the path, in the working tree, whose old self is read. */
  pathInTree?: string;
  /** Reads a file through an open editor's buffers. */
  fs?: FileSystem;
}

/** Reads `spec` (relative to `cwd`). Never throws: problems are diagnostics or `error`. */
export async function readPackageVersion(spec: string, cwd: string, options: ReadOptions = {}): Promise<PackageVersion> {
  const fail = (error: string): PackageVersion => ({ label: spec, analysis: { diagnostics: [], texts: new Map(), files: new Map() }, packages: [], component: false, error });
  if (spec.startsWith('git:')) {
    const ref = spec.slice(4) || 'HEAD';
    const path = options.pathInTree ?? cwd;
    const fs = readGitTree(ref, path);
    if ('error' in fs) return fail(fs.error);
    return finish(spec, fs.fs, path, options, false);
  }
  const abs = nodePath.resolve(cwd, spec);
  const fs = options.fs ?? nodeFileSystem;
  if (abs.endsWith('.wasm')) {
    // A binary WIT package is a component too: read it as a package first, as a component if the
    // reference decoder says it is one.
    const asPackage = finish(spec, fs, abs, options, false);
    if (!asPackage.analysis.diagnostics.some((d) => d.code === 'invalid-binary-package' && /actual component/.test(d.message))) return asPackage;
    const bytes = fs.readFile(abs);
    if ('error' in bytes) return fail(`failed to read ${spec}: ${bytes.error}`);
    const { isComponentBinary, decodeComponent } = await import('../pipeline/binary.js');
    if (isWasmBinary(bytes) && isComponentBinary(bytes)) {
      try {
        const { printComponentWit } = await import('../pipeline/wit-print.js');
        const text = printComponentWit(decodeComponent(bytes));
        return finish(spec, new MemoryFileSystem({ [abs]: text }), abs, options, true);
      } catch (e) {
        return fail(`failed to read the component ${spec}: ${(e as Error).message}`);
      }
    }
  }
  return finish(spec, fs, abs, options, false);
}

function finish(label: string, fs: FileSystem, path: string, options: ReadOptions, component: boolean): PackageVersion {
  const root = loadRoot(fs, path);
  decodeBinaryPackages(root);
  const analysis = analyzeRoot(root, options);
  const main = analysis.main;
  const packages = main === undefined || !analysis.resolve ? [] : component ? [main] : [main, ...nestedPackages(analysis.resolve, main)];
  return { label, analysis, packages, component };
}

function git(args: string[], cwd: string): Buffer {
  // No fsmonitor, whatever the repository's config says: reading a tree runs no program of its.
  return execFileSync('git', ['-c', 'core.fsmonitor=false', ...args], { cwd, maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
}

/** The commit `ref` names in the repository `path` is in; undefined outside one or for no such ref. */
export function gitCommit(ref: string, path: string): string | undefined {
  try {
    return git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], folderOf(path)).toString('utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

function folderOf(path: string): string {
  return isDirectory(path) ? path : nodePath.dirname(path);
}

/** The files under `path` as they are at `ref`, in memory at their working-tree paths. */
export function readGitTree(ref: string, path: string): { fs: MemoryFileSystem } | { error: string } {
  const dir = folderOf(path);
  let top: string;
  try {
    top = git(['rev-parse', '--show-toplevel'], dir).toString('utf8').trim();
  } catch {
    return { error: `${path} is not in a git repository` };
  }
  const rel = nodePath.relative(top, path).split(nodePath.sep).join('/');
  let names: string[];
  try {
    git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], top);
    names = git(['ls-tree', '-r', '-z', '--name-only', ref, '--', rel || '.'], top).toString('utf8').split('\0').filter(Boolean);
  } catch (e) {
    const msg = (e as { stderr?: Buffer }).stderr?.toString('utf8').trim();
    return { error: `git could not read \`${ref}\`${msg ? `: ${msg.split('\n')[0]}` : ' (no such commit)'}` };
  }
  if (names.length === 0) return { error: `${rel || '.'} does not exist at \`${ref}\`` };
  const fs = new MemoryFileSystem();
  for (const name of names) {
    if (!/\.(wit|wasm|wat)$/.test(name)) continue;
    try {
      fs.write(nodePath.join(top, ...name.split('/')), git(['show', `${ref}:${name}`], top));
    } catch (e) {
      return { error: `git could not read ${name} at \`${ref}\`: ${(e as Error).message.split('\n')[0]}` };
    }
  }
  // An empty folder still exists, as the package it was.
  if (isDirectory(path)) fs.write(nodePath.join(path, '.keep'), '');
  return { fs };
}

function isDirectory(path: string): boolean {
  const s = nodeFileSystem.stat(path);
  return !('error' in s) && s.kind === 'dir';
}
