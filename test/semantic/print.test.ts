import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { analyzeRoot, type RootAnalysis } from 'wit-tools/server/semantic/analyze.js';
import { nestedPackages, printPackage } from 'wit-tools/server/semantic/print.js';
import { nodeFileSystem } from 'wit-tools/server/workspace/fs.js';
import { loadRoot, type RootSource } from 'wit-tools/server/workspace/loader.js';
import { sharedCorpus } from '../support/paths.js';
import { projectWit } from '../support/wit-files.js';

function analyzeText(text: string): RootAnalysis {
  const root: RootSource = { path: '/w/t.wit', main: { kind: 'file', path: '/w/t.wit', files: [{ path: '/w/t.wit', text }] }, deps: [], diagnostics: [] };
  return analyzeRoot(root, { allFeatures: true });
}

function print(text: string): string {
  const a = analyzeText(text);
  assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
  return printPackage(a.resolve!, a.main!, nestedPackages(a.resolve!, a.main!));
}

describe('print: the reference printer\'s rules', () => {
  it('orders, groups and spells a package the way wit-component prints it', () => {
    const input = `/** Package docs
    on two lines. */
package test:print@1.0.0;

interface types {
  f: func(r: own<res>, b: borrow<res>) -> list<res>;
  /// A resource.
  resource res {
    g: func();
    constructor();
    make: static func() -> res;
    go: async func(x: u32);
  }
  record %record { %type: u32 }
  type t2 = own<res>;
  type alias = %record;
  variant v { a, b(u32) }
  enum e { x, y }
  flags fl { p, q }
  type l = list<u8, 4>;
  type r = result<_, string>;
  type o = option<tuple<u8, string>>;
  type s = stream<u8>;
  type fu = future;
  @since(version = 1.0.0)
  @deprecated(version = 1.0.1)
  old: func();
  @unstable(feature = shiny)
  new: func();
}

interface user {
  use types.{res, alias};
  use types.{e as my-e};
  resource other { constructor() -> result<other, string>; }
  h: func(x: my-e) -> alias;
}

world w {
  export run: func();
  import log: func(msg: string);
  use types.{res};
  import user;
  type local = u32;
  export inline: interface { f: func(); }
}

package test:nested {
  interface n { f: func(); }
}
`;
    const expected = `/// Package docs
///     on two lines.
package test:print@1.0.0;

interface types {
  /// A resource.
  resource res {
    g: func();
    constructor();
    make: static func() -> res;
    go: async func(x: u32);
  }

  record %record {
    %type: u32,
  }

  type t2 = own<res>;

  type alias = %record;

  variant v {
    a,
    b(u32),
  }

  enum e {
    x,
    y,
  }

  flags fl {
    p,
    q,
  }

  type l = list<u8, 4>;

  type r = result<_, string>;

  type o = option<tuple<u8, string>>;

  type s = stream<u8>;

  type fu = future;

  f: func(r: res, b: borrow<res>) -> list<res>;

  @since(version = 1.0.0)
  @deprecated(version = 1.0.1)
  old: func();

  @unstable(feature = shiny)
  new: func();
}

interface user {
  use types.{res, alias, e as my-e};

  resource other {
    constructor() -> result<other, string>;
  }

  h: func(x: my-e) -> alias;
}

world w {
  import types;
  import user;
  use types.{res};

  type local = u32;
  import log: func(msg: string);

  export run: func();
  export inline: interface {
    f: func();
  }
}
package test:nested {
  interface n {
    f: func();
  }
}
`;
    assert.equal(print(input), expected);
  });

  it('prints empty bodies on two lines, and worlds without blank lines between them', () => {
    assert.equal(print('package a:b;\ninterface i {}\nworld v {}\nworld w { export i; }\n'), 'package a:b;\n\ninterface i {\n}\n\nworld v {\n}\nworld w {\n  export i;\n}\n');
  });

  it('prints what it reads back to the same text (a fixpoint) for every project package that resolves', () => {
    let checked = 0;
    const roots = new Set(projectWit().map((f) => f.path));
    for (const f of [...roots]) roots.add(dirname(f));
    for (const root of roots) {
      const source = loadRoot(nodeFileSystem, root);
      if (!source.main?.files.length) continue;
      const a = analyzeRoot(source, { allFeatures: true });
      if (a.diagnostics.some((d) => d.severity === 'error') || !a.resolve || a.main === undefined) continue;
      const printed = printPackage(a.resolve, a.main, nestedPackages(a.resolve, a.main));
      const again = analyzeRoot({ ...source, main: { kind: 'file', path: '/w/printed.wit', files: [{ path: '/w/printed.wit', text: printed }] } }, { allFeatures: true });
      assert.deepEqual(again.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), [], `${root}: the printed package resolves`);
      assert.equal(printPackage(again.resolve!, again.main!, nestedPackages(again.resolve!, again.main!)), printed, `${root}: printing is a fixpoint`);
      checked++;
    }
    assert.ok(checked >= 10, `packages checked: ${checked}`);
  });
});

describe('print: the reference printer\'s cases (../shared/wit-corpus/printer)', function () {
  this.timeout(120_000);
  before(function () {
    if (!sharedCorpus) this.skip();
  });

  it('matches every case', () => {
    const dir = join(sharedCorpus!, 'printer');
    const cases = readdirSync(dir).filter((n) => n.endsWith('.wit') || statSync(join(dir, n)).isDirectory()).sort();
    const misses: string[] = [];
    for (const name of cases) {
      const path = join(dir, name);
      const a = analyzeRoot(loadRoot(nodeFileSystem, path), {});
      assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), [], name);
      const pkg = a.resolve!.packages[a.main!];
      const expected = name.endsWith('.wit') ? `${path}.print` : join(path, `${pkg.name.name}.wit.print`);
      assert.ok(existsSync(expected), expected);
      if (printPackage(a.resolve!, a.main!) !== readFileSync(expected, 'utf8')) misses.push(name);
    }
    assert.equal(cases.length, 41);
    assert.deepEqual(misses, [], `matched ${cases.length - misses.length}/${cases.length}`);
  });
});
