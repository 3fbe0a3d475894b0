import assert from 'node:assert/strict';
import { check, checkOne } from '../support/analyze.js';
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

describe('semantic: named imports and exports', () => {
  it('keeps every name of an interface exported twice, and imports its dependency once', () => {
    const { analysis } = checkOne('package foo:foo;\ninterface types { type t = u32; }\ninterface store { use types.{t}; }\nworld w { export primary: store; export backup: store; import cache: store; }');
    const r = analysis.resolve!;
    const w = r.worlds[0];
    const names = (m: typeof w.exports) => [...m.values()].map((e) => ('name' in e.key ? e.key.name : `iface:${r.interfaces[e.key.interface].name}`));
    assert.deepEqual(names(w.exports), ['primary', 'backup']);
    assert.deepEqual(names(w.imports), ['iface:types', 'cache']);
  });
});

/** Puts a folder case under `p/` so the root is the folder. */
function prefixRoot(files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [`p/${k}`, v]));
}
