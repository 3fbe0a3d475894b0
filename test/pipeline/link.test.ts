// Components calling each other through WIT, for real: a C app linked at run time to a C library,
// and through a TypeScript library that itself needs a C component (a chain of three, both ways
// across languages); every kind of mismatch refused before anything runs; the same sets composed
// into one component (plug, and a WAC file) that jco transpiles and `call` runs, with no import of
// the library's interface left; wasm-tools and wac, where installed, as second opinions.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { callComponent, composeWac, inspectComponent, plugComponents, runComponent } from 'wit-tools/server/pipeline/index.js';
import { which } from 'wit-tools/server/pipeline/tools.js';
import { fixtures } from '../support/paths.js';
import { BUILD_TIMEOUT, buildOnce, failure, hasToolchain, runBin, scratch, wasmTools, writeProject } from './support.js';

const link = (name: string) => path.join(fixtures, 'link', name);
const out = path.join(scratch, 'link');

describe('pipeline: components linked through WIT', function () {
  this.timeout(BUILD_TIMEOUT);
  let app: string, lib: string, lib64: string, num: string, bridge: string;

  before(async function () {
    if (!hasToolchain('c')) this.skip();
    // Under the names messages use: app.wasm, lib.wasm (and wide/lib.wasm), num.wasm, bridge.wasm.
    const place = async (project: string, name: string) => {
      const file = path.join(out, name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.copyFileSync((await buildOnce(link(project))).component, file);
      return file;
    };
    app = await place('calc-c', 'app.wasm');
    lib = await place('math-c', 'lib.wasm');
    lib64 = await place('math64-c', 'wide/lib.wasm');
    num = await place('num-c', 'num.wasm');
    bridge = await place('math-ts', 'bridge.wasm');
  });

  describe('at run time (--with)', () => {
    it('serves a C app\'s import of demo:math/ops@1.0.0 from a C library', async () => {
      const r = await callComponent({ component: app, call: 'compute(5, 6)', with: [lib] });
      assert.equal(r.wave, '"5 + 6 = 11 (from C)"');
    });

    it('follows a chain of three across languages: C app → TypeScript library → C component', async () => {
      const r = await callComponent({ component: app, call: 'compute(5, 6)', with: [bridge, num] });
      assert.equal(r.wave, '"5 + 6 = eleven (from TypeScript)"');
      // The TypeScript library called directly, with its own import linked.
      const direct = await callComponent({ component: bridge, call: 'describe(12)', with: [num] });
      assert.equal(direct.wave, '"twelve (from TypeScript)"');
    });

    it('refuses a library whose add takes s64, naming add, s32, s64 and both files, before running', async () => {
      const e = await failure(callComponent({ component: app, call: 'compute(1, 2)', with: [lib64] }));
      assert.equal(e.code, 'link-failed');
      assert.equal(e.message, 'import demo:math/ops@1.0.0: `add` takes (a: s32, b: s32) -> s32 in app.wasm but (a: s64, b: s64) -> s64 in lib.wasm');
      assert.deepEqual(e.details.problems, [e.message]);
      const cli = runBin(['call', app, 'compute(1, 2)', '--with', lib64]);
      assert.equal(cli.code, 1);
      assert.match(cli.stderr, /`add` takes \(a: s32, b: s32\) -> s32 in app\.wasm but \(a: s64, b: s64\) -> s64 in lib\.wasm/);
      assert.equal(cli.stdout, '');
    });

    it('says which import has no provider, and which has two', async () => {
      const none = await failure(callComponent({ component: bridge, call: 'describe(1)', with: [app] }));
      assert.equal(none.code, 'link-failed');
      assert.match(none.message, /import demo:num\/format@0\.1\.0 of bridge\.wasm has no provider/);
      const two = await failure(callComponent({ component: app, call: 'compute(1, 2)', with: [lib, bridge, num] }));
      assert.match(two.message, /import demo:math\/ops@1\.0\.0 of app\.wasm is exported by lib\.wasm and bridge\.wasm/);
      const alone = await failure(callComponent({ component: app, call: 'compute(1, 2)' }));
      assert.equal(alone.code, 'unsupported-import');
      assert.match(alone.message, /--with/);
    });

    it('gives every component of the set the one set of grants (none by default)', async () => {
      // The TypeScript library asks for nothing; the set runs with nothing granted, and an env
      // grant reaches it as it would the composed component.
      const r = await callComponent({ component: app, call: 'compute(2, 2)', with: [bridge, num], grants: { env: { LANG: 'C' } } });
      assert.equal(r.wave, '"2 + 2 = four (from TypeScript)"');
    });
  });

  describe('composed into one component', () => {
    it('plug: the app and its library in one component that jco transpiles and call runs', async () => {
      const file = path.join(out, 'plugged.wasm');
      await plugComponents({ app, with: [lib], out: file });
      const info = await inspectComponent(file);
      assert.ok(!info.wit.includes('demo:math'), info.wit);
      assert.match(info.wit, /export compute: func\(a: s32, b: s32\) -> string;/);
      assert.equal((await callComponent({ component: file, call: 'compute(20, 22)' })).wave, '"20 + 22 = 42 (from C)"');
      const wt = wasmTools();
      if (wt) execFileSync(wt, ['validate', file]);
    });

    it('plug refuses what linking refuses', async () => {
      const e = await failure(plugComponents({ app, with: [lib64], out: path.join(out, 'bad.wasm') }));
      assert.equal(e.code, 'link-failed');
      assert.match(e.message, /`add` takes/);
    });

    it('compose: a WAC file of three instances in two languages, and wac agrees', async () => {
      const dir = writeProject('link', 'wac', {
        'chain.wac': 'package demo:chain;\n\nlet num = new demo:num { ... };\nlet math = new demo:math { format: num.format, ... };\nlet app = new demo:calc { ops: math.ops, ... };\n\nexport app.compute;\n',
      });
      fs.mkdirSync(path.join(dir, 'deps', 'demo'), { recursive: true });
      fs.copyFileSync(app, path.join(dir, 'deps', 'demo', 'calc.wasm'));
      fs.copyFileSync(bridge, path.join(dir, 'deps', 'demo', 'math.wasm'));
      fs.copyFileSync(num, path.join(dir, 'deps', 'demo', 'num.wasm'));
      const file = path.join(dir, 'chain.wasm');
      const r = await composeWac(path.join(dir, 'chain.wac'), file);
      assert.equal(r.loaded.analysis.instances.length, 3);
      const info = await inspectComponent(file);
      assert.ok(!/demo:(math|num)/.test(info.wit), info.wit);
      assert.equal((await callComponent({ component: file, call: 'compute(3, 4)' })).wave, '"3 + 4 = seven (from TypeScript)"');
      const cli = runBin(['compose', 'chain.wac', '-o', 'cli.wasm'], { cwd: dir });
      assert.equal(cli.code, 0, cli.stderr);
      assert.match(cli.stdout, /composed cli\.wasm .*3 instances, exports `compute`/);
      const wac = whichWac();
      if (wac) {
        execFileSync(wac, ['compose', 'chain.wac', '-o', 'wac.wasm'], { cwd: dir });
        assert.equal((await callComponent({ component: path.join(dir, 'wac.wasm'), call: 'compute(3, 4)' })).wave, '"3 + 4 = seven (from TypeScript)"');
        const wt = wasmTools();
        if (wt) for (const f of ['chain.wasm', 'wac.wasm']) execFileSync(wt, ['validate', path.join(dir, f)]);
      }
    });

    it('compose: an explicit `import` of the library\'s interface, served at run time by --with; wac agrees', async () => {
      const iface = (t: string) => `interface {\n  add: func(a: ${t}, b: ${t}) -> ${t};\n  describe: func(n: s32) -> string;\n}`;
      const dir = writeProject('link', 'wac-import', {
        'imp.wac': `package demo:imp;\n\nimport ops as "demo:math/ops@1.0.0": ${iface('s32')};\n\nlet app = new demo:calc { "demo:math/ops@1.0.0": ops, ... };\nexport app.compute;\n`,
        'wide.wac': `package demo:wide;\n\nimport ops as "demo:math/ops@1.0.0": ${iface('s64')};\n\nlet app = new demo:calc { "demo:math/ops@1.0.0": ops, ... };\nexport app.compute;\n`,
      });
      fs.mkdirSync(path.join(dir, 'deps', 'demo'), { recursive: true });
      fs.copyFileSync(app, path.join(dir, 'deps', 'demo', 'calc.wasm'));
      const file = path.join(dir, 'imp.wasm');
      await composeWac(path.join(dir, 'imp.wac'), file);
      const info = await inspectComponent(file);
      assert.match(info.wit, /import demo:math\/ops@1\.0\.0;/);
      assert.equal((await callComponent({ component: file, call: 'compute(5, 6)', with: [lib] })).wave, '"5 + 6 = 11 (from C)"');
      // The import declared with s64 does not fit the app's s32: refused, naming both.
      const wide = runBin(['check', 'wide.wac'], { cwd: dir });
      assert.equal(wide.code, 1);
      assert.match(wide.stdout, /mismatched instantiation argument `demo:math\/ops@1\.0\.0`: .*`add` takes \(a: s32, b: s32\) -> s32 in demo:calc but \(a: s64, b: s64\) -> s64 in import `demo:math\/ops@1\.0\.0`/);
      const wac = whichWac();
      if (wac) {
        execFileSync(wac, ['compose', 'imp.wac', '-o', 'wac.wasm'], { cwd: dir });
        assert.equal((await callComponent({ component: path.join(dir, 'wac.wasm'), call: 'compute(5, 6)', with: [lib] })).wave, '"5 + 6 = 11 (from C)"');
        assert.throws(() => execFileSync(wac, ['compose', 'wide.wac', '-o', 'wide.wasm'], { cwd: dir, stdio: 'pipe' }), /mismatched instantiation argument/);
        const wt = wasmTools();
        if (wt) execFileSync(wt, ['validate', file]);
      }
    });

    it('compose reports a WAC file\'s errors and writes nothing', async () => {
      const dir = writeProject('link', 'wac-bad', { 'bad.wac': 'package demo:bad;\n\nlet lib = new demo:math { ... };\nlet app = new demo:calc { ops: lib.nope, ... };\nexport app.compute;\n' });
      fs.mkdirSync(path.join(dir, 'deps', 'demo'), { recursive: true });
      fs.copyFileSync(app, path.join(dir, 'deps', 'demo', 'calc.wasm'));
      fs.copyFileSync(lib, path.join(dir, 'deps', 'demo', 'math.wasm'));
      const cli = runBin(['compose', 'bad.wac'], { cwd: dir });
      assert.equal(cli.code, 1);
      assert.match(cli.stderr, /error\[unknown-export\]: the instance has no export named `nope`/);
      assert.match(cli.stderr, /bad\.wac:4:36/);
      assert.ok(!fs.existsSync(path.join(dir, 'bad.wasm')));
      const check = runBin(['check', 'bad.wac', '--format', 'json'], { cwd: dir });
      assert.equal(check.code, 1);
      const json = JSON.parse(check.stdout) as { ok: boolean; results: { diagnostics: { code: string; line: number; column: number }[] }[] };
      assert.equal(json.ok, false);
      assert.deepEqual(json.results[0].diagnostics.map((d) => [d.code, d.line, d.column]), [['unknown-export', 4, 36]]);
      const mismatch = writeProject('link', 'wac-mismatch', { 'm.wac': 'package demo:m;\n\nlet lib = new demo:math { ... };\nlet app = new demo:calc { ops: lib["demo:math/ops@1.0.0"], ... };\nlet whole = new demo:calc { ops: lib, ... };\nexport app.compute;\n' });
      fs.mkdirSync(path.join(mismatch, 'deps', 'demo'), { recursive: true });
      fs.copyFileSync(app, path.join(mismatch, 'deps', 'demo', 'calc.wasm'));
      fs.copyFileSync(lib64, path.join(mismatch, 'deps', 'demo', 'math.wasm'));
      const m = runBin(['check', 'm.wac'], { cwd: mismatch });
      assert.equal(m.code, 1);
      assert.match(m.stdout, /mismatched instantiation argument `demo:math\/ops@1\.0\.0`: import demo:math\/ops@1\.0\.0: `add` takes \(a: s32, b: s32\) -> s32 in demo:calc but \(a: s64, b: s64\) -> s64 in demo:math/);
      assert.match(m.stdout, /m\.wac:4:27/);
      // A whole instance for an interface, refused as wac refuses it.
      assert.match(m.stdout, /mismatched instantiation argument `demo:math\/ops@1\.0\.0`: instance is missing expected function export `add` \(pass its export: `lib\.ops`\)/);
      assert.match(m.stdout, /m\.wac:5:29/);
    });
  });

  it('run --with: a JavaScript command whose import comes from a C library', async () => {
    const cliTool = path.join(fixtures, '..', '..', 'examples', 'cli-tool', 'deps');
    const files: Record<string, string> = {
      'package.json': JSON.stringify({ name: 'cmd-js', version: '0.1.0', private: true, type: 'module', main: 'index.js' }),
      'wit/world.wit': 'package demo:cmd@0.1.0;\n\nworld cmd {\n  import demo:math/ops@1.0.0;\n  export wasi:cli/run@0.2.3;\n}\n',
      'wit/deps/math/math.wit': fs.readFileSync(path.join(link('math-c'), 'wit', 'math.wit'), 'utf8'),
      'index.js': "import { add, describe } from 'demo:math/ops@1.0.0';\n\nexport const run = {\n  run() {\n    console.log(describe(add(40, 2)));\n  },\n};\n",
    };
    for (const pkg of fs.readdirSync(cliTool)) for (const f of fs.readdirSync(path.join(cliTool, pkg))) files[`wit/deps/${pkg}/${f}`] = fs.readFileSync(path.join(cliTool, pkg, f), 'utf8');
    const cmd = (await buildOnce(writeProject('link', 'cmd-js', files))).component;
    let stdout = '';
    const r = await runComponent({ component: cmd, with: [lib], onStdout: (c) => (stdout += Buffer.from(c).toString('utf8')) });
    assert.equal(r.exitCode, 0);
    assert.equal(stdout.trim(), '42 (from C)');
    const alone = await failure(runComponent({ component: cmd }));
    assert.equal(alone.code, 'unsupported-import');
  });
});

/** wac, the reference composer, when installed (scripts/install-toolchains.sh oracles). */
function whichWac(): string | undefined {
  const found = which('wac');
  if (!found && process.env.WIT_TOOLS_REQUIRE_TOOLCHAINS) throw new Error('WIT_TOOLS_REQUIRE_TOOLCHAINS is set but wac is not installed (bash scripts/install-toolchains.sh oracles)');
  return found;
}
