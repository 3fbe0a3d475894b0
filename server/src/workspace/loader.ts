// Reads a path the way wit-parser's `Resolve::push_path` does: a `.wit` file is one package; a
// folder is one package made of its own `*.wit` files (in path order) plus every entry of its
// `deps/` folder (sorted by name): a sub-folder is a package (its own `deps/` is not read), a
// `.wit` file is a package, `.wat`/`.wasm` files are binary-encoded packages. Nothing here
// parses; problems reading become diagnostics and never stop the rest.
import * as nodePath from 'node:path';
import type { Diagnostic } from '../syntax/index.js';
import type { FileSystem } from './fs.js';

export interface SourceFile {
  path: string;
  text: string;
}

export interface PackageSource {
  /** `dir`: a folder of `.wit` files; `file`: one `.wit` file; `binary`: a `.wasm`/`.wat` package. */
  kind: 'dir' | 'file' | 'binary';
  path: string;
  files: SourceFile[];
  bytes?: Uint8Array;
}

export interface RootSource {
  path: string;
  main?: PackageSource;
  deps: PackageSource[];
  diagnostics: Diagnostic[];
}

/** Files larger than this are refused with a diagnostic rather than read. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lossyUtf8 = new TextDecoder('utf-8');

function problem(file: string, message: string, code: string, start = 0, end = 0): Diagnostic {
  return { severity: 'error', code, message, file, span: { start, end } };
}

/** Reads one text file; invalid UTF-8 is reported at its first bad byte and decoded lossily. */
export function readSourceFile(fs: FileSystem, path: string, out: Diagnostic[]): SourceFile | undefined {
  const text = fs.readText?.(path);
  if (text !== undefined) return { path, text };
  const stat = fs.stat(path);
  if ('error' in stat) {
    out.push(problem(path, `failed to read file ${path}: ${stat.error}`, 'unreadable-file'));
    return undefined;
  }
  if (stat.size > MAX_FILE_BYTES) {
    out.push(problem(path, `file ${path} is too large (${stat.size} bytes; the limit is ${MAX_FILE_BYTES})`, 'file-too-large'));
    return undefined;
  }
  const bytes = fs.readFile(path);
  if ('error' in bytes) {
    out.push(problem(path, `failed to read file ${path}: ${bytes.error}`, 'unreadable-file'));
    return undefined;
  }
  return decodeSource(path, bytes, out);
}

export function decodeSource(path: string, bytes: Uint8Array, out: Diagnostic[]): SourceFile {
  try {
    return { path, text: strictUtf8.decode(bytes) };
  } catch {
    const text = lossyUtf8.decode(bytes);
    const bad = firstInvalidUtf8(bytes);
    const offset = lossyUtf8.decode(bytes.subarray(0, bad)).length;
    out.push(problem(path, `failed to read file ${path}: stream did not contain valid UTF-8`, 'invalid-utf8', offset, offset + 1));
    return { path, text };
  }
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    try {
      strictUtf8.decode(bytes.subarray(i, i + need + 1));
    } catch {
      return i;
    }
    i += need + 1;
  }
  return i;
}

/** The `*.wit` files directly inside `dir`, in path order (wit-parser's `parse_dir`). */
export function readPackageDir(fs: FileSystem, dir: string, out: Diagnostic[]): PackageSource {
  const entries = fs.readDir(dir);
  const pkg: PackageSource = { kind: 'dir', path: dir, files: [] };
  if ('error' in entries) {
    out.push(problem(dir, `failed to read directory ${dir}: ${entries.error}`, 'unreadable-directory'));
    return pkg;
  }
  const names = entries
    .filter((e) => e.name.endsWith('.wit') && (e.kind === 'file' || e.kind === 'other' || e.kind === 'error'))
    .map((e) => e.name)
    .sort(byCodeUnits);
  for (const name of names) {
    const entry = entries.find((e) => e.name === name)!;
    const path = nodePath.join(dir, name);
    if (entry.kind === 'error') {
      out.push(problem(path, `failed to read file ${path}: ${entry.error}`, 'unreadable-file'));
      continue;
    }
    const file = readSourceFile(fs, path, out);
    if (file) pkg.files.push(file);
  }
  return pkg;
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Reads `path` as wit-parser's `push_path` would, collecting every problem. */
export function loadRoot(fs: FileSystem, path: string): RootSource {
  const diagnostics: Diagnostic[] = [];
  const root: RootSource = { path, deps: [], diagnostics };
  const stat = fs.stat(path);
  if ('error' in stat) {
    diagnostics.push(problem(path, `failed to read path ${path}: ${stat.error}`, 'unreadable-path'));
    return root;
  }
  if (stat.kind !== 'dir') {
    root.main = readFilePackage(fs, path, diagnostics);
    return root;
  }
  root.main = readPackageDir(fs, path, diagnostics);
  const depsDir = nodePath.join(path, 'deps');
  const depsStat = fs.stat(depsDir);
  if ('error' in depsStat) {
    if (!/No such file/.test(depsStat.error)) diagnostics.push(problem(depsDir, `failed to parse dependency directory: ${depsDir}: ${depsStat.error}`, 'unreadable-directory'));
    return root;
  }
  if (depsStat.kind !== 'dir') return root;
  const entries = fs.readDir(depsDir);
  if ('error' in entries) {
    diagnostics.push(problem(depsDir, `failed to parse dependency directory: ${depsDir}: ${entries.error}`, 'unreadable-directory'));
    return root;
  }
  for (const entry of [...entries].sort((a, b) => byCodeUnits(a.name, b.name))) {
    const p = nodePath.join(depsDir, entry.name);
    if (entry.kind === 'error') {
      diagnostics.push(problem(p, `failed to parse dependency directory: ${depsDir}: ${p}: ${entry.error}`, 'unreadable-dependency'));
      continue;
    }
    if (entry.kind === 'dir') {
      root.deps.push(readPackageDir(fs, p, diagnostics));
      continue;
    }
    const ext = nodePath.extname(entry.name);
    if (ext === '.wit' || ext === '.wat' || ext === '.wasm') {
      const pkg = readFilePackage(fs, p, diagnostics);
      if (pkg) root.deps.push(pkg);
    }
    // Anything else in `deps/` is ignored, as wit-parser ignores it (e.g. `.DS_Store`).
  }
  return root;
}

/** A single file: a `.wit` package, or a binary package (`.wasm`, or `.wat` text). */
function readFilePackage(fs: FileSystem, path: string, out: Diagnostic[]): PackageSource | undefined {
  const bytes = fs.readText?.(path) === undefined ? fs.readFile(path) : undefined;
  if (bytes && 'error' in bytes) {
    out.push(problem(path, `failed to read path for WIT [${path}]: ${bytes.error}`, 'unreadable-file'));
    return undefined;
  }
  if (bytes && isWasmBinary(bytes)) return { kind: 'binary', path, files: [], bytes };
  if (bytes && path.endsWith('.wat') && looksLikeWat(bytes)) return { kind: 'binary', path, files: [], bytes };
  const file = bytes ? decodeSource(path, bytes, out) : readSourceFile(fs, path, out);
  return file ? { kind: 'file', path, files: [file] } : undefined;
}

export function isWasmBinary(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d;
}

/** wat::Detect: text whose first token (after whitespace and comments) is `(`. */
function looksLikeWat(bytes: Uint8Array): boolean {
  const text = lossyUtf8.decode(bytes.subarray(0, 4096));
  return /^(?:\s|;;[^\n]*\n|\(;[\s\S]*?;\))*\(/.test(text);
}
