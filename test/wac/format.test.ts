// The .wac formatter: a messy file becomes its golden form, every comment kept in its place,
// formatting twice changes nothing, a file with syntax errors is refused; through the CLI
// (`wit-tools fmt`) and the language server (textDocument/formatting).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { formatWac } from 'wit-tools/server/wac/format.js';
import { parseWac } from 'wit-tools/server/wac/parse.js';
import { LspClient, uri } from '../support/lsp-client.js';
import { repoRoot } from '../support/paths.js';

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'wac-format');
const messy = fs.readFileSync(path.join(fixtures, 'messy.wac'), 'utf8');
const golden = fs.readFileSync(path.join(fixtures, 'messy.formatted.wac'), 'utf8');
const commentsOf = (t: string) => t.match(/\/\/[^\n]*|\/\*[^]*?\*\//g)!.map((c) => c.trim());

describe('wac: format', () => {
  it('turns a messy file into its golden form, keeping every comment', () => {
    const r = formatWac(messy);
    assert.ok(!('error' in r));
    assert.equal(r.text, golden);
    assert.equal(r.changed, true);
    assert.deepEqual(commentsOf(r.text), commentsOf(messy));
  });

  it('is idempotent, and the result parses to the same statements', () => {
    const again = formatWac(golden);
    assert.ok(!('error' in again));
    assert.equal(again.text, golden);
    assert.equal(again.changed, false);
    const kinds = (t: string) => parseWac(t).statements.map((s) => s.kind);
    assert.deepEqual(kinds(golden), kinds(messy));
    assert.deepEqual(parseWac(golden).diagnostics, []);
  });

  it('honours the indentation and refuses a file with syntax errors', () => {
    const r = formatWac(messy, { indent: 4 });
    assert.ok(!('error' in r));
    assert.match(r.text, /\n {4}first-argument-with-a-long-name: n\.name,\n/);
    const bad = formatWac('package a:b;\nlet x = new a:c { y: };\n');
    assert.ok('error' in bad);
    assert.match(bad.error, /a syntax error \(first: expected an expression/);
  });

  it('wit-tools fmt --check and --write take .wac files', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wit-tools-wac-fmt-'));
    try {
      const f = path.join(dir, 'app.wac');
      fs.writeFileSync(f, messy);
      const bin = path.join(repoRoot, 'bin', 'wit-tools.js');
      const check = spawnSync(process.execPath, [bin, 'fmt', '--check', dir], { encoding: 'utf8' });
      assert.equal(check.status, 1, check.stderr);
      assert.equal(check.stdout.trim(), path.relative(process.cwd(), f));
      const write = spawnSync(process.execPath, [bin, 'fmt', '--write', f], { encoding: 'utf8' });
      assert.equal(write.status, 0, write.stderr);
      assert.equal(fs.readFileSync(f, 'utf8'), golden);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('formats an open .wac document over the protocol', async function () {
    this.timeout(30_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wit-tools-wac-fmt-lsp-'));
    const client = await LspClient.start([dir]);
    try {
      const f = path.join(dir, 'app.wac');
      fs.writeFileSync(f, messy);
      client.notify('textDocument/didOpen', { textDocument: { uri: uri(f), languageId: 'wac', version: 1, text: messy } });
      const edits = await client.request<{ newText: string }[]>('textDocument/formatting', { textDocument: { uri: uri(f) }, options: { tabSize: 2, insertSpaces: true } });
      assert.deepEqual(edits.map((e) => e.newText), [golden]);
    } finally {
      await client.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
