import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { enabledRules, lintAnalysis, lintRules, ruleHelpUri, defaultLintConfig, flatCount } from 'wit-tools/server/lint/index.js';
import { rulesBaseUri } from 'wit-tools/server/cli/report.js';
import { repoRoot } from '../support/paths.js';
import { analyzePath, analyzeText, config, errors, lintFixtures, place } from './helpers.js';

// Each rule: a fixture that triggers it (every finding, by `line:column`) and a clean one.
// `bad`/`good` are files (`bad.wit`) unless the rule needs a folder with deps/.
const table: { rule: string; expected: string[] }[] = [
  { rule: 'unused-use', expected: ['10:18', '15:14', '19:14'] },
  { rule: 'deprecated-use', expected: ['16:14', '18:16'] },
  { rule: 'duplicate-dependency-version', expected: ['4:7'] },
  { rule: 'name-acronym-case', expected: ['3:11', '4:20', '5:3'] },
  { rule: 'method-get-prefix', expected: ['5:5'] },
  { rule: 'unused-type', expected: ['5:10', '6:12'] },
  { rule: 'empty-interface', expected: ['3:11', '6:10'] },
  { rule: 'duplicate-structural-type', expected: ['9:10', '10:8', '12:10'] },
  { rule: 'package-version-missing', expected: ['1:9'] },
  { rule: 'missing-since', expected: ['4:11', '6:8', '9:5', '10:5', '16:7'] },
  { rule: 'deprecated-without-note', expected: ['8:3', '11:3'] },
  { rule: 'too-many-params', expected: ['5:3', '6:3', '8:5'] },
  { rule: 'missing-docs', expected: ['4:11', '7:12', '8:5', '10:3', '15:10'] },
];

function fixture(rule: string, which: 'bad' | 'good'): string {
  const dir = join(lintFixtures, rule, which);
  return existsSync(dir) ? dir : `${dir}.wit`;
}

describe('lint: rules', () => {
  it('the table covers every rule', () => {
    assert.deepEqual(table.map((t) => t.rule).sort(), lintRules.map((r) => r.id).sort());
  });

  for (const { rule, expected } of table) {
    it(`${rule}: finds each case of the fixture, at its name`, () => {
      const analysis = analyzePath(fixture(rule, 'bad'));
      assert.deepEqual(errors(analysis), [], 'the fixture is valid WIT');
      const findings = lintAnalysis(analysis, config([rule]));
      assert.deepEqual(findings.map((f) => f.diagnostic.code), expected.map(() => rule));
      assert.deepEqual(findings.map((f) => place(analysis, f)), expected);
    });
    it(`${rule}: stays quiet on the clean fixture`, () => {
      const analysis = analyzePath(fixture(rule, 'good'));
      assert.deepEqual(errors(analysis), [], 'the fixture is valid WIT');
      assert.deepEqual(lintAnalysis(analysis, config([rule])).map((f) => `${f.diagnostic.code} ${place(analysis, f)}`), []);
    });
  }

  it('messages name the offending item in backticks', () => {
    const analysis = analyzePath(fixture('unused-use', 'bad'));
    const [first] = lintAnalysis(analysis, config(['unused-use']));
    assert.equal(first.diagnostic.message, '`name` is imported by `use` but never used');
    assert.deepEqual(first.diagnostic.tags, ['unnecessary']);
    const dup = lintAnalysis(analyzePath(fixture('duplicate-structural-type', 'bad')), config(['duplicate-structural-type']))[0];
    assert.equal(dup.diagnostic.message, 'record `spot` has the same structure as `point`');
    assert.equal(dup.diagnostic.related?.[0].message, '`point` is defined here');
  });

  it('deps/ are not linted', () => {
    // The dependency of this fixture has no version-less package, but lacks docs everywhere.
    const analysis = analyzePath(fixture('duplicate-dependency-version', 'bad'));
    const files = new Set(lintAnalysis(analysis, config(['standard', 'docs'])).map((f) => f.diagnostic.file));
    assert.deepEqual([...files].map((f) => f.split(/[\\/]/).pop()), ['app.wit']);
  });

  it('nested packages are linted with their own version', () => {
    const text = 'package a:b;\n\npackage a:c@1.0.0 {\n  interface i {}\n}\n\ninterface j {}\n';
    const analysis = analyzeText(text);
    assert.deepEqual(errors(analysis), []);
    const f = lintAnalysis(analysis, config(['package-version-missing', 'missing-since']));
    assert.deepEqual(f.map((x) => `${x.diagnostic.code} ${place(analysis, x)}`), ['package-version-missing 1:9', 'missing-since 4:13']);
  });

  it('missing-since holds a 0.x package to @since only once it gates an item with it', () => {
    const fresh = analyzeText('package a:b@0.1.0;\ninterface i {\n  f: func();\n}\n');
    assert.deepEqual(lintAnalysis(fresh, config(['missing-since'])), []);
    const wasiLike = analyzeText('package a:b@0.2.0;\n@since(version = 0.2.0)\ninterface i {\n  f: func();\n}\n');
    assert.deepEqual(lintAnalysis(wasiLike, config(['missing-since'])).map((x) => `${x.diagnostic.code} ${place(wasiLike, x)}`), ['missing-since 4:3']);
  });

  it('flattening counts like the canonical ABI', () => {
    const analysis = analyzeText('package a:b;\ninterface i {\n  variant v { a(string), b(tuple<u32, u64, u8>), c }\n  flags f { a, b }\n  record r { s: string, o: option<u32>, v: v, f: f }\n  g: func(x: r);\n}\n');
    const r = analysis.resolve!;
    const fn = r.interfaces[0].functions.get('g')!;
    // string 2 + option<u32> 2 + variant (1 + max(2, 3, 0)) 4 + flags 1
    assert.equal(flatCount(r, fn.params[0].type), 9);
  });

  it('categories nest: minimal ⊂ basic ⊂ standard; docs is separate', () => {
    const ids = (use: string[]) => enabledRules(config(use)).map((r) => r.rule.id);
    const minimal = ids(['minimal']);
    const basic = ids(['basic']);
    const standard = ids(['standard']);
    assert.deepEqual(minimal, ['unused-use', 'deprecated-use', 'duplicate-dependency-version']);
    for (const id of minimal) assert.ok(basic.includes(id));
    for (const id of basic) assert.ok(standard.includes(id));
    assert.ok(!standard.includes('missing-docs'));
    assert.deepEqual(ids(['docs']), ['missing-docs']);
    assert.deepEqual(enabledRules(defaultLintConfig).map((r) => r.rule.id), standard);
    assert.deepEqual(ids(['standard', 'missing-docs']).length, standard.length + 1);
  });

  it('severity overrides and `off`; except removes rules and categories', () => {
    const rules = enabledRules(config(['standard'], { except: ['minimal', 'method-get-prefix'], severity: { 'unused-type': 'error', 'too-many-params': 'off' } }));
    const byId = new Map(rules.map((r) => [r.rule.id, r.severity]));
    assert.equal(byId.get('unused-type'), 'error');
    assert.equal(byId.has('too-many-params'), false);
    assert.equal(byId.has('unused-use'), false);
    assert.equal(byId.has('method-get-prefix'), false);
    assert.equal(byId.get('missing-since'), 'warning');
    const analysis = analyzePath(fixture('unused-type', 'bad'));
    const f = lintAnalysis(analysis, config(['unused-type'], { severity: { 'unused-type': 'info' } }));
    assert.deepEqual(f.map((x) => x.diagnostic.severity), ['information', 'information']);
  });

  it('ignore globs drop findings in matching files, relative to the config folder', () => {
    const analysis = analyzePath(fixture('duplicate-dependency-version', 'bad'));
    const dir = join(lintFixtures, 'duplicate-dependency-version');
    assert.equal(lintAnalysis(analysis, config(['minimal']), dir).length, 1);
    assert.equal(lintAnalysis(analysis, config(['minimal'], { ignore: ['bad/**'] }), dir).length, 0);
    assert.equal(lintAnalysis(analysis, config(['minimal'], { ignore: ['bad'] }), dir).length, 0);
    assert.equal(lintAnalysis(analysis, config(['minimal'], { ignore: ['*/app.wit'] }), dir).length, 0);
    assert.equal(lintAnalysis(analysis, config(['minimal'], { ignore: ['good/**', 'app.wit'] }), dir).length, 1);
  });

  it('every rule has a page, listed in the index, and a help URI on the report base', () => {
    const index = readFileSync(join(repoRoot, 'docs', 'rules', 'README.md'), 'utf8');
    for (const r of lintRules) {
      const page = join(repoRoot, 'docs', 'rules', `${r.id}.md`);
      assert.ok(existsSync(page), `docs/rules/${r.id}.md`);
      const text = readFileSync(page, 'utf8');
      assert.ok(text.includes(`wit-lint: ignore ${r.id}`), `${r.id}.md shows how to ignore it`);
      assert.ok(index.includes(`(${r.id}.md)`), `README links ${r.id}`);
      assert.equal(ruleHelpUri(r.id), `${rulesBaseUri}${r.id}.md`);
    }
  });
});
