import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../support/paths.js';

const bin = join(repoRoot, 'bin', 'wit-tools.js');
function run(args: string[], cwd: string, input?: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const messy = 'package a:messy;\ninterface i{f:func(a:u32)->u32;}\n';
const tidy = 'package a:messy;\n\ninterface i {\n  f: func(a: u32) -> u32;\n}\n';
const broken = 'package a:broken;\ninterface i {\n  f: func(a: u32 b: u32);\n}\n';

describe('cli: wit-tools fmt and print', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wit-fmt-'));
    writeFileSync(join(dir, 'messy.wit'), messy);
    writeFileSync(join(dir, 'tidy.wit'), tidy);
    writeFileSync(join(dir, 'broken.wit'), broken);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the formatted text of one file', () => {
    const r = run(['fmt', 'messy.wit'], dir);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, tidy);
    assert.equal(readFileSync(join(dir, 'messy.wit'), 'utf8'), messy, 'the file is not touched');
  });

  it('reads stdin for `-`', () => {
    const r = run(['fmt', '-'], dir, messy);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, tidy);
  });

  it('--check lists the files that are not formatted and exits 1; 0 when all are', () => {
    const r = run(['fmt', '--check', 'messy.wit', 'tidy.wit'], dir);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, 'messy.wit\n');
    assert.match(r.stderr, /1 file not formatted/);
    assert.equal(run(['fmt', '--check', 'tidy.wit'], dir).code, 0);
  });

  it('--write rewrites the files that are not formatted, and only those', () => {
    const r = run(['fmt', '--write', 'messy.wit', 'tidy.wit'], dir);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, 'formatted messy.wit\n');
    assert.equal(readFileSync(join(dir, 'messy.wit'), 'utf8'), tidy);
    assert.equal(run(['fmt', '--check', 'messy.wit'], dir).code, 0);
  });

  it('a folder stands for its own *.wit files, not deps/', () => {
    const pkg = join(dir, 'pkg');
    mkdirSync(join(pkg, 'deps'), { recursive: true });
    writeFileSync(join(pkg, 'a.wit'), messy);
    writeFileSync(join(pkg, 'deps', 'dep.wit'), messy);
    writeFileSync(join(pkg, 'notes.txt'), 'not wit');
    const r = run(['fmt', '--write', 'pkg'], dir);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, `formatted ${join('pkg', 'a.wit')}\n`);
    assert.equal(readFileSync(join(pkg, 'deps', 'dep.wit'), 'utf8'), messy);
  });

  it('a file with syntax errors is reported and left untouched, exit 1', () => {
    for (const flag of ['--write', '--check']) {
      const r = run(['fmt', flag, 'broken.wit', 'messy.wit'], dir);
      assert.equal(r.code, 1, flag);
      assert.match(r.stderr, /broken\.wit: not formatted: a syntax error/);
      assert.match(r.stderr, /expected '\)', found an identifier/);
      assert.equal(readFileSync(join(dir, 'broken.wit'), 'utf8'), broken);
    }
    assert.equal(readFileSync(join(dir, 'messy.wit'), 'utf8'), tidy, 'the other file was formatted');
    const r = run(['fmt', 'broken.wit'], dir);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
  });

  it('a file that is not UTF-8 is refused rather than rewritten', () => {
    const bytes = Buffer.concat([Buffer.from('package a:b;\n// caf'), Buffer.from([0xe9]), Buffer.from('\ninterface  i {}\n')]);
    writeFileSync(join(dir, 'latin1.wit'), bytes);
    const r = run(['fmt', '--write', 'latin1.wit'], dir);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /latin1\.wit: not formatted: it is not valid UTF-8/);
    assert.deepEqual(readFileSync(join(dir, 'latin1.wit')), bytes);
  });

  it('--indent sets the indentation', () => {
    const r = run(['fmt', '--indent', '4', 'messy.wit'], dir);
    assert.equal(r.stdout, tidy.replace('  f:', '    f:'));
  });

  it('exit 2 for usage errors', () => {
    for (const args of [['fmt'], ['fmt', '--check', '--write', 'messy.wit'], ['fmt', 'messy.wit', 'tidy.wit'], ['fmt', '--indent', 'x', 'messy.wit'], ['fmt', '--write', '-'], ['print'], ['print', 'a.wit', 'b.wit']]) {
      assert.equal(run(args, dir).code, 2, args.join(' '));
    }
  });

  it('print: the resolved package as WIT; errors exit 1', () => {
    const r = run(['print', 'messy.wit'], dir);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, 'package a:messy;\n\ninterface i {\n  f: func(a: u32) -> u32;\n}\n\n');
    const bad = run(['print', 'broken.wit'], dir);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /expected '\)', found an identifier/);
  });
});
