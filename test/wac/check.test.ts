// WAC files, parsed and checked against packages given as signatures: every error kind at its
// narrow span, in wac's words where wac has them, and the graph a clean file composes to.
import assert from 'node:assert/strict';
import type { ComponentSignature, InterfaceItem, ValType } from 'wit-tools/server/pipeline/types.js';
import { analyzeWac, type WacPackage } from 'wit-tools/server/wac/check.js';
import { parseWac } from 'wit-tools/server/wac/parse.js';

const s32: ValType = { kind: 's32' };
const s64: ValType = { kind: 's64' };

const ops = (t: ValType): InterfaceItem => ({
  kind: 'interface', name: 'demo:math/ops@1.0.0', types: [],
  functions: [{ name: 'add', type: { params: [{ name: 'a', type: t }, { name: 'b', type: t }], result: t, async: false } }],
});
const stdout: InterfaceItem = { kind: 'interface', name: 'wasi:cli/stdout@0.2.0', types: [], functions: [] };

const packages: Record<string, ComponentSignature> = {
  'demo:math': { imports: [stdout], exports: [ops(s32)] },
  'demo:wide': { imports: [], exports: [ops(s64)] },
  'demo:calc': { imports: [ops(s32), stdout], exports: [{ kind: 'function', name: 'compute', func: { params: [], result: s32, async: false } }] },
};

function check(text: string) {
  const doc = parseWac(text);
  return analyzeWac(doc, (p) => (packages[p.package] ? ({ name: p.package, file: `deps/${p.package}.wasm`, signature: packages[p.package] } satisfies WacPackage) : undefined));
}

/** `[code, text under the span]` of each diagnostic. */
function problems(text: string): [string, string, string][] {
  return check(text).diagnostics.map((d) => [d.code, text.slice(d.start, d.end), d.message]);
}

describe('wac: check', () => {
  it('a clean file: instances in order, arguments wired, the rest imported, exports named', () => {
    const r = check('package demo:app;\n\nlet lib = new demo:math { ... };\nlet app = new demo:calc { ops: lib.ops, ... };\nexport app.compute;\nexport lib["demo:math/ops@1.0.0"] as "math";\n');
    assert.deepEqual(r.diagnostics, []);
    assert.equal(r.instances.length, 2);
    assert.deepEqual([...r.instances[1].args], [['demo:math/ops@1.0.0', { kind: 'export', instance: 0, name: 'demo:math/ops@1.0.0' }], ['wasi:cli/stdout@0.2.0', { kind: 'import', name: 'wasi:cli/stdout@0.2.0' }]]);
    assert.deepEqual(r.exports.map((e) => [e.name, e.instance, e.export]), [['compute', 1, 'compute'], ['math', 0, 'demo:math/ops@1.0.0']]);
  });

  it('reports every error kind at its span', () => {
    const text = [
      'package demo:bad;',
      'let lib = new demo:math { ... };',
      'let a = new demo:calc { ops: lib.nope, ... };',
      'let b = new demo:nothing { };',
      'let c = new demo:calc { ops: lib.ops };',
      'let d = new demo:calc { ops: (new demo:wide { }).ops, ... };',
      'let e = new demo:calc { ops: lib.ops, ops: lib.ops, ... };',
      'let f = new demo:calc { extra: lib.ops, ... };',
      'let lib = new demo:math { ... };',
      'let g = new demo:calc { ops: nobody, ... };',
      'let h = new demo:calc { ops: lib, ... };',
      'export lib;',
      'export h.compute;',
      'export h.compute;',
      '',
    ].join('\n');
    const got = problems(text);
    const codes = got.map(([c, span]) => `${c} ${span}`);
    assert.deepEqual(codes, [
      'unknown-export nope',
      'unknown-package demo:nothing',
      'missing-argument demo:calc',
      'mismatched-argument ops: (new demo:wide { }).ops',
      'duplicate-argument ops',
      'unknown-argument extra',
      'duplicate-name lib',
      'undefined-name nobody',
      'mismatched-argument ops: lib',
      'export-needs-as lib',
      'duplicate-export h.compute',
    ]);
    const message = (code: string) => got.find(([c]) => c === code)![2];
    assert.equal(message('unknown-export'), 'the instance has no export named `nope` (an instance of `demo:math` exports `demo:math/ops@1.0.0`)');
    assert.equal(message('unknown-package'), 'unknown package `demo:nothing`');
    assert.match(message('missing-argument'), /^missing instantiation argument `wasi:cli\/stdout@0\.2\.0` for package `demo:calc`/);
    assert.equal(got[3][2], 'mismatched instantiation argument `demo:math/ops@1.0.0`: import demo:math/ops@1.0.0: `add` takes (a: s32, b: s32) -> s32 in demo:calc but (a: s64, b: s64) -> s64 in demo:wide');
    assert.match(message('unknown-argument'), /^`extra` is not an import of package `demo:calc`/);
    assert.equal(message('export-needs-as'), 'export statement requires an `as` clause as the export name cannot be inferred');
    assert.equal(message('duplicate-export'), 'duplicate export `compute`');
  });

  it('parses without throwing, reporting syntax errors and going on', () => {
    const r = check('package demo:x;\nlet = new demo:math { ... };\nlet lib = new demo:math { ... ;\nlet ok = new demo:math { ... };\nexport ok["demo:math/ops@1.0.0"];\n');
    assert.equal(r.diagnostics.filter((d) => d.code === 'unexpected-token').length, 2);
    assert.equal(r.exports.length, 1);
    for (const bad of ['', 'package', 'let x = new', '/* open', '"unterminated', 'package a:b; export ...;', '\u0000\u0001', 'package a:b;'.repeat(1000)]) {
      assert.doesNotThrow(() => check(bad), bad.slice(0, 20));
    }
    assert.match(check('let x = 1;').diagnostics[0].message, /expected `package` keyword/);
  });
});
