import assert from 'node:assert/strict';
import { parseWit } from 'wit-tools/server/syntax/index.js';
import { mutate, rng } from '../support/random.js';
import { referenceAvailable, referenceVerdicts } from '../support/reference.js';
import { projectWit } from '../support/wit-files.js';

/** Messages wit-parser produces while lexing and parsing (before any name resolution). */
const syntaxMessage = /^(expected |unexpected |invalid |unterminated |identifiers must|Control code|Input contains|Codepoint|type nesting too deep|package nesting too deep|unknown attribute|cannot place attributes|number too large|empty identifier segment|trailing underscore|value of )/;

// The reference's verdict on our syntax fixtures and on mutations of them: where it stops at a
// syntax error we report the same words first; where it parses, we report no syntax error.
describe('syntax: differential against wit-parser (jco)', function () {
  this.timeout(600_000);
  before(function () {
    if (!referenceAvailable()) this.skip();
  });

  it('agrees on every fixture and 600 mutations of them', () => {
    const random = rng(0xd1ff);
    const base = projectWit().filter((f) => !f.path.includes('/grammar/')).map((f) => f.text);
    const inputs = [...base];
    for (let i = 0; i < 600; i++) inputs.push(mutate(base[i % base.length], random));
    const verdicts = referenceVerdicts(inputs, 'all');
    const disagreements: string[] = [];
    let syntaxFailures = 0;
    inputs.forEach((input, i) => {
      const v = verdicts[i];
      if (v.panic) return; // the reference crashed: nothing to agree with
      const ours = parseWit(input).errors;
      if (!v.ok && syntaxMessage.test(v.message!)) {
        syntaxFailures++;
        if (ours[0]?.message !== v.message) disagreements.push(`#${i}: reference "${v.message}", ours "${ours[0]?.message ?? 'none'}"\n${JSON.stringify(input)}`);
      } else if (ours.length) {
        disagreements.push(`#${i}: reference ${v.ok ? 'accepts' : `fails later ("${v.message}")`}, ours "${ours[0].message}"\n${input.slice(0, 400)}`);
      }
    });
    assert.ok(syntaxFailures > 200, `enough syntax failures exercised (${syntaxFailures})`);
    assert.deepEqual(disagreements, []);
  });
});
