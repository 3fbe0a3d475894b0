import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultLintConfig, parseLintConfig } from 'wit-tools/server/lint/index.js';
import { lintFixtures } from './helpers.js';

const read = (name: string) => readFileSync(join(lintFixtures, 'config', name), 'utf8');
/** `code line: message` per error, lines 1-based. */
function described(text: string, errors: { code: string; message: string; span: { start: number } }[]): string[] {
  return errors.map((e) => `${e.code} ${text.slice(0, e.span.start).split('\n').length}: ${e.message}`);
}

describe('lint: wit-tools.toml', () => {
  it('reads every key of a good file, leaving other tables alone', () => {
    const { config, errors } = parseLintConfig(read('good.toml'), 'good.toml');
    assert.deepEqual(errors, []);
    assert.deepEqual(config, {
      use: ['standard', 'docs'],
      except: ['method-get-prefix', 'minimal'],
      ignore: ['deps/**', 'legacy/old.wit'],
      severity: { 'unused-type': 'error', 'too-many-params': 'off' },
    });
  });

  it('no [lint] table, or an empty file, is the default config', () => {
    for (const text of ['', '[other]\nx = 1\n']) {
      const { config, errors } = parseLintConfig(text, 'x.toml');
      assert.deepEqual(errors, []);
      assert.deepEqual(config, { ...defaultLintConfig, except: [], ignore: [], severity: {} });
    }
    assert.deepEqual(defaultLintConfig.use, ['standard']);
  });

  it('unknown keys, rules and bad values are errors with their line; the rest is kept', () => {
    const text = read('bad.toml');
    const { config, errors } = parseLintConfig(text, 'bad.toml');
    assert.deepEqual(described(text, errors), [
      'config-unknown-key 7: unknown key `lint.colour` (expected one of use, except, ignore, severity)',
      'config-unknown-rule 4: unknown rule or category `no-such-rule` in `lint.use`',
      'config-bad-value 6: `lint.except` must be an array of strings',
      'config-bad-value 10: severity of `unused-type` must be one of error, warning, info, off',
      'config-unknown-rule 11: unknown rule `made-up` in `lint.severity`',
    ]);
    assert.deepEqual(config.use, ['standard']);
    assert.deepEqual(errors.map((e) => e.file), errors.map(() => 'bad.toml'));
    assert.deepEqual(errors.map((e) => e.severity), errors.map(() => 'error'));
  });

  it('a TOML syntax error is one error at its line, not a throw', () => {
    const text = read('syntax.toml');
    const { errors } = parseLintConfig(text, 'syntax.toml');
    assert.equal(errors.length, 1);
    assert.match(described(text, errors)[0], /^config-syntax 3: invalid TOML: /);
  });

  it('places keys written as dotted keys', () => {
    const text = '[lint]\nuse = ["basic"]\nseverity.nope = "error"\n';
    assert.deepEqual(described(text, parseLintConfig(text, 'x.toml').errors), ['config-unknown-rule 3: unknown rule `nope` in `lint.severity`']);
  });
});
