import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ignoreCommentFix, lintAnalysis } from 'wit-tools/server/lint/index.js';
import { analyzePath, applyEdits, config, lintFixtures, lintText, place } from './helpers.js';

describe('lint: ignore comments', () => {
  const file = join(lintFixtures, 'ignore', 'ignored.wit');

  it('silences the named rules on its line (trailing) or the line below (alone), nothing else', () => {
    const analysis = analyzePath(file);
    const findings = lintAnalysis(analysis, config(['unused-use', 'name-acronym-case']));
    assert.deepEqual(findings.map((f) => `${f.diagnostic.code} ${place(analysis, f)}`), [
      // Line 14: the comment above names another rule.
      'unused-use 14:14',
      // Line 18: the trailing comment names another rule.
      'name-acronym-case 18:3',
    ]);
  });

  it('without the comments, all of them are found', () => {
    const text = readFileSync(file, 'utf8').replace(/\/\/ wit-lint:[^\n]*/g, '');
    const { analysis, findings } = lintText(text, config(['unused-use', 'name-acronym-case']));
    assert.deepEqual(findings.map((f) => `${f.diagnostic.code} ${place(analysis, f)}`), [
      'unused-use 11:14', 'unused-use 12:14', 'unused-use 14:14', 'name-acronym-case 16:3', 'name-acronym-case 17:3', 'name-acronym-case 18:3',
    ]);
  });

  it('a plain `wit-lint: ignore` silences only the next line', () => {
    const text = 'package a:b;\ninterface i {\n  // wit-lint: ignore\n  get-URL: func();\n  put-URL: func();\n}\n';
    const { analysis, findings } = lintText(text, config(['name-acronym-case']));
    assert.deepEqual(findings.map((f) => place(analysis, f)), ['5:3']);
  });

  it('ignoreCommentFix inserts the comment above with the same indentation, and the finding goes', () => {
    const text = 'package a:b;\ninterface i {\n  get-URL: func();\n}\n';
    const cfg = config(['name-acronym-case', 'missing-docs']);
    const { findings } = lintText(text, cfg);
    const acronym = findings.find((f) => f.diagnostic.code === 'name-acronym-case')!;
    const fix = ignoreCommentFix(acronym.diagnostic, text);
    assert.equal(fix.title, 'Ignore `name-acronym-case` on this line');
    const once = applyEdits(text, fix.edits);
    assert.equal(once, 'package a:b;\ninterface i {\n  // wit-lint: ignore name-acronym-case\n  get-URL: func();\n}\n');
    const again = lintText(once, cfg);
    assert.deepEqual(again.findings.map((f) => `${f.diagnostic.code} ${place(again.analysis, f)}`), ['missing-docs 2:11', 'missing-docs 4:3']);
    // A second rule on the same line joins the existing comment.
    const docs = again.findings.find((f) => place(again.analysis, f) === '4:3')!;
    const twice = applyEdits(once, ignoreCommentFix(docs.diagnostic, once).edits);
    assert.equal(twice, 'package a:b;\ninterface i {\n  // wit-lint: ignore name-acronym-case, missing-docs\n  get-URL: func();\n}\n');
    const third = lintText(twice, cfg);
    assert.deepEqual(third.findings.map((f) => `${f.diagnostic.code} ${place(third.analysis, f)}`), ['missing-docs 2:11']);
  });
});
