// The resolution memo (ResolveOptions.memo): the editor's analysis of a root takes over the part of
// the last `Resolve` that its unchanged packages made. Whatever is edited — the main package, a
// dependency, a feature setting, a package that sorts after the main one, a cycle, an error — the
// result must be the one a fresh analysis gives: the same `Resolve`, problems, ids and sources.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeRoot, type AnalyzeOptions, type CachedGroup, type RootAnalysis } from 'wit-tools/server/semantic/analyze.js';
import { newResolveMemo } from 'wit-tools/server/semantic/resolve.js';
import { parseWit, reparseWit, type ParseResult } from 'wit-tools/server/syntax/index.js';
import { MemoryFileSystem } from 'wit-tools/server/workspace/fs.js';
import { loadRoot } from 'wit-tools/server/workspace/loader.js';
import { sharedCorpus } from '../support/paths.js';
import { rng } from '../support/random.js';

/** The unresolved main package of an analysis. */
const mainOf = (a: RootAnalysis) => a.sources!.get(a.main!)!;

/** An analysis as the editor makes it: parses, groups and the memo kept from one call to the next. */
function editorAnalyzer(root: string) {
  const parses = new Map<string, { text: string; result: ParseResult }>();
  const groups = new Map<string, CachedGroup>();
  const memo = newResolveMemo();
  const parse = (path: string, text: string) => {
    const hit = parses.get(path);
    if (hit?.text === text) return hit.result;
    const result = hit ? reparseWit(hit.text, hit.result, text) : parseWit(text);
    parses.set(path, { text, result });
    return result;
  };
  return {
    memo,
    analyze: (files: Record<string, string>, options: AnalyzeOptions = {}) => analyzeRoot(loadRoot(new MemoryFileSystem(files), root), { ...options, parse, groups, memo }),
  };
}

function fresh(root: string, files: Record<string, string>, options: AnalyzeOptions = {}): RootAnalysis {
  return analyzeRoot(loadRoot(new MemoryFileSystem(files), root), options);
}

function assertSame(got: RootAnalysis, want: RootAnalysis, label: string): void {
  assert.deepStrictEqual(got.diagnostics, want.diagnostics, `${label}: diagnostics`);
  assert.deepStrictEqual(got.resolve, want.resolve, `${label}: the Resolve`);
  assert.equal(got.main, want.main, `${label}: the main package`);
  assert.deepStrictEqual(got.idMaps, want.idMaps, `${label}: id maps`);
  assert.deepStrictEqual([...(got.sources ?? new Map()).entries()].map(([id, p]) => [id, p.name]), [...(want.sources ?? new Map()).entries()].map(([id, p]) => [id, p.name]), `${label}: sources`);
}

const base: Record<string, string> = {
  '/w/app/main.wit': `package app:main@1.0.0;

interface api {
  use dep:b/shapes@0.2.0.{shape};
  use dep:a/base.{point};
  area: func(s: shape) -> f64;
  @unstable(feature = fancy)
  fancy: func(p: point) -> point;
}

world app {
  import dep:b/shapes@0.2.0;
  export api;
  include dep:b/host@0.2.0;
}
`,
  '/w/app/deps/a/base.wit': `package dep:a;

interface base {
  record point { x: f64, y: f64 }
  @unstable(feature = fancy)
  resource canvas { draw: func(p: point); }
}
`,
  '/w/app/deps/b/shapes.wit': `package dep:b@0.2.0;

interface shapes {
  use dep:a/base.{point};
  variant shape { circle(tuple<point, f64>), polygon(list<point>) }
}

world host {
  import shapes;
  export run: func() -> result<_, string>;
}
`,
  // Sorts after the main package and depends on nothing: appended after it.
  '/w/app/deps/zzz/late.wit': `package zzz:late;

interface later { type n = u32; }
`,
};

const edits: ((files: Record<string, string>, random: () => number) => Record<string, string>)[] = [
  // A comment typed in the main package.
  (f, r) => ({ ...f, '/w/app/main.wit': f['/w/app/main.wit'].replace('world app {', `// note ${Math.floor(r() * 100)}\nworld app {`) }),
  // A function added to the main package.
  (f, r) => ({ ...f, '/w/app/main.wit': f['/w/app/main.wit'].replace('area: func', `f${Math.floor(r() * 1000)}: func(x: u8);\n  area: func`) }),
  // A broken main package, then mended by a later edit.
  (f) => ({ ...f, '/w/app/main.wit': f['/w/app/main.wit'].replace('-> f64;', '-> nope;') }),
  (f) => ({ ...f, '/w/app/main.wit': f['/w/app/main.wit'].replace('-> nope;', '-> f64;') }),
  // A dependency changed: a field added to a record the main package uses.
  (f, r) => ({ ...f, '/w/app/deps/a/base.wit': f['/w/app/deps/a/base.wit'].replace('y: f64', `y: f64, z${Math.floor(r() * 100)}: f64`) }),
  // A dependency broken and mended.
  (f) => ({ ...f, '/w/app/deps/b/shapes.wit': f['/w/app/deps/b/shapes.wit'].replace('list<point>', 'list<pointy>') }),
  (f) => ({ ...f, '/w/app/deps/b/shapes.wit': f['/w/app/deps/b/shapes.wit'].replace('list<pointy>', 'list<point>') }),
  // The package after the main one changed.
  (f, r) => ({ ...f, '/w/app/deps/zzz/late.wit': `package zzz:late;\n\ninterface later { type n = u${[8, 16, 32, 64][Math.floor(r() * 4)]}; }\n` }),
  // A cycle through the dependencies, and gone again.
  (f) => ({ ...f, '/w/app/deps/a/base.wit': f['/w/app/deps/a/base.wit'].replace('interface base {', 'interface base {\n  use dep:b/shapes@0.2.0.{shape};') }),
  (f) => ({ ...f, '/w/app/deps/a/base.wit': f['/w/app/deps/a/base.wit'].replace('\n  use dep:b/shapes@0.2.0.{shape};', '') }),
  // A comment typed after the last item of the main package, and of a dependency.
  (f, r) => ({ ...f, '/w/app/main.wit': `${f['/w/app/main.wit']}// tail ${Math.floor(r() * 100)}\n` }),
  (f, r) => ({ ...f, '/w/app/deps/a/base.wit': `${f['/w/app/deps/a/base.wit']}\n/* end ${Math.floor(r() * 100)} */` }),
  // A dependency removed and put back.
  (f) => { const out = { ...f }; delete out['/w/app/deps/zzz/late.wit']; return out; },
  (f) => ({ ...f, '/w/app/deps/zzz/late.wit': base['/w/app/deps/zzz/late.wit'] }),
];

/**
 * A main package of `n` interfaces, each using the one before, with the kinds of thing whose
 * resolution one interface leaves for the next: anonymous types shared between interfaces,
 * resources and handles, gates, docs, a foreign dependency, a world.
 */
function chainPackage(n: number, from = 0, world = true): string {
  let s = 'package app:main@1.0.0;\n\n';
  for (let k = from; k < n; k++) {
    s += `/// Interface ${k}.\n${k % 4 === 1 ? '@since(version = 1.0.0)\n' : ''}interface i${k} {\n`;
    if (k) s += `  use i${k - 1}.{point as prev, blob as prev-blob};\n`;
    if (k % 3 === 2) s += '  use dep:a/base.{point as far};\n';
    // Own handles of an earlier interface's resource: made by a type, and by a function.
    if (k && k % 2 === 0) s += `  record holder { b: prev-blob, l: list<prev-blob> }\n`;
    if (k) s += `  take: func(b: prev-blob) -> prev-blob;\n`;
    s += '  record point { x: s32, y: option<string> }\n';
    s += `  resource blob { constructor(init: list<u8>); read: func(n: u32) -> result<list<u8>, string>; }\n`;
    if (k % 2) s += `  @unstable(feature = fancy)\n  variant v${k} { a(tuple<f32, f32>), b }\n`;
    s += `  move: func(p: point, by: list<${k ? 'prev' : 'point'}>${k ? ', b: borrow<prev-blob>' : ''}) -> result<point, string>;\n}\n\n`;
  }
  // The world's function makes no type of its own: its anonymous types are the interfaces'.
  return world ? s + 'world app {\n  export i0;\n  import dep:b/shapes@0.2.0;\n  import f: func(p: list<u8>, q: option<string>) -> result<list<u8>, string>;\n}\n' : s;
}

/**
 * The chain package as two files, the second's interfaces using the first's, analysed as the
 * editor does: `analyze` compares each analysis with a fresh one, the main package included.
 */
function twoFileChain() {
  const editor = editorAnalyzer('/w/app');
  const paths = ['/w/app/main.wit', '/w/app/more.wit'];
  const original = [chainPackage(20, 0, false), chainPackage(40, 20)];
  const texts = [...original];
  const files = () => ({ ...base, [paths[0]]: texts[0], [paths[1]]: texts[1] });
  const analyze = (options: AnalyzeOptions, label: string): RootAnalysis => {
    const got = editor.analyze(files(), options);
    const want = fresh('/w/app', files(), options);
    assertSame(got, want, label);
    assert.deepStrictEqual(mainOf(got), mainOf(want), `${label}: the main package as a fresh resolution makes it`);
    return got;
  };
  return { paths, original, texts, first: editor.analyze(files()), analyze };
}

describe('semantic: the resolution memo gives what a fresh analysis gives', function () {
  this.timeout(120_000);

  it('400 edits of a package and its dependencies, with features switched on and off', () => {
    const random = rng(0x3e30);
    const editor = editorAnalyzer('/w/app');
    let files = { ...base };
    let taken = 0;
    for (let i = 0; i < 400; i++) {
      files = edits[Math.floor(random() * edits.length)](files, random);
      const options: AnalyzeOptions = random() < 0.2 ? { features: ['fancy'] } : random() < 0.1 ? { allFeatures: true } : {};
      const before = editor.memo.resolve;
      const got = editor.analyze(files, options);
      // The memo was used when the new Resolve shares the old one's first types.
      if (before && got.resolve && before.types.length && got.resolve.types[0] === before.types[0]) taken++;
      assertSame(got, fresh('/w/app', files, options), `edit ${i}`);
    }
    assert.ok(taken > 100, `the memo was taken over ${taken} times`);
  });

  it('typing after the last item keeps the package as it was resolved; typing inside an item does not', () => {
    const editor = editorAnalyzer('/w/app');
    let files = { ...base, '/w/app/main.wit': `${base['/w/app/main.wit']}\n// ` };
    let last = editor.analyze(files);
    for (const ch of 'abcdefghij') {
      files = { ...files, '/w/app/main.wit': files['/w/app/main.wit'] + ch };
      const got = editor.analyze(files);
      assertSame(got, fresh('/w/app', files), `after typing ${ch}`);
      assert.equal(mainOf(got), mainOf(last), `after typing ${ch}: the main package's resolution was taken over`);
      assert.equal(got.files.get('/w/app/main.wit')!.text, files['/w/app/main.wit'], 'the analysis has the new text');
      last = got;
    }
    files = { ...files, '/w/app/main.wit': files['/w/app/main.wit'].replace('world app {', 'world app {\n  // x') };
    const inside = editor.analyze(files);
    assertSame(inside, fresh('/w/app', files), 'typing inside the world');
    assert.notEqual(mainOf(inside), mainOf(last), "typing inside an item resolves the package again (the world's span moved)");
  });

  it('a big package edited anywhere (letters typed and taken out, items broken and mended): the unchanged interfaces at its head are taken over, each result that of a fresh analysis', () => {
    const random = rng(0x51ee);
    const { original, texts, first, analyze } = twoFileChain();
    let last = first;
    let takenOver = 0;
    for (let i = 0; i < 300; i++) {
      const f = random() < 0.5 ? 0 : 1;
      let text = texts[f];
      const r = random();
      const at = Math.floor(random() * text.length);
      const lineStart = text.lastIndexOf('\n', at) + 1;
      if (r < 0.25) text = text.slice(0, at) + 'xyz;{}<>,:'[Math.floor(random() * 10)] + text.slice(at);
      else if (r < 0.4) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 3));
      else if (r < 0.6) {
        // A letter typed into a name, as most keystrokes are.
        const m = /[a-z]+/g;
        m.lastIndex = at;
        const hit = m.exec(text);
        if (hit) text = text.slice(0, hit.index + 1) + 'q' + text.slice(hit.index + 1);
      }
      // A comment or a doc comment on a line of its own: what follows moves, and means the same.
      else if (r < 0.72) text = `${text.slice(0, lineStart)}  // c${i}\n${text.slice(lineStart)}`;
      else if (r < 0.82) text = `${text.slice(0, lineStart)}  /// d${i}\n${text.slice(lineStart)}`;
      // A field whose type may be new to the package: the types after it may change their ids.
      else if (r < 0.9) {
        const rec = text.indexOf('record point {', at);
        if (rec >= 0) text = `${text.slice(0, rec)}record point { w${i}: ${['list<u16>', 'option<u64>', 'tuple<u8, u8>', 's32'][i % 4]},${text.slice(rec + 'record point {'.length)}`;
      } else text = original[f]; // mended: the file as it was
      texts[f] = text;
      const got = analyze(random() < 0.2 ? { features: ['fancy'] } : {}, `edit ${i}`);
      const before = mainOf(last), now = mainOf(got);
      if (now !== before && now.interfaces.some((x, id) => x === before.interfaces[id] && x.name !== null && id > 0)) takenOver++;
      last = got;
    }
    assert.ok(takenOver > 50, `interfaces were taken over in ${takenOver} of 300 edits`);
  });

  it('a big valid package typed into (comments, doc comments, fields, functions, renames): the interfaces after the edit are taken over moved, each result that of a fresh analysis', () => {
    const random = rng(0x70ce);
    const { paths, original, texts, first, analyze } = twoFileChain();
    let last = first;
    let moved = 0;
    let broken = false;
    for (let i = 0; i < 200; i++) {
      const f = random() < 0.5 ? 0 : 1;
      const text = texts[f];
      const r = random();
      // A place on a line of its own inside an interface, before one of its items.
      const items = [...text.matchAll(/\n  (record|resource|move|take|use|@unstable)/g)].map((m) => m.index! + 1);
      const at = items[Math.floor(random() * items.length)];
      if (r < 0.3) texts[f] = `${text.slice(0, at)}  // c${i}\n${text.slice(at)}`;
      else if (r < 0.45) texts[f] = `${text.slice(0, at)}  /// d${i}\n${text.slice(at)}`;
      else if (r < 0.6) texts[f] = `${text.slice(0, at)}  f${i}: func(a: ${['u8', 'list<u16>', 'option<point>', 'tuple<s8, s8>'][i % 4]});\n${text.slice(at)}`;
      else if (r < 0.7) {
        const rec = text.indexOf('record point {', at);
        if (rec >= 0) texts[f] = `${text.slice(0, rec)}record point { w${i}: ${['list<u16>', 'option<u64>', 's32'][i % 3]},${text.slice(rec + 'record point {'.length)}`;
      } else if (r < 0.76) texts[f] = text.replace(/\bmove: func/, `move${i}: func`);
      // An anonymous type changed for another: as many types, but what follows may share the old one.
      else if (r < 0.82) {
        const opt = text.indexOf('option<string>', at);
        if (opt >= 0) texts[f] = `${text.slice(0, opt)}option<u${[8, 16, 32][i % 3]}>${text.slice(opt + 'option<string>'.length)}`;
      }
      // A type renamed that the next interface uses: it is broken after the edit.
      else if (r < 0.86) {
        const rec = text.indexOf('record point {', at);
        if (rec >= 0) texts[f] = `${text.slice(0, rec)}record pointq {${text.slice(rec + 'record point {'.length)}`;
        broken = true;
      } else if (r < 0.93) texts[f] = text.replace(/  \/\/ c\d+\n/, '');
      else {
        texts[f] = original[f];
        broken = texts[1 - f] !== original[1 - f] && broken;
      }
      const got = analyze(random() < 0.2 ? { features: ['fancy'] } : {}, `edit ${i}`);
      if (!broken) assert.deepEqual(got.diagnostics.filter((d) => d.severity === 'error' && paths.includes(d.file)).map((d) => d.message), [], `edit ${i}: the package stays valid`);
      // An interface taken over moved is a new object that keeps the old one's map of types.
      const before = mainOf(last), now = mainOf(got);
      if (now.interfaces.some((x, id) => x !== before.interfaces[id] && x.types === before.interfaces[id]?.types)) moved++;
      last = got;
    }
    assert.ok(moved > 60, `interfaces were taken over moved in ${moved} of 200 edits`);
  });

  it('what an edit changed for the interfaces after it stops them being taken over moved: each result that of a fresh analysis', () => {
    const main = '/w/app/main.wit';
    // The last interface makes a type of its own that the world uses too.
    const start = chainPackage(8).replace('interface i7 {\n', 'interface i7 {\n  type deep = list<list<s64>>;\n').replace('world app {\n', 'world app {\n  import g: func() -> list<list<s64>>;\n');
    const steps: [string, (t: string) => string][] = [
      // i6 after the comment is parsed again; i7, moved, makes the types the world uses.
      ['a comment before the last two interfaces', (t) => t.replace('/// Interface 6.', '// c\n/// Interface 6.')],
      // The first `option<string>` is made in i0; i1 on takes it: another type in its place is
      // as many types, but i1 must make its own `option<string>` now.
      ['the first anonymous type changed for another', (t) => t.replace('option<string>', 'option<u16>')],
      ['a comment after it', (t) => t.replace('/// Interface 3.', '// d\n/// Interface 3.')],
      ['it changed back', (t) => t.replace('option<u16>', 'option<string>')],
      // i4 uses i3's `point`: renamed, the use fails.
      ['a type renamed that the next interface uses', (t) => t.replace(/(interface i3 \{[\s\S]*?)record point \{/, '$1record pointq {')],
      ['a comment in the interface after it', (t) => t.replace('/// Interface 5.', '// e\n/// Interface 5.')],
      ['the name put back', (t) => t.replace('record pointq', 'record point')],
      // A resource that i5 borrows through its use of i4 becomes a record: as many types, but
      // the handle in i5 is no longer one.
      ['a resource made a record', (t) => t.replace(/(interface i4 \{[\s\S]*?)resource blob \{ constructor\(init: list<u8>\); read: func\(n: u32\) -> result<list<u8>, string>; \}/, '$1record blob { n: u32 }')],
      ['a comment after it', (t) => t.replace('/// Interface 6.', '// f\n/// Interface 6.')],
      // Gates with versions in the interface before the moved ones (compared as versions).
      ['a gated type', (t) => t.replace(/(interface i2 \{\n)/, '$1  @since(version = 1.0.0)\n  @deprecated(version = 1.1.0)\n  type stamp = u64;\n')],
      ['a comment in its interface', (t) => t.replace('  type stamp = u64;', '  // g\n  type stamp = u64;')],
      // A function named in a use (which fails), then renamed: the use fails for another reason.
      ['a function used', (t) => t.replace(/(interface i5 \{\n)/, '$1  use i4.{move as m4};\n')],
      ['the function renamed', (t) => t.replace(/(interface i4 \{[\s\S]*?)move: func/, '$1move2: func')],
    ];
    const editor = editorAnalyzer('/w/app');
    let text = start;
    editor.analyze({ ...base, [main]: text });
    for (const [what, edit] of steps) {
      const next = edit(text);
      assert.notEqual(next, text, `${what}: the edit applies`);
      text = next;
      for (const options of [{}, { features: ['fancy'] }] as AnalyzeOptions[]) {
        assertSame(editor.analyze({ ...base, [main]: text }, options), fresh('/w/app', { ...base, [main]: text }, options), what);
      }
    }
  });

  it('typing inside the last interface keeps the structure the package was laid out with (names, uses, foreign types, problems) while its outline is the same: each result that of a fresh analysis', () => {
    const main = '/w/app/main.wit';
    // Problems the layout reports (a duplicate item, an attribute on a top-level use, an unknown
    // interface), foreign interfaces with placeholder types, a top-level use and a world.
    const start = chainPackage(6, 0, false)
      + 'interface i2 { }\n\n@since(version = 1.0.0)\nuse dep:b/shapes@0.2.0 as sh;\n\n'
      + 'world app {\n  use sh.{shape};\n  import sh;\n  export i0;\n  include dep:b/host@0.2.0;\n}\n\n'
      + 'interface last {\n  use dep:a/base.{point, canvas};\n  use nowhere.{x};\n  use sh.{shape as s2};\n  f: func(p: point);\n}\n';
    const editor = editorAnalyzer('/w/app');
    let text = start;
    let last = editor.analyze({ ...base, [main]: text });
    const at = text.lastIndexOf('  f: func');
    let kept = 0;
    const steps = [
      // A comment on a line of its own, typed a letter at a time.
      (t: string) => `${t.slice(0, at)}  // \n${t.slice(at)}`,
      ...'abcdefgh'.split('').map((ch, j) => (t: string) => `${t.slice(0, at + 5 + j)}${ch}${t.slice(at + 5 + j)}`),
      // The outline changes: a use more, a name of a use renamed, then as it was.
      (t: string) => t.replace('  f: func', '  use i1.{point as p1};\n  f: func'),
      (t: string) => t.replace('point as p1', 'point as p2'),
      (t: string) => t.replace('  use i1.{point as p2};\n', ''),
      (t: string) => t.replace('  f: func(p: point);', '  f: func(p: point);\n  g: func(q: s2);'),
      (t: string) => t.replace('  g: func(q: s2);', '  g: func(q: nope);'),
    ];
    for (const [i, step] of steps.entries()) {
      const next = step(text);
      assert.notEqual(next, text, `step ${i}: the edit applies`);
      text = next;
      for (const options of [{}, { features: ['fancy'] }] as AnalyzeOptions[]) {
        const got = editor.analyze({ ...base, [main]: text }, options);
        const want = fresh('/w/app', { ...base, [main]: text }, options);
        assertSame(got, want, `step ${i}`);
        assert.deepStrictEqual(mainOf(got), mainOf(want), `step ${i}: the main package as a fresh resolution makes it`);
        assert.ok(got.diagnostics.some((d) => d.message === 'duplicate item named `i2`') && got.diagnostics.some((d) => d.message === 'interface or world `nowhere` does not exist'), `step ${i}: the layout's problems`);
        // The foreign dependencies are the layout's: the same map when it was laid out again
        // (counted after a change of the text, where the package is resolved again).
        if (!options.features && mainOf(got).foreignDeps === mainOf(last).foreignDeps) kept++;
        last = got;
      }
    }
    assert.equal(kept, 9 + 2, `the structure was laid out again in ${kept} of ${steps.length} changes`);
  });

  it('wasi:http with its dependencies, typed into: each result that of a fresh analysis', function () {
    const root = sharedCorpus && join(sharedCorpus, 'wasi', 'WASI-main-assembled', 'http');
    if (!root || !existsSync(root)) this.skip();
    const files: Record<string, string> = {};
    const walk = (d: string) => { for (const e of readdirSync(d)) { const p = join(d, e); if (statSync(p).isDirectory()) walk(p); else files[p] = readFileSync(p, 'utf8'); } };
    walk(root!);
    const main = join(root!, 'types.wit');
    const editor = editorAnalyzer(root!);
    let text = files[main];
    for (let i = 0; i < 30; i++) {
      const at = text.indexOf('resource fields');
      text = i % 3 === 2 ? text.replace(`f${i - 1}: func();\n`, '') : text.slice(0, at) + `/// d\n` + text.slice(at);
      if (i % 3 === 1) text = text.replace('interface types {', `interface types {\n  f${i}: func();`);
      const got = editor.analyze({ ...files, [main]: text });
      assertSame(got, fresh(root!, { ...files, [main]: text }), `keystroke ${i}`);
      assert.equal(got.diagnostics.filter((d) => d.severity === 'error').length, 0, `keystroke ${i}: no errors`);
    }
  });
});
