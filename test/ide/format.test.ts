import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { formatEdits, formatRange, formatWit, type FormatOptions, type TextEdit } from 'wit-tools/server/ide/format.js';
import { analyzeRoot } from 'wit-tools/server/semantic/analyze.js';
import { resolveToJson } from 'wit-tools/server/semantic/json.js';
import { lexWit, parseWit } from 'wit-tools/server/syntax/index.js';
import { nodeFileSystem } from 'wit-tools/server/workspace/fs.js';
import { loadRoot, type PackageSource, type RootSource } from 'wit-tools/server/workspace/loader.js';
import { assertGolden } from '../support/golden.js';
import { fixtures, sharedCorpus } from '../support/paths.js';
import { mutate, rng } from '../support/random.js';
import { projectWit, witFilesUnder } from '../support/wit-files.js';

const dir = join(fixtures, 'format');

/** The formatted text; fails the test when the formatter refuses. */
function fmt(text: string, options?: FormatOptions): string {
  const r = formatWit(text, options);
  if ('error' in r) assert.fail(r.error);
  return r.text;
}

/** Comments in order, as the formatter promises to keep them (line comments without trailing blanks). */
function comments(text: string): string[] {
  return lexWit(text).comments.map((c) => (c.block ? c.text : c.text.replace(/\s+$/, '')));
}

/** Tokens in order, commas aside (the formatter adds and drops trailing ones). */
function words(text: string): string[] {
  return lexWit(text).tokens.filter((t) => t.text !== ',').map((t) => t.text);
}

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

describe('format: golden fixtures (test/fixtures/format)', () => {
  const inputs = readdirSync(dir).filter((f) => f.endsWith('.wit')).sort();

  it('has fixtures for every construct and comment position', () => {
    for (const name of ['comments.wit', 'constructs.wit', 'gates.wit', 'long-lines.wit', 'bom-crlf.wit', 'syntax-errors.wit']) assert.ok(inputs.includes(name), name);
  });

  for (const name of inputs) {
    it(name, () => {
      const text = readFileSync(join(dir, name), 'utf8');
      const out = fmt(text);
      assertGolden(join(dir, `${name}.formatted`), out);
      assert.equal(fmt(out), out, 'formatting the output changes nothing');
      assert.deepEqual(comments(out), comments(text));
      assert.deepEqual(words(out), words(text));
    });
  }
});

describe('format: the style', () => {
  const cases: [string, string, string][] = [
    ['func spacing', 'package a:b;\ninterface i{f:func(a:u32,b:string)->result<u32,string>;}', 'package a:b;\n\ninterface i {\n  f: func(a: u32, b: string) -> result<u32, string>;\n}\n'],
    ['one item per line', 'package a:b;\ninterface i { type a = u32; type b = a; }', 'package a:b;\n\ninterface i {\n  type a = u32;\n  type b = a;\n}\n'],
    ['a blank line between top-level items', 'package a:b;\ninterface i {}\ninterface j {}\nworld w {}', 'package a:b;\n\ninterface i {}\n\ninterface j {}\n\nworld w {}\n'],
    ['at most one blank line inside bodies, as written', 'interface i {\n\n\n  type a = u32;\n\n\n\n  type b = a;\n  type c = b;\n\n}', 'interface i {\n  type a = u32;\n\n  type b = a;\n  type c = b;\n}\n'],
    ['trailing commas in case bodies', 'interface i { record r { a: u32, b: u32 } enum e { x, y, } }', 'interface i {\n  record r {\n    a: u32,\n    b: u32,\n  }\n  enum e {\n    x,\n    y,\n  }\n}\n'],
    ['no trailing comma in one-line lists', 'interface i { use j.{a, b,}; f: func(a: u32,); type t = tuple<u8, u16,>; }', 'interface i {\n  use j.{a, b};\n  f: func(a: u32);\n  type t = tuple<u8, u16>;\n}\n'],
    ['gates on their own lines', 'interface i { @since(version=1.0.0) @deprecated(version=1.0.1) f: func(); }', 'interface i {\n  @since(version = 1.0.0)\n  @deprecated(version = 1.0.1)\n  f: func();\n}\n'],
    ['empty bodies', 'interface i {\n\n}\nworld w {   }', 'interface i {}\n\nworld w {}\n'],
    ['names keep their `%`', 'interface %interface { type %type = u32; }', 'interface %interface {\n  type %type = u32;\n}\n'],
    ['consecutive top-level uses stay together', 'package a:b;\nuse x:y/z;\nuse x:y/w as w2;\ninterface i {}', 'package a:b;\n\nuse x:y/z;\nuse x:y/w as w2;\n\ninterface i {}\n'],
    ['include with', 'world w { include v with {a as b,c as d} }', 'world w {\n  include v with { a as b, c as d }\n}\n'],
    ['a comment among parameters breaks the list', 'interface i { f: func(a: u32, // why\n b: u32); }', 'interface i {\n  f: func(\n    a: u32, // why\n    b: u32,\n  );\n}\n'],
    ['a block comment inside a line stays inline', 'interface i { f: func(a: /* x */ u32); }', 'interface i {\n  f: func(a: /* x */ u32);\n}\n'],
    ['empty text', '', ''],
    ['only blanks', '  \n\n\t\n', ''],
    ['only a comment', '\n\n// hello   \n\n', '// hello\n'],
    ['a block comment left open at the end is not closed by a line break', 'interface i {}\n/* open', 'interface i {}\n\n/* open'],
    ['a stray character is kept where it was', 'interface i {}\n$\ninterface  j {}', 'interface i {}\n\n$\n\ninterface j {}\n'],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => assert.equal(fmt(input), expected));
  }

  it('keeps CRLF line endings and a BOM', () => {
    assert.equal(fmt('\ufeffpackage a:b;\r\ninterface i { f: func(); }\r\n'), '\ufeffpackage a:b;\r\n\r\ninterface i {\r\n  f: func();\r\n}\r\n');
  });

  it('indents by `indent` spaces', () => {
    assert.equal(fmt('interface i { record r { a: u32 } }', { indent: 4 }), 'interface i {\n    record r {\n        a: u32,\n    }\n}\n');
  });

  it('breaks a parameter list only when the line would be longer than `maxWidth`', () => {
    const text = 'interface i { f: func(first: u32, second: u32) -> u32; }';
    assert.equal(fmt(text, { maxWidth: 42 }), 'interface i {\n  f: func(first: u32, second: u32) -> u32;\n}\n');
    assert.equal(fmt(text, { maxWidth: 41 }), 'interface i {\n  f: func(\n    first: u32,\n    second: u32,\n  ) -> u32;\n}\n');
  });

  it('reports `changed`', () => {
    const r1 = formatWit('interface i {}\n');
    const r2 = formatWit('interface  i {}\n');
    assert.ok(!('error' in r1) && !r1.changed);
    assert.ok(!('error' in r2) && r2.changed);
  });
});

describe('format: doc comments keep their meaning', () => {
  it('keeps every comment between the same two tokens (wit-parser reads them as docs)', () => {
    const text = 'package a:b@1.0.0;\ninterface i {\n  f: func(); // after f\n  /// docs of g\n  g: func();\n  @since(version = 1.0.0) /* after the gate */ h: func();\n  record r { a: u32 /* after a */ }\n}\n';
    const out = fmt(text);
    const json = (t: string) => {
      const a = analyzeRoot(rootOf({ '/w/t.wit': t }), { allFeatures: true });
      assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error'), []);
      return resolveToJson(a.resolve!);
    };
    assert.deepEqual(json(out), json(text));
    assert.match(out, /f: func\(\); \/\/ after f\n {2}\/\/\/ docs of g\n {2}g: func\(\);/);
  });
});

describe('format: files with syntax errors', () => {
  const text = readFileSync(join(dir, 'syntax-errors.wit'), 'utf8');

  it('leaves each broken region byte-for-byte and formats the rest', () => {
    const r = formatWit(text);
    assert.ok(!('error' in r));
    assert.ok(r.skipped.length >= 3, 'the broken items are reported as skipped');
    for (const s of r.skipped) assert.ok(r.text.includes(text.slice(s.start, s.end)), `region ${s.start}-${s.end} kept as written`);
    assert.ok(r.text.includes('interface broken {\n    f: func(a: u32 b: u32);\n      g:   func();\n}'));
    assert.ok(r.text.includes('interface good-before {\n  f: func();\n}'), 'the clean items are formatted');
    assert.ok(r.text.includes('world w {\n  export good-after;\n}'));
  });

  it('never loses text: 2,000 broken variants of the fixtures keep every token, comment and stray character', () => {
    const random = rng(0xf0a7);
    const base = readdirSync(dir).filter((f) => f.endsWith('.wit')).map((f) => readFileSync(join(dir, f), 'utf8'));
    const failures: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const input = mutate(base[i % base.length], random);
      const r = formatWit(input);
      if ('error' in r) { failures.push(`#${i}: refused: ${r.error}`); continue; }
      const a = lexWit(input);
      const b = lexWit(r.text);
      if (JSON.stringify(words(input)) !== JSON.stringify(words(r.text))) failures.push(`#${i}: tokens differ`);
      if (JSON.stringify(comments(input)) !== JSON.stringify(comments(r.text))) failures.push(`#${i}: comments differ`);
      if (a.errors.length !== b.errors.length) failures.push(`#${i}: stray characters differ`);
      for (const s of r.skipped) if (!r.text.includes(input.slice(s.start, s.end))) failures.push(`#${i}: region ${s.start}-${s.end} changed`);
      if (fmt(r.text) !== r.text) failures.push(`#${i}: not idempotent ${JSON.stringify(input)}`);
    }
    assert.deepEqual(failures, []);
  });
});

describe('format: edits for the editor', () => {
  const text = 'package a:b;\ninterface one{f:func();}\ninterface   two {  g : func ( ) ;  }\nworld w{export one;}\n';

  it('formatEdits: applying the edits gives the formatted text, and they only touch whitespace and commas', () => {
    const edits = formatEdits(text);
    assert.equal(applyEdits(text, edits), fmt(text));
    for (const e of edits) assert.match(text.slice(e.start, e.end) + e.newText, /^[\s,]*$/);
    assert.deepEqual(formatEdits(fmt(text)), [], 'no edits for a formatted file');
  });

  it('formatRange: only the items the range touches change', () => {
    const at = text.indexOf('g : func');
    const out = applyEdits(text, formatRange(text, { start: at, end: at + 1 }));
    assert.ok(out.includes('interface two {\n  g: func();\n}'), out);
    assert.ok(out.includes('interface one{f:func();}'), 'the item before is untouched');
    assert.ok(out.includes('world w{export one;}'), 'the item after is untouched');
  });

  it('formatRange over the whole text equals formatEdits', () => {
    assert.equal(applyEdits(text, formatRange(text, { start: 0, end: text.length })), fmt(text));
  });

  it('no edits for a range in a broken item', () => {
    const broken = 'interface i {\n  f: func(a: u32 b: u32);\n}\n';
    assert.deepEqual(formatRange(broken, { start: 20, end: 21 }), []);
  });
});

// ---- properties over every WIT file we have ----

interface PropertyFigures {
  files: number;
  idempotent: number;
  sameComments: number;
  roots: number;
  sameMeaning: number;
  sameErrors: number;
  failures: string[];
}

function rootOf(files: Record<string, string>): RootSource {
  const paths = Object.keys(files);
  return { path: paths[0], main: { kind: 'file', path: paths[0], files: paths.map((p) => ({ path: p, text: files[p] })) }, deps: [], diagnostics: [] };
}

/**
 * Formats every file: the output must be a fixpoint and keep the comments in order. Then each file
 * and each folder is resolved (as wit-parser reads a path) before and after formatting every file
 * it reads: the resolved JSON must be equal; where resolution fails, the errors must be the same.
 */
function checkProperties(files: string[]): PropertyFigures {
  const f: PropertyFigures = { files: 0, idempotent: 0, sameComments: 0, roots: 0, sameMeaning: 0, sameErrors: 0, failures: [] };
  const formatted = new Map<string, string>();
  for (const path of files) {
    const text = readFileSync(path, 'utf8');
    f.files++;
    const r = formatWit(text);
    if ('error' in r) { f.failures.push(`${path}: ${r.error}`); continue; }
    formatted.set(path, r.text);
    if (fmt(r.text) === r.text) f.idempotent++;
    else f.failures.push(`${path}: not idempotent`);
    if (JSON.stringify(comments(text)) === JSON.stringify(comments(r.text))) f.sameComments++;
    else f.failures.push(`${path}: comments differ`);
  }
  const roots = new Set<string>();
  for (const path of files) roots.add(path).add(dirname(path));
  const format = (p: PackageSource): PackageSource => ({ ...p, files: p.files.map((x) => ({ ...x, text: formatted.get(x.path) ?? fmt(x.text) })) });
  for (const root of roots) {
    const source = loadRoot(nodeFileSystem, root);
    if (!source.main || source.main.files.length === 0) continue;
    f.roots++;
    const before = analyzeRoot(source, { allFeatures: true });
    const after = analyzeRoot({ ...source, main: format(source.main), deps: source.deps.map(format) }, { allFeatures: true });
    const errors = (a: typeof before) => a.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file} ${d.code}: ${d.message}`);
    if (errors(before).length === 0 && before.resolve) {
      if (after.resolve && JSON.stringify(resolveToJson(before.resolve)) === JSON.stringify(resolveToJson(after.resolve))) f.sameMeaning++;
      else f.failures.push(`${root}: the resolved packages differ`);
    } else if (JSON.stringify(errors(before)) === JSON.stringify(errors(after))) {
      f.sameErrors++;
    } else {
      f.failures.push(`${root}: the errors differ`);
    }
  }
  return f;
}

describe('format: properties over the project\'s WIT (test/ and examples/)', function () {
  this.timeout(120_000);
  it('idempotent, comments kept in order, same resolved packages (or the same errors)', () => {
    const files = projectWit().map((f) => f.path);
    const f = checkProperties(files);
    assert.deepEqual(f.failures, []);
    assert.equal(f.idempotent, files.length);
    assert.equal(f.sameComments, files.length);
    assert.ok(f.sameMeaning >= 10, `roots that resolve and keep their meaning: ${f.sameMeaning}`);
    assert.equal(f.sameMeaning + f.sameErrors, f.roots);
  });
});

describe('format: properties over the shared corpus (../shared/wit-corpus)', function () {
  this.timeout(300_000);
  before(function () {
    if (!sharedCorpus) this.skip();
  });
  it('idempotent, comments kept in order, same resolved packages (or the same errors)', () => {
    const files = witFilesUnder(sharedCorpus!);
    const f = checkProperties(files);
    assert.deepEqual(f.failures, []);
    assert.equal(f.idempotent, files.length);
    assert.equal(f.sameComments, files.length);
    assert.ok(f.sameMeaning >= 300, `roots that resolve and keep their meaning: ${f.sameMeaning}`);
    assert.equal(f.sameMeaning + f.sameErrors, f.roots);
  });
});

describe('format: parse errors are what the fixture says', () => {
  it('syntax-errors.wit has errors and the others have none', () => {
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.wit'))) {
      const errors = parseWit(readFileSync(join(dir, name), 'utf8')).errors.length;
      if (name === 'syntax-errors.wit') assert.ok(errors >= 3, name);
      else assert.equal(errors, 0, name);
    }
  });
});
