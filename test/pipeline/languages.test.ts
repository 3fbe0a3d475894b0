// Every language for real: for TypeScript, Python, Go, Rust and C, `new` makes a project whose
// component builds with the real tool chain and answers through the sandbox; each language's
// example is built and its exports called with valid and invalid arguments (its resources through
// one instance); a compiler error comes back as file:line:col; and wasm-tools — the reference's
// own CLI — validates every component and prints the same WIT for it as we do.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildProject, callComponent, newProject, PipelineError, prepareComponent, runComponent, type BuildDiagnostic, type BuildResult, type TemplateLanguage } from 'wit-tools/server/pipeline/index.js';
import { transpiledDir } from 'wit-tools/server/pipeline/cache.js';
import { BUILD_TIMEOUT, buildOnce, example, examples, hasToolchain, scratch, wasmTools, writeProject, failure } from './support.js';

const parent = path.join(scratch, 'languages');
const languages = ['ts', 'python', 'go', 'rust', 'c'] as const;

function make(language: TemplateLanguage, template: 'hello' | 'command'): string {
  fs.mkdirSync(parent, { recursive: true });
  const dir = path.join(parent, `${template}-${language}`);
  if (!fs.existsSync(dir)) newProject({ name: `${template}-${language}`, parent, language, template });
  return dir;
}

const project = (name: string, files: Record<string, string>) => writeProject('language-errors', name, files);


const wave = async (component: string, call: string) => (await callComponent({ component, call })).wave;

/** Runs a scenario of instance-driver.ts on one instance of the component; its JSON result. */
async function drive(component: string, scenario: string): Promise<Record<string, unknown>> {
  const jsDir = await transpiledDir(await prepareComponent(component));
  const driver = fileURLToPath(new URL('./instance-driver.js', import.meta.url));
  const r = spawnSync(process.execPath, ['--no-warnings', '--experimental-wasm-extended-const', driver, jsDir, scenario], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

/**
 * What a component's WIT says, as comparable data: for the root world and for each interface
 * (`package/interface`), its lines in order, blank lines dropped. `use` lines are left out: for a
 * type that one WASI interface re-exports from another (`wasi:io/streams` re-exporting `error`),
 * wasm-tools names the interface the alias went through, we name the one that defines it — the
 * same type either way (docs/toolchains.md). A type defined where it should have been used
 * still shows: its definition is extra lines in the interface that inlined it.
 */
function witShape(wit: string): Record<string, string[]> {
  const shape: Record<string, string[]> = {};
  let pkg = '';
  let key = '';
  for (const raw of wit.split('\n')) {
    const l = raw.trim();
    let m: RegExpExecArray | null;
    if (!l || l === '}' || l.startsWith('use ') || l.startsWith('package root:component')) continue;
    if ((m = /^package (\S+) \{$/.exec(l))) { pkg = m[1]; continue; }
    if ((m = /^(interface|world) (\S+) \{$/.exec(l))) { key = m[1] === 'world' ? `world ${m[2]}` : `${pkg}/${m[2]}`; shape[key] = []; continue; }
    (shape[key] ??= []).push(l);
  }
  return shape;
}

describe('pipeline: every language', function () {
  this.timeout(BUILD_TIMEOUT);
  const built: BuildResult[] = [];
  const keep = (r: BuildResult) => (built.push(r), r);

  for (const language of languages) {
    describe(language, () => {
      before(function () {
        if (!hasToolchain(language)) this.skip();
      });

      it(`new --language ${language}: builds as it stands; greet("bar") is "Hello, bar!"; a wrong argument is refused before anything runs`, async () => {
        const r = keep(await buildOnce(make(language, 'hello')));
        assert.equal(r.language, language === 'ts' ? 'typescript' : language);
        assert.equal(await wave(r.component, 'greet("bar")'), '"Hello, bar!"');
        assert.equal(await wave(r.component, 'greet("Zoë 🦀")'), '"Hello, Zoë 🦀!"');
        const e = await failure(callComponent({ component: r.component, call: 'greet(42)' }));
        assert.equal(e.code, 'bad-argument');
        assert.match(e.message, /argument `name` \(1 of 1\) at column 7: expected `string`, found the number `42`/);
      });

      it(`new --language ${language} --world-template command: runs with its arguments`, async () => {
        const r = keep(await buildOnce(make(language, 'command')));
        let out = '';
        const run = await runComponent({ component: r.component, args: ['Ada', 'Bo'], onStdout: (d) => (out += Buffer.from(d).toString()) });
        assert.equal(run.exitCode, 0);
        assert.equal(out, language === 'c' ? 'Hello, Ada!\nHello, Bo!\n' : 'Hello, Ada and Bo!\n');
      });
    });
  }

  describe('the examples', () => {
    it('notes-py (Python): records, variants, lists, options and results; the book resource; the wall clock imported', async function () {
      if (!hasToolchain('python')) this.skip();
      const r = keep(await example('notes-py'));
      assert.equal(r.language, 'python');
      assert.equal(await wave(r.component, 'parse-tags("buy #milk and #eggs-free")'), 'ok(["milk", "eggs-free"])');
      assert.equal(await wave(r.component, 'parse-tags("a # b")'), `err(invalid("a \`#\` without a tag name in \\'a # b\\'"))`);
      assert.equal(
        await wave(r.component, 'summarize([{id: 1, title: "a", tags: ["x", "y"], priority: high, created: 0, due: some(5)}, {id: 2, title: "b", tags: ["y"], priority: low, created: 0, due: some(3)}])'),
        '{count: 2, by-priority: [(low, 1), (high, 1)], tags: ["x", "y"], next-due: some(2)}',
      );
      const e = await failure(callComponent({ component: r.component, call: 'summarize([{id: 1}])' }));
      assert.equal(e.code, 'bad-argument');
      assert.match(e.message, /missing field `title`|field `title`/);
      assert.deepEqual(await drive(r.component, 'notes'), {
        owner: 'ada', ids: [1, 2], invalid: { tag: 'invalid', val: 'a note needs a title' }, found: ['write report'], atLeast: [1],
        tags: ['home', 'errand'], due: '20', stamped: true, afterRemove: 1, missing: { tag: 'not-found', val: 2 },
      });
    });

    it('wordfreq-go (Go): lists of records, options, results with a variant error', async function () {
      if (!hasToolchain('go')) this.skip();
      const r = keep(await example('wordfreq-go'));
      assert.equal(r.language, 'go');
      assert.equal(await wave(r.component, 'top-words("the cat and the hat and the bat", 2)'), '[{word: "the", count: 3}, {word: "and", count: 2}]');
      assert.equal(await wave(r.component, 'stats("Être ou ne pas être")'), 'ok({words: 5, distinct: 4, longest: some("être"), top: [{word: "être", count: 2}, {word: "ne", count: 1}, {word: "ou", count: 1}]})');
      assert.equal(await wave(r.component, 'stats(" ... ")'), 'err(empty)');
      assert.equal(await wave(r.component, `stats("${'a '.repeat(50_001)}")`), 'err(too-long(100002))');
      const e = await failure(callComponent({ component: r.component, call: 'top-words("x", -1)' }));
      assert.equal(e.code, 'bad-argument');
      assert.match(e.message, /argument `n` \(2 of 2\).*u32/);
    });

    it('shapes-rust (Rust): variants with payloads, tuples, options, results; the canvas resource', async function () {
      if (!hasToolchain('rust')) this.skip();
      const r = keep(await example('shapes-rust'));
      assert.equal(r.language, 'rust');
      assert.ok(r.size < 500_000, `a Rust component is small (${r.size} bytes)`);
      assert.equal(await wave(r.component, 'area(rect(({x: 0.0, y: 0.0}, {x: 2.0, y: 3.0})))'), '6');
      assert.equal(await wave(r.component, 'parse("polygon 0 0 4 0 0 3")'), 'ok(polygon([{x: 0, y: 0}, {x: 4, y: 0}, {x: 0, y: 3}]))');
      assert.equal(await wave(r.component, 'parse("circle 0 0 -1")'), `err("a circle\\'s radius cannot be negative")`);
      assert.equal(await wave(r.component, 'bounding-box([circle(({x: 1.0, y: 1.0}, 1.0)), polygon([{x: 5.0, y: -1.0}])])'), 'some({min: {x: 0, y: -1}, max: {x: 5, y: 2}})');
      assert.equal(await wave(r.component, 'bounding-box([])'), 'none');
      const e = await failure(callComponent({ component: r.component, call: 'area(square(1.0))' }));
      assert.equal(e.code, 'bad-argument');
      assert.match(e.message, /square/);
      assert.deepEqual(await drive(r.component, 'shapes'), { n: 2, count: 2, total: 12, other: 0 });
    });

    it('checksum-c (C with wit-bindgen c): lists of bytes, enums, records, results', async function () {
      if (!hasToolchain('c')) this.skip();
      const r = keep(await example('checksum-c'));
      assert.equal(r.language, 'c');
      // The check values of CRC-32 and Adler-32.
      assert.equal(await wave(r.component, `crc32([${[...Buffer.from('123456789')].join(', ')}])`), String(0xcbf43926));
      assert.equal(await wave(r.component, `digest(adler32, [${[...Buffer.from('Wikipedia')].join(', ')}])`), '{algorithm: adler32, value: 300286872, hex: "11e60398"}');
      assert.equal(await wave(r.component, 'to-hex([0, 255, 16])'), 'ok("00ff10")');
      assert.equal(await wave(r.component, `to-hex([${new Array(4097).fill(1).join(',')}])`), 'err("4097 bytes is more than 4096")');
      const e = await failure(callComponent({ component: r.component, call: 'crc32([256])' }));
      assert.equal(e.code, 'bad-argument');
      assert.match(e.message, /u8/);
      // The build wrote the generated bindings beside the sources (they are in .gitignore).
      assert.match(fs.readFileSync(path.join(examples, 'checksum-c', 'bindings', 'checksum.h'), 'utf8'), /^\/\/ Generated by `wit-bindgen` 0\.63\.0/);
    });
  });

  describe('compiler errors point at file:line:col', () => {
    const world = 'package a:b;\nworld w {\n  export greet: func(name: string) -> string;\n}\n';

    it('Python: a syntax error, with the column of the caret', async function () {
      if (!hasToolchain('python')) this.skip();
      const dir = project('py-syntax', { 'wit/world.wit': world, 'app.py': 'import wit_world\n\nclass WitWorld(wit_world.WitWorld):\n    def greet(self, name: str) -> str:\n        return "Hello, " +\n' });
      const e = await failure(buildProject({ dir, out: path.join(dir, 'out.wasm') }));
      assert.equal(e.code, 'build-failed');
      const d = (e.details.diagnostics as BuildDiagnostic[])[0];
      assert.deepEqual([d.file, d.line, d.column, d.source], [path.join(dir, 'app.py'), 5, 27, 'componentize-py']);
      assert.match(d.message, /^SyntaxError: invalid syntax/);
      assert.match(e.message, /^componentize-py failed: app\.py:5:27: SyntaxError/);
    });

    it('Python: an exception at import time, at its line; a missing class, at the module', async function () {
      if (!hasToolchain('python')) this.skip();
      const dir = project('py-import', { 'wit/world.wit': world, 'app.py': 'import wit_world\nimport no_such_module\n' });
      const d = ((await failure(buildProject({ dir, out: path.join(dir, 'out.wasm') }))).details.diagnostics as BuildDiagnostic[])[0];
      assert.deepEqual([path.basename(d.file), d.line, d.message], ['app.py', 2, "ModuleNotFoundError: No module named 'no_such_module'"]);
      const dir2 = project('py-class', { 'wit/world.wit': world, 'app.py': 'import wit_world\n\nclass Other:\n    pass\n' });
      const d2 = ((await failure(buildProject({ dir: dir2, out: path.join(dir2, 'out.wasm') }))).details.diagnostics as BuildDiagnostic[])[0];
      assert.deepEqual([path.basename(d2.file), d2.line], ['app.py', 1]);
      assert.match(d2.message, /AttributeError: module 'app' has no attribute 'WitWorld'/);
    });

    it('Go: a type error in the user\'s export package', async function () {
      if (!hasToolchain('go')) this.skip();
      const dir = project('go-error', {
        'wit/world.wit': world,
        'go.mod': 'module wit_component\n\ngo 1.25\n\nrequire go.bytecodealliance.org/pkg v0.4.0\n',
        'export_wit_world/greet.go': 'package export_wit_world\n\nfunc Greet(name string) string {\n\treturn 42\n}\n',
      });
      const e = await failure(buildProject({ dir, out: path.join(dir, 'out.wasm') }));
      assert.equal(e.code, 'build-failed');
      const d = (e.details.diagnostics as BuildDiagnostic[])[0];
      assert.deepEqual([d.file, d.line, d.column, d.source], [path.join(dir, 'export_wit_world', 'greet.go'), 4, 9, 'go']);
      assert.match(d.message, /cannot use 42/);
    });

    it('Rust: a type error, from cargo\'s JSON spans', async function () {
      if (!hasToolchain('rust')) this.skip();
      const dir = project('rust-error', {
        'wit/world.wit': world,
        'Cargo.toml': '[package]\nname = "rust-error"\nversion = "0.1.0"\nedition = "2021"\n\n[lib]\ncrate-type = ["cdylib"]\n\n[dependencies]\nwit-bindgen = "0.63.0"\n',
        'src/lib.rs': 'wit_bindgen::generate!({ world: "w", path: "wit" });\nstruct C;\nimpl Guest for C {\n    fn greet(name: String) -> String {\n        name.len()\n    }\n}\nexport!(C);\n',
      });
      const e = await failure(buildProject({ dir, out: path.join(dir, 'out.wasm') }));
      assert.equal(e.code, 'build-failed');
      const d = (e.details.diagnostics as BuildDiagnostic[]).find((x) => x.severity === 'error')!;
      assert.deepEqual([d.file, d.line, d.column, d.code, d.source], [path.join(dir, 'src', 'lib.rs'), 5, 9, 'E0308', 'rustc']);
      assert.match(e.message, /^cargo failed: src\/lib\.rs:5:9: mismatched types/);
    });

    it('C: an error in a source that uses the generated bindings', async function () {
      if (!hasToolchain('c')) this.skip();
      const dir = project('c-bindings-error', {
        'wit/world.wit': world,
        'main.c': '#include "w.h"\n\nvoid exports_w_greet(w_string_t *name, w_string_t *ret) {\n  *ret = *nme;\n}\n',
      });
      const e = await failure(buildProject({ dir, out: path.join(dir, 'out.wasm') }));
      const d = (e.details.diagnostics as BuildDiagnostic[])[0];
      assert.deepEqual([d.file, d.line, d.column, d.source], [path.join(dir, 'main.c'), 4, 11, 'clang']);
      assert.ok(fs.existsSync(path.join(dir, 'bindings', 'w.h')), 'the bindings were generated before clang ran');
    });
  });

  describe('a second opinion: wasm-tools', () => {
    it('validates every component built above, and prints the same WIT for it as `wit-tools inspect`', async function () {
      const tool = wasmTools();
      if (!tool || built.length === 0) this.skip();
      for (const r of built) {
        execFileSync(tool!, ['validate', r.component]);
        const theirs: string = execFileSync(tool!, ['component', 'wit', r.component], { encoding: 'utf8', maxBuffer: 64 << 20 });
        const ours = (await prepareComponent(r.component)).wit;
        assert.deepEqual(witShape(ours), witShape(theirs), path.basename(r.component));
      }
    });
  });
});
