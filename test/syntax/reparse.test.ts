// Incremental re-parsing (reparseWit) against a fresh parse: thousands of random edits on a large
// generated file and on the syntax fixtures — insertions, deletions, pastes, a `}` typed or
// deleted, a comment opened — each result equal to parseWit of the new text, tree and errors.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseWit, reparseWit, type ParseResult } from 'wit-tools/server/syntax/index.js';
import { largeWit } from '../bench/lsp-bench.js';
import { fixtures } from '../support/paths.js';
import { rng } from '../support/random.js';

const pieces = ['}', '{', ';', '/*', '*/', '//', '\n', ' ', 'x', 'record r { a: u32 }', 'f: func();', 'interface i {', '@since(version = 0.1.0)', '%', '"', 'use iface-0.{point};', '\n/// docs\n'];

function edit(text: string, random: () => number): string {
  const at = Math.floor(random() * (text.length + 1));
  const r = random();
  if (r < 0.35) return text.slice(0, at) + 'abcdefghij'[Math.floor(random() * 10)] + text.slice(at);
  if (r < 0.6) return text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 3));
  if (r < 0.9) return text.slice(0, at) + pieces[Math.floor(random() * pieces.length)] + text.slice(at);
  return text.slice(0, at) + text.slice(at + Math.floor(random() * 400));
}

describe('syntax: incremental re-parse equals a fresh parse', function () {
  this.timeout(300_000);

  it('1,500 random edits on a 32 KB file, each undone half the time: the same tree and errors', () => {
    const base = largeWit(32 * 1024);
    const random = rng(0x1ec0de);
    let text = base;
    let prev: ParseResult = parseWit(text);
    let reused = 0;
    for (let i = 0; i < 1500; i++) {
      const next = random() < 0.5 ? edit(text, random) : random() < 0.5 ? base : edit(base, random);
      const inc = reparseWit(text, prev, next);
      const fresh = parseWit(next);
      assert.equal(JSON.stringify(inc), JSON.stringify(fresh), `edit ${i}`);
      if (inc.file.items.length && prev.file.items.length && inc.file.items[0] === prev.file.items[0]) reused++;
      text = next;
      prev = inc;
    }
    // Most edits of a valid file re-parse a few items and keep the rest.
    assert.ok(reused > 300, `${reused} re-parses kept the items before the edit`);
  });

  it('typing in the middle of a valid file keeps every item but the one typed in', () => {
    const text = largeWit(64 * 1024);
    const old = parseWit(text);
    const at = text.indexOf('record point', text.length >> 1);
    const next = text.slice(0, at) + '/// a note\n  ' + text.slice(at);
    const inc = reparseWit(text, old, next);
    assert.equal(JSON.stringify(inc), JSON.stringify(parseWit(next)));
    const changed = inc.file.items.filter((item, i) => item !== old.file.items[i]).length;
    assert.ok(changed > 0 && changed < old.file.items.length / 2 + 2, `${changed} of ${old.file.items.length} items are new objects`);
    assert.equal(inc.file.items[0], old.file.items[0]);
  });

  it('edits inside one big interface and one big world re-parse the body around the edit: 2,000 random edits, the same tree and errors', () => {
    // Like wasi:http's types.wit, whose whole text is one interface.
    let base = 'package big:one@1.0.0;\n\n/// The only interface.\ninterface types {\n';
    for (let i = 0; i < 120; i++) base += `  /// Record ${i}.\n  record r${i} { a: u32, b: option<string>, c: list<r${Math.max(0, i - 1)}> }\n  op${i}: func(x: r${i}) -> result<u32, string>;\n`;
    base += '  resource blob {\n    constructor(n: u32);\n    read: func() -> list<u8>;\n  }\n}\n\nworld app {\n';
    for (let i = 0; i < 60; i++) base += `  /// Import ${i}.\n  import g${i}: func(x: u32) -> u32;\n`;
    base += '  export types;\n}\n';
    assert.deepEqual(parseWit(base).errors, []);
    const bodies = [[base.indexOf('interface types {') + 17, base.indexOf('\n}\n\nworld')], [base.indexOf('world app {') + 11, base.lastIndexOf('}')]];
    const random = rng(0xb0d1e5);
    let kept = 0;
    for (let i = 0; i < 2000; i++) {
      const [lo, hi] = bodies[i % 2];
      const at = lo + Math.floor(random() * (hi - lo));
      const r = random();
      const next = r < 0.5 ? base.slice(0, at) + 'abcdefghij'[Math.floor(random() * 10)] + base.slice(at)
        : r < 0.75 ? base.slice(0, at) + base.slice(at + 1 + Math.floor(random() * 3))
        : base.slice(0, at) + pieces[Math.floor(random() * pieces.length)] + base.slice(at);
      const old = parseWit(base);
      const inc = reparseWit(base, old, next);
      assert.equal(JSON.stringify(inc), JSON.stringify(parseWit(next)), `edit ${i} at ${at}`);
      // The body's first item kept as the very same object: only the stretch around the edit was parsed.
      const k = i % 2 === 0 ? 0 : 1;
      const before = old.file.items[k] as { items?: readonly unknown[] };
      const after = inc.file.items[k] as { items?: readonly unknown[] } | undefined;
      if (after?.items && before.items && after !== before && after.items[0] === before.items[0]) kept++;
    }
    // (Edits that break the syntax — about half of these — are parsed whole, as before.)
    assert.ok(kept > 600, `${kept} of 2,000 edits parsed only part of the body`);
  });

  it('typing in a file broken further on keeps the clean items before the edit', () => {
    const text = largeWit(64 * 1024);
    const bad = text.lastIndexOf('record point');
    const broken = `${text.slice(0, bad)}record point point${text.slice(bad + 'record point'.length)}`;
    const at = broken.indexOf('record point', broken.length >> 1);
    let prev = parseWit(broken);
    assert.ok(prev.errors.length > 0);
    let cur = broken;
    for (const piece of ['/// a', ' note', '\n  ', 'x: func();\n  ']) {
      const next = cur.slice(0, at) + piece + cur.slice(at);
      const inc = reparseWit(cur, prev, next);
      assert.equal(JSON.stringify(inc), JSON.stringify(parseWit(next)));
      // The first item is the very object of the last parse: not parsed again.
      assert.equal(inc.file.items[0], prev.file.items[0]);
      prev = inc;
      cur = next;
    }
  });

  it('edits of every syntax fixture: the same tree and errors', () => {
    const dir = join(fixtures, 'syntax');
    const files = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.wit'));
    assert.ok(files.length > 5);
    const random = rng(0xf17e);
    for (const f of files) {
      let text = readFileSync(join(dir, f), 'utf8');
      let prev = parseWit(text);
      for (let i = 0; i < 40; i++) {
        const next = edit(text, random);
        const inc = reparseWit(text, prev, next);
        assert.equal(JSON.stringify(inc), JSON.stringify(parseWit(next)), `${f}, edit ${i}`);
        text = next;
        prev = inc;
      }
    }
  });
});
