// The index's occurrences of a symbol in one file (what highlights ask, without keying the whole
// root's occurrences by symbol) are those `occurrences` keys, for every name in the fixtures and
// in texts random edits broke — `use`d names standing for the types they import included.
import assert from 'node:assert/strict';
import { buildIndex } from 'wit-tools/server/ide/index.js';
import { checkOne } from '../support/analyze.js';
import { mutate, rng } from '../support/random.js';
import { ideTexts } from '../support/wit-files.js';

describe('ide: the index, a symbol\'s occurrences in one file', () => {
  it('are what occurrences holds for the file', () => {
    const random = rng(0x1dec);
    const texts = ideTexts();
    let compared = 0;
    let throughUse = 0;
    for (let n = 0; n < texts.length + 100; n++) {
      const text = n < texts.length ? texts[n] : mutate(texts[n % texts.length], random);
      const { analysis } = checkOne(text);
      const index = buildIndex(analysis);
      for (const [file, list] of index.byFile) {
        for (const o of list) {
          const byKey = index.occurrences(o.symbol).filter((x) => x.file === file).map((x) => x.occ).sort((a, b) => a.start - b.start || Number(b.definition) - Number(a.definition));
          const got = index.occurrencesIn(file, o.symbol);
          assert.deepStrictEqual(got, byKey, `text ${n}, ${JSON.stringify(o.symbol)} at ${o.start}`);
          compared++;
          if (got.some((x) => x.symbol.kind === 'type' && o.symbol.kind === 'type' && x.symbol.id !== o.symbol.id)) throughUse++;
        }
      }
    }
    assert.ok(compared > 2000 && throughUse > 50, `${compared} names compared, ${throughUse} through a use`);
  });
});
