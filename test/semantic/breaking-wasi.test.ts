// The real-world check of `breaking`: every WASI package of the shared corpus against its next
// version there (0.2.8 → 0.2.12 must be compatible, 0.2.12 → 0.3.0 must not be), and every
// world's verdict, both ways, against `wasm-tools component semver-check` on the same pair.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareVersions } from 'wit-tools/server/semantic/breaking.js';
import { nestedPackages } from 'wit-tools/server/semantic/print.js';
import { analyzeRoot } from 'wit-tools/server/semantic/analyze.js';
import { nodeFileSystem } from 'wit-tools/server/workspace/fs.js';
import { loadRoot } from 'wit-tools/server/workspace/loader.js';
import { sharedCorpus } from '../support/paths.js';
import { wasmTools } from '../pipeline/support.js';

const packages = ['cli', 'clocks', 'filesystem', 'http', 'io', 'random', 'sockets'];

function side(dir: string) {
  const analysis = analyzeRoot(loadRoot(nodeFileSystem, dir));
  assert.deepEqual(analysis.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), [], dir);
  return { resolve: analysis.resolve!, packages: [analysis.main!, ...nestedPackages(analysis.resolve!, analysis.main!)] };
}

/** The package folders of a root: itself and each of its deps/. */
function packageDirs(root: string): string[] {
  const deps = join(root, 'deps');
  return [root, ...(existsSync(deps) ? readdirSync(deps).map((d) => join(deps, d)) : [])];
}

function header(dir: string): string {
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.wit')).sort()) {
    const m = /^package\s+([^;\s]+)\s*;/m.exec(readFileSync(join(dir, f), 'utf8'));
    if (m) return m[1];
  }
  throw new Error(`no package header in ${dir}`);
}

describe('breaking: the WASI series of the shared corpus', function () {
  this.timeout(600_000);
  let wasi: string;
  let scratch: string;
  before(function () {
    if (!sharedCorpus) this.skip();
    wasi = join(sharedCorpus!, 'wasi');
    scratch = mkdtempSync(join(tmpdir(), 'wit-breaking-wasi-'));
  });
  after(() => scratch && rmSync(scratch, { recursive: true, force: true }));

  let checks = 0;
  after(() => {
    // The verdicts asked of wasm-tools (two per world in both versions), for the closing figures.
    if (checks) console.log(`      wasm-tools semver-check agreed on ${checks} worlds, both ways`);
  });
  const pairs = packages.flatMap((p) => [
    { p, old: `wasi-${p}/wit`, now: `WASI-0.2-assembled/${p}`, compatible: true },
    { p, old: `WASI-0.2-assembled/${p}`, now: `WASI-main-assembled/${p}`, compatible: false },
  ]);

  for (const pair of pairs) {
    it(`wasi:${pair.p} ${pair.old} → ${pair.now}: ${pair.compatible ? 'compatible' : 'not compatible'}, as wasm-tools says world by world`, function () {
      const oldDir = join(wasi, pair.old);
      const newDir = join(wasi, pair.now);
      if (!existsSync(oldDir) || !existsSync(newDir)) this.skip();
      const report = compareVersions(side(oldDir), side(newDir));
      assert.equal(report.compatible, pair.compatible, report.changes.filter((c) => c.class === 'breaking').map((c) => c.message).slice(0, 5).join('\n'));
      if (!pair.compatible) assert.ok(report.changes.some((c) => c.class === 'breaking'));
      else assert.ok(report.version.allows, report.version.note);
      const wt = wasmTools();
      if (!wt) return;
      // Both versions side by side as the deps of one root, which semver-check reads.
      const root = join(scratch, `${pair.p}-${pair.compatible ? 'minor' : 'major'}`);
      const seen = new Set<string>();
      for (const dir of [...packageDirs(oldDir), ...packageDirs(newDir)]) {
        const name = header(dir);
        if (seen.has(name)) continue;
        seen.add(name);
        cpSync(dir, join(root, 'deps', name.replace(/[:@]/g, '-')), { recursive: true, filter: (src) => !src.includes(`${dir}/deps`) });
      }
      writeFileSync(join(root, 'root.wit'), 'package t:root;\n');
      const oldName = header(oldDir);
      const newName = header(newDir);
      const disagree: string[] = [];
      for (const w of report.worlds) {
        const world = w.name.split('/')[1];
        const at = (pkg: string) => pkg.replace('@', `/${world}@`);
        const check = (prev: string, next: string) => {
          const r = spawnSync(wt, ['component', 'semver-check', root, '--prev', at(prev), '--new', at(next), '--color', 'never'], { encoding: 'utf8' });
          if (r.status !== 0 && !/not semver-compatible/.test(r.stderr)) throw new Error(r.stderr);
          return r.status === 0;
        };
        const forward = check(oldName, newName);
        const reverse = check(newName, oldName);
        checks++;
        if (forward !== w.compatible || reverse !== w.reverseCompatible) disagree.push(`${w.name}: wasm-tools ${forward}/${reverse}, ours ${w.compatible}/${w.reverseCompatible}`);
      }
      assert.deepEqual(disagree, []);
    });
  }
});
