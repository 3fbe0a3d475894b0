// Completion lexes from the last top-level item before the cursor, not from the file's start:
// what it offers must be what lexing the whole text before the cursor offers — in valid files,
// and in files an edit broke (where it must fall back to the whole).
import assert from 'node:assert/strict';
import { computeCompletion } from 'wit-tools/server/ide/completion.js';
import { buildIndex } from 'wit-tools/server/ide/index.js';
import { checkOne } from '../support/analyze.js';
import { mutate, rng } from '../support/random.js';
import { ideTexts } from '../support/wit-files.js';

/** Completion at `offset` with the tree's help, and as it was (the whole text before the cursor lexed). */
function both(text: string, offset: number) {
  const { analysis } = checkOne(text);
  const file = [...analysis.files.keys()][0];
  const parsed = analysis.files.get(file)!.parsed;
  const index = buildIndex(analysis);
  const ctx = { index, file, text, ast: parsed.file, offset };
  return { fast: computeCompletion({ ...ctx, errors: parsed.errors }), whole: computeCompletion(ctx), errors: parsed.errors.length };
}

describe('ide: completion from the last item before the cursor', function () {
  this.timeout(120_000);
  const all = ideTexts();

  it('offers what lexing from the start offers, at every token edge of the fixtures', () => {
    assert.ok(all.length >= 6, `${all.length} files`);
    let compared = 0;
    let offered = 0;
    for (const text of all) {
      const { analysis } = checkOne(text);
      const file = [...analysis.files.keys()][0];
      const parsed = analysis.files.get(file)!.parsed;
      const index = buildIndex(analysis);
      for (let offset = 0; offset <= text.length; offset++) {
        // Token edges and the start of each line: where a user types.
        const c = text[offset - 1];
        if (offset > 0 && offset < text.length && !/[\s;{}(),<>:.]/.test(c) && text[offset - 1] !== '\n') continue;
        const ctx = { index, file, text, ast: parsed.file, offset };
        const fast = computeCompletion({ ...ctx, errors: parsed.errors });
        assert.deepEqual(fast, computeCompletion(ctx), `at ${offset}: ${JSON.stringify(text.slice(Math.max(0, offset - 40), offset))}`);
        compared++;
        if (fast.items.length) offered++;
      }
    }
    assert.ok(compared > 1000 && offered > compared / 3, `${compared} places compared, ${offered} with items`);
  });

  it('and in texts random edits broke (a brace opened or closed, a word cut, a comment opened)', () => {
    const random = rng(0xc0c0);
    let broken = 0;
    for (let n = 0; n < 600; n++) {
      const text = mutate(all[n % all.length], random);
      const offset = Math.floor(random() * (text.length + 1));
      const r = both(text, offset);
      assert.deepEqual(r.fast, r.whole, `text ${n}, cursor ${offset}: ${JSON.stringify(text.slice(Math.max(0, offset - 40), offset))}`);
      if (r.errors) broken++;
    }
    assert.ok(broken > 200, `${broken} of 600 texts broken`);
  });
});
