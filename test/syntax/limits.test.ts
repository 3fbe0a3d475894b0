import assert from 'node:assert/strict';
import { parseWit } from 'wit-tools/server/syntax/index.js';
import { MemoryFileSystem } from 'wit-tools/server/workspace/fs.js';
import { loadRoot } from 'wit-tools/server/workspace/loader.js';

// Hostile inputs: each gives diagnostics, never a stack overflow, a throw or a hang.
describe('syntax: limits', function () {
  this.timeout(60_000);

  it('types nested 10,000 deep: "type nesting too deep", no stack overflow', () => {
    const n = 10_000;
    const r = parseWit(`package a:b;\ninterface i {\n  type t = ${'list<'.repeat(n)}u8${'>'.repeat(n)};\n  type ok = u32;\n}\n`);
    assert.equal(r.errors[0].message, 'type nesting too deep');
    const i = r.file.items[0];
    assert.ok(i.kind === 'interface' && i.items.some((x) => x.kind === 'typedef' && x.name?.name === 'ok'), 'the item after the deep type survives');
  });

  it('nesting at the limit: 99 lists and their element are fine, 100 are too deep', () => {
    const src = (n: number) => `package a:b;\ninterface i { type t = ${'list<'.repeat(n)}u8${'>'.repeat(n)}; }`;
    assert.deepEqual(parseWit(src(99)).errors, []);
    assert.equal(parseWit(src(100)).errors[0]?.message, 'type nesting too deep');
  });

  it('packages nested 10,000 deep: "package nesting too deep"', () => {
    const n = 10_000;
    let s = '';
    for (let i = 0; i < n; i++) s += `package a:b${i} {\n`;
    s += '}\n'.repeat(n);
    const r = parseWit(s);
    assert.equal(r.errors[0].message, 'package nesting too deep');
  });

  it('10,000 unbalanced braces and parens do not recurse', () => {
    const r = parseWit('package a:b;\n' + '{('.repeat(10_000));
    assert.ok(r.errors.length > 0);
    const r2 = parseWit(`package a:b;\ninterface i { f: func(${'('.repeat(10_000)}); }`);
    assert.ok(r2.errors.length > 0);
  });

  it('a 10 MB file parses', () => {
    const one = 'interface i-N {\n  /// docs\n  record r { a: u32, b: list<string> }\n  f: func(x: r) -> result<r, string>;\n}\n';
    let s = 'package big:file;\n';
    let k = 0;
    while (s.length < 10 * 1024 * 1024) s += one.replace('N', String(k++));
    const r = parseWit(s);
    assert.deepEqual(r.errors, []);
    assert.equal(r.file.items.length, k);
  });

  it('a 65,000-column line', () => {
    const r = parseWit(`package a:b;\ninterface i { ${'f: func(); '.repeat(6_500)} }`);
    assert.deepEqual(r.errors, []);
    const long = parseWit(`package a:b${'c'.repeat(65_000)} x`);
    assert.equal(long.errors[0].message, "expected '{', found an identifier");
  });

  it('NUL bytes are reported where they are', () => {
    const r = parseWit('package a:b;\ninterface i {\u0000}\n');
    assert.equal(r.errors[0].message, "Control code '\\u{0}'");
    assert.equal(r.errors[0].start, 26);
  });

  it('invalid UTF-8 is reported at its first bad byte, and the rest still parses', () => {
    const bytes = Buffer.concat([Buffer.from('package a:b;\ninterface i {}\n// '), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]);
    const root = loadRoot(new MemoryFileSystem({ '/p/x.wit': bytes }), '/p/x.wit');
    assert.equal(root.diagnostics.length, 1);
    assert.match(root.diagnostics[0].message, /stream did not contain valid UTF-8/);
    assert.equal(root.diagnostics[0].span.start, 31);
    assert.deepEqual(parseWit(root.main!.files[0].text).errors, []);
  });

  it('unterminated comment and string', () => {
    assert.equal(parseWit('package a:b; /* /* */').errors[0].message, 'unterminated block comment');
    assert.equal(parseWit('package a:b;\n@external-id("abc').errors[0].message, 'unexpected end of file');
  });
});
