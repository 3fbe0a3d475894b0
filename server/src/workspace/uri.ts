// `file:` URIs and paths, for the platform the server runs on — or, for tests on another one, the
// platform asked for. What VS Code sends on Windows: `file:///c%3A/Users/me/My%20WIT/a.wit` (drive
// letter lower-cased, `:` escaped), `file://server/share/a.wit` for a UNC path; what it expects
// back is any URI naming the same file. Paths on Windows come back as `c:\Users\me\My WIT\a.wit`,
// with the drive letter as VS Code spells it, so that a path made from a URI and a path found on
// disk under the same folder agree.
import * as nodePath from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export type Platform = 'posix' | 'win32';

// In a web worker (the browser server) there is no `process`: paths there are POSIX.
const hostPlatform: Platform = typeof process !== 'undefined' && process.platform === 'win32' ? 'win32' : 'posix';
const inNode = typeof process !== 'undefined' && !!process.versions?.node;

/**
 * A URI of another hierarchical scheme (`vscode-vfs://github/owner/repo/wit/a.wit` on github.dev,
 * `vscode-test-web://mount/…`) as a POSIX path, `/vscode-vfs:github/owner/repo/wit/a.wit`: the
 * scheme and authority make its first segment, so folders, `deps/` and relative names work on it
 * as on any path, and `pathToUri` turns it back.
 */
const otherScheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)([^?#]*)$/;
const otherPath = /^\/([a-zA-Z][a-zA-Z0-9+.-]*):([^/]*)(\/.*)?$/;

/** The path a `file:` URI names (and a path for another hierarchical scheme; anything else is returned as it is). */
export function uriToPath(uri: string, platform: Platform = hostPlatform): string {
  if (!uri.startsWith('file:')) {
    const m = otherScheme.exec(uri);
    if (!m || m[1] === 'untitled') return uri;
    return `/${m[1]}:${decodeURIComponent(m[2])}${m[3].split('/').map((s) => decodeURIComponent(s)).join('/')}`;
  }
  if (platform === hostPlatform && platform === 'posix' && inNode) return fileURLToPath(uri);
  const url = new URL(uri);
  const segments = url.pathname.split('/').map((s) => decodeURIComponent(s));
  if (platform === 'posix') return segments.join('/');
  if (url.host) return `\\\\${url.host}${segments.join('\\')}`;
  const joined = segments.join('\\').replace(/^\\([A-Za-z]):/, (_m, d: string) => `${d.toLowerCase()}:`);
  return nodePath.win32.normalize(joined);
}

/** A `file:` URI for an absolute path (anything else is returned as it is). */
export function pathToUri(path: string, platform: Platform = hostPlatform): string {
  const p = platform === 'win32' ? nodePath.win32 : nodePath.posix;
  if (!p.isAbsolute(path)) return path;
  const other = platform === 'posix' ? otherPath.exec(path) : null;
  // The authority as VS Code writes it: a port's `:` and a user's `@` stay (code-server's `vscode-remote://host:port`).
  if (other && other[1] !== 'file') return `${other[1]}://${encodeSegment(other[2]).replace(/%3A/g, ':').replace(/%40/g, '@')}${(other[3] ?? '').split('/').map(encodeSegment).join('/')}`;
  if (platform === hostPlatform && platform === 'posix' && inNode) return pathToFileURL(path).href;
  if (platform === 'posix') return `file://${path.split('/').map(encodeSegment).join('/')}`;
  const unc = /^\\\\([^\\]+)(\\.*)?$/.exec(path);
  if (unc) return `file://${unc[1]}${(unc[2] ?? '\\').split('\\').map(encodeSegment).join('/')}`;
  const drive = /^([A-Za-z]):(.*)$/.exec(path);
  const rest = drive ? drive[2] : path;
  return `file:///${drive ? `${drive[1].toLowerCase()}%3A` : ''}${rest.split(/[\\/]/).map(encodeSegment).join('/')}`;
}

function encodeSegment(s: string): string {
  return encodeURIComponent(s).replace(/%2B/g, '+').replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
