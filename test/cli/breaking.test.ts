// `wit-tools breaking` from a shell: git:REF, a component, the five formats, the exit code; and
// `check` in the three CI formats.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { componentEmbed, componentNew } from '@bytecodealliance/jco-transpile/wasm-tools';
import { runCli } from '../support/cli.js';
import { wasmTools } from '../pipeline/support.js';

const run = (args: string[], cwd: string) => runCli(args, { cwd });

const v1 = `package demo:math@1.0.0;

interface ops {
  record pair { a: s32, b: s32 }
  add: func(a: s32, b: s32) -> s32;
  sum: func(p: pair) -> s32;
}

world calc {
  export ops;
}
`;

// 1.1.0: `add` takes s64 (breaking: needs 2.0.0), `neg` is new.
const v2 = v1
  .replace('1.0.0', '1.1.0')
  .replace('add: func(a: s32, b: s32) -> s32;', 'add: func(a: s64, b: s64) -> s64;\n  neg: func(a: s32) -> s32;');

describe('cli: wit-tools breaking', function () {
  this.timeout(120_000);
  let dir: string;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'wit-breaking-cli-'));
    mkdirSync(join(dir, 'wit'));
    writeFileSync(join(dir, 'wit', 'math.wit'), v1);
    git('init', '-q');
    git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '--allow-empty', '-m', 'empty');
    git('add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'v1');
    writeFileSync(join(dir, 'wit', 'math.wit'), v2);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('against git:HEAD: every change with its rule, side and place; the verdict; exit 1 since 1.1.0 does not allow a breaking change', () => {
    const r = run(['breaking', 'wit', '--against', 'git:HEAD', '--format', 'json'], dir);
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.compatible, false);
    assert.deepEqual(out.worlds.map((w: { name: string; compatible: boolean; reverseCompatible: boolean }) => [w.name, w.compatible, w.reverseCompatible]), [['demo:math/calc', false, false]]);
    assert.deepEqual(out.changes.map((c: Record<string, unknown>) => [c.rule, c.breaks, c.file, c.line, c.column]), [
      ['param-type-changed', 'both', 'wit/math.wit', 5, 3],
      ['param-type-changed', 'both', 'wit/math.wit', 5, 3],
      ['result-type-changed', 'both', 'wit/math.wit', 5, 3],
      ['func-added', 'components', 'wit/math.wit', 6, 3],
    ]);
    assert.match(out.changes[0].message, /parameter `a` of `add` of `demo:math\/ops@1\.1\.0` changed from `s32` to `s64`/);
    assert.equal(out.requiredBump, 'major');
    assert.equal(out.version.minimum, '2.0.0');
    assert.equal(out.version.allows, false);
  });

  it('against an older commit by name, and with a version that allows it: exit 0', () => {
    writeFileSync(join(dir, 'wit', 'math.wit'), v2.replace('1.1.0', '2.0.0'));
    try {
      const r = run(['breaking', 'wit', '--against', 'git:HEAD~0'], dir);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /world `demo:math\/calc`: NOT compatible/);
      assert.match(r.stdout, /version: 1\.0\.0 → 2\.0\.0: needs a major bump \(at least 2\.0\.0\); ok/);
    } finally {
      writeFileSync(join(dir, 'wit', 'math.wit'), v2);
    }
  });

  it('a ref that does not exist, or a path outside a repository, is a clear error', () => {
    const r = run(['breaking', 'wit', '--against', 'git:no-such-ref'], dir);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /git could not read `no-such-ref`/);
    const outside = mkdtempSync(join(tmpdir(), 'wit-no-git-'));
    try {
      writeFileSync(join(outside, 'a.wit'), v1);
      const s = run(['breaking', 'a.wit', '--against', 'git:HEAD'], outside);
      assert.equal(s.code, 1);
      assert.match(s.stderr, /is not in a git repository/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('github: one annotation per change, with file, line and column', () => {
    const r = run(['breaking', 'wit', '--against', 'git:HEAD', '--format', 'github'], dir);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 5, r.stdout);
    assert.match(lines[0], /^::error file=wit\/math\.wit,line=5,col=3,.*title=param-type-changed::parameter `a`/);
    assert.match(lines[3], /^::error file=wit\/math\.wit,line=6,col=3,.*title=func-added::/);
    assert.match(lines[4], /^::error file=wit\/math\.wit,line=1,col=1,title=version-too-low::/);
  });

  it('sarif: version 2.1.0, every rule described with a help link, results pointing at them', () => {
    const r = run(['breaking', 'wit', '--against', 'git:HEAD', '--format', 'sarif'], dir);
    const log = JSON.parse(r.stdout);
    assert.equal(log.version, '2.1.0');
    const rules = log.runs[0].tool.driver.rules as { id: string; helpUri: string; shortDescription: { text: string } }[];
    assert.ok(rules.length >= 43);
    for (const rule of rules) {
      assert.ok(rule.shortDescription.text.length > 5, rule.id);
      assert.match(rule.helpUri, /docs\/breaking\.md#/);
    }
    for (const res of log.runs[0].results) assert.equal(rules[res.ruleIndex].id, res.ruleId);
  });

  it('junit: well-formed, a failure per change', () => {
    const r = run(['breaking', 'wit', '--against', 'git:HEAD', '--format', 'junit'], dir);
    assert.match(r.stdout, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="wit-tools breaking" tests="1" failures="5">/);
    assert.equal(r.stdout.match(/<failure /g)?.length, 5);
  });

  it('a component built against the old world, checked against the new WIT: its world is compared with the package\'s', async () => {
    const oldDir = join(dir, 'old');
    mkdirSync(oldDir, { recursive: true });
    writeFileSync(join(oldDir, 'math.wit'), v1);
    // jco's file system sees only its preopens (notes/jco.md): let it read the WIT folder.
    const { _setPreopens } = (await import('@bytecodealliance/preview2-shim/filesystem' as string)) as { _setPreopens(p: Record<string, string>): void };
    _setPreopens({ '/': '/' });
    const bytes = await componentNew(await componentEmbed({ witPath: oldDir, dummy: true, world: 'calc' } as Parameters<typeof componentEmbed>[0]));
    writeFileSync(join(dir, 'calc.wasm'), bytes);
    const r = run(['breaking', 'wit', '--against', 'calc.wasm', '--format', 'json'], dir);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.worlds.map((w: { name: string; compatible: boolean }) => [w.name, w.compatible]), [['demo:math/calc', false]], r.stderr);
    assert.ok(out.changes.some((c: { rule: string }) => c.rule === 'func-added'));
    // The same component against the WIT it was built from: nothing changed.
    const same = run(['breaking', 'old', '--against', 'calc.wasm', '--format', 'json'], dir);
    const s = JSON.parse(same.stdout);
    assert.deepEqual([s.compatible, s.worlds[0].compatible, s.worlds[0].reverseCompatible], [true, true, true], same.stdout);
  });

  it('a binary WIT package (wasm-tools component wit --wasm) is read as the package, not as a component', function () {
    const wt = wasmTools();
    if (!wt) this.skip();
    const oldDir = join(dir, 'old-pkg');
    mkdirSync(oldDir, { recursive: true });
    writeFileSync(join(oldDir, 'math.wit'), v1);
    execFileSync(wt!, ['component', 'wit', oldDir, '--wasm', '-o', join(dir, 'math-1.0.0.wasm')]);
    const same = JSON.parse(run(['breaking', 'old-pkg', '--against', 'math-1.0.0.wasm', '--format', 'json'], dir).stdout);
    assert.deepEqual([same.compatible, same.changes.length], [true, 0]);
    const next = JSON.parse(run(['breaking', 'wit', '--against', 'math-1.0.0.wasm', '--format', 'json'], dir).stdout);
    assert.deepEqual(next.changes.map((c: { rule: string }) => c.rule), ['param-type-changed', 'param-type-changed', 'result-type-changed', 'func-added']);
  });

  it('usage errors exit 2', () => {
    assert.equal(run(['breaking', 'wit'], dir).code, 2);
    assert.equal(run(['breaking', 'wit', '--against', 'x', '--format', 'xml'], dir).code, 2);
  });
});

describe('cli: wit-tools check in the CI formats', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'wit-check-formats-'));
    writeFileSync(join(dir, 'bad.wit'), 'package a:b;\ninterface i { f: func() -> nope; }\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('github, junit and sarif carry the error with its place', () => {
    const gh = run(['check', 'bad.wit', '--format', 'github'], dir);
    assert.equal(gh.code, 1);
    assert.equal(gh.stdout, '::error file=bad.wit,line=2,col=28,endLine=2,endColumn=32,title=unknown-name::name `nope` does not exist\n');
    const junit = run(['check', 'bad.wit', '--format', 'junit'], dir);
    assert.match(junit.stdout, /<failure type="unknown-name" message="name `nope` does not exist">bad\.wit:2:28/);
    const sarif = JSON.parse(run(['check', 'bad.wit', '--format', 'sarif'], dir).stdout);
    assert.equal(sarif.version, '2.1.0');
    assert.deepEqual(sarif.runs[0].results.map((x: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[] }) => [x.ruleId, x.locations[0].physicalLocation.region.startLine]), [['unknown-name', 2]]);
  });
});
