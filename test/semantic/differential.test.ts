import assert from 'node:assert/strict';
import { mutate, rng } from '../support/random.js';
import { check } from '../support/analyze.js';
import { referenceAvailable, referenceVerdicts, type ReferenceInput } from '../support/reference.js';
import { projectWit } from '../support/wit-files.js';
import { cases } from './cases.js';

/** Our first error's message, or undefined when we accept. */
function ours(input: ReferenceInput, features: string[]): string | undefined {
  const files = typeof input === 'string' ? { 'p/t.wit': input } : Object.fromEntries(Object.entries(input.files).map(([k, v]) => [`p/${k}`, v]));
  const root = typeof input === 'string' ? 'p/t.wit' : `p/${input.root}`.replace(/\/\.?$/, '');
  const first = check(files, { root, features }).analysis.diagnostics.find((d) => d.severity === 'error');
  return first?.message;
}

/** wit-parser's first line of a multi-line message (the rest is a list or a hint). */
const firstLine = (m: string | undefined) => m?.split('\n')[0].replace(/:$/, '');

// The reference's verdict on our semantic cases and on mutations of them and of our other WIT:
// it accepts exactly what we accept, and where it rejects, our first error has its words.
describe('semantic: differential against wit-parser (jco)', function () {
  this.timeout(900_000);
  before(function () {
    if (!referenceAvailable()) this.skip();
  });

  it('agrees on every semantic case', () => {
    const inputs: { input: ReferenceInput; features: string[]; name: string }[] = cases.map((c) => ({
      name: c.name,
      features: c.features ?? [],
      input: typeof c.files === 'string' ? c.files : { files: c.files, root: c.root ?? Object.keys(c.files)[0] },
    }));
    const disagreements: string[] = [];
    for (const { input, features, name } of inputs) {
      const [v] = referenceVerdicts([input], features);
      const got = ours(input, features);
      if (v.panic) continue;
      if (v.ok !== (got === undefined) || (!v.ok && firstLine(got) !== firstLine(v.message))) {
        disagreements.push(`${name}: reference ${v.ok ? 'accepts' : `"${v.message}"`}, ours ${got === undefined ? 'accepts' : `"${got}"`}`);
      }
    }
    assert.deepEqual(disagreements, []);
  });

  it('agrees on 400 mutations of the cases and of the project\'s WIT', () => {
    const random = rng(0x5e3a);
    const base = [
      ...cases.filter((c) => typeof c.files === 'string').map((c) => c.files as string),
      ...projectWit().filter((f) => !f.path.includes('/grammar/') && !f.path.includes('/deps/')).map((f) => f.text),
    ];
    const inputs: string[] = [];
    for (let i = 0; i < 400; i++) inputs.push(mutate(base[i % base.length], random));
    const verdicts = referenceVerdicts(inputs, ['active']);
    const disagreements: string[] = [];
    let rejected = 0;
    inputs.forEach((input, i) => {
      const v = verdicts[i];
      if (v.panic) return;
      const got = ours(input, ['active']);
      if (!v.ok) rejected++;
      if (v.ok !== (got === undefined) || (!v.ok && firstLine(got) !== firstLine(v.message))) {
        disagreements.push(`#${i}: reference ${v.ok ? 'accepts' : `"${v.message}"`}, ours ${got === undefined ? 'accepts' : `"${got}"`}\n${JSON.stringify(input)}`);
      }
    });
    assert.ok(rejected > 100, `enough rejections exercised (${rejected})`);
    assert.deepEqual(disagreements, []);
  });
});
