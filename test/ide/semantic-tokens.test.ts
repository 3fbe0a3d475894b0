// Semantic tokens for a range are the whole file's tokens in that range: the range path lexes
// and walks only the top-level items around it, and must not differ at its edges (a comment or a
// doc comment between items, gates before an item, nested packages, the header).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildIndex } from 'wit-tools/server/ide/index.js';
import { semanticTokens } from 'wit-tools/server/ide/decorations.js';
import { checkOne } from '../support/analyze.js';
import { fixtures } from '../support/paths.js';
import { mutate, rng } from '../support/random.js';
import { ideTexts } from '../support/wit-files.js';

const inRange = (t: { start: number; end: number }, r: { start: number; end: number }) => !(t.end < r.start || t.start > r.end);

describe('ide: semantic tokens of a range', () => {
  const dir = join(fixtures, 'format');
  const files = readdirSync(dir).filter((f) => f.endsWith('.wit'));

  it('are those of the whole file in the range, for random ranges and ranges at the items\' ends in each of the format fixtures', () => {
    assert.ok(files.length >= 5, `${files.length} fixtures`);
    const random = rng(0x5e70);
    let compared = 0;
    for (const name of files) {
      const text = readFileSync(join(dir, name), 'utf8').replace(/^\uFEFF/, '');
      const { analysis } = checkOne(text);
      const file = [...analysis.files.keys()][0];
      const ast = analysis.files.get(file)!.parsed.file;
      const index = buildIndex(analysis);
      const all = semanticTokens(index, file, text, ast);
      // Random ranges, and ranges that end where an item starts or start where one ends.
      const ranges = Array.from({ length: 60 }, () => {
        const a = Math.floor(random() * text.length);
        return { start: a, end: Math.min(text.length, a + Math.floor(random() * 400)) };
      });
      for (const item of ast.items) ranges.push({ start: Math.max(0, item.span.start - 30), end: item.span.start }, { start: item.span.end, end: item.span.end + 30 }, { start: item.span.start, end: item.span.start });
      for (const range of ranges) {
        const got = semanticTokens(index, file, text, ast, range);
        assert.deepStrictEqual(got, all.filter((t) => inRange(t, range)), `${name} ${range.start}-${range.end}`);
        compared += got.length;
      }
    }
    assert.ok(compared > 1000, `${compared} tokens compared`);
  });

  it('by stretches are what lexing the whole file gives, in the fixtures and in texts random edits broke', () => {
    const random = rng(0x57e7);
    let compared = 0;
    let broken = 0;
    let constructors = 0;
    const texts = ideTexts();
    for (let n = 0; n < texts.length + 300; n++) {
      const text = n < texts.length ? texts[n] : mutate(texts[n % texts.length], random);
      const { analysis } = checkOne(text);
      const file = [...analysis.files.keys()][0];
      const parsed = analysis.files.get(file)!.parsed;
      const index = buildIndex(analysis);
      const got = semanticTokens(index, file, text, parsed.file);
      assert.deepStrictEqual(got, semanticTokens(index, file, text, parsed.file, undefined, undefined, true), `text ${n}`);
      // One token at each place, the index's where a lexical one starts there too (in the
      // fixtures, a resource's `constructor` is its method, not the keyword).
      for (let i = 1; i < got.length; i++) assert.ok(got[i - 1].start < got[i].start, `text ${n}: two tokens at ${got[i].start}`);
      for (const t of n < texts.length ? got : []) if (text.slice(t.start, t.end) === 'constructor') { assert.equal(t.type, 'method', `text ${n} at ${t.start}`); constructors++; }
      compared += got.length;
      if (parsed.errors.length) broken++;
    }
    assert.ok(compared > 5000 && broken > 100 && constructors >= 3, `${compared} tokens compared, ${broken} broken texts, ${constructors} constructors`);
  });

  it('with the cache across keystrokes are a fresh request\'s, and a keystroke finds the other stretches', () => {
    const random = rng(0xcace);
    let text = readFileSync(join(fixtures, 'lsp', 'shop', 'types.wit'), 'utf8');
    for (let k = 0; k < 40; k++) text += `\n/// More ${k}.\ninterface more-${k} {\n  record r { a: u32, b: option<string> }\n  f: func(x: r) -> result<u8>;\n}\n`;
    const cache = { stretches: new Map<string, readonly unknown[]>() } as Parameters<typeof semanticTokens>[5] & object;
    let found = 0;
    let keystrokes = 0;
    for (let n = 0; n < 120; n++) {
      // A character typed or deleted somewhere, as a user does; every tenth a random edit.
      const at = Math.floor(random() * text.length);
      text = n % 10 === 9 ? mutate(text, random) : random() < 0.5 ? text.slice(0, at) + 'x' + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
      const { analysis } = checkOne(text);
      const file = [...analysis.files.keys()][0];
      const ast = analysis.files.get(file)!.parsed.file;
      const index = buildIndex(analysis);
      const before = new Set(cache.stretches.keys());
      const got = semanticTokens(index, file, text, ast, undefined, cache);
      assert.deepStrictEqual(got, semanticTokens(index, file, text, ast), `keystroke ${n} at ${at}`);
      const reused = [...cache.stretches.keys()].filter((k) => before.has(k)).length;
      if (n % 10 !== 9 && ast.items.length > 20) {
        keystrokes++;
        if (reused >= cache.stretches.size - 3) found++;
      }
    }
    assert.ok(keystrokes > 50 && found > keystrokes * 0.8, `${found} of ${keystrokes} keystrokes found all but three stretches`);
  });
});
