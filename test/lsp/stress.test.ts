import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeRoot } from 'wit-tools/server/semantic/analyze.js';
import { MemoryFileSystem } from 'wit-tools/server/workspace/fs.js';
import { loadRoot } from 'wit-tools/server/workspace/loader.js';
import { LspClient, offsetAt, positionAt, uri } from '../support/lsp-client.js';
import { fixtures } from '../support/paths.js';
import { rng } from '../support/random.js';

const wacText = 'package demo:app;\n\n// an import, written out\nimport log: func(line: string);\nimport e: interface {\n  record p { a: u32 }\n  f: func(x: p) -> p;\n};\ninterface shapes { record r { w: u32 } area: func(of: r) -> u64; }\nimport geo: shapes;\nexport log;\nexport e;\n';

const requests = ['textDocument/hover', 'textDocument/completion', 'textDocument/definition', 'textDocument/typeDefinition', 'textDocument/references', 'textDocument/documentHighlight', 'textDocument/prepareRename', 'textDocument/rename', 'textDocument/documentSymbol', 'textDocument/foldingRange', 'textDocument/semanticTokens/full', 'textDocument/semanticTokens/range', 'textDocument/documentLink', 'textDocument/inlayHint', 'textDocument/signatureHelp', 'textDocument/codeAction', 'textDocument/codeLens', 'textDocument/formatting', 'textDocument/rangeFormatting'];

/** A few random cuts and insertions. */
function mangle(text: string, random: () => number): string {
  let t = text;
  for (let k = 0; k < 3; k++) {
    const a = Math.floor(random() * t.length);
    t = random() < 0.5 ? t.slice(0, a) + t.slice(a + 1 + Math.floor(random() * 6)) : t.slice(0, a) + pieces[Math.floor(random() * pieces.length)] + t.slice(a);
  }
  return t;
}

const pieces = ['record r { a: u32 }', 'use types.{money};', '}', '{', ';', 'f: func(x: cart) -> money;', 'type t = list<u8>;', '/*', '*/', '\n', 'interface x {', 'world w { export api; }', '@since(version = 0.1.0)', 'borrow<', '%', '"'];

// Thousands of random edits through a real client over stdio, on a package with deps/ and a .wac
// file beside it, with every kind of request at random places in between.
describe('lsp: stress', function () {
  this.timeout(300_000);

  it('3,000 random edits and 600 requests: diagnostics end equal to a fresh check, never for an older version, no error logged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wit-stress-'));
    cpSync(join(fixtures, 'lsp', 'shop'), join(dir, 'shop'), { recursive: true });
    const files = [join(dir, 'shop', 'types.wit'), join(dir, 'shop', 'api.wit')];
    const wac = join(dir, 'app.wac');
    writeFileSync(wac, wacText);
    const client = await LspClient.start([dir]);
    const answers: Promise<unknown>[] = [];
    const failures: string[] = [];
    try {
      for (const f of files) client.open(f, readFileSync(f, 'utf8'));
      client.notify('textDocument/didOpen', { textDocument: { uri: uri(wac), languageId: 'wac', version: 1, text: wacText } });
      let wacVersion = 1;
      let wacNow = wacText;
      const random = rng(0x57e55);
      for (let i = 0; i < 3000; i++) {
        if (i % 5 === 0) {
          // A request at a random place of a random file, while edits are in flight.
          const target = [...files, wac][Math.floor(random() * 3)];
          const text = target === wac ? wacNow : client.text(target);
          const position = positionAt(text, Math.floor(random() * (text.length + 1)));
          const method = requests[Math.floor(random() * requests.length)];
          const params = { textDocument: { uri: uri(target) }, position, range: { start: position, end: positionAt(text, text.length) }, context: { includeDeclaration: true, diagnostics: [] }, options: { tabSize: 2, insertSpaces: true }, newName: 'renamed' };
          // A refusal meant for the user (rename of a keyword: RequestFailed) is an answer; an internal error is not.
          answers.push(client.request(method, params).catch((e: Error & { code?: number }) => { if (e.code !== -32803) failures.push(`${method} at ${JSON.stringify(position)} of ${target}: ${e.code} ${e.message}`); }));
        }
        if (i % 10 === 0) {
          // The .wac file mangled and put back.
          wacNow = i % 20 === 0 ? mangle(wacText, random) : wacText;
          client.notify('textDocument/didChange', { textDocument: { uri: uri(wac), version: ++wacVersion }, contentChanges: [{ text: wacNow }] });
        }
        const f = files[Math.floor(random() * files.length)];
        const text = client.text(f);
        const a = Math.floor(random() * (text.length + 1));
        const kind = random();
        if (kind < 0.4) client.edit(f, a, a, pieces[Math.floor(random() * pieces.length)]);
        else if (kind < 0.75) client.edit(f, a, Math.min(text.length, a + 1 + Math.floor(random() * 12)), '');
        else if (kind < 0.8) {
          // Paste the other file's text (or a slice of it).
          const other = client.text(files[1 - files.indexOf(f)]);
          client.edit(f, a, a, other.slice(0, Math.floor(random() * other.length)));
        } else if (kind < 0.85 && text.length > 4000) client.edit(f, 0, text.length, text.slice(0, 2000));
        else client.edit(f, a, a, String.fromCharCode(32 + Math.floor(random() * 90)));
        // Pause now and then so some intermediate versions get analysed and published.
        if (i % 200 === 0) await new Promise((r) => setTimeout(r, 20));
      }
      for (const f of files) await client.current(f, 60_000);
      await Promise.all(answers);
      // Every request answered (a handler that throws answers with an error), nothing logged as an error.
      assert.deepEqual(failures, []);
      assert.deepEqual(client.errors, []);
      assert.doesNotMatch(client.stderr, /Error|at .*\.js:\d+/);
      // The .wac file, put back, is clean again.
      const last = await client.diagnostics(wac, (p) => p.version === wacVersion, 60_000);
      if (wacNow === wacText) assert.deepEqual(last.diagnostics, []);

      // Never published for an older version than one already published.
      for (const f of files) {
        const versions = client.published.filter((p) => p.uri === uri(f) && p.version !== undefined).map((p) => p.version!);
        for (let i = 1; i < versions.length; i++) assert.ok(versions[i] >= versions[i - 1], `versions went back: ${versions[i - 1]} then ${versions[i]}`);
        assert.ok(versions.length > 1, 'several versions were published');
      }

      // The final diagnostics are those of a fresh analysis of the final texts.
      const fs = new MemoryFileSystem({
        [files[0]]: client.text(files[0]),
        [files[1]]: client.text(files[1]),
        [join(dir, 'shop', 'deps', 'clocks', 'wall-clock.wit')]: readFileSync(join(dir, 'shop', 'deps', 'clocks', 'wall-clock.wit'), 'utf8'),
      });
      const fresh = analyzeRoot(loadRoot(fs, join(dir, 'shop')));
      for (const f of files) {
        const want = fresh.diagnostics.filter((d) => d.file === f && d.severity === 'error').map((d) => `${d.span.start}:${d.message}`).sort();
        const text = client.text(f);
        const got = client.latest(f)!.diagnostics.filter((d) => d.severity === 1).map((d) => `${offsetAt(text, d.range.start)}:${d.message}`).sort();
        assert.deepEqual(got, want);
      }
    } finally {
      await client.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
