// The fast path of parseWit (syntax/fast.ts) against the chevrotain grammar it stands in for: on
// every input, either it gives up (and then the grammar must have something to report) or its tree
// is the grammar's, node for node and span for span. And it must not give up on input the grammar
// takes without a word: the fast path is only fast if it is taken.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseFast } from 'wit-tools/server/syntax/fast.js';
import { parseWithGrammar } from 'wit-tools/server/syntax/parse.js';
import { parseWit } from 'wit-tools/server/syntax/index.js';
import { sharedCorpus } from '../support/paths.js';
import { mutate, rng } from '../support/random.js';
import { projectWit, witFilesUnder } from '../support/wit-files.js';
import { largeWit } from '../bench/lsp-bench.js';

interface Tally { inputs: number; fast: number; refused: number; prefixed?: number }

/** Checks the contract on `text`; counts what happened. */
function agree(text: string, tally: Tally, label: string): void {
  const grammar = parseWithGrammar(text);
  const { file: fast, prefix } = parseFast(text);
  tally.inputs++;
  // Whatever path parseWit takes (the fast path, its clean prefix then the grammar, the grammar),
  // its tree and errors are the grammar's.
  assert.deepStrictEqual(parseWit(text), grammar, `${label}: parseWit differs from the grammar\n${text}`);
  if (prefix && prefix.end > 0) tally.prefixed = (tally.prefixed ?? 0) + 1;
  if (fast) {
    tally.fast++;
    assert.deepEqual(grammar.errors, [], `${label}: the fast path took input the grammar reports: ${JSON.stringify(grammar.errors[0])}\n${text}`);
    assert.deepStrictEqual(fast, grammar.file, `${label}: the trees differ\n${text}`);
  } else {
    tally.refused++;
    assert.ok(grammar.errors.length > 0, `${label}: the fast path gave up on input the grammar takes without an error\n${text}`);
  }
}

/** Random WIT that the grammar accepts, using every construct the grammar knows. */
function randomWit(random: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const maybe = (p = 0.5) => random() < p;
  const nl = () => (maybe(0.1) ? '\r\n' : '\n');
  const plainName = () => pick(['a', 'x-y', 'point', 'read-all', 'v2', 'ABC', 'foo-bar-baz']);
  const idOf = () => (maybe(0.2) ? `%${pick(['type', 'interface', 'u8', 'result', plainName()])}` : plainName());
  const version = () => pick(['1.0.0', '0.2.0-rc-2023-11-10', '1.2.3+build.5', '2.0.0-alpha.1+x-y', '10.20.30']);
  const docs = () => (maybe(0.3) ? pick(['/// doc' + nl(), '/** block */ ', '// plain' + nl(), '/* outer /* nested */ */ ', '/// a' + nl() + '/// b  ' + nl()]) : '');
  const attrs = () => {
    let s = '';
    while (maybe(0.15)) s += pick([`@since(version = ${version()})`, `@unstable(feature = ${plainName()})`, `@deprecated(version = ${version()})`, '@external-id("ext:\\u{41}\\n")']) + pick([' ', nl()]);
    return s;
  };
  const sep = () => pick([', ', ',', ' ,  ', `,${nl()}  `]);
  const trailing = () => (maybe(0.2) ? ',' : '');
  const listOf = (n: number, f: () => string) => Array.from({ length: n }, f).join(sep()) + (n ? trailing() : '');
  const type = (depth: number): string => {
    if (depth > 3 || maybe(0.4)) return pick(['u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64', 'f32', 'f64', 'char', 'bool', 'string', 'error-context', idOf()]);
    const t = () => type(depth + 1);
    return pick([
      () => `list<${t()}>`, () => `list<${t()}, ${pick(['0', '4', '4294967295'])}>`, () => `option<${t()}>`, () => `tuple<${listOf(Math.floor(random() * 3), t)}>`,
      () => `map<${t()}, ${t()}>`, () => 'result', () => `result<${t()}>`, () => `result<_, ${t()}>`, () => `result<${t()}, ${t()}>`,
      () => 'future', () => `future<${t()}>`, () => 'stream', () => `stream<${t()}>`, () => `own<${idOf()}>`, () => `borrow<${idOf()}>`,
    ])();
  };
  const params = () => `(${listOf(Math.floor(random() * 3), () => `${idOf()}: ${type(0)}`)})`;
  const func = () => `${maybe(0.2) ? 'async ' : ''}func${params()}${maybe() ? ` -> ${type(0)}` : ''}`;
  const typeDef = (): string => pick([
    () => `type ${idOf()} = ${type(0)};`,
    () => `record ${idOf()} {${listOf(Math.floor(random() * 3), () => `${docs()}${idOf()}: ${type(0)}`)}}`,
    () => `variant ${idOf()} {${listOf(Math.floor(random() * 3), () => `${docs()}${idOf()}${maybe() ? `(${type(0)})` : ''}`)}}`,
    () => `enum ${idOf()} {${listOf(Math.floor(random() * 3), () => `${docs()}${idOf()}`)}}`,
    () => `flags ${idOf()} {${listOf(Math.floor(random() * 3), () => `${docs()}${idOf()}`)}}`,
    () => `resource ${idOf()};`,
    () => `resource ${idOf()} {${nl()}${Array.from({ length: Math.floor(random() * 3) }, () => `${docs()}${attrs()}${pick([
      () => `constructor${params()}${maybe(0.3) ? ` -> result<${idOf()}, ${type(0)}>` : ''};`,
      () => `${idOf()}: ${maybe(0.3) ? 'static ' : ''}${func()};`,
    ])()}`).join(nl())}}`,
  ])();
  const usePath = () => (maybe() ? idOf() : `${plainName()}:${plainName()}/${idOf()}${maybe() ? `@${version()}` : ''}`);
  const use = () => `use ${usePath()}.{${listOf(Math.floor(random() * 3), () => `${idOf()}${maybe(0.3) ? ` as ${idOf()}` : ''}`)}};`;
  const interfaceItems = () => Array.from({ length: Math.floor(random() * 4) }, () => `  ${docs()}${attrs()}${pick([typeDef, use, () => `${idOf()}: ${func()};`])()}`).join(nl());
  const worldItem = () => `  ${docs()}${attrs()}${pick([
    () => `${pick(['import', 'export'])} ${idOf()}: ${func()};`,
    () => `${pick(['import', 'export'])} ${idOf()}: interface {${nl()}${interfaceItems()}${nl()}}`,
    () => `${pick(['import', 'export'])} ${idOf()}: ${usePath()};`,
    () => `${pick(['import', 'export'])} ${usePath()};`,
    use, typeDef,
    () => `include ${usePath()};`,
    () => `include ${usePath()} with {${listOf(Math.floor(random() * 3), () => `${idOf()} as ${idOf()}`)}}`,
  ])()}`;
  const topItem = (depth: number): string => `${docs()}${pick([
    () => `${attrs()}interface ${idOf()} {${nl()}${interfaceItems()}${nl()}}`,
    () => `${attrs()}world ${idOf()} {${nl()}${Array.from({ length: Math.floor(random() * 4) }, worldItem).join(nl())}${nl()}}`,
    () => `${attrs()}use ${usePath()}${maybe() ? ` as ${idOf()}` : ''};`,
    () => (depth < 2 ? `package ${plainName()}:${plainName()}${maybe() ? `@${version()}` : ''} {${nl()}${Array.from({ length: Math.floor(random() * 3) }, () => topItem(depth + 1)).join(nl())}${nl()}}` : `interface ${idOf()} {}`),
  ])()}`;
  const header = maybe(0.7) ? `${docs()}package ${plainName()}:${plainName()}${maybe() ? `@${version()}` : ''};${nl()}` : '';
  const bom = maybe(0.05) ? '\ufeff' : '';
  return `${bom}${header}${Array.from({ length: 1 + Math.floor(random() * 4) }, () => topItem(0)).join(nl() + nl())}${nl()}${maybe(0.2) ? '// the end' : ''}`;
}

describe('syntax: the fast path builds the grammar’s tree, or leaves the input to the grammar', function () {
  this.timeout(600_000);

  it('every .wit under test/, examples/ and the shared corpus', () => {
    const files = [...projectWit(), ...(sharedCorpus ? witFilesUnder(sharedCorpus).map((path) => ({ path, text: readFileSync(path, 'utf8') })) : [])];
    const tally: Tally = { inputs: 0, fast: 0, refused: 0 };
    for (const { path, text } of files) agree(text, tally, path);
    assert.ok(tally.fast > 100, `the fast path was taken ${tally.fast} times`);
    assert.ok(tally.refused > 10, `the fixtures with errors were left to the grammar (${tally.refused})`);
  });

  it('3,000 random inputs built from every construct of the grammar, and each of them edited at random', () => {
    const random = rng(0xfa57);
    const valid: Tally = { inputs: 0, fast: 0, refused: 0 };
    const edited: Tally = { inputs: 0, fast: 0, refused: 0 };
    for (let i = 0; i < 3000; i++) {
      const text = randomWit(random);
      agree(text, valid, `random input ${i}`);
      agree(mutate(text, random), edited, `edit of random input ${i}`);
    }
    // The generator writes valid WIT: all of it takes the fast path; the edits break most inputs, not all.
    assert.equal(valid.fast, valid.inputs);
    assert.ok(edited.refused > edited.inputs / 2 && edited.fast > 50, `edited: fast ${edited.fast}, refused ${edited.refused}`);
  });

  it('10,000 random edits of the project’s own WIT', () => {
    const sources = projectWit();
    const random = rng(0x5eed2);
    const tally: Tally = { inputs: 0, fast: 0, refused: 0 };
    const perSource = Math.ceil(10_000 / sources.length);
    for (const { path, text } of sources) for (let i = 0; i < perSource; i++) agree(mutate(text, random), tally, `edit of ${path}`);
    // Many broken inputs have a clean beginning, parsed by the fast path before the grammar takes over.
    assert.ok(tally.inputs >= 10_000 && tally.fast > 100 && tally.refused > tally.inputs / 2 && (tally.prefixed ?? 0) > 1000, JSON.stringify(tally));
  });

  it('a large generated file takes the fast path; parseWit gives its tree with no errors, tokens on request', () => {
    const text = largeWit(256 * 1024);
    const fast = parseFast(text).file;
    assert.ok(fast, 'the fast path was taken');
    assert.deepStrictEqual(fast, parseWithGrammar(text).file);
    const withTokens = parseWit(text, { tokens: true });
    const grammar = parseWithGrammar(text, { tokens: true });
    assert.deepStrictEqual(withTokens, grammar);
  });

  it('a large file broken at its start, middle and end: the clean beginning by the fast path, the rest by the grammar, the grammar’s tree and errors', () => {
    const text = largeWit(128 * 1024);
    const tally: Tally = { inputs: 0, fast: 0, refused: 0 };
    for (const at of [0.02, 0.5, 0.98]) {
      const p = text.indexOf('\ninterface ', Math.floor(text.length * at)) + 1;
      for (const breakage of ['record r {', '~', '/* open', '@since(version = 1.0)', 'interface x { f: func(s: "\\q"); }', '}', 'package a:b;']) {
        agree(text.slice(0, p) + breakage + text.slice(p), tally, `${breakage} at ${at}`);
      }
    }
    assert.equal(tally.refused, tally.inputs);
    assert.ok((tally.prefixed ?? 0) >= 14, JSON.stringify(tally));
  });

  it('gives up at each kind of problem the grammar reports', () => {
    const cases = [
      'interface a { f: func(; }', // syntax
      'interface a { x: func(); }\u0007', // a control code
      'interface a \u202e{ }', // a bidi override
      'interface a { } \r', // a lone CR
      'interface a { } /* open', // an unterminated comment
      'interface a--b { }', // a misspelt name
      'package a:b@1.0.01;', // a bad version
      '@nope(x) interface a { }', // an unknown attribute
      '@since(feature = 1.0.0) interface a { }', // the wrong key
      '@since(version = 1.0.0) package a:b { }', // attributes on a nested package
      'interface a { type t = list<u8, 99999999999>; }', // a list size too large
      'interface a { @external-id("\\q") type t = u8; }', // a bad string escape
      `interface a { type t = ${'option<'.repeat(101)}u8${'>'.repeat(101)}; }`, // nesting past wit-parser's limit
      'interface a { } ~', // a character that starts no token
    ];
    for (const text of cases) {
      assert.equal(parseFast(text).file, undefined, text);
      assert.ok(parseWit(text).errors.length > 0, text);
    }
  });
});
