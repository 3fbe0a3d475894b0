// Calling every export of the built examples with valid and invalid arguments, inspecting them,
// and running the commands: real components, in the real sandbox.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { componentWit } from '@bytecodealliance/jco-transpile/wasm-tools';
import { callComponent, inspectComponent, runComponent, PipelineError, type CallOptions } from 'wit-tools/server/pipeline/index.js';
import { MemoryFileSystem } from 'wit-tools/server/workspace/fs.js';
import { loadRoot } from 'wit-tools/server/workspace/loader.js';
import { analyzeRoot } from 'wit-tools/server/semantic/analyze.js';
import { BUILD_TIMEOUT, example, fixture, fnv1a64, hasClang } from './support.js';

async function call(component: string, text: string, more: Partial<CallOptions> = {}) {
  return callComponent({ component, call: text, ...more });
}

async function rejects(p: Promise<unknown>, code: string, message: RegExp): Promise<PipelineError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof PipelineError, String(e));
    assert.equal(e.code, code, e.message);
    assert.match(e.message, message);
    return e;
  }
  assert.fail(`expected ${code}`);
}

const task = (id: number, title: string, priority: string, labels = '{}', extra = '') => `{id: ${id}, title: ${JSON.stringify(title)}, priority: ${priority}, labels: ${labels}, schedule: someday, checklist: []${extra}}`;

describe('pipeline: call, run and inspect the examples', function () {
  this.timeout(BUILD_TIMEOUT);

  describe('greeter', () => {
    let wasm: string;
    before(async () => (wasm = (await example('greeter')).component));

    it('greet', async () => {
      const r = await call(wasm, 'greet("Ada")');
      assert.equal(r.wave, '"Hello, Ada!"');
      assert.equal(r.json, 'Hello, Ada!');
      assert.equal(r.isError, false);
      assert.equal(r.function, 'greet');
    });

    it('format-greeting takes a record with an enum and an option, by short or full name', async () => {
      assert.equal((await call(wasm, 'format-greeting("Ada", {tone: formal, language: some("fr"), repeat: 2})')).wave, '"Bonjour, Ada. Bonjour, Ada."');
      assert.equal((await call(wasm, 'formatting/format-greeting("Ada", {tone: casual, repeat: 1})')).wave, '"Hey Ada"');
      assert.equal((await call(wasm, 'example:greeter/formatting@0.1.0/format-greeting("Bo", {tone: friendly, language: "de", repeat: 1})')).wave, '"Hallo, Bo!"');
    });

    it('supported-languages returns a list', async () => {
      const r = await call(wasm, 'supported-languages()');
      assert.equal(r.wave, '["en", "fr", "de"]');
      assert.deepEqual(r.json, ['en', 'fr', 'de']);
    });

    it('JSON arguments, in order and by name', async () => {
      assert.equal((await call(wasm, 'format-greeting', { jsonArgs: ['Ada', { tone: 'formal', repeat: 1 }] })).wave, '"Good afternoon, Ada."');
      assert.equal((await call(wasm, 'greet', { jsonArgs: { name: 'Cy' } })).json, 'Hello, Cy!');
    });

    it('wrong arguments are refused before anything runs: parameter, expected type, place', async () => {
      await rejects(call(wasm, 'greet(42)'), 'bad-argument', /^argument `name` \(1 of 1\) at column 7: expected `string`, found the number `42`$/);
      await rejects(call(wasm, 'format-greeting("Ada", {tone: loud, repeat: 1})'), 'bad-argument', /argument `options` \(2 of 2\) at column 31: `options.tone`: `tone` \(an enum\) has no case `loud`/);
      await rejects(call(wasm, 'format-greeting("Ada", {tone: formal, repeat: 256})'), 'bad-argument', /`options.repeat`: expected `u8`, found `256` \(out of range 0\.\.=255\)/);
      await rejects(call(wasm, 'format-greeting("Ada", {tone: formal})'), 'bad-argument', /missing field `repeat` \(`u8`\) of `greeting-options` \(a record\)/);
      await rejects(call(wasm, 'greet("a", "b")'), 'bad-argument', /too many arguments/);
      await rejects(call(wasm, 'shout("x")'), 'no-such-export', /exports no function `shout` \(it exports: greet, format-greeting, supported-languages\)/);
      await rejects(call(wasm, 'greet', { jsonArgs: [7] }), 'bad-argument', /at \$\[0\]: expected `string`, found the number 7/);
    });

    it('is not a command', async () => {
      await rejects(runComponent({ component: wasm }), 'not-a-command', /does not export `wasi:cli\/run`.*use `call`/);
    });

    it('inspect: the WIT (which the analyzer accepts), the tables, the callable functions', async () => {
      const r = await inspectComponent(wasm);
      assert.match(r.wit, /world root \{[\s\S]*export greet: func\(name: string\) -> string;[\s\S]*export example:greeter\/formatting@0\.1\.0;/);
      assert.match(r.wit, /record greeting-options \{\n\s+tone: tone,\n\s+language: option<string>,\n\s+repeat: u8,\n\s+\}/);
      const analysis = analyzeRoot(loadRoot(new MemoryFileSystem({ '/c/component.wit': r.wit }), '/c/component.wit'));
      assert.deepEqual(analysis.diagnostics.map((d) => d.message), []);
      assert.deepEqual(r.rows.filter((x) => x.direction === 'export').map((x) => [x.kind, x.name]), [['function', 'greet'], ['interface', 'example:greeter/formatting@0.1.0']]);
      assert.deepEqual(r.functions.map((f) => [f.shortName, !f.notCallable]), [['greet', true], ['format-greeting', true], ['supported-languages', true]]);
      assert.equal(r.hash.length, 64);
    });

    it('inspect agrees with jco on what the world imports and exports', async () => {
      const ours = (await inspectComponent(wasm)).wit;
      const theirs = await componentWit(fs.readFileSync(wasm));
      const lines = (wit: string) => wit.slice(wit.indexOf('world root {'), wit.indexOf('}', wit.indexOf('world root {'))).split('\n').map((l) => l.trim()).filter((l) => /^(import|export) /.test(l)).sort();
      assert.ok(lines(theirs).length > 5);
      assert.deepEqual(lines(ours), lines(theirs));
    });
  });

  describe('tasks', () => {
    let wasm: string;
    before(async () => (wasm = (await example('tasks')).component));

    it('create: a variant argument, a result with a record or a variant error', async () => {
      const ok = await call(wasm, 'create(1, "  Buy milk ", high, {errand, home}, on({year: 2025, month: 3, day: 14}))');
      assert.equal(ok.wave, 'ok({id: 1, title: "Buy milk", priority: high, labels: {home, errand}, schedule: on({year: 2025, month: 3, day: 14}), checklist: []})');
      assert.equal(ok.isError, false);
      const empty = await call(wasm, 'create(2, "   ", low, {}, someday)');
      assert.equal(empty.wave, 'err(empty-title)');
      assert.equal(empty.isError, true);
      const long = await call(wasm, `create(3, "${'x'.repeat(81)}", low, {}, someday)`);
      assert.equal(long.wave, 'err(too-long(80))');
      const date = await call(wasm, 'create(4, "x", low, {}, on({year: 2025, month: 2, day: 30}))');
      assert.deepEqual(date.json, { tag: 'err', val: { tag: 'bad-date', val: { year: 2025, month: 2, day: 30 } } });
      await rejects(call(wasm, 'create(1, "x", high, {errand}, tomorrow)'), 'bad-argument', /argument `schedule` \(5 of 5\) at column 32: `schedule` \(a variant\) has no case `tomorrow`/);
      await rejects(call(wasm, 'create(1, "x", high, {errand, fun}, someday)'), 'bad-argument', /`labels` \(a flags\) has no flag `fun`/);
      await rejects(call(wasm, 'create(-1, "x", high, {}, someday)'), 'bad-argument', /argument `id` \(1 of 5\) at column 8: expected `u32`, found `-1`/);
    });

    it('sort-tasks and find-labelled: lists of records, option results', async () => {
      const list = `[${task(1, 'b', 'low')}, ${task(2, 'a', 'urgent')}, ${task(3, 'a', 'low', '{work}')}]`;
      const sorted = await call(wasm, `sort-tasks(${list})`);
      assert.deepEqual((sorted.json as { id: number }[]).map((t) => t.id), [2, 3, 1]);
      assert.match((await call(wasm, `find-labelled(${list}, {work})`)).wave!, /^some\(\{id: 3, /);
      assert.equal((await call(wasm, `find-labelled(${list}, {home})`)).wave, 'none');
    });

    it('tally returns a tuple; total-hours sums option<f32>; initials returns chars', async () => {
      const list = `[${task(1, 'ant', 'high', '{}', ', estimate: 1.5')}, ${task(2, 'émile', 'high', '{}', ', estimate: some(0.25)')}, ${task(3, '', 'low')}]`;
      assert.equal((await call(wasm, `tally(${list})`)).wave, '(1, 0, 2, 0)');
      assert.equal((await call(wasm, `total-hours(${list})`)).wave, '1.75');
      assert.equal((await call(wasm, `initials(${list})`)).wave, "['A', 'É', '?']");
    });

    it('parse-date, advance, days-between: results, enums, options of s32', async () => {
      assert.equal((await call(wasm, 'parse-date("2024-02-29")')).wave, 'ok({year: 2024, month: 2, day: 29})');
      const bad = await call(wasm, 'parse-date("2023-02-29")');
      assert.equal(bad.wave, 'err("2023-02-29 is not a date")');
      assert.equal(bad.isError, true);
      assert.equal((await call(wasm, 'advance({year: 2024, month: 12, day: 25}, 2, weeks)')).wave, '{year: 2025, month: 1, day: 8}');
      assert.equal((await call(wasm, 'days-between({year: 2024, month: 1, day: 1}, {year: 2025, month: 1, day: 1})')).wave, 'some(366)');
      assert.equal((await call(wasm, 'days-between({year: 2024, month: 3, day: 1}, {year: 2024, month: 2, day: 1})')).wave, 'some(-29)');
      assert.equal((await call(wasm, 'days-between({year: 2024, month: 13, day: 1}, {year: 2025, month: 1, day: 1})')).wave, 'none');
      await rejects(call(wasm, 'advance({year: 2024, month: 12, day: 25}, 2, months)'), 'bad-argument', /`unit` \(an enum\) has no case `months` \(its cases: days, weeks\)/);
      await rejects(call(wasm, 'advance({year: 2024, month: 12, day: 25}, 70000, days)'), 'bad-argument', /argument `count` \(2 of 3\).*out of range 0\.\.=65535/);
    });

    it('checksum: list<u8> in, u64 out (beyond 2^53 as a JSON string)', async () => {
      const bytes = [104, 105, 0, 255];
      const r = await call(wasm, `checksum([${bytes.join(', ')}])`);
      assert.equal(r.wave, fnv1a64(bytes).toString());
      assert.equal(String(r.json), fnv1a64(bytes).toString());
      await rejects(call(wasm, 'checksum([1, 256])'), 'bad-argument', /`data\[1\]`: expected `u8`, found `256`/);
    });
  });

  describe('cli-tool', () => {
    let wasm: string;
    before(async () => (wasm = (await example('cli-tool')).component));

    it('run: stdin in, counts out, exit 0', async () => {
      let out = '';
      const r = await runComponent({ component: wasm, args: ['-l', '-w', '-m'], stdin: 'one two\nthree\u00e9\n', onStdout: (d) => (out += Buffer.from(d).toString()) });
      assert.equal(r.exitCode, 0);
      assert.equal(out.trim().split(/\s+/).join(' '), '2 3 15');
    });

    it('run: a bad option is reported on stderr, exit 1', async () => {
      let err = '';
      const r = await runComponent({ component: wasm, args: ['-x'], onStderr: (d) => (err += Buffer.from(d).toString()) });
      assert.equal(r.exitCode, 1);
      assert.match(err, /cli-tool: unknown option -x/);
    });

    it('call: a static function of a resource, and a function of records with option<u64>', async () => {
      assert.equal((await call(wasm, 'tally.count-all({words, bytes}, [104, 105, 32, 33])')).wave, '{words: some(2), bytes: some(4)}');
      assert.equal((await call(wasm, 'sum([{lines: some(1), words: some(2)}, {lines: some(3)}])')).wave, '{lines: some(4), words: some(2)}');
    });

    it('call: methods and constructors of a resource cannot be called from here, and say why', async () => {
      await rejects(call(wasm, 'tally.feed([1])'), 'not-callable', /`example:word-count\/counter@0\.1\.0\/tally\.feed` cannot be called from here: it is a method of resource `tally`/);
      await rejects(call(wasm, 'tally.constructor({lines})'), 'not-callable', /constructor of resource `tally`/);
    });
  });

  describe('C', () => {
    before(function () {
      if (!hasClang()) this.skip();
    });

    it('hello-c runs: arguments, a granted variable, the exit status', async () => {
      const wasm = (await example('hello-c')).component;
      let out = '';
      const ok = await runComponent({ component: wasm, args: ['Ada', 'Grace'], grants: { env: { GREETING: 'Hi' } }, onStdout: (d) => (out += Buffer.from(d).toString()) });
      assert.equal(ok.exitCode, 0);
      assert.equal(out, 'Hi, Ada!\nHi, Grace!\n');
      let err = '';
      const usage = await runComponent({ component: wasm, onStderr: (d) => (err += Buffer.from(d).toString()) });
      assert.equal(usage.exitCode, 1);
      assert.equal(err, 'usage: hello-c NAME...\n');
    });

    it('the C reactor: numbers, strings, lists, options, a fixed-length list, a trap', async () => {
      const wasm = (await fixture('c-reactor')).component;
      assert.equal((await call(wasm, 'add(2, 3)')).wave, '5');
      assert.equal((await call(wasm, 'shout("héllo")')).wave, '"HéLLO!"');
      assert.equal((await call(wasm, 'average([1.5, 2.5, 5])')).wave, 'some(3)');
      assert.equal((await call(wasm, 'average([])')).wave, 'none');
      assert.equal((await call(wasm, 'rgb-hex([255, 128, 0])')).wave, '"#ff8000"');
      await rejects(call(wasm, 'rgb-hex([1, 2])'), 'bad-argument', /expected `list<u8, 3>`: exactly 3 elements, found 2/);
      assert.equal((await call(wasm, 'divide(-7, 2)')).wave, '-3');
      await rejects(call(wasm, 'divide(1, 0)'), 'trap', /`divide` trapped: wasm trap: wasm `unreachable` instruction executed/);
      await rejects(call(wasm, 'add(4294967296, 1)'), 'bad-argument', /out of range 0\.\.=4294967295/);
    });
  });

  describe('the cache', () => {
    it('a repeated call skips transpilation, and a warm sandbox answers faster', async () => {
      const wasm = (await example('greeter')).component;
      const logs: string[] = [];
      await call(wasm, 'greet("first")', { onLog: (l) => logs.push(l), keepWarm: true });
      const before = logs.length;
      const r = await call(wasm, 'greet("again")', { onLog: (l) => logs.push(l), keepWarm: true });
      assert.equal(r.wave, '"Hello, again!"');
      assert.equal(logs.length, before, `no transpiling the second time: ${logs.join('; ')}`);
    });
  });
});
