// The `wit-tools` commands of the pipeline, as a user runs them: exit statuses, one-line reasons
// on stderr, results on stdout.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BUILD_TIMEOUT, example, examples, fixture, hasClang, runBin, scratch } from './support.js';

describe('cli: new, build, inspect, run, call', function () {
  this.timeout(BUILD_TIMEOUT);

  describe('call', () => {
    let greeter: string;
    let tasks: string;
    before(async () => {
      greeter = (await example('greeter')).component;
      tasks = (await example('tasks')).component;
    });

    it('prints the result as WAVE, exit 0', () => {
      const r = runBin(['call', greeter, 'greet("Ada")']);
      assert.deepEqual([r.code, r.stdout, r.stderr], [0, '"Hello, Ada!"\n', '']);
    });

    it('--json, and --args for JSON arguments', () => {
      const r = runBin(['call', tasks, 'parse-date', '--args', '["2024-02-29"]', '--json']);
      assert.equal(r.code, 0);
      assert.deepEqual(JSON.parse(r.stdout), { tag: 'ok', val: { year: 2024, month: 2, day: 29 } });
    });

    it('a bad argument: exit 2, one line naming the parameter, the type and the column', () => {
      const r = runBin(['call', greeter, 'greet(42)']);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, 'error: argument `name` (1 of 1) at column 7: expected `string`, found the number `42`\n');
    });

    it('an error result: printed, then exit 1 with the reason', () => {
      const r = runBin(['call', tasks, 'parse-date("nope")']);
      assert.equal(r.code, 1);
      assert.equal(r.stdout, 'err("expected YYYY-MM-DD, got \\"nope\\"")\n');
      assert.match(r.stderr, /^error: `example:tasks\/planner@0\.1\.0\/parse-date` returned an error: err\(/);
      assert.equal(r.stderr.trim().split('\n').length, 1);
    });

    it('a trap: exit 1, one line', async function () {
      if (!hasClang()) this.skip();
      const r = runBin(['call', (await fixture('c-reactor')).component, 'divide(1, 0)']);
      assert.equal(r.code, 1);
      assert.equal(r.stderr, 'error: `divide` trapped: wasm trap: wasm `unreachable` instruction executed\n');
    });

    it('a limit: exit 1, one line', async () => {
      const r = runBin(['call', (await fixture('hostile')).component, 'spin()', '--timeout', '1']);
      assert.equal(r.code, 1);
      assert.equal(r.stderr, 'error: time limit of 1 s hit: the component was stopped\n');
    });

    it('grants from the command line', async () => {
      const hostile = (await fixture('hostile')).component;
      const dir = path.join(scratch, 'cli-grant');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'f.txt'), 'from the cli');
      const r = runBin(['call', hostile, 'read-file("/in/f.txt")', '--dir', `${dir}::/in`, '--env', 'K=V']);
      assert.deepEqual([r.code, r.stdout], [0, 'ok("from the cli")\n']);
      const env = runBin(['call', hostile, 'environment()', '--env', 'K=V', '--env', 'X=a=b']);
      assert.equal(env.stdout, '[("K", "V"), ("X", "a=b")]\n');
      const bad = runBin(['call', hostile, 'preopens()', '--dir', path.join(dir, 'missing')]);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /^error: `--dir .*missing`: no such directory/);
    });

    it('usage errors: exit 2', () => {
      assert.equal(runBin(['call', greeter]).code, 2);
      assert.equal(runBin(['call', greeter, 'greet("a")', '--timeout', 'soon']).code, 2);
      const r = runBin(['call', path.join(scratch, 'nothing.wasm'), 'f()']);
      assert.deepEqual([r.code, r.stderr], [2, `error: no such file: ${path.join(scratch, 'nothing.wasm')}\n`]);
    });
  });

  describe('run', () => {
    it("streams the command's output and returns its exit status", async () => {
      const wasm = (await example('cli-tool')).component;
      const ok = runBin(['run', wasm, '--', '-w'], { input: 'a b c\n' });
      assert.deepEqual([ok.code, ok.stdout.trim()], [0, '3']);
      const bad = runBin(['run', wasm, '--', '--nope']);
      assert.equal(bad.code, 1);
      assert.equal(bad.stderr, 'cli-tool: unknown option --nope (expected -l, -w, -c or -m)\n');
    });

    it('a component without wasi:cli/run: exit 2', async () => {
      const r = runBin(['run', (await example('greeter')).component]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^error: the component does not export `wasi:cli\/run`/);
    });
  });

  describe('inspect', () => {
    it('prints the WIT and the tables', async () => {
      const r = runBin(['inspect', (await example('cli-tool')).component]);
      assert.equal(r.code, 0);
      assert.match(r.stdout, /^\/\/ .*cli-tool-\d+\.wasm: \d+\.\d MB, sha256 [0-9a-f]{16}…/);
      assert.match(r.stdout, /exports \(2\):\n {2}interface {2}wasi:cli\/run@0\.2\.3 +1 function\n {2}interface {2}example:word-count\/counter@0\.1\.0 +5 functions, 3 types\n/);
      assert.match(r.stdout, /tally\.feed +not callable: it is a method of resource `tally`/);
      assert.match(r.stdout, /resource tally \{\n\s+constructor\(totals: totals\);\n\s+feed: func\(chunk: list<u8>\);/);
    });

    it('--json', async () => {
      const r = runBin(['inspect', (await example('greeter')).component, '--json']);
      const j = JSON.parse(r.stdout);
      assert.deepEqual(j.functions.map((f: { shortName: string; callable: boolean }) => [f.shortName, f.callable]), [['greet', true], ['format-greeting', true], ['supported-languages', true]]);
      assert.match(j.wit, /^package root:component;/);
    });

    it('a core module is not a component: exit 2', async function () {
      const core = path.join(scratch, 'core.wasm');
      fs.writeFileSync(core, Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
      const r = runBin(['inspect', core]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^error: a core WebAssembly module, not a component/);
    });
  });

  describe('new and build', () => {
    it('new creates a project that build builds, and build reports path, size and time', async function () {
      if (!hasClang()) this.skip();
      const parent = path.join(scratch, 'cli-new');
      fs.mkdirSync(parent, { recursive: true });
      const created = runBin(['new', 'hi-there', '--language', 'c', '--world-template', 'hello'], { cwd: parent });
      assert.equal(created.code, 0, created.stderr);
      assert.match(created.stdout, /^created .*hi-there\n {2}wit\/world\.wit\n/);
      const built = runBin(['build', 'hi-there', '--quiet'], { cwd: parent });
      assert.equal(built.code, 0, built.stderr);
      assert.match(built.stdout, /^built hi-there\/dist\/hi-there\.wasm \(\d+(\.\d)? KB, world `hi-there`, c\) in \d+\.\d s\n$/);
      const called = runBin(['call', 'hi-there/dist/hi-there.wasm', 'greet("you")'], { cwd: parent });
      assert.equal(called.stdout, '"Hello, you!"\n');
    });

    it('new refuses a bad name or an existing folder: exit 2', () => {
      assert.equal(runBin(['new', 'Bad_Name'], { cwd: scratch }).code, 2);
      assert.equal(runBin(['new', 'greeter', '--dir', examples]).code, 2);
      assert.equal(runBin(['new', 'x', '--language', 'cobol'], { cwd: scratch }).code, 2);
    });

    it('a failed build: compiler messages as file:line:col, exit 1', () => {
      const dir = path.join(scratch, 'cli-bad-build');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'w.wit'), 'package a:b;\nworld w {\n  export f: func() -> nope;\n}\n');
      fs.writeFileSync(path.join(dir, 'package.json'), '{"main": "index.js"}');
      fs.writeFileSync(path.join(dir, 'index.js'), '');
      const r = runBin(['build', dir, '--quiet'], { cwd: dir });
      assert.equal(r.code, 1);
      assert.equal(r.stderr, `w.wit:3:23: error: name \`nope\` does not exist [unknown-name]\nerror: the WIT in ${dir} has 1 error: name \`nope\` does not exist\n`);
    });
  });
});
