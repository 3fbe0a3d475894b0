// Composition of components whose worlds have types of their own (`enum color` in a world, used
// by an exported function): the composed component imports the same type, passes it to the
// instance, and exports the function with it — as wac does. Tiny components in the text format.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { callComponent, composeWac, decodeComponent, loadWac, printComponentWit } from 'wit-tools/server/pipeline/index.js';
import { wasmTools } from './support.js';

// world { enum color { red, green } ; record swatch { color: color, alpha: u8 }; export pick: func() -> swatch; }
const pickWat = `(component
  (type $color' (enum "red" "green"))
  (import "color" (type $color (eq $color')))
  (type $swatch' (record (field "color" $color) (field "alpha" u8)))
  (import "swatch" (type $swatch (eq $swatch')))
  (core module $m
    (memory (export "memory") 1)
    (func (export "pick") (result i32) (i32.store8 (i32.const 8) (i32.const 1)) (i32.store8 (i32.const 9) (i32.const 200)) (i32.const 8)))
  (core instance $i (instantiate $m))
  (func $pick (result $swatch) (canon lift (core func $i "pick") (memory (core memory $i "memory"))))
  (export "pick" (func $pick)))`;

describe('pipeline: composing worlds that have their own types', function () {
  this.timeout(120_000);
  let dir: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wit-tools-compose-types-'));
    fs.mkdirSync(path.join(dir, 'deps', 'demo'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'deps', 'demo', 'pick.wasm'), await parse(pickWat));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('imports the world\'s types once, passes them in, and the composed export returns them', async () => {
    fs.writeFileSync(path.join(dir, 'app.wac'), 'package demo:app;\n\nlet p = new demo:pick { ... };\nexport p.pick;\n');
    const out = path.join(dir, 'app.wasm');
    await composeWac(path.join(dir, 'app.wac'), out);
    const wit = printComponentWit(decodeComponent(fs.readFileSync(out)));
    assert.match(wit, /world root \{\n {2}enum color \{\n {4}red,\n {4}green,\n {2}\}\n\n {2}record swatch \{\n {4}color: color,\n {4}alpha: u8,\n {2}\}\n\n {2}export pick: func\(\) -> swatch;\n\}/);
    assert.equal((await callComponent({ component: out, call: 'pick()' })).wave, '{color: green, alpha: 200}');
    const wt = wasmTools();
    if (wt) execFileSync(wt, ['validate', out]);
  });

  it('composes async functions: the library\'s async import stays an import, the app\'s async export is the library\'s', async () => {
    // lib: imports `fetch` (async) and exports it as `get`; app: imports `get`, exports it as `load`.
    const lib = '(component (import "fetch" (func async (param "url" string) (result u32))) (export "get" (func 0)))';
    const app = '(component (import "get" (func async (param "url" string) (result u32))) (export "load" (func 0)))';
    fs.writeFileSync(path.join(dir, 'deps', 'demo', 'lib.wasm'), await parse(lib));
    fs.writeFileSync(path.join(dir, 'deps', 'demo', 'app.wasm'), await parse(app));
    fs.writeFileSync(path.join(dir, 'async.wac'), 'package demo:async;\n\nlet l = new demo:lib { ... };\nlet a = new demo:app { get: l.get };\nexport a.load;\n');
    const out = path.join(dir, 'async.wasm');
    await composeWac(path.join(dir, 'async.wac'), out);
    const wit = printComponentWit(decodeComponent(fs.readFileSync(out)));
    assert.match(wit, /import fetch: async func\(url: string\) -> u32;/);
    assert.match(wit, /export load: async func\(url: string\) -> u32;/);
    assert.doesNotMatch(wit, /import get/);
    const wt = wasmTools();
    if (wt) execFileSync(wt, ['validate', '--features', 'all', out]);
  });

  it('`targets`: the composition is checked against the world — a fitting one passes, a missing export, an extra import and a changed type are refused in wac\'s words', async () => {
    fs.writeFileSync(path.join(dir, 'deps', 'demo', 'target.wit'), `package demo:target;
world fits { enum color { red, green } record swatch { color: color, alpha: u8 } export pick: func() -> swatch; }
world more { enum color { red, green } record swatch { color: color, alpha: u8 } export pick: func() -> swatch; export other: func(); }
world narrow { record swatch { color: u8, alpha: u8 } export pick: func() -> swatch; }
`);
    const diagnostics = async (world: string) => {
      fs.writeFileSync(path.join(dir, 't.wac'), `package demo:app targets demo:target/${world};\n\nlet p = new demo:pick { ... };\nexport p.pick;\n`);
      return (await loadWac(path.join(dir, 't.wac'))).analysis.diagnostics.map((d) => [d.code, d.message, d.start]);
    };
    assert.deepEqual(await diagnostics('fits'), []);
    const at = 'package demo:app targets '.length;
    assert.deepEqual(await diagnostics('more'), [['missing-target-export', 'target world `demo:target/more` requires an export named `other`', at]]);
    const narrow = await diagnostics('narrow');
    assert.deepEqual(narrow.map((d) => d[0]), ['import-not-in-target', 'target-mismatch', 'target-mismatch'], JSON.stringify(narrow));
    assert.match(String(narrow[0][1]), /^target world `demo:target\/narrow` does not have an import named `color`$/);
    assert.match(String(narrow[1][1]), /^import `swatch` has a mismatched type for target world `demo:target\/narrow`: field `color` of `swatch`: color is an enum but u8 is `u8`$/);
    assert.match(String(narrow[2][1]), /^export `pick` has a mismatched type for target world `demo:target\/narrow`: /);
    // A WASI world from the WIT bundled with jco: the tiny composition is no command.
    fs.writeFileSync(path.join(dir, 't.wac'), 'package demo:app targets wasi:cli/command@0.2.0;\n\nlet p = new demo:pick { ... };\nexport p.pick;\n');
    const wasi = (await loadWac(path.join(dir, 't.wac'))).analysis.diagnostics.map((d) => d.message);
    assert.ok(wasi.includes('target world `wasi:cli/command@0.2.0` requires an export named `wasi:cli/run`'), JSON.stringify(wasi));
    // And composing refuses it.
    await assert.rejects(composeWac(path.join(dir, 't.wac'), path.join(dir, 't.wasm')), /has \d+ errors?/);
  });
});
