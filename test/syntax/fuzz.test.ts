import assert from 'node:assert/strict';
import { analyzeRoot } from 'wit-tools/server/semantic/analyze.js';
import { MemoryFileSystem } from 'wit-tools/server/workspace/fs.js';
import { loadRoot } from 'wit-tools/server/workspace/loader.js';
import { mutate, rng } from '../support/random.js';
import { projectWit } from '../support/wit-files.js';

// 10,000+ broken inputs through the same path as `wit-tools check`: none may throw or hang.
describe('syntax: broken inputs', function () {
  this.timeout(600_000);

  it('every .wit under test/ and examples/, truncated and edited at random, 10,000+ times', () => {
    const sources = projectWit();
    assert.ok(sources.length > 10, 'fixtures found');
    const random = rng(0x5eed);
    const perSource = Math.ceil(10_000 / sources.length);
    let count = 0;
    let slowest = 0;
    let withErrors = 0;
    for (const { text } of sources) {
      for (let i = 0; i < perSource; i++) {
        const input = mutate(text, random);
        const fs = new MemoryFileSystem({ '/w/input.wit': input });
        const t0 = performance.now();
        const analysis = analyzeRoot(loadRoot(fs, '/w/input.wit'));
        slowest = Math.max(slowest, performance.now() - t0);
        for (const d of analysis.diagnostics) {
          assert.ok(d.span.start >= 0 && d.span.end >= d.span.start && d.span.end <= input.length + 1, `span in range: ${JSON.stringify(d)}`);
          assert.ok(d.message.length > 0);
        }
        if (analysis.diagnostics.length) withErrors++;
        count++;
      }
    }
    assert.ok(count >= 10_000, `${count} inputs`);
    assert.ok(withErrors > count / 2, 'most mutations are broken');
    // A hang guard, not a benchmark: no single input may take seconds.
    assert.ok(slowest < 5_000, `slowest input took ${slowest.toFixed(0)} ms`);
  });
});
