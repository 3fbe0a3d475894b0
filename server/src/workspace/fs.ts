// File system access, injected: the Node implementation for the CLI and server, an in-memory one
// for tests and for editor buffers layered over disk.
import * as nodeFs from 'node:fs';
import * as nodePath from 'node:path';

export type EntryKind = 'file' | 'dir' | 'other';

export interface DirEntry {
  name: string;
  /** What the entry is, following symlinks; `error` when the link cannot be followed. */
  kind: EntryKind | 'error';
  error?: string;
  symlink: boolean;
}

export interface FileSystem {
  stat(path: string): { kind: EntryKind; size: number } | { error: string };
  readDir(path: string): DirEntry[] | { error: string };
  readFile(path: string): Uint8Array | { error: string };
  /** Text already decoded (an open editor buffer), when the file system has it. */
  readText?(path: string): string | undefined;
}

function describe(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'ENOENT': return 'No such file or directory';
    case 'EACCES': case 'EPERM': return 'Permission denied';
    case 'ELOOP': return 'Too many levels of symbolic links';
    case 'EISDIR': return 'Is a directory';
    case 'ENOTDIR': return 'Not a directory';
    default: return err.message ?? String(e);
  }
}

function kindOf(s: nodeFs.Stats): EntryKind {
  return s.isFile() ? 'file' : s.isDirectory() ? 'dir' : 'other';
}

export const nodeFileSystem: FileSystem = {
  stat(path) {
    try {
      const s = nodeFs.statSync(path);
      return { kind: kindOf(s), size: s.size };
    } catch (e) {
      return { error: describe(e) };
    }
  },
  readDir(path) {
    try {
      return nodeFs.readdirSync(path, { withFileTypes: true }).map((d): DirEntry => {
        if (!d.isSymbolicLink()) return { name: d.name, kind: d.isFile() ? 'file' : d.isDirectory() ? 'dir' : 'other', symlink: false };
        try {
          return { name: d.name, kind: kindOf(nodeFs.statSync(nodePath.join(path, d.name))), symlink: true };
        } catch (e) {
          return { name: d.name, kind: 'error', error: describe(e), symlink: true };
        }
      });
    } catch (e) {
      return { error: describe(e) };
    }
  },
  readFile(path) {
    try {
      return nodeFs.readFileSync(path);
    } catch (e) {
      return { error: describe(e) };
    }
  },
};

/** An in-memory file system: `files` maps absolute paths to contents; folders are implied. */
export class MemoryFileSystem implements FileSystem {
  readonly files = new Map<string, Uint8Array>();
  /** Folder → names directly inside it (files and folders), kept up to date on every write. */
  private readonly dirs = new Map<string, Set<string>>();

  constructor(files: Record<string, string | Uint8Array> = {}) {
    for (const [p, c] of Object.entries(files)) this.write(p, c);
  }

  write(path: string, contents: string | Uint8Array): void {
    const p = nodePath.resolve(path);
    this.files.set(p, typeof contents === 'string' ? new TextEncoder().encode(contents) : contents);
    let child = p;
    for (let dir = nodePath.dirname(p); ; dir = nodePath.dirname(dir)) {
      let names = this.dirs.get(dir);
      if (!names) this.dirs.set(dir, (names = new Set()));
      names.add(nodePath.basename(child));
      if (dir === nodePath.dirname(dir)) break;
      child = dir;
    }
  }

  delete(path: string): void {
    this.files.delete(nodePath.resolve(path));
    // Folders stay listed until every file under them is gone.
    const p = nodePath.resolve(path);
    const names = this.dirs.get(nodePath.dirname(p));
    names?.delete(nodePath.basename(p));
  }

  stat(path: string) {
    const p = nodePath.resolve(path);
    const f = this.files.get(p);
    if (f) return { kind: 'file' as const, size: f.length };
    if (this.dirs.has(p)) return { kind: 'dir' as const, size: 0 };
    return { error: 'No such file or directory' };
  }

  readDir(path: string) {
    const p = nodePath.resolve(path);
    const names = this.dirs.get(p);
    if (!names) return { error: 'No such file or directory' };
    return [...names].map((name): DirEntry => ({ name, kind: this.files.has(nodePath.join(p, name)) ? 'file' : 'dir', symlink: false }));
  }

  readFile(path: string) {
    return this.files.get(nodePath.resolve(path)) ?? { error: 'No such file or directory' };
  }
}

/** A file system whose reads of some files are answered from memory (open editor buffers). */
export class OverlayFileSystem implements FileSystem {
  constructor(private readonly base: FileSystem, private readonly overlay: (path: string) => string | undefined) {}

  stat(path: string) {
    const text = this.overlay(path);
    return text !== undefined ? { kind: 'file' as const, size: text.length } : this.base.stat(path);
  }

  readDir(path: string) {
    return this.base.readDir(path);
  }

  readFile(path: string) {
    const text = this.overlay(path);
    return text !== undefined ? new TextEncoder().encode(text) : this.base.readFile(path);
  }

  readText(path: string) {
    return this.overlay(path) ?? this.base.readText?.(path);
  }
}

/**
 * Files a client handed over (`memory`: a virtual workspace's, which no disk holds) in front of
 * the disk: a path memory knows is answered from memory, any other from the disk.
 */
export class LayeredFileSystem implements FileSystem {
  constructor(private readonly memory: MemoryFileSystem, private readonly disk: FileSystem) {}

  stat(path: string) {
    const m = this.memory.stat(path);
    return 'error' in m ? this.disk.stat(path) : m;
  }

  readDir(path: string) {
    const m = this.memory.readDir(path);
    return 'error' in m ? this.disk.readDir(path) : m;
  }

  readFile(path: string) {
    const m = this.memory.readFile(path);
    return 'error' in m ? this.disk.readFile(path) : m;
  }
}
