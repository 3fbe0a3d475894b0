import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeRoot } from 'wit-tools/server/semantic/analyze.js';
import { MemoryFileSystem } from 'wit-tools/server/workspace/fs.js';
import { loadRoot } from 'wit-tools/server/workspace/loader.js';
import { LspClient, offsetAt, uri } from '../support/lsp-client.js';
import { fixtures } from '../support/paths.js';
import { rng } from '../support/random.js';

const pieces = ['record r { a: u32 }', 'use types.{money};', '}', '{', ';', 'f: func(x: cart) -> money;', 'type t = list<u8>;', '/*', '*/', '\n', 'interface x {', 'world w { export api; }', '@since(version = 0.1.0)', 'borrow<', '%', '"'];

// Thousands of random edits through a real client over stdio, on a package with deps/.
describe('lsp: stress', function () {
  this.timeout(300_000);

  it('3,000 random edits: diagnostics end equal to a fresh check, never for an older version', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wit-stress-'));
    cpSync(join(fixtures, 'lsp', 'shop'), join(dir, 'shop'), { recursive: true });
    const files = [join(dir, 'shop', 'types.wit'), join(dir, 'shop', 'api.wit')];
    const client = await LspClient.start([dir]);
    try {
      for (const f of files) client.open(f, readFileSync(f, 'utf8'));
      const random = rng(0x57e55);
      for (let i = 0; i < 3000; i++) {
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
