import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { repoRoot } from '../support/paths.js';

const run = (args: string[], cwd: string) => runCli(args, { cwd });

describe('cli: wit-tools check and resolve', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'wit-cli-'));
    writeFileSync(join(dir, 'good.wit'), 'package a:good;\ninterface i { f: func() -> u32; }\nworld w { export i; }\n');
    writeFileSync(join(dir, 'bad.wit'), 'package a:bad;\ninterface i {\n  f: func() -> nope;\n  g: func(x: u32 y: u32);\n}\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exit 0 and a short summary on clean input', () => {
    const r = run(['check', 'good.wit'], dir);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /ok: 1 path checked/);
  });

  it('exit 1 with every error in the JSON contract, paths relative to the working directory', () => {
    const r = run(['check', '--format', 'json', 'good.wit', 'bad.wit'], dir);
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout);
    assert.equal(out.ok, false);
    assert.deepEqual(out.results.map((x: { path: string; ok: boolean }) => [x.path, x.ok]), [['good.wit', true], ['bad.wit', false]]);
    const diags = out.results[1].diagnostics;
    assert.deepEqual(diags.map((d: Record<string, unknown>) => [d.severity, d.code, d.message, d.file, d.line, d.column, d.endLine, d.endColumn]), [
      ['error', 'unexpected-token', "expected ')', found an identifier", 'bad.wit', 4, 18, 4, 19],
      ['error', 'unknown-name', 'name `nope` does not exist', 'bad.wit', 3, 16, 3, 20],
    ]);
  });

  it('human format: message, place, source line and a caret under the span', () => {
    const r = run(['check', 'bad.wit'], dir);
    assert.equal(r.code, 1);
    assert.ok(r.stdout.includes("error[unexpected-token]: expected ')', found an identifier\n --> bad.wit:4:18\n  |\n4 |   g: func(x: u32 y: u32);\n  |                  ^\n"), r.stdout);
    assert.ok(!r.stdout.includes('\x1b['), 'no colours when not on a terminal');
    assert.match(r.stdout, /2 errors in 1 path/);
  });

  it('--version prints package.json\'s version', () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V', 'version']) {
      const r = run([flag], dir);
      assert.equal(r.code, 0, flag);
      assert.equal(r.stdout, `wit-tools ${version}\n`, flag);
    }
  });

  it('exit 2 for usage errors', () => {
    assert.equal(run(['check'], dir).code, 2);
    assert.equal(run(['check', '--format', 'xml', 'good.wit'], dir).code, 2);
    assert.equal(run(['check', '--features', 'a', '--all-features', 'good.wit'], dir).code, 2);
    const r = run(['frobnicate'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command `frobnicate`/);
  });

  it('an unreadable path is a diagnostic, not a stack trace', () => {
    const r = run(['check', '--format', 'json', 'missing.wit'], dir);
    assert.equal(r.code, 1);
    const d = JSON.parse(r.stdout).results[0].diagnostics[0];
    assert.match(d.message, /failed to read path .*missing\.wit: No such file or directory/);
  });

  it('resolve prints wit-parser\'s JSON', () => {
    const r = run(['resolve', '--format', 'json', 'good.wit'], dir);
    assert.equal(r.code, 0);
    const json = JSON.parse(r.stdout);
    assert.deepEqual(json.packages, [{ name: 'a:good', interfaces: { i: 0 }, worlds: { w: 0 } }]);
    assert.deepEqual(json.interfaces[0].functions.f, { name: 'f', kind: 'freestanding', params: [], result: 'u32' });
    assert.deepEqual(json.worlds[0].exports, { 'interface-0': { interface: { id: 0 } } });
  });

  it('resolve fails with the errors on stderr', () => {
    const r = run(['resolve', 'bad.wit'], dir);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /name `nope` does not exist/);
  });

  it('features gate items in and out', () => {
    writeFileSync(join(dir, 'gated.wit'), 'package a:g;\ninterface i {\n  @unstable(feature = fancy)\n  type t = u32;\n  type u = t;\n}\n');
    assert.equal(run(['check', 'gated.wit'], dir).code, 1);
    assert.equal(run(['check', '--features', 'fancy', 'gated.wit'], dir).code, 0);
    assert.equal(run(['check', '--all-features', 'gated.wit'], dir).code, 0);
  });
});
