// Checks language-configuration.json the way VS Code reads it: regexes compiled from strings,
// onEnterRules tried in order with the first match winning.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './textmate.js';

interface EnterAction { indent: string; appendText?: string; removeText?: number }
interface EnterRule { beforeText: string; afterText?: string; previousLineText?: string; action: EnterAction }
interface AutoClosingPair { open: string; close: string; notIn?: string[] }
interface LanguageConfiguration {
  comments: { lineComment: string; blockComment: [string, string] };
  brackets: Array<[string, string]>;
  colorizedBracketPairs?: Array<[string, string]>;
  autoClosingPairs: AutoClosingPair[];
  surroundingPairs: Array<[string, string]>;
  wordPattern: string;
  indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
  onEnterRules: EnterRule[];
  folding?: { markers?: { start: string; end: string } };
}

const config = JSON.parse(
  readFileSync(path.join(repoRoot, 'language-configuration.json'), 'utf8'),
) as LanguageConfiguration;

/** The words VS Code would see in `text` (double-click selection, word-based suggestions). */
function words(text: string): string[] {
  return [...text.matchAll(new RegExp(config.wordPattern, 'g'))].map((match) => match[0]);
}

/** The action VS Code takes on Enter with the cursor between `before` and `after`. */
function onEnter(before: string, after = '', previousLine = ''): EnterAction | undefined {
  for (const rule of config.onEnterRules) {
    if (!new RegExp(rule.beforeText).test(before)) continue;
    if (rule.afterText !== undefined && !new RegExp(rule.afterText).test(after)) continue;
    if (rule.previousLineText !== undefined && !new RegExp(rule.previousLineText).test(previousLine)) continue;
    return rule.action;
  }
  return undefined;
}

describe('language configuration', () => {
  it('declares WIT comments', () => {
    assert.equal(config.comments.lineComment, '//');
    assert.deepEqual(config.comments.blockComment, ['/*', '*/']);
  });

  it('declares the three bracket pairs', () => {
    for (const pair of [['{', '}'], ['(', ')'], ['<', '>']]) {
      assert.ok(config.brackets.some((b) => b[0] === pair[0] && b[1] === pair[1]), `brackets lack ${pair.join('')}`);
    }
  });

  it('auto-closes and surrounds with brackets and quotes', () => {
    for (const open of ['{', '(', '<', '"']) {
      assert.ok(config.autoClosingPairs.some((p) => p.open === open), `no auto-closing for ${open}`);
      assert.ok(config.surroundingPairs.some((p) => p[0] === open), `no surrounding for ${open}`);
    }
    const angle = config.autoClosingPairs.find((p) => p.open === '<');
    assert.deepEqual(angle?.notIn, ['string', 'comment'], '`<` must not auto-close inside comments');
  });

  describe('wordPattern', () => {
    const cases: Array<[string, string[]]> = [
      ['get-user-name: func()', ['get-user-name', 'func']],
      ['interface %interface {', ['interface', '%interface']],
      ['type t = list-of-things;', ['type', 't', 'list-of-things']],
      ['f: func(a: u8) -> result<_, error-code>;', ['f', 'func', 'a', 'u8', 'result', '_', 'error-code']],
      ['package wasi:http@0.3.0;', ['package', 'wasi', 'http', '0.3.0']],
      ['x->y', ['x', 'y']],
    ];
    for (const [text, expected] of cases) {
      it(`splits ${JSON.stringify(text)}`, () => assert.deepEqual(words(text), expected));
    }
  });

  describe('onEnterRules', () => {
    it('continues a /// doc comment', () => {
      assert.deepEqual(onEnter('  /// docs'), { indent: 'none', appendText: '/// ' });
      assert.deepEqual(onEnter('/// '), { indent: 'none', appendText: '/// ' });
    });

    it('does not continue // or //// comments', () => {
      assert.equal(onEnter('  // note'), undefined);
      assert.equal(onEnter('//// banner'), undefined);
      assert.equal(onEnter('  get: func(); // trailing'), undefined);
    });

    it('opens a /** */ block with " * "', () => {
      assert.deepEqual(onEnter('  /**', ' */'), { indent: 'indentOutdent', appendText: ' * ' });
      assert.deepEqual(onEnter('  /** Starts here'), { indent: 'none', appendText: ' * ' });
    });

    it('continues " * " lines inside /** */ and stops after the close', () => {
      assert.deepEqual(onEnter('   * more text', '', '  /**'), { indent: 'none', appendText: '* ' });
      assert.deepEqual(onEnter('   */'), { indent: 'none', removeText: 1 });
      assert.equal(onEnter('  /** one line */'), undefined);
    });
  });

  describe('indentationRules', () => {
    const increase = new RegExp(config.indentationRules.increaseIndentPattern);
    const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);

    it('indents after an opening brace or parenthesis', () => {
      assert.match('interface types {', increase);
      assert.match('  record point { // comment', increase);
      assert.match('  describe: func(', increase);
      assert.doesNotMatch('  record empty {}', increase);
      assert.doesNotMatch('  get: func() -> u32;', increase);
      assert.doesNotMatch('  /// see {', increase);
    });

    it('outdents on a closing brace or parenthesis', () => {
      assert.match('}', decrease);
      assert.match('  ) -> string;', decrease);
      assert.doesNotMatch('  x: u32,', decrease);
    });
  });

  it('has folding markers for // region comments', () => {
    assert.ok(config.folding?.markers);
    assert.match('  // #region types', new RegExp(config.folding.markers.start));
    assert.match('  // #endregion', new RegExp(config.folding.markers.end));
  });
});
