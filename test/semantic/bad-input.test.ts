import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeRoot } from 'wit-tools/server/semantic/analyze.js';
import { nodeFileSystem } from 'wit-tools/server/workspace/fs.js';
import { loadRoot } from 'wit-tools/server/workspace/loader.js';
import { check } from '../support/analyze.js';

// Bad input on a real file system: each gives a clear diagnostic or is ignored as wit-parser
// ignores it; nothing hangs or overflows the stack.
describe('semantic: bad input', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'wit-bad-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const analyze = (path: string) => analyzeRoot(loadRoot(nodeFileSystem, path));

  it('a symlink loop under deps/ is one clear diagnostic; the rest resolves', () => {
    writeFileSync(join(dir, 'a.wit'), 'package a:a;\ninterface i { use b:b/j.{t}; }\n');
    mkdirSync(join(dir, 'deps', 'b'), { recursive: true });
    writeFileSync(join(dir, 'deps', 'b', 'b.wit'), 'package b:b;\ninterface j { type t = u32; }\n');
    symlinkSync(join(dir, 'deps', 'loop1'), join(dir, 'deps', 'loop2'));
    symlinkSync(join(dir, 'deps', 'loop2'), join(dir, 'deps', 'loop1'));
    const a = analyze(dir);
    assert.equal(a.diagnostics.length, 2);
    for (const d of a.diagnostics) assert.match(d.message, /Too many levels of symbolic links/);
    assert.ok(a.resolve?.packages.some((p) => p.name.name === 'b'), 'the good dependency still resolves');
  });

  it('a symlinked folder that loops back to its parent is read once, not followed forever', () => {
    writeFileSync(join(dir, 'a.wit'), 'package a:a;\ninterface i {}\n');
    mkdirSync(join(dir, 'deps'));
    symlinkSync(dir, join(dir, 'deps', 'self'));
    const a = analyze(dir);
    assert.deepEqual(a.diagnostics.map((d) => d.code), ['duplicate-package']);
  });

  it('deps/ entries that are neither folders nor .wit/.wat/.wasm are ignored, as wit-parser ignores them', () => {
    writeFileSync(join(dir, 'a.wit'), 'package a:a;\ninterface i {}\n');
    mkdirSync(join(dir, 'deps'));
    writeFileSync(join(dir, 'deps', '.DS_Store'), '\0\0garbage');
    writeFileSync(join(dir, 'deps', 'README.md'), '# notes');
    assert.deepEqual(analyze(dir).diagnostics, []);
  });

  it('a dangling symlink to a .wit file is reported with the reason', () => {
    writeFileSync(join(dir, 'a.wit'), 'package a:a;\ninterface i {}\n');
    symlinkSync(join(dir, 'missing.wit'), join(dir, 'b.wit'));
    const a = analyze(dir);
    assert.equal(a.diagnostics.length, 1);
    assert.match(a.diagnostics[0].message, /failed to read file .*b\.wit: No such file or directory/);
  });

  it('a path that does not exist', () => {
    const a = analyze(join(dir, 'nope'));
    assert.match(a.diagnostics[0].message, /failed to read path .*nope: No such file or directory/);
  });

  it('two packages with the same name', () => {
    const { lines } = check({ 'p/a.wit': 'package a:a;\ninterface i {}', 'p/deps/x/x.wit': 'package s:s;\ninterface x {}', 'p/deps/y/y.wit': 'package s:s;\ninterface y {}' }, { root: 'p' });
    assert.deepEqual(lines, ['p/deps/y/y.wit:1:9 duplicate-package: package `s:s` is defined in two different locations']);
  });

  it('1,000 packages in deps/, used in a chain, resolve without a stack overflow', () => {
    writeFileSync(join(dir, 'a.wit'), 'package a:a;\ninterface i { use d:p0/i.{t}; }\n');
    mkdirSync(join(dir, 'deps'));
    for (let k = 0; k < 1000; k++) {
      const use = k < 999 ? `use d:p${k + 1}/i.{t as u}; type t = u;` : 'type t = u32;';
      writeFileSync(join(dir, 'deps', `p${k}.wit`), `package d:p${k};\ninterface i { ${use} }\n`);
    }
    const a = analyze(dir);
    assert.deepEqual(a.diagnostics, []);
    assert.equal(a.resolve!.packages.length, 1001);
  });
});
