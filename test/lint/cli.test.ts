import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enabledRules, defaultLintConfig, ruleHelpUri } from 'wit-tools/server/lint/index.js';
import { runCli } from '../support/cli.js';
import { repoRoot } from '../support/paths.js';
import { lintFixtures } from './helpers.js';

const run = (args: string[], cwd: string) => runCli(args, { cwd });

/** A small well-formedness check: one root, every tag closed in order, attributes quoted. */
function assertWellFormedXml(xml: string): void {
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n'));
  const body = xml.replace(/^<\?xml[^>]*\?>/, '');
  const stack: string[] = [];
  let roots = 0;
  const tag = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let m; (m = tag.exec(body));) {
    assert.ok(!/[<>]/.test(body.slice(last, m.index)), `stray markup before ${m[0]}`);
    last = m.index + m[0].length;
    if (m[1]) assert.equal(stack.pop(), m[2], `closing </${m[2]}>`);
    else {
      if (stack.length === 0) roots++;
      if (!m[4]) stack.push(m[2]);
    }
  }
  assert.ok(!/[<>]/.test(body.slice(last)));
  assert.deepEqual(stack, []);
  assert.equal(roots, 1);
}

describe('cli: wit-tools lint', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'wit-lint-'));
    // A config at the top keeps the walk up from finding anything outside the temporary folder.
    writeFileSync(join(dir, 'wit-tools.toml'), '[lint]\nuse = ["minimal"]\n');
    mkdirSync(join(dir, 'pkg'));
    cpSync(join(lintFixtures, 'unused-use', 'bad.wit'), join(dir, 'pkg', 'bad.wit'));
    writeFileSync(join(dir, 'clean.wit'), 'package a:clean@0.1.0;\n\n/// I.\n@since(version = 0.1.0)\ninterface i {\n  /// F.\n  @since(version = 0.1.0)\n  f: func() -> u32;\n}\n');
    mkdirSync(join(dir, 'info'));
    cpSync(join(lintFixtures, 'too-many-params', 'bad.wit'), join(dir, 'info', 'many.wit'));
    writeFileSync(join(dir, 'info', 'wit-tools.toml'), '[lint]\nuse = ["too-many-params"]\n');
    mkdirSync(join(dir, 'badconfig'));
    cpSync(join(lintFixtures, 'config', 'bad.toml'), join(dir, 'badconfig', 'wit-tools.toml'));
    writeFileSync(join(dir, 'badconfig', 'x.wit'), 'package a:x;\n');
    mkdirSync(join(dir, 'broken'));
    writeFileSync(join(dir, 'broken', 'x.wit'), 'package a:x;\ninterface i {\n  use nope.{t};\n  f: func(a: u32 b: u32);\n}\n');
    mkdirSync(join(dir, 'nest', 'one', 'wit'), { recursive: true });
    mkdirSync(join(dir, 'nest', 'two', 'wit', 'deps', 'inner'), { recursive: true });
    mkdirSync(join(dir, 'nest', 'node_modules', 'x'), { recursive: true });
    mkdirSync(join(dir, 'nest', '.hidden'), { recursive: true });
    cpSync(join(lintFixtures, 'unused-use', 'bad.wit'), join(dir, 'nest', 'one', 'wit', 'a.wit'));
    writeFileSync(join(dir, 'nest', 'two', 'wit', 'b.wit'), 'package a:two;\ninterface t { type x = u8; }\ninterface u { use t.{x}; }\n');
    writeFileSync(join(dir, 'nest', 'two', 'wit', 'deps', 'inner', 'c.wit'), 'package a:inner;\ninterface t { type x = u8; }\ninterface u { use t.{x}; }\n');
    writeFileSync(join(dir, 'nest', 'node_modules', 'x', 'd.wit'), 'package a:nm;\ninterface t { type x = u8; }\ninterface u { use t.{x}; }\n');
    writeFileSync(join(dir, 'nest', '.hidden', 'e.wit'), 'package a:hid;\ninterface t { type x = u8; }\ninterface u { use t.{x}; }\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('human: each finding with its rule, place and help link; exit 1 on warnings', () => {
    const r = run(['lint', 'pkg'], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.ok(r.stdout.includes('warning[unused-use]: `name` is imported by `use` but never used\n  --> pkg/bad.wit:10:18\n'), r.stdout);
    assert.ok(r.stdout.includes(`= help: ${ruleHelpUri('unused-use')}`));
    assert.match(r.stdout, /3 warnings in 1 package\n$/);
  });

  it('exit 0 when clean, and when only info-level findings are reported', () => {
    const clean = run(['lint', 'clean.wit'], dir);
    assert.equal(clean.code, 0, clean.stdout);
    assert.match(clean.stdout, /^ok: 1 package linted, no findings\n$/);
    const info = run(['lint', 'info'], dir);
    assert.equal(info.code, 0, info.stdout);
    assert.match(info.stdout, /information\[too-many-params\]/);
    assert.match(info.stdout, /3 notes in 1 package/);
  });

  it('json: the check contract, plus `rule`', () => {
    const r = run(['lint', '--format', 'json', 'pkg', 'clean.wit'], dir);
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout);
    assert.equal(out.ok, false);
    assert.deepEqual(out.results.map((x: { path: string; ok: boolean }) => [x.path, x.ok]), [['pkg', false], ['clean.wit', true]]);
    assert.deepEqual(out.results[0].diagnostics.map((d: Record<string, unknown>) => [d.rule, d.code, d.severity, d.file, d.line, d.column]), [
      ['unused-use', 'unused-use', 'warning', 'pkg/bad.wit', 10, 18],
      ['unused-use', 'unused-use', 'warning', 'pkg/bad.wit', 15, 14],
      ['unused-use', 'unused-use', 'warning', 'pkg/bad.wit', 19, 14],
    ]);
  });

  it('github: a workflow annotation per finding', () => {
    const r = run(['lint', '--format', 'github', 'pkg'], dir);
    assert.equal(r.code, 1);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 3);
    assert.equal(lines[0], '::warning file=pkg/bad.wit,line=10,col=18,endLine=10,endColumn=22,title=unused-use::`name` is imported by `use` but never used');
    for (const l of lines) assert.match(l, /^::warning file=pkg\/bad\.wit,line=\d+,col=\d+,.*title=unused-use::/);
  });

  it('junit: well-formed, a failure per finding', () => {
    const r = run(['lint', '--format', 'junit', 'pkg', 'clean.wit'], dir);
    assert.equal(r.code, 1);
    assertWellFormedXml(r.stdout);
    assert.equal(r.stdout.match(/<failure /g)?.length, 3);
    assert.match(r.stdout, /<testsuites name="wit-tools lint" tests="2" failures="3">/);
    assert.match(r.stdout, /<testcase classname="wit-tools lint" name="clean.wit" \/>/);
  });

  it('sarif: version 2.1.0, every rule of the set described with its help, valid rule indexes', () => {
    const r = run(['lint', '--format', 'sarif', '--config', join(repoRoot, 'test', 'fixtures', 'lint', 'config', 'good.toml'), 'pkg'], dir);
    const log = JSON.parse(r.stdout);
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    const rules: { id: string; helpUri: string; shortDescription: { text: string } }[] = log.runs[0].tool.driver.rules;
    const expected = enabledRules({ use: ['standard', 'docs'], except: ['method-get-prefix', 'minimal'], ignore: [], severity: { 'too-many-params': 'off' } }).map((x) => x.rule.id);
    assert.deepEqual(rules.map((x) => x.id), expected);
    for (const rule of rules) {
      assert.equal(rule.helpUri, ruleHelpUri(rule.id));
      assert.ok(rule.shortDescription.text.length > 10);
    }
    // The config runs no `minimal` rule, so this package's unused `use`s are not findings.
    assert.ok(!log.runs[0].results.some((x: { ruleId: string }) => x.ruleId === 'unused-use'));
    assert.ok(log.runs[0].results.length > 0);
    for (const res of log.runs[0].results) {
      assert.ok(Number.isInteger(res.ruleIndex) && res.ruleIndex >= 0 && res.ruleIndex < rules.length);
      assert.equal(rules[res.ruleIndex].id, res.ruleId);
      assert.ok(['error', 'warning', 'note'].includes(res.level));
      assert.ok(res.locations[0].physicalLocation.region.startLine >= 1);
    }
  });

  it('sarif: the default rule set is described even with no findings', () => {
    const r = run(['lint', '--format', 'sarif', '--config', join(dir, 'info', 'wit-tools.toml'), 'clean.wit'], dir);
    assert.equal(r.code, 0);
    const log = JSON.parse(r.stdout);
    assert.deepEqual(log.runs[0].tool.driver.rules.map((x: { id: string }) => x.id), ['too-many-params']);
    assert.deepEqual(log.runs[0].results, []);
    const d = run(['lint', '--format', 'sarif', join(lintFixtures, 'package-version-missing', 'good.wit'), '--config', join(lintFixtures, 'config', 'syntax.toml')], dir);
    assert.equal(d.code, 2);
    assert.match(d.stderr, /config-syntax/);
    void defaultLintConfig;
  });

  it('the nearest wit-tools.toml applies: the one beside the package beats the one above', () => {
    // info/wit-tools.toml runs only too-many-params; the top one only minimal rules.
    const r = run(['lint', '--format', 'json', 'info', 'pkg'], dir);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.results.map((x: { diagnostics: { rule: string }[] }) => [...new Set(x.diagnostics.map((d) => d.rule))]), [['too-many-params'], ['unused-use']]);
  });

  it('a bad config is reported with its lines, and nothing is linted: exit 2', () => {
    const r = run(['lint', 'badconfig'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /error\[config-unknown-rule\]: unknown rule or category `no-such-rule` in `lint.use`\n\s*--> badconfig\/wit-tools.toml:4:/);
    assert.equal(r.stdout, '');
  });

  it('WIT errors are printed like check, and fail the run', () => {
    const r = run(['lint', '--format', 'json', 'broken'], dir);
    assert.equal(r.code, 1);
    const codes = JSON.parse(r.stdout).results[0].diagnostics.map((d: { code: string; rule?: string }) => [d.code, d.rule ?? null]);
    assert.ok(codes.some(([c, rule]: [string, string | null]) => c === 'unexpected-token' && rule === null), JSON.stringify(codes));
  });

  it('a folder that is not a package: each package beneath it, skipping deps, node_modules and hidden folders', () => {
    const r = run(['lint', '--format', 'json', 'nest'], dir);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.results.map((x: { path: string }) => x.path), ['nest/one/wit', 'nest/two/wit']);
    assert.deepEqual(out.results[1].diagnostics.map((d: { rule: string; line: number }) => [d.rule, d.line]), [['unused-use', 3]]);
  });

  it('usage errors exit 2', () => {
    assert.equal(run(['lint', '--format', 'xml', 'pkg'], dir).code, 2);
    assert.equal(run(['lint', '--config', 'missing.toml', 'pkg'], dir).code, 2);
    assert.equal(run(['lint', '--frobnicate'], dir).code, 2);
    const help = run(['lint', '--help'], dir);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /usage: wit-tools lint/);
    assert.match(run(['help'], dir).stdout, /\n  lint /);
  });

  it('`wit-tools lint examples --format sarif` works from the repository root', () => {
    const r = run(['lint', 'examples', '--format', 'sarif'], repoRoot);
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    const log = JSON.parse(r.stdout);
    assert.equal(log.version, '2.1.0');
    const ids = log.runs[0].tool.driver.rules.map((x: { id: string }) => x.id);
    for (const { rule } of enabledRules(defaultLintConfig)) assert.ok(ids.includes(rule.id), rule.id);
    const files = new Set(log.runs[0].results.map((x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => x.locations[0].physicalLocation.artifactLocation.uri));
    assert.ok(files.size >= 1, 'findings in the examples (24 warnings today)');
    for (const f of files) assert.match(f as string, /^examples\/[^/]+\/(wit\/)?[^/]+\.wit$/);
  });
});
