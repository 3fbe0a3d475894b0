// Paths and `file:` URIs as the server turns one into the other, on POSIX and — with Windows-style
// inputs, whatever machine runs the test — on Windows: drive letters (VS Code sends `c%3A`), spaces
// and other escapes, UNC shares, backslashes; and the round trip.
import assert from 'node:assert/strict';
import { pathToUri, uriToPath } from 'wit-tools/server/workspace/uri.js';

describe('lsp: paths and file URIs on every platform', () => {
  it('Windows: what VS Code sends becomes a Windows path, and back', () => {
    assert.equal(uriToPath('file:///c%3A/Users/me/My%20WIT/api.wit', 'win32'), 'c:\\Users\\me\\My WIT\\api.wit');
    assert.equal(uriToPath('file:///C:/Users/me/api.wit', 'win32'), 'c:\\Users\\me\\api.wit');
    assert.equal(uriToPath('file://server/share/wit/deps/io.wit', 'win32'), '\\\\server\\share\\wit\\deps\\io.wit');
    assert.equal(uriToPath('file:///d%3A/a/b%23c/%C3%A9t%C3%A9.wit', 'win32'), 'd:\\a\\b#c\\été.wit');
    assert.equal(pathToUri('c:\\Users\\me\\My WIT\\api.wit', 'win32'), 'file:///c%3A/Users/me/My%20WIT/api.wit');
    assert.equal(pathToUri('C:\\x\\a#b.wit', 'win32'), 'file:///c%3A/x/a%23b.wit');
    assert.equal(pathToUri('\\\\server\\share\\wit\\io.wit', 'win32'), 'file://server/share/wit/io.wit');
    assert.equal(pathToUri('relative\\a.wit', 'win32'), 'relative\\a.wit');
    for (const p of ['c:\\Users\\me\\My WIT\\api.wit', 'd:\\a\\b#c\\été.wit', '\\\\server\\share\\wit\\io.wit', 'e:\\100% done\\x.wit']) {
      assert.equal(uriToPath(pathToUri(p, 'win32'), 'win32'), p);
    }
  });

  it('POSIX: escapes both ways, other schemes untouched', () => {
    assert.equal(uriToPath('file:///home/me/My%20WIT/a%23b.wit', 'posix'), '/home/me/My WIT/a#b.wit');
    assert.equal(pathToUri('/home/me/My WIT/a#b.wit', 'posix'), 'file:///home/me/My%20WIT/a%23b.wit');
    assert.equal(uriToPath('untitled:Untitled-1', 'posix'), 'untitled:Untitled-1');
    for (const p of ['/tmp/x y/é.wit', '/a/100%/b.wit', '/a/[x]/b.wit']) assert.equal(uriToPath(pathToUri(p, 'posix'), 'posix'), p);
  });

  it('other hierarchical schemes (github.dev, the browser server) as paths whose first segment is the scheme, and back', () => {
    assert.equal(uriToPath('vscode-vfs://github/owner/repo/wit/a.wit', 'posix'), '/vscode-vfs:github/owner/repo/wit/a.wit');
    assert.equal(uriToPath('vscode-test-web://mount/My%20WIT/deps/io.wit', 'posix'), '/vscode-test-web:mount/My WIT/deps/io.wit');
    assert.equal(pathToUri('/vscode-vfs:github/owner/repo/wit/a.wit', 'posix'), 'vscode-vfs://github/owner/repo/wit/a.wit');
    assert.equal(pathToUri('/wit-tools:bundled/wasi-wit/0.2.3/wasi-io/package.wit', 'posix'), 'wit-tools://bundled/wasi-wit/0.2.3/wasi-io/package.wit');
    assert.equal(uriToPath('vscode-remote://127.0.0.1:8080/tmp/w/a.wit', 'posix'), '/vscode-remote:127.0.0.1:8080/tmp/w/a.wit');
    for (const u of ['vscode-remote://127.0.0.1:8080/tmp/w/a.wit', 'vscode-vfs://github/o/r/a%20b/c%23d.wit', 'vscode-test-web://mount/x.wit', 'vscode-vfs://github/o/r']) assert.equal(pathToUri(uriToPath(u, 'posix'), 'posix'), u);
    // A plain POSIX path is a file, and `untitled:` stays what it is.
    assert.equal(pathToUri('/home/me/a.wit', 'posix'), 'file:///home/me/a.wit');
  });
});
