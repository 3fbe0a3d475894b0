// Hover lexes only the items around the cursor for a built-in type's keyword: at every offset of
// the fixtures, and of texts an edit broke, it says what lexing the whole text says.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { computeHover } from 'wit-tools/server/ide/hover.js';
import { buildIndex } from 'wit-tools/server/ide/index.js';
import { checkOne } from '../support/analyze.js';
import { fixtures } from '../support/paths.js';
import { rng } from '../support/random.js';

describe('ide: hover with the tree, lexing only the items around the cursor', function () {
  this.timeout(120_000);
  const all: string[] = [];
  for (const dir of [join(fixtures, 'format'), join(fixtures, 'lsp', 'shop')]) {
    for (const f of readdirSync(dir)) if (f.endsWith('.wit')) all.push(readFileSync(join(dir, f), 'utf8').replace(/^\uFEFF/, ''));
  }

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

  it('in texts an edit broke', () => {
    const random = rng(0x40e5);
    const edits = ['{', '}', '', '/*', '*/', 'u32', '"', ' string'];
    let builtins = 0;
    for (let n = 0; n < 300; n++) {
      const base = all[n % all.length];
      const at = Math.floor(random() * base.length);
      const ins = edits[Math.floor(random() * edits.length)];
      const text = base.slice(0, at) + ins + base.slice(ins === '' ? at + 3 : at);
      builtins += compare(text, Array.from({ length: 40 }, () => Math.floor(random() * (text.length + 1))));
    }
    assert.ok(builtins > 100, `${builtins} hovers on built-in types`);
  });
});
