// Building real projects: every example, the test fixtures, and the ways a build goes wrong
// (compiler errors mapped to files, WIT errors, several worlds, missing tools, a custom command).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildProject, decodeComponent, PipelineError, type BuildDiagnostic } from 'wit-tools/server/pipeline/index.js';
import { which } from 'wit-tools/server/pipeline/tools.js';
import { BUILD_TIMEOUT, example, examples, fixture, hasClang, scratch, writeProject, failure } from './support.js';

function exportNames(file: string): string[] {
  return decodeComponent(fs.readFileSync(file)).exports.map((e) => e.name);
}

const project = (name: string, files: Record<string, string>) => writeProject('projects', name, files);


/**
 * Runs `f` with PATH (and every folder an installer uses: HOME's ~/.cargo/bin and ~/go/bin, the
 * tools home, GOROOT) pointing at an empty folder, except the tools in `keep`: every other
 * external tool is missing.
 */
async function withoutTools<T>(f: () => Promise<T>, keep: string[] = []): Promise<T> {
  const names = ['PATH', 'HOME', 'WIT_TOOLS_HOME', 'GOROOT', 'GOPATH', 'CARGO_HOME', 'XDG_DATA_HOME'] as const;
  const saved = Object.fromEntries(names.map((n) => [n, process.env[n]]));
  const empty = path.join(scratch, `empty-path-${keep.join('-') || 'none'}`);
  fs.mkdirSync(empty, { recursive: true });
  for (const tool of keep) {
    const found = which(tool);
    if (found && !fs.existsSync(path.join(empty, tool))) fs.symlinkSync(found, path.join(empty, tool));
  }
  for (const n of names) process.env[n] = empty;
  try {
    return await f();
  } finally {
    for (const n of names) {
      if (saved[n] === undefined) delete process.env[n];
      else process.env[n] = saved[n];
    }
  }
}

describe('pipeline: build', function () {
  this.timeout(BUILD_TIMEOUT);

  describe('the examples', () => {
    it('greeter (TypeScript): type-checked, componentized, exports what its world says', async () => {
      const r = await example('greeter');
      assert.equal(r.language, 'typescript');
      assert.equal(r.world, 'greeter');
      assert.ok(r.size > 1_000_000 && fs.statSync(r.component).size === r.size);
      assert.ok(r.durationMs > 0);
      assert.deepEqual(r.diagnostics, []);
      assert.deepEqual(exportNames(r.component), ['greet', 'example:greeter/formatting@0.1.0']);
    });

    it('tasks (TypeScript, every kind of value)', async () => {
      const r = await example('tasks');
      assert.equal(r.language, 'typescript');
      assert.deepEqual(exportNames(r.component), ['example:tasks/planner@0.1.0']);
    });

    it('cli-tool (JavaScript, a wasi:cli/run command with an interface beside it)', async () => {
      const r = await example('cli-tool');
      assert.equal(r.language, 'javascript');
      assert.deepEqual(exportNames(r.component), ['wasi:cli/run@0.2.3', 'example:word-count/counter@0.1.0']);
    });

    it('hello-c (C: clang, wasi-libc, the preview1 command adapter)', async () => {
      if (!hasClang()) {
        const e = await failure(buildProject({ dir: path.join(examples, 'hello-c'), out: path.join(scratch, 'x.wasm') }));
        assert.equal(e.code, 'missing-tool');
        return;
      }
      const r = await example('hello-c');
      assert.equal(r.language, 'c');
      assert.ok(r.size < 1_000_000, 'a C component is small');
      assert.deepEqual(exportNames(r.component), ['wasi:cli/run@0.2.12']);
    });

    it('the C reactor fixture: WIT embedded, the reactor adapter', async () => {
      if (!hasClang()) return;
      const r = await fixture('c-reactor');
      assert.deepEqual(exportNames(r.component), ['add', 'shout', 'average', 'rgb-hex', 'divide']);
    });

    it('writes the component where it is told to', async () => {
      assert.ok((await example('greeter')).component.startsWith(scratch));
    });
  });

  describe('when a build goes wrong', () => {
    it('a TypeScript type error is a diagnostic at its file and line, and no component is left', async () => {
      const dir = project('ts-type-error', {
        'wit/world.wit': 'package a:b;\nworld w {\n  export double: func(x: u32) -> u32;\n}\n',
        'package.json': '{"type": "module", "main": "src/index.ts"}',
        'src/index.ts': 'export function double(x: number): number {\n  const y: string = x * 2;\n  return y;\n}\n',
      });
      const out = path.join(dir, 'out.wasm');
      const e = await failure(buildProject({ dir, out }));
      assert.equal(e.code, 'build-failed');
      assert.match(e.message, /TypeScript found \d+ errors?; first: src\/index.ts:2:9: Type 'number' is not assignable to type 'string'/);
      const d = (e.details.diagnostics as BuildDiagnostic[]).find((x) => x.code === 'TS2322')!;
      assert.deepEqual([d.file, d.line, d.column, d.severity, d.source], [path.join(dir, 'src', 'index.ts'), 2, 9, 'error', 'tsc']);
      assert.equal(fs.existsSync(out), false);
    });

    it('a JavaScript syntax error is a diagnostic at its place', async () => {
      const dir = project('js-syntax-error', {
        'world.wit': 'package a:b;\nworld w {\n  export f: func() -> u32;\n}\n',
        'package.json': '{"type": "module", "main": "index.js"}',
        'index.js': 'export function f() {\n  return 1 +;\n}\n',
      });
      const e = await failure(buildProject({ dir, out: path.join(dir, 'out.wasm') }));
      assert.equal(e.code, 'build-failed');
      const d = (e.details.diagnostics as BuildDiagnostic[])[0];
      assert.deepEqual([path.basename(d.file), d.line, d.column], ['index.js', 2, 13]);
    });

    it('a C compile error is a diagnostic at its place', async function () {
      if (!hasClang()) this.skip();
      const dir = project('c-error', {
        'world.wit': 'package a:b;\nworld w {\n  export add: func(a: u32, b: u32) -> u32;\n}\n',
        'add.c': '#include <stdint.h>\n__attribute__((export_name("add")))\nuint32_t add(uint32_t a, uint32_t b) {\n  return a + c;\n}\n',
      });
      const e = await failure(buildProject({ dir, out: path.join(dir, 'out.wasm') }));
      assert.equal(e.code, 'build-failed');
      assert.match(e.message, /^clang failed: .*undeclared identifier 'c'/);
      const d = (e.details.diagnostics as BuildDiagnostic[])[0];
      assert.deepEqual([d.file, d.line, d.column, d.source], [path.join(dir, 'add.c'), 4, 14, 'clang']);
    });

    it('WIT errors stop the build before any tool runs, with their places', async () => {
      const dir = project('wit-error', {
        'wit/world.wit': 'package a:b;\nworld w {\n  export f: func() -> nope;\n}\n',
        'package.json': '{"main": "index.js"}',
        'index.js': 'export function f() { return 1; }\n',
      });
      const started = Date.now();
      const e = await failure(buildProject({ dir, out: path.join(dir, 'out.wasm') }));
      assert.equal(e.code, 'wit-errors');
      assert.match(e.message, /has 1 error: name `nope` does not exist/);
      const d = (e.details.diagnostics as BuildDiagnostic[])[0];
      assert.deepEqual([path.basename(d.file), d.line, d.column], ['world.wit', 3, 23]);
      assert.ok(Date.now() - started < 5000, 'no toolchain was started');
    });

    it('several worlds need --world; the one given is built', async () => {
      const files = {
        'world.wit': 'package a:b;\nworld one {\n  export f: func() -> u32;\n}\nworld two {\n  export g: func() -> u32;\n}\n',
        'lib.c': '#include <stdint.h>\n__attribute__((export_name("f"))) uint32_t f(void) { return 1; }\n__attribute__((export_name("g"))) uint32_t g(void) { return 2; }\n',
      };
      const dir = project('two-worlds', files);
      const e = await failure(buildProject({ dir, out: path.join(dir, 'out.wasm') }));
      assert.equal(e.code, 'ambiguous-world');
      assert.match(e.message, /defines 2 worlds \(one, two\): pick one with --world/);
      const missing = await failure(buildProject({ dir, world: 'three', out: path.join(dir, 'out.wasm') }));
      assert.equal(missing.code, 'no-world');
      assert.match(missing.message, /no world `three` in a:b \(its worlds: one, two\)/);
      if (!hasClang()) return;
      const r = await buildProject({ dir, world: 'two', out: path.join(dir, 'out.wasm') });
      assert.equal(r.world, 'two');
      assert.deepEqual(exportNames(r.component), ['g']);
    });

    const world = 'package a:b;\nworld w {\n  export f: func() -> u32;\n}\n';
    for (const [language, files, tool, install, keep] of [
      ['C', { 'world.wit': world, 'f.c': 'int f(void) { return 1; }\n' }, 'clang', 'sudo apt-get install -y clang lld wasi-libc libclang-rt-dev-wasm32', []],
      ['C (with bindings)', { 'world.wit': world, 'f.c': '#include "w.h"\nuint32_t exports_w_f(void) { return 1; }\n' }, 'wit-bindgen', 'cargo install --locked wit-bindgen-cli@0.63.0', ['clang', 'wasm-ld']],
      ['Rust', { 'wit/world.wit': world, 'Cargo.toml': '[package]\nname = "w"\n' }, 'cargo', "curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --target wasm32-wasip2", []],
      ['Go', { 'wit/world.wit': world, 'go.mod': 'module w\n' }, 'go', /^curl -sSfL https:\/\/go\.dev\/dl\/go1\.\d+\.\d+\.linux-\w+\.tar\.gz \| sudo tar -xz -C \/usr\/local$/, []],
      ['Go (the generator)', { 'wit/world.wit': world, 'go.mod': 'module w\n' }, 'wit-bindgen', 'cargo install --locked wit-bindgen-cli@0.63.0', ['go']],
      ['Python', { 'wit/world.wit': world, 'app.py': 'class W:\n    def f(self): return 1\n' }, 'componentize-py', /^python3 -m venv \S+\/venv && \S+\/venv\/bin\/pip install componentize-py==0\.25\.1$/, []],
    ] as const) {
      it(`a missing ${language} tool chain is one error naming ${tool} and the command that installs it`, async function () {
        if (keep.some((t) => !which(t))) this.skip();
        const dir = project(`missing-${tool}-${keep.join('-')}`, files);
        const e = await withoutTools(() => failure(buildProject({ dir, out: path.join(dir, 'out.wasm') })), [...keep]);
        assert.equal(e.code, 'missing-tool', e.message);
        assert.equal(e.details.tool, tool);
        if (typeof install === 'string') assert.equal(e.details.install, install);
        else assert.match(e.details.install as string, install);
        assert.match(e.message, /needs .*, which is not installed: install it with `/);
        assert.ok(e.message.includes(e.details.install as string));
        assert.equal(e.message.includes('\n'), false);
      });
    }

    it('no project beside the WIT: says what it looked for', async () => {
      const dir = project('wit-only', { 'w.wit': 'package a:b;\nworld w {}\n' });
      const e = await failure(buildProject({ dir }));
      assert.equal(e.code, 'no-project');
      assert.match(e.message, /expected package\.json \(JavaScript or TypeScript\), Cargo\.toml \(Rust\)/);
    });
  });

  describe('a build command instead of detection', () => {
    it('runs in the project with the world and the output path in its environment', async () => {
      const source = (await example('greeter')).component;
      const dir = project('custom', { 'world.wit': 'package a:b;\nworld custom-world {\n  export greet: func(name: string) -> string;\n}\n' });
      const out = path.join(dir, 'made.wasm');
      const seen: string[] = [];
      const r = await buildProject({
        dir, out,
        command: `echo "world=$WIT_TOOLS_WORLD" && cp "${source}" "$WIT_TOOLS_OUT"`,
        onOutput: (text) => seen.push(text),
      });
      assert.equal(r.language, 'custom');
      assert.equal(r.component, out);
      assert.equal(r.size, fs.statSync(source).size);
      assert.match(seen.join(''), /world=custom-world/);
    });

    it('a failing command fails the build with its exit code and first error line', async () => {
      const dir = project('custom-fail', { 'world.wit': 'package a:b;\nworld w {}\n' });
      const e = await failure(buildProject({ dir, command: 'echo "oops: error here" >&2; exit 3' }));
      assert.equal(e.code, 'build-failed');
      assert.match(e.message, /failed \(exit code 3\): oops: error here/);
    });

    it('a command that writes nothing is an error, not a stale success', async () => {
      const dir = project('custom-nothing', { 'world.wit': 'package a:b;\nworld w {}\n' });
      const e = await failure(buildProject({ dir, command: 'true' }));
      assert.match(e.message, /did not write .*w\.wasm/);
    });
  });

  it('a build can be cancelled', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const dir = path.join(examples, 'cli-tool');
    const building = buildProject({ dir, out: path.join(scratch, 'cancelled.wasm'), signal: controller.signal });
    setTimeout(() => controller.abort(), 1500);
    const e = await failure(building);
    assert.equal(e.code, 'cancelled');
    assert.ok(Date.now() - started < 6000);
    assert.equal(fs.existsSync(path.join(scratch, 'cancelled.wasm')), false);
  });

  it('reports progress by stage', async () => {
    if (!hasClang()) return;
    const stages: string[] = [];
    await buildProject({ dir: path.join(examples, 'hello-c'), out: path.join(scratch, 'progress.wasm'), onProgress: (p) => stages.push(p.stage) });
    assert.deepEqual([...new Set(stages)], ['detect', 'wit', 'compile', 'componentize', 'done']);
  });
});
