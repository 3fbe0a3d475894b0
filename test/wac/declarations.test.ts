// WAC's `import` statements and WIT declarations (test/fixtures/wac-declarations): each kind of
// import read by the WIT analyzer into the signature model — a function, an interface written
// out, a WASI interface and one of a package in deps/ with what their types come from, a declared
// interface under a plain name, a composition's own type, WAC's function type aliases — the analyzer's errors at their places
// in the .wac, wac's words for duplicates, and a composition of imports alone that validates.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { composeWac, inspectComponent, loadWac } from 'wit-tools/server/pipeline/index.js';
import type { ExternItem } from 'wit-tools/server/pipeline/types.js';
import { fixtures } from '../support/paths.js';
import { wasmTools } from '../pipeline/support.js';

const dir = path.join(fixtures, 'wac-declarations');

function summary(item: ExternItem): string {
  if (item.kind === 'function') return `func ${item.name}(${item.func.params.map((p) => `${p.name}: ${p.type.name ?? p.type.kind}`).join(', ')})`;
  if (item.kind === 'type') return `type ${item.name} = ${item.type.kind}`;
  return `interface ${item.name}${item.implements ? ` (${item.implements})` : ''} { ${[...item.types.map((t) => t.name), ...item.functions.map((f) => f.name)].join(', ')} }`;
}

describe('wac: import statements and WIT declarations', function () {
  this.timeout(60_000);

  it('reads every kind of import into the signature model, with what their types need', async () => {
    const loaded = await loadWac(path.join(dir, 'imports.wac'));
    assert.deepEqual(loaded.analysis.diagnostics, []);
    assert.deepEqual(loaded.analysis.imports.map(summary), [
      'func log(line: string)',
      'func hello-world(name: string)',
      'interface e { pair, swap }',
      'interface wasi:io/streams@0.2.12 { error, pollable, stream-error, input-stream, output-stream, [method]input-stream.read, [method]input-stream.blocking-read, [method]input-stream.skip, [method]input-stream.blocking-skip, [method]input-stream.subscribe, [method]output-stream.check-write, [method]output-stream.write, [method]output-stream.blocking-write-and-flush, [method]output-stream.flush, [method]output-stream.blocking-flush, [method]output-stream.subscribe, [method]output-stream.write-zeroes, [method]output-stream.blocking-write-zeroes-and-flush, [method]output-stream.splice, [method]output-stream.blocking-splice }',
      'interface acme:store/kv@1.0.0 { error, get }',
      'interface geo (test:comp/shapes@0.1.0) { rect, area }',
      'func near(at: point)',
      'func done(code: u32)',
      'interface wasi:io/error@0.2.12 { error, [method]error.to-debug-string }',
      'interface wasi:io/poll@0.2.12 { pollable, [method]pollable.ready, [method]pollable.block, poll }',
      'interface acme:store/types@1.0.0 { error }',
      'type point = record',
    ]);
    // A `use`d type is the defining interface's type, one object: kv's `error` is types' variant.
    const kv = loaded.analysis.imports.find((i) => i.name === 'acme:store/kv@1.0.0');
    const types = loaded.analysis.imports.find((i) => i.name === 'acme:store/types@1.0.0');
    assert.ok(kv?.kind === 'interface' && types?.kind === 'interface');
    assert.equal(kv.types[0].type, types.types[0].type);
    assert.equal(kv.types[0].type.kind, 'variant');
    assert.equal(kv.types[0].type.owner, 'acme:store/types@1.0.0');
    // The import of an inline interface owns its types under its own name.
    // `area: measure;` of `type measure = func(of: rect) -> u64;` is that function.
    const geo = loaded.analysis.imports.find((i) => i.name === 'geo');
    assert.ok(geo?.kind === 'interface');
    assert.deepEqual(geo.functions[0].type.params.map((p) => [p.name, p.type.name]), [['of', 'rect']]);
    assert.equal(geo.functions[0].type.result?.kind, 'u64');
    const e = loaded.analysis.imports.find((i) => i.name === 'e');
    assert.ok(e?.kind === 'interface');
    assert.equal(e.types[0].type.owner, 'e');
    assert.deepEqual(loaded.analysis.exports.map((x) => [x.name, x.import]), [['log', 'log'], ['e', 'e']]);
    // Hover on a use of an import shows its WIT.
    assert.ok(loaded.analysis.values.some((v) => v.value.kind === 'import' && v.value.item.name === 'e'));
  });

  it('reports the analyzer\'s errors at their places in the .wac, and wac\'s words for duplicates', async () => {
    const file = path.join(dir, 'errors.wac');
    const text = fs.readFileSync(file, 'utf8');
    const loaded = await loadWac(file);
    const got = loaded.analysis.diagnostics.map((d) => `${d.code} ${JSON.stringify(text.slice(d.start, d.end))}`);
    assert.deepEqual(got, [
      'unexpected-token ";"',
      'unknown-name "nope"',
      'unknown-package "acme:nothing"',
      'duplicate-import "\\"same\\""',
      'duplicate-name "a"',
      'unknown-package "test:none"',
    ]);
    const line = (code: string) => text.slice(0, loaded.analysis.diagnostics.find((d) => d.code === code)!.start).split('\n').length;
    assert.equal(line('unexpected-token'), 6);
    assert.equal(line('unknown-name'), 3);
    assert.equal(loaded.analysis.diagnostics.find((d) => d.code === 'duplicate-import')!.message, 'duplicate import `same`');
    // An import whose type has errors is not also an undefined name where it is used (`export b;`).
    assert.ok(!loaded.analysis.diagnostics.some((d) => d.code === 'undefined-name'));
  });

  it('composes a file of imports alone into a component that passes its imports through', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wac-decl-')), 'imports.wasm');
    await composeWac(path.join(dir, 'imports.wac'), out);
    const info = await inspectComponent(out);
    assert.match(info.wit, /import hello-world: func\(name: string\) -> string;/);
    assert.match(info.wit, /import acme:store\/kv@1\.0\.0;/);
    assert.match(info.wit, /export log: func\(line: string\);/);
    assert.match(info.wit, /export e: interface \{/);
    const wt = wasmTools();
    if (wt) execFileSync(wt, ['validate', out]);
  });

  it('a function of an imported instance (`ops.add`) as an argument and as an export; a wrong name is refused', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'wac-access-'));
    fs.cpSync(dir, work, { recursive: true });
    // A component that needs a function `add` and re-exports it as `sum`.
    fs.writeFileSync(path.join(work, 'deps', 'acme', 'adder.wasm'), await parse('(component (import "add" (func $f (param "a" s32) (param "b" s32) (result s32))) (export "sum" (func $f)))'));
    const loaded = await loadWac(path.join(work, 'access.wac'));
    assert.deepEqual(loaded.analysis.diagnostics, []);
    assert.deepEqual([...loaded.analysis.instances[0].args], [['add', { kind: 'import', name: 'acme:calc/ops@1.0.0', export: 'add' }]]);
    const out = path.join(work, 'access.wasm');
    await composeWac(path.join(work, 'access.wac'), out);
    const info = await inspectComponent(out);
    assert.match(info.wit, /import acme:calc\/ops@1\.0\.0;/);
    assert.match(info.wit, /export sum: func\(a: s32, b: s32\) -> s32;/);
    assert.match(info.wit, /export plus: func\(a: s32, b: s32\) -> s32;/);
    const wt = wasmTools();
    if (wt) execFileSync(wt, ['validate', out]);
    const text = fs.readFileSync(path.join(work, 'access.wac'), 'utf8').replace('ops.add }', 'ops.sub }');
    const bad = await loadWac(path.join(work, 'access.wac'), { text });
    assert.deepEqual(bad.analysis.diagnostics.map((d) => [d.code, text.slice(d.start, d.end), d.message]), [['unknown-export', 'sub', 'the import `acme:calc/ops@1.0.0` has no function named `sub` (it has `add`)']]);
  });
});
