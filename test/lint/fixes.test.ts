import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LintFinding } from 'wit-tools/server/lint/index.js';
import { applyEdits, config, errors, lintFixtures, lintText } from './helpers.js';

const allEdits = (findings: LintFinding[]) => findings.flatMap((f) => f.fixes[0]?.edits ?? []);

describe('lint: fixes', () => {
  it('unused-use: removes the name, or the whole `use` when it was the only one', () => {
    const text = readFileSync(join(lintFixtures, 'unused-use', 'bad.wit'), 'utf8');
    const { findings } = lintText(text, config(['unused-use']));
    assert.deepEqual(findings.map((f) => f.fixes.map((x) => x.title)), [
      ['Remove `name` from the `use`'], ['Remove the unused `use`'], ['Remove the unused `use`'],
    ]);
    const fixed = applyEdits(text, allEdits(findings));
    assert.equal(fixed, text
      .replace('use types.{id, name, tag as label};', 'use types.{id, tag as label};')
      .replace('  use types.{tag};\n', '')
      .replace('use types as unused-alias;\n', ''));
    const again = lintText(fixed, config(['unused-use']));
    assert.deepEqual(errors(again.analysis), []);
    assert.deepEqual(again.findings, []);
  });

  it('unused-use: removing the last name takes the comma before it', () => {
    const text = 'package a:b;\ninterface t { type x = u8; type y = u8; }\ninterface u {\n  use t.{x, y};\n  f: func(a: x);\n}\n';
    const { findings } = lintText(text, config(['unused-use']));
    assert.equal(applyEdits(text, allEdits(findings)), text.replace('use t.{x, y};', 'use t.{x};'));
  });

  it('missing-since: inserts `@since(version = <package version>)` after the docs, indented like the item', () => {
    const text = readFileSync(join(lintFixtures, 'missing-since', 'bad.wit'), 'utf8');
    const { findings } = lintText(text, config(['missing-since']));
    assert.equal(findings.length, 5);
    assert.ok(findings.every((f) => f.fixes[0]?.title === 'Add `@since(version = 1.0.0)`'));
    const fixed = applyEdits(text, allEdits(findings));
    assert.equal(fixed, [
      'package a:b@1.0.0;',
      '',
      '/// An interface.',
      '@since(version = 1.0.0)',
      'interface store {',
      '  /// A key.',
      '  @since(version = 1.0.0)',
      '  type key = string;',
      '  @since(version = 1.0.0)',
      '  resource conn {',
      '    @since(version = 1.0.0)',
      '    constructor();',
      '    @since(version = 1.0.0)',
      '    get: func(k: key) -> string;',
      '  }',
      '  @unstable(feature = fancy)',
      '  fancy: func();',
      '}',
      '',
      '@since(version = 1.0.0)',
      'world w { export store; }',
      '',
    ].join('\n'));
    const again = lintText(fixed, config(['missing-since']));
    assert.deepEqual(errors(again.analysis), []);
    assert.deepEqual(again.findings, []);
  });

  it('missing-since: an item that does not start its line gets the attribute inline', () => {
    const text = 'package a:b@2.0.0;\n@since(version = 2.0.0)\ninterface i { @since(version = 2.0.0) type t = u8; f: func(); }\n';
    const { findings } = lintText(text, config(['missing-since']));
    const fixed = applyEdits(text, allEdits(findings));
    assert.equal(fixed, text.replace(' f: func()', ' @since(version = 2.0.0) f: func()'));
    assert.deepEqual(lintText(fixed, config(['missing-since'])).findings, []);
  });

  it('rules without a safe mechanical fix offer none', () => {
    const text = 'package a:b;\ninterface get-URL {}\n';
    const { findings } = lintText(text, config(['name-acronym-case', 'empty-interface']));
    assert.equal(findings.length, 2);
    assert.ok(findings.every((f) => f.fixes.length === 0));
  });
});
