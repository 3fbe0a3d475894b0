// A seeded slice of the differential fuzzer (fuzz.ts) in every test run: generated packages,
// well-formed or broken by one labelled mutation, some as a folder with deps/, against the reference. `npm run fuzz` runs more.
import assert from 'node:assert/strict';
import { wasmTools } from '../pipeline/support.js';
import { fuzzCase, runFuzz } from './fuzz.js';
import { mutations } from './generate.js';

describe('fuzz: generated WIT against the reference', function () {
  this.timeout(600_000);

  it('a case is the same input for the same seed and index', () => {
    assert.equal(fuzzCase(5, 17).input, fuzzCase(5, 17).input);
    assert.notEqual(fuzzCase(5, 17).input, fuzzCase(5, 18).input);
  });

  it('1,500 cases of seed 20261202: every verdict and first message agrees; nothing throws or hangs; every mutation breaks what it says', function () {
    if (!wasmTools()) this.skip(); // the verdicts are wasm-tools' (CI installs it)
    const r = runFuzz(1500, 20261202);
    assert.deepEqual(r.disagreements.slice(0, 5).map((d) => `${d.case.rule} #${d.case.index}: ours ${d.ours}, reference ${d.reference}`), []);
    assert.equal(r.agree, 1500);
    assert.deepEqual([r.throws, r.hangs], [0, 0]);
    // Well-formed packages are accepted; each mutation is refused every time it is applied.
    assert.deepEqual(r.rejectedByRule.none?.[0], 0);
    // Some packages keep what they use in a `deps/` folder; without it they are refused.
    const missing = r.rejectedByRule['missing-dependency'] ?? [0, 0];
    assert.ok(missing[1] > 0 && missing[0] === missing[1], `missing-dependency: ${missing[0]} of ${missing[1]} refused`);
    for (const m of mutations) {
      const [rejected, total] = r.rejectedByRule[m.rule] ?? [0, 0];
      assert.ok(total > 0, `${m.rule} was applied`);
      assert.equal(rejected, total, `${m.rule}: the reference refused ${rejected} of ${total}`);
    }
  });
});
