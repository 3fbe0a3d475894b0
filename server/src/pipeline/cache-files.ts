// The cache folder and what writes and keys its files, without the rest of cache.ts: the build
// worker (which starts for every build and keeps its imports few) uses them too.
import { createHash, randomBytes, type Hash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';

/** The cache root: `$WIT_TOOLS_CACHE`, else `~/.cache/wit-tools` (XDG), else the OS temp dir. */
export function cacheRoot(): string {
  if (process.env.WIT_TOOLS_CACHE) return path.resolve(process.env.WIT_TOOLS_CACHE);
  const base = process.env.XDG_CACHE_HOME || (os.homedir() ? path.join(os.homedir(), '.cache') : os.tmpdir());
  return path.join(base, 'wit-tools');
}

let transpileVersion: string | null | undefined;

/** jco-transpile's version, read once (what its tools write depends on it); undefined when it is not found. */
export function jcoTranspileVersion(): string | undefined {
  if (transpileVersion === undefined) {
    try {
      const main = createRequire(import.meta.url).resolve('@bytecodealliance/jco-transpile');
      transpileVersion = (JSON.parse(fs.readFileSync(path.join(path.dirname(main), '..', 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      transpileVersion = null;
    }
  }
  return transpileVersion ?? undefined;
}

/** Writes `file` whole (a temp file renamed over it), for a process reading it meanwhile. */
export function writeAtomic(file: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

/**
 * A SHA-256 of `parts` and of the names and contents of every file under `dir` (symlinks
 * followed, each folder once): what a tool that reads a WIT folder and its `deps/` was given.
 * Undefined when the tree cannot be read whole, or holds more than 10,000 files or 64 MB.
 */
export function treeHash(dir: string, parts: readonly unknown[] = []): string | undefined {
  const hash = createHash('sha256').update(JSON.stringify(parts));
  return hashTree(hash, path.resolve(dir)) ? hash.digest('hex') : undefined;
}

function hashTree(hash: Hash, dir: string): boolean {
  const seen = new Set<string>();
  let files = 0;
  let bytes = 0;
  const walk = (d: string, rel: string, depth: number): boolean => {
    let real: string;
    let entries: string[];
    try {
      real = fs.realpathSync(d);
      entries = fs.readdirSync(d).sort();
    } catch {
      return false;
    }
    if (seen.has(real) || depth > 16) return false;
    seen.add(real);
    for (const name of entries) {
      const full = path.join(d, name);
      try {
        const st = fs.statSync(full);
        if (st.isDirectory()) {
          hash.update(`d\0${rel}${name}\0`);
          if (!walk(full, `${rel}${name}/`, depth + 1)) return false;
        } else if (st.isFile()) {
          if (++files > 10_000 || (bytes += st.size) > 64 * 1024 * 1024) return false;
          hash.update(`f\0${rel}${name}\0${st.size}\0`);
          hash.update(fs.readFileSync(full));
        }
      } catch {
        return false;
      }
    }
    return true;
  };
  return walk(dir, '', 0);
}
