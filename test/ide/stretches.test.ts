// What the editor asks of a whole file after each keystroke, taken a stretch at a time and kept by
// the stretches' texts (ide/stretches.ts): the comments folding needs must be the whole text's,
// in the fixtures, in texts random edits broke, and across keystrokes with the cache.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commentsOf } from 'wit-tools/server/ide/structure.js';
import type { Comment } from 'wit-tools/server/syntax/index.js';
import { lexWit, parseWit } from 'wit-tools/server/syntax/index.js';
import { fixtures } from '../support/paths.js';
import { mutate, rng } from '../support/random.js';
import { ideTexts } from '../support/wit-files.js';

describe('ide: comments a stretch at a time', () => {
  it('are the whole text\'s, in the fixtures and in texts random edits broke', () => {
    const random = rng(0xc033);
    const texts = ideTexts();
    let compared = 0;
    for (let n = 0; n < texts.length + 300; n++) {
      const text = n < texts.length ? texts[n] : mutate(texts[n % texts.length], random);
      const got = commentsOf(text, parseWit(text).file);
      assert.deepStrictEqual(got, lexWit(text).comments, `text ${n}`);
      compared += got.length;
    }
    assert.ok(compared > 1000, `${compared} comments compared`);
  });

  it('with the cache across keystrokes, lexing again only the stretch typed in', () => {
    const random = rng(0xf01d);
    let text = readFileSync(join(fixtures, 'format', 'comments.wit'), 'utf8');
    for (let k = 0; k < 30; k++) text += `\n// A comment ${k}.\n/// Docs ${k}.\ninterface more-${k} {\n  // inside\n  f: func(); /* after */\n}\n`;
    const cache = { stretches: new Map<string, readonly Comment[]>() };
    let found = 0;
    for (let n = 0; n < 100; n++) {
      const at = Math.floor(random() * text.length);
      text = random() < 0.5 ? text.slice(0, at) + '/' + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
      const ast = parseWit(text).file;
      const before = new Set(cache.stretches.keys());
      assert.deepStrictEqual(commentsOf(text, ast, cache), lexWit(text).comments, `keystroke ${n} at ${at}`);
      if ([...cache.stretches.keys()].filter((k) => !before.has(k)).length <= 3) found++;
    }
    assert.ok(found > 80, `${found} of 100 keystrokes lexed at most three stretches again`);
  });
});
