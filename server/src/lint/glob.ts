// The `ignore` globs of the config: `**` spans folders, `*` and `?` stay inside one name. A glob
// that matches a folder matches everything beneath it (`legacy` ignores `legacy/old.wit`).
// Paths are compared with `/` separators, relative to the config's folder. Pure string work.

export function globToRegExp(glob: string): RegExp {
  let re = '';
  const g = glob.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*') {
      if (g[i + 1] === '*') {
        i++;
        if (g[i + 1] === '/') { i++; re += '(?:.*/)?'; } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}(?:/.*)?$`);
}

/** `file` as a `/`-separated path relative to `dir`, or undefined when it is not beneath `dir`. */
export function relativeTo(file: string, dir: string): string | undefined {
  const f = toPath(file);
  let d = toPath(dir).replace(/\/+$/, '');
  if (d === '') d = '';
  if (!f.startsWith(d + '/')) return undefined;
  return f.slice(d.length + 1);
}

/** A path or `file://` URI as a `/`-separated path. */
function toPath(p: string): string {
  if (p.startsWith('file://')) {
    try {
      p = decodeURIComponent(new URL(p).pathname).replace(/^\/([A-Za-z]:)/, '$1');
    } catch { /* not a URL after all: keep it */ }
  }
  return p.replace(/\\/g, '/');
}

export function matchesAny(file: string, dir: string | undefined, globs: readonly string[]): boolean {
  if (!globs.length || dir === undefined) return false;
  const rel = relativeTo(file, dir);
  if (rel === undefined) return false;
  return globs.some((g) => globToRegExp(g).test(rel));
}
