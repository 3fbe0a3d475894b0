import assert from 'node:assert/strict';
import { check } from '../support/analyze.js';
import { cases } from './cases.js';

// Every check wit-parser makes, each asserting code, message and place of every diagnostic.
describe('semantic: checks', () => {
  for (const c of cases) {
    it(c.name, () => {
      const files = typeof c.files === 'string' ? { 't.wit': c.files } : c.files;
      const root = c.root === '.' ? '' : c.root;
      const { lines } = check(root === '' ? prefixRoot(files) : files, { root: root === '' ? 'p' : root, features: c.features });
      assert.deepEqual(lines.map((l) => l.replace(/^p\//, '')), c.expect);
    });
  }
});

/** Puts a folder case under `p/` so the root is the folder. */
function prefixRoot(files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [`p/${k}`, v]));
}
