// .wac files through the protocol: diagnostics a few milliseconds after each edit (for that
// version), clean when fixed, and hover showing what an expression stands for. The packages are
// tiny components written in the text format (wasm-tools' parser, from jco-transpile).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { LspClient, positionAt, uri } from '../support/lsp-client.js';

const opsExports = (t: string) => `(export "add" (func (param "a" ${t}) (param "b" ${t}) (result ${t})))`;

describe('lsp: .wac files', function () {
  this.timeout(60_000);
  let dir: string;
  let client: LspClient;
  const file = () => path.join(dir, 'app.wac');
  /** Writes and opens a .wac file; its first diagnostics. */
  const openWac = async (f: string, text: string) => {
    fs.writeFileSync(f, text);
    client.notify('textDocument/didOpen', { textDocument: { uri: uri(f), languageId: 'wac', version: 1, text } });
    return client.diagnostics(f, (p) => p.version === 1);
  };

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wit-tools-wac-lsp-'));
    fs.mkdirSync(path.join(dir, 'deps', 'demo'), { recursive: true });
    // A library that exports demo:math/ops (its own import, passed through) and an app importing it.
    fs.writeFileSync(path.join(dir, 'deps', 'demo', 'math.wasm'), await parse(`(component (import "demo:math/ops@1.0.0" (instance $i ${opsExports('s32')})) (export "demo:math/ops@1.0.0" (instance $i)))`));
    fs.writeFileSync(path.join(dir, 'deps', 'demo', 'wide.wasm'), await parse(`(component (import "demo:math/ops@1.0.0" (instance $i ${opsExports('s64')})) (export "demo:math/ops@1.0.0" (instance $i)))`));
    fs.writeFileSync(path.join(dir, 'deps', 'demo', 'calc.wasm'), await parse(`(component (import "demo:math/ops@1.0.0" (instance ${opsExports('s32')})))`));
    client = await LspClient.start([dir]);
  });

  after(async () => {
    await client?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reports a wrong access at its place, then nothing once it is fixed', async () => {
    const text = 'package demo:app;\n\nlet lib = new demo:math { ... };\nlet app = new demo:calc { ops: lib.nope };\n';
    const first = await openWac(file(), text);
    assert.deepEqual(first.diagnostics.map((d) => [d.code, d.range.start, d.message.split(' (')[0]]), [['unknown-export', { line: 3, character: 35 }, 'the instance has no export named `nope`']]);
    const fixed = 'package demo:app;\n\nlet lib = new demo:math { ... };\nlet app = new demo:calc { ops: lib.ops };\n';
    client.notify('textDocument/didChange', { textDocument: { uri: uri(file()), version: 2 }, contentChanges: [{ text: fixed }] });
    const second = await client.diagnostics(file(), (p) => p.version === 2);
    assert.deepEqual(second.diagnostics, []);
    const wrong = fixed.replace('demo:math', 'demo:wide');
    client.notify('textDocument/didChange', { textDocument: { uri: uri(file()), version: 3 }, contentChanges: [{ text: wrong }] });
    const third = await client.diagnostics(file(), (p) => p.version === 3);
    assert.equal(third.diagnostics.length, 1);
    assert.match(third.diagnostics[0].message, /mismatched instantiation argument `demo:math\/ops@1\.0\.0`: import demo:math\/ops@1\.0\.0: `add` takes \(a: s32, b: s32\) -> s32 in demo:calc but \(a: s64, b: s64\) -> s64 in demo:wide/);
    // Hover on `lib.ops` shows the interface; on `lib`, the instance and its package.
    const at = wrong.indexOf('lib.ops') + 5;
    const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: uri(file()) }, position: positionAt(wrong, at) });
    // The interface as the analyzer's printer writes it: its functions, with the provider's types.
    assert.match(hover!.contents.value, /^`demo:math\/ops@1\.0\.0`, exported by an instance of `demo:wide`/);
    assert.match(hover!.contents.value, /```wit\ninterface ops \{\n  add: func\(a: s64, b: s64\) -> s64;\n\}\n```/);
    const onLib = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: uri(file()) }, position: positionAt(wrong, wrong.indexOf('lib.ops') + 1) });
    assert.match(onLib!.contents.value, /instance of `demo:wide` \(wide\.wasm\)/);
    assert.match(onLib!.contents.value, /world wide \{\n[^]*\n  export demo:math\/ops@1\.0\.0;\n\}/);
  });

  it('an `import` statement: a WIT error inside it as you type, then hover on its use shows its WIT', async () => {
    const f = path.join(dir, 'imports.wac');
    const bad = 'package demo:imp;\n\nimport ops as "demo:math/ops@1.0.0": interface {\n  add: func(a: s32, b: s32) -> nope;\n};\n\nlet app = new demo:calc { "demo:math/ops@1.0.0": ops };\nexport app.add;\n';
    const first = await openWac(f, bad);
    assert.deepEqual(first.diagnostics.map((d) => [d.code, d.range.start, d.message]), [
      ['unknown-name', { line: 3, character: 31 }, 'name `nope` does not exist'],
      ['unknown-export', { line: 7, character: 11 }, 'the instance has no export named `add` (`demo:calc` exports nothing)'],
    ]);
    const good = bad.replace('-> nope', '-> s32').replace('export app.add;\n', 'export ops;\n');
    client.notify('textDocument/didChange', { textDocument: { uri: uri(f), version: 2 }, contentChanges: [{ text: good }] });
    const second = await client.diagnostics(f, (p) => p.version === 2);
    assert.deepEqual(second.diagnostics, []);
    const at = good.indexOf(': ops }') + 3;
    const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: uri(f) }, position: positionAt(good, at) });
    assert.match(hover!.contents.value, /^`demo:math\/ops@1\.0\.0`, an import of the composition/);
    assert.match(hover!.contents.value, /add: func\(a: s32, b: s32\) -> s32;/);
  });

  it('goes to a `let`, and into the WIT of the component a package, an access or an argument names', async () => {
    const text = 'package demo:app;\n\nlet lib = new demo:math { ... };\nlet app = new demo:calc { ops: lib.ops };\nexport app;\n';
    const f = path.join(dir, 'nav.wac');
    await openWac(f, text);
    type Loc = { uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } };
    const go = (offset: number) => client.request<Loc[]>('textDocument/definition', { textDocument: { uri: uri(f) }, position: positionAt(text, offset) });
    const lineOf = (l: Loc) => fs.readFileSync(new URL(l.uri), 'utf8').split('\n')[l.range.start.line];
    // `lib` in `lib.ops` → its `let`.
    const toLet = await go(text.indexOf('lib.ops') + 1);
    assert.deepEqual(toLet.map((l) => [l.uri, l.range.start]), [[uri(f), { line: 2, character: 4 }]]);
    // `.ops` → `interface ops {` in demo:math's WIT (the component's, as its cached text).
    const [toIface] = await go(text.indexOf('lib.ops') + 5);
    assert.match(toIface.uri, /component\.wit$/);
    assert.equal(lineOf(toIface), '  interface ops {');
    assert.equal(toIface.range.end.character - toIface.range.start.character, 'ops'.length);
    // `ops:` (the argument's name) → the interface demo:calc imports.
    const [toImport] = await go(text.indexOf('ops: lib') + 1);
    assert.equal(lineOf(toImport), '  interface ops {');
    assert.notEqual(toImport.uri, toIface.uri, 'the importer\'s WIT, not the provider\'s');
    // `demo:calc` → the component's world.
    const [toWorld] = await go(text.indexOf('demo:calc') + 2);
    assert.match(lineOf(toWorld), /^world root \{$/);
    // Nothing under the `package` line.
    assert.deepEqual(await go(2), []);
  });

  it('wit/compositionGraph: instances in order, each import wired to the export that fills it, the rest imported', async () => {
    const text = 'package demo:app;\n\nlet lib = new demo:math { ... };\nlet app = new demo:calc { ops: lib.ops };\nexport lib.ops;\n';
    const f = path.join(dir, 'graph.wac');
    await openWac(f, text);
    type Graph = { package: string; imports: string[]; exports: { name: string; instance: number }[]; instances: { name: string; package: string; range: { start: { line: number } }; imports: { short: string; from: { kind: string; instance?: number; export?: string } }[]; exports: { short: string }[] }[] };
    const g = await client.request<Graph>('wit/compositionGraph', { textDocument: { uri: uri(f) } });
    assert.equal(g.package, 'demo:app');
    assert.deepEqual(g.instances.map((i) => [i.name, i.package, i.range.start.line]), [['lib', 'demo:math', 2], ['app', 'demo:calc', 3]]);
    // lib's own import of ops comes from the host (`...`); app's from lib's export.
    assert.deepEqual(g.instances[0].imports.map((i) => [i.short, i.from.kind]), [['ops', 'import']]);
    assert.deepEqual(g.instances[1].imports.map((i) => [i.short, i.from]), [['ops', { kind: 'instance', instance: 0, export: 'demo:math/ops@1.0.0' }]]);
    assert.deepEqual(g.instances[0].exports.map((e) => e.short), ['ops']);
    assert.deepEqual(g.imports, ['demo:math/ops@1.0.0']);
    assert.deepEqual(g.exports.map((e) => [e.name, e.instance]), [['demo:math/ops@1.0.0', 0]]);
    // Not a .wac file: no graph.
    assert.equal(await client.request('wit/compositionGraph', { textDocument: { uri: uri(path.join(dir, 'x.wit')) } }), null);
  });

  it('says a package file that is not a component cannot be read, instead of calling it unknown', async () => {
    const text = 'package demo:app;\n\nlet x = new demo:junk {};\n';
    fs.mkdirSync(path.join(dir, 'junk', 'deps', 'demo'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'junk', 'deps', 'demo', 'junk.wasm'), 'not wasm at all');
    const f = path.join(dir, 'junk', 'junk.wac');
    const d = await openWac(f, text);
    assert.deepEqual(d.diagnostics.map((x) => [x.code, x.range.start]), [['unreadable-package', { line: 2, character: 12 }]]);
    assert.match(d.diagnostics[0].message, /package `demo:junk` \(.*junk\.wasm\) is not a component that can be read: not a WebAssembly file/);
  });

  it('wit.providers lists the workspace components that export what a component imports', async () => {
    const r = await client.request<{ imports: { name: string; providers: string[] }[] }>('workspace/executeCommand', { command: 'wit.providers', arguments: [path.join(dir, 'deps', 'demo', 'calc.wasm')] });
    assert.deepEqual(r.imports.map((i) => [i.name, i.providers.map((p) => path.basename(p)).sort()]), [['demo:math/ops@1.0.0', ['math.wasm', 'wide.wasm']]]);
  });

  it('wit.linkGraph draws a run-time link as a composition: the app\'s import wired to the library\'s export, the rest left to the host', async () => {
    type Graph = { package?: string; instances: { name: string; file: string; imports: { name: string; from: { kind: string; instance?: number; export?: string } }[] }[]; imports: string[] };
    const calc = path.join(dir, 'deps', 'demo', 'calc.wasm');
    const math = path.join(dir, 'deps', 'demo', 'math.wasm');
    const r = await client.request<{ graph: Graph }>('workspace/executeCommand', { command: 'wit.linkGraph', arguments: [calc, { with: [math] }] });
    assert.deepEqual(r.graph.instances.map((i) => [i.name, path.basename(i.file)]), [['calc.wasm', 'calc.wasm'], ['math.wasm', 'math.wasm']]);
    assert.deepEqual(r.graph.instances[0].imports.map((x) => [x.name, x.from]), [['demo:math/ops@1.0.0', { kind: 'instance', instance: 1, export: 'demo:math/ops@1.0.0' }]]);
    // math.wasm imports the interface it passes through: nobody in the set serves it.
    assert.deepEqual(r.graph.instances[1].imports.map((x) => x.from.kind), ['import']);
    assert.deepEqual(r.graph.imports, ['demo:math/ops@1.0.0']);
    // A library that does not fit is refused with the link's own message.
    const wide = path.join(dir, 'deps', 'demo', 'wide.wasm');
    const bad = await client.request<{ error?: string }>('workspace/executeCommand', { command: 'wit.linkGraph', arguments: [calc, { with: [wide] }] });
    assert.match(JSON.stringify(bad), /`add` takes \(a: s32, b: s32\) -> s32 in calc\.wasm but \(a: s64, b: s64\) -> s64 in wide\.wasm/);
  });

  it('completes package names, an instance\'s exports and a package\'s imports, and offers Compose on a clean file', async () => {
    const text = 'package demo:app;\n\nlet lib = new demo:math { ... };\nlet app = new demo:calc { ops: lib.ops };\nexport app;\n';
    const f = path.join(dir, 'complete.wac');
    await openWac(f, text);
    const complete = async (at: number) => (await client.request<{ label: string }[]>('textDocument/completion', { textDocument: { uri: uri(f) }, position: positionAt(text, at) })).map((i) => i.label);
    assert.deepEqual(await complete(text.indexOf('demo:math') + 2), ['demo:calc', 'demo:math', 'demo:wide']);
    assert.deepEqual(await complete(text.indexOf('lib.ops') + 4), ['ops']);
    assert.deepEqual(await complete(text.indexOf('ops: lib')), ['ops']);
    // `export app;` needs `as`: no lens on a file with errors; fixed, the package line has one.
    assert.deepEqual(await client.request('textDocument/codeLens', { textDocument: { uri: uri(f) } }), []);
    const fixed = text.replace('export app;', 'export app as calc;');
    client.notify('textDocument/didChange', { textDocument: { uri: uri(f), version: 2 }, contentChanges: [{ text: fixed }] });
    await client.diagnostics(f, (p) => p.version === 2 && p.diagnostics.length === 0);
    const lenses = await client.request<{ command: { title: string; command: string; arguments: string[] } }[]>('textDocument/codeLens', { textDocument: { uri: uri(f) } });
    assert.deepEqual(lenses.map((l) => [l.command.title, l.command.command, path.basename(l.command.arguments[0])]), [['▶ Compose', 'wit.compose', 'complete.wac']]);
  });
});
