// lexWit scans text that lexes without a problem with the fast path's scanner (lexFast) and
// leaves the rest to chevrotain's lexer. For every text the scanner takes, its tokens and comments
// must be chevrotain's, token for token: kinds, texts, offsets, doc and block comments.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { lexFast } from 'wit-tools/server/syntax/fast.js';
import { lexedFrom } from 'wit-tools/server/syntax/lex.js';
import { tokenize } from 'wit-tools/server/syntax/lexer.js';
import { sharedCorpus } from '../support/paths.js';
import { mutate, rng } from '../support/random.js';
import { projectWit, witFilesUnder } from '../support/wit-files.js';
import { largeWit } from '../bench/lsp-bench.js';

/** Whether the scanner took `text`; when it did, its output is chevrotain's. */
function agrees(text: string, label: string): boolean {
  const fast = lexFast(text);
  if (!fast) return false;
  assert.deepStrictEqual(fast, lexedFrom(tokenize(text)), label);
  return true;
}

describe('syntax: the fast scanner lexes as chevrotain does', function () {
  this.timeout(300_000);

  it('every .wit under test/, examples/ and the shared corpus, and a generated 256 KB file', () => {
    const files = [...projectWit(), ...(sharedCorpus ? witFilesUnder(sharedCorpus).map((path) => ({ path, text: readFileSync(path, 'utf8') })) : [])];
    files.push({ path: 'generated', text: largeWit(256 * 1024) });
    const taken = files.filter((f) => agrees(f.text, f.path)).length;
    // The broken fixtures (a bad character, an unclosed comment) go to chevrotain.
    assert.ok(taken > files.length * 0.8, `the scanner took ${taken} of ${files.length}`);
  });

  it('5,000 random edits of the project’s own WIT', () => {
    const random = rng(0x1e71);
    const sources = projectWit();
    let taken = 0;
    for (let i = 0; i < 5000; i++) {
      const { path, text } = sources[i % sources.length];
      if (agrees(mutate(text, random), `edit ${i} of ${path}`)) taken++;
    }
    assert.ok(taken > 1000, `the scanner took ${taken} of 5000 edits`);
  });
});
