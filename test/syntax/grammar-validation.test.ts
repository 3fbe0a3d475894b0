// The tools build the parser without chevrotain's checks of the grammar (a third of its
// start-up); here they run: chevrotain throws on ambiguous alternatives, left recursion or an
// unresolved rule reference.
import assert from 'node:assert/strict';
import { WitGrammar } from 'wit-tools/server/syntax/grammar.js';

describe('syntax: the grammar passes chevrotain\'s own validations', () => {
  it('builds with validations on', () => {
    assert.doesNotThrow(() => new WitGrammar(true));
  });
});
