// Hover lexes only the items around the cursor for a built-in type's keyword: at every offset of
// the fixtures, and of texts an edit broke, it says what lexing the whole text says.
import assert from 'node:assert/strict';
import { computeHover } from 'wit-tools/server/ide/hover.js';
import { buildIndex } from 'wit-tools/server/ide/index.js';
import { checkOne } from '../support/analyze.js';
import { mutate, rng } from '../support/random.js';
import { ideTexts } from '../support/wit-files.js';

describe('ide: hover with the tree, lexing only the items around the cursor', function () {
  this.timeout(120_000);
  const all = ideTexts();

  const compare = (text: string, offsets: number[]) => {
    const { analysis } = checkOne(text);
    const file = [...analysis.files.keys()][0];
    const ast = analysis.files.get(file)!.parsed.file;
    const index = buildIndex(analysis);
    let builtins = 0;
    for (const offset of offsets) {
      const fast = computeHover(index, file, text, offset, ast);
      assert.deepEqual(fast, computeHover(index, file, text, offset), `at ${offset}: ${JSON.stringify(text.slice(Math.max(0, offset - 30), offset))}`);
      if (fast && !index.at(file, offset)) builtins++;
    }
    return builtins;
  };

  it('at every offset of the fixtures', () => {
    let builtins = 0;
    for (const text of all) builtins += compare(text, Array.from({ length: text.length + 1 }, (_, i) => i));
    assert.ok(builtins > 200, `${builtins} hovers on built-in types`);
  });

  it('in texts random edits broke', () => {
    const random = rng(0x40e5);
    let builtins = 0;
    for (let n = 0; n < 300; n++) {
      const text = mutate(all[n % all.length], random);
      builtins += compare(text, Array.from({ length: 40 }, () => Math.floor(random() * (text.length + 1))));
    }
    assert.ok(builtins > 100, `${builtins} hovers on built-in types`);
  });
});
