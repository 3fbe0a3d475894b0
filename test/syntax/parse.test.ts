import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseWit, type WitFile } from 'wit-tools/server/syntax/index.js';
import { LineIndex } from 'wit-tools/server/workspace/text.js';
import { assertGolden } from '../support/golden.js';
import { fixtures } from '../support/paths.js';

const dir = join(fixtures, 'syntax');

function errorLines(text: string): string {
  const ix = new LineIndex(text);
  return parseWit(text).errors.map((e) => {
    const p = ix.byteLineColumn(e.start);
    return `${p.line}:${p.column} ${e.code}: ${e.message}`;
  }).join('\n') + '\n';
}

/** The AST without spans, for golden comparison. */
function stripSpans(file: WitFile): string {
  return JSON.stringify(file, (k, v) => (k === 'span' || k.endsWith('Span') || k === 'full' ? undefined : v), 1) + '\n';
}

describe('syntax: parseWit', () => {
  describe('valid fixtures parse without errors', () => {
    for (const name of readdirSync(join(dir, 'valid')).filter((n) => n.endsWith('.wit'))) {
      it(name, () => {
        const text = readFileSync(join(dir, 'valid', name), 'utf8');
        const r = parseWit(text);
        assert.deepEqual(r.errors, []);
        assertGolden(join(dir, 'valid', `${name}.ast.json`), stripSpans(r.file));
      });
    }
  });

  describe('error fixtures report every error, in order', () => {
    for (const name of readdirSync(join(dir, 'errors')).filter((n) => n.endsWith('.wit'))) {
      it(name, () => {
        const text = readFileSync(join(dir, 'errors', name), 'utf8');
        assertGolden(join(dir, 'errors', `${name}.errors`), errorLines(text));
      });
    }
  });

  it('builds the tree of the rest around a broken item', () => {
    const r = parseWit('package a:b;\ninterface i {\n  broken: func(;\n  ok: func();\n}\nworld w { export i; }\n');
    assert.ok(r.errors.length >= 1);
    const [iface, world] = r.file.items;
    assert.equal(iface.kind, 'interface');
    assert.equal(world.kind, 'world');
    if (iface.kind !== 'interface') return;
    assert.deepEqual(iface.items.map((i) => (i.kind === 'func' ? i.name.name : i.kind)), ['broken', 'ok']);
  });

  it('attaches doc comments as wit-parser does (every comment before the item, before gates)', () => {
    const r = parseWit('package a:b;\n// plain\n/// doc\n@since(version = 1.0.0)\n/// ignored: after the gate\ninterface i {}\n');
    const i = r.file.items[0];
    assert.equal(i.kind, 'interface');
    if (i.kind === 'interface') assert.deepEqual(i.docs.comments, ['// plain\n', '/// doc\n']);
  });

  it('reads the header only when `;` follows the package name', () => {
    assert.equal(parseWit('package a:b@1.0.0;').file.package?.version?.text, '1.0.0');
    const nested = parseWit('package a:b { interface i {} }');
    assert.equal(nested.file.package, undefined);
    assert.equal(nested.file.items[0].kind, 'nested-package');
  });

  it('tells the four import/export forms apart', () => {
    const r = parseWit('package a:b;\nworld w {\n  import i;\n  import x:y/z@1.0.0;\n  import label: i;\n  import f: func();\n  import n: interface {}\n  import l2: x:y/z;\n}\n');
    assert.deepEqual(r.errors, []);
    const w = r.file.items[0];
    assert.equal(w.kind, 'world');
    if (w.kind !== 'world') return;
    const kinds = w.items.map((i) => (i.kind === 'import' ? i.extern?.kind : i.kind));
    assert.deepEqual(kinds, ['extern-path', 'extern-path', 'extern-named-path', 'extern-func', 'extern-interface', 'extern-named-path']);
  });

  it('decodes string literal escapes in @external-id', () => {
    const r = parseWit('package a:b;\n@external-id("a\\u{1F600}\\n\\41\\"")\ninterface i {}\n');
    assert.deepEqual(r.errors, []);
    const i = r.file.items[0];
    assert.ok(i.kind === 'interface' && i.attributes[0].kind === 'external-id');
    if (i.kind === 'interface' && i.attributes[0].kind === 'external-id') assert.equal(i.attributes[0].value, 'a\u{1F600}\nA"');
  });

  const firstErrors: [string, string][] = [
    ['package a:b;\ninterface i { type option = u32; }', 'expected an identifier or string, found keyword `option`'],
    ['package a:b;\ninterface i { enum }', 'expected an identifier or string, found \'}\''],
    ['package a:b;\ninterface i { world }', 'expected `type`, `resource` or `func`, found keyword `world`'],
    ['package a:b;\nworld w { blah }', 'expected `import`, `export`, `include`, `use`, or type definition, found an identifier'],
    ['package a:b;\n}', 'expected `world`, `interface` or `use`, found \'}\''],
    ['package a:b;\ninterface i { type t = list<u8, u32>; }', 'expected fixed-length, found keyword `u32`'],
    ['package a:b;\ninterface i { x: async static func(); }', 'expected keyword `func`, found keyword `static`'],
    ['package a:b;\ninterface i { resource r { async constructor(); } }', 'expected `constructor` or identifier, found keyword `async`'],
    ['package a:b;\n@deprecated\ninterface i {}', 'expected \'(\', found keyword `interface`'],
    ['package a:b;\n@since(feature = x)\ninterface i {}', 'expected `version`, found `feature`'],
    ['package a:b;\n@external-id(x)\ninterface i {}', 'expected a string literal, found an identifier'],
    ['package a:b;\n@nope(x)\ninterface i {}', 'unknown attribute `nope`'],
    ['package a:b;\nworld w { include x with { a: b } }', 'expected keyword `as`, found \':\''],
    ['package a:b;\nworld w { import x: y:z; }', 'expected `/`, found \';\''],
    ['package a:b;\ninterface i { type t = u32 }', 'expected \';\', found \'}\''],
    ['package a:b;\ninterface i {', 'expected `type`, `resource` or `func`, found eof'],
    ['package a:b;\ninterface i { # }', 'unexpected character \'#\''],
    ['package a:b;\ninterface i { f: func() -> a-; }', "identifiers must have characters between '-'s"],
    ['package a:b;\ninterface i { f: func() -> aB; }', "invalid character in identifier 'B'"],
    ['package a:b;\n/* open', 'unterminated block comment'],
    ['package a:b;\n@external-id("\\q")\ninterface i {}', "invalid string escape 'q'"],
    ['package a:b;\n@external-id("\\u{d800}")\ninterface i {}', 'invalid unicode value 0xd800'],
    ['package a:b@1.0;', "expected '.', found ';'"],
    ['package a:b@1.0.0-01;', 'invalid leading zero in pre-release identifier'],
    ['package a:b@1.0.0-rc.;', "expected '{', found '.'"],
    ['package a:b;\ninterface i {\u0007}', "Control code '\\u{7}'"],
    ['package a:b;\r\ninterface i { f: func();\r }', "unexpected character '\\r'"],
    ['@since(version = 1.0.0)\npackage a:b {}', 'cannot place attributes on nested packages'],
  ];
  describe('first error, in wit-parser words', () => {
    for (const [src, want] of firstErrors) {
      it(JSON.stringify(src.split('\n').pop()), () => {
        const r = parseWit(src);
        assert.ok(r.errors.length > 0, 'expected an error');
        assert.equal(r.errors[0].message, want);
      });
    }
  });
});
