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
import { rng } from '../support/random.js';

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
});
