import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { breakingRules, compareVersions, requiredBump, versionVerdict, type BreakingReport } from 'wit-tools/server/semantic/breaking.js';
import { nestedPackages } from 'wit-tools/server/semantic/print.js';
import { parseSemver } from 'wit-tools/server/syntax/semver.js';
import { check } from '../support/analyze.js';
import { fixtures } from '../support/paths.js';
import { rng } from '../support/random.js';
import { wasmTools } from '../pipeline/support.js';

interface Case {
  rule: string;
  breaks: string;
  bump: string;
  world: string;
  reverse: string;
  old: string;
  new: string;
}

/** test/fixtures/breaking/cases.wit-pairs: `## RULE BREAKS BUMP WORLD REVERSE`, old, `---`, new. */
function readCases(): Case[] {
  const text = readFileSync(join(fixtures, 'breaking', 'cases.wit-pairs'), 'utf8');
  return text.split(/^## /m).slice(1).map((chunk) => {
    const [head, ...rest] = chunk.split('\n');
    const [rule, breaks, bump, world, reverse] = head.trim().split(/\s+/);
    const [old, now] = rest.join('\n').split(/^---$/m);
    return { rule, breaks, bump, world, reverse, old: old.trim() + '\n', new: now.trim() + '\n' };
  });
}

function side(text: string) {
  const { analysis } = check({ 'a.wit': text });
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors.map((d) => d.message), [], text);
  return { resolve: analysis.resolve!, packages: [analysis.main!, ...nestedPackages(analysis.resolve!, analysis.main!)] };
}

function compare(old: string, now: string): BreakingReport {
  return compareVersions(side(old), side(now));
}

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

/** One file holding both versions as `t:p@1.0.0` and `t:p@2.0.0`, as semver-check wants them. */
function combined(old: string, now: string): string {
  const body = (t: string) => t.replace(/^package [^;]+;\n/, '');
  return `package t:root;\npackage t:p@1.0.0 {\n${body(old)}}\npackage t:p@2.0.0 {\n${body(now)}}\n`;
}

/** wasm-tools' verdicts on world `w`: forward (old where new is expected) and reverse. */
function reference(wt: string, dir: string, old: string, now: string): { forward: boolean; reverse: boolean } {
  const file = join(dir, 'pair.wit');
  writeFileSync(file, combined(old, now));
  const run = (prev: string, next: string) => {
    const r = spawnSync(wt, ['component', 'semver-check', file, '--prev', `t:p/w@${prev}`, '--new', `t:p/w@${next}`, '--color', 'never'], { encoding: 'utf8' });
    if (r.status !== 0 && !/not semver-compatible/.test(r.stderr)) throw new Error(`wasm-tools failed on\n${combined(old, now)}\n${r.stderr}`);
    return r.status === 0;
  };
  return { forward: run('1.0.0', '2.0.0'), reverse: run('2.0.0', '1.0.0') };
}

describe('breaking: changes between two versions of a package', () => {
  const cases = readCases();

  it('has a crafted case for every rule id', () => {
    const covered = new Set(cases.map((c) => c.rule));
    assert.deepEqual(breakingRules.map((r) => r.id).filter((id) => !covered.has(id)), []);
    assert.deepEqual(cases.map((c) => c.rule).filter((id) => !breakingRules.some((r) => r.id === id)), []);
    const docs = readFileSync(join(fixtures, '..', '..', 'docs', 'breaking.md'), 'utf8');
    assert.deepEqual(breakingRules.map((r) => r.id).filter((id) => !docs.includes(`<a id="${id}"></a>`)), [], 'every rule has its anchor in docs/breaking.md');
  });

  for (const c of cases) {
    it(`${c.rule}: breaks ${c.breaks}, needs a ${c.bump} bump, world ${c.world}/${c.reverse}`, () => {
      const report = compare(c.old, c.new);
      const mine = report.changes.filter((x) => x.rule === c.rule);
      assert.ok(mine.length > 0, `no ${c.rule} in ${JSON.stringify(report.changes.map((x) => x.rule))}`);
      assert.equal(mine[0].breaks, c.breaks, mine[0].message);
      assert.ok(mine[0].loc, 'the change has a place');
      assert.equal(requiredBump(report.changes.some((x) => x.class === 'breaking') || report.worlds.some((w) => !w.compatible) ? 'breaking' : 'addition', parseSemver('1.0.0')), c.bump);
      assert.equal(report.version.required, c.bump);
      const w = report.worlds.find((x) => x.name === 't:p/w');
      if (c.world === '-') {
        assert.equal(w, undefined);
      } else {
        assert.ok(w, 'world t:p/w compared');
        assert.equal(yesNo(w.compatible), c.world, w.why.join('\n'));
        assert.equal(yesNo(w.reverseCompatible), c.reverse, w.whyReverse.join('\n'));
      }
    });
  }

  it('finds nothing between a package and itself', () => {
    const text = cases.find((c) => c.rule === 'use-target-changed')!.old;
    const report = compare(text, text);
    assert.deepEqual(report.changes, []);
    assert.equal(report.compatible, true);
    assert.equal(report.version.required, 'none');
  });

  it('reports a changed named type once, at the type, not at every function using it', () => {
    const c = cases.find((x) => x.rule === 'record-field-added')!;
    assert.deepEqual(compare(c.old, c.new).changes.map((x) => x.rule), ['record-field-added']);
  });

  it('sees through aliases: `type x = u32` against `u32` in a parameter is no change', () => {
    const report = compare(
      'package t:p@1.0.0;\ninterface i { type x = u32; f: func(a: x); }\nworld w { import i; }\n',
      'package t:p@1.0.0;\ninterface i { type x = u32; f: func(a: u32); }\nworld w { import i; }\n',
    );
    assert.deepEqual(report.changes, []);
    assert.equal(report.worlds[0].compatible, true);
  });

  it('says what a change of an interface no world uses does to its importers and exporters', () => {
    const added = compare('package t:p@1.0.0;\ninterface i { f: func(); }\n', 'package t:p@1.0.0;\ninterface i { f: func(); g: func(); }\n');
    assert.deepEqual(added.changes.map((c) => [c.rule, c.breaks, c.class]), [['func-added', 'exporters', 'addition']]);
    const removed = compare('package t:p@1.0.0;\ninterface i { f: func(); g: func(); }\n', 'package t:p@1.0.0;\ninterface i { f: func(); }\n');
    assert.deepEqual(removed.changes.map((c) => [c.rule, c.breaks, c.class]), [['func-removed', 'importers', 'breaking']]);
  });
});

describe('breaking: the version a change needs', () => {
  const v = (s: string) => parseSemver(s);
  it('1.x: breaking → major, addition → minor', () => {
    assert.equal(requiredBump('breaking', v('1.2.3')), 'major');
    assert.equal(requiredBump('addition', v('1.2.3')), 'minor');
    assert.equal(requiredBump('none', v('1.2.3')), 'none');
  });
  it('0.x as WASI and Cargo read it: breaking → the minor number, addition → the patch number; 0.0.z stands alone', () => {
    assert.equal(requiredBump('breaking', v('0.2.0')), 'minor');
    assert.equal(requiredBump('addition', v('0.2.0')), 'patch');
    assert.equal(requiredBump('breaking', v('0.0.3')), 'patch');
  });
  it('allows a version that is enough, refuses one that is not, and says the least one', () => {
    assert.deepEqual([versionVerdict(v('0.2.0'), v('0.2.1'), 'addition').allows, versionVerdict(v('0.2.0'), v('0.2.1'), 'breaking').allows], [true, false]);
    assert.equal(versionVerdict(v('0.2.0'), v('0.2.1'), 'breaking').minimum, '0.3.0');
    assert.equal(versionVerdict(v('1.4.2'), v('2.0.0'), 'breaking').allows, true);
    assert.equal(versionVerdict(v('1.4.2'), v('1.4.2'), 'addition').allows, false);
    assert.equal(versionVerdict(v('1.4.2'), v('1.3.0'), 'none').allows, false, 'a lower version is refused');
    assert.equal(versionVerdict(undefined, undefined, 'breaking').allows, false);
    assert.equal(versionVerdict(undefined, undefined, 'addition').allows, true);
  });
});

// --- the differential check: our world verdicts against `wasm-tools component semver-check`

type Ty = string;
interface Model {
  records: { name: string; fields: [string, Ty][] }[];
  enums: { name: string; cases: string[] }[];
  funcs: { name: string; params: [string, Ty][]; result?: Ty; async?: boolean }[];
  other: { name: string; funcs: string[] };
  world: { importI: boolean; exportI: boolean; importOther: boolean; exportOther: boolean };
}

const prims = ['u8', 'u32', 's64', 'f64', 'string', 'bool', 'char'];

function generate(random: () => number): Model {
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  const n = (k: number) => 1 + Math.floor(random() * k);
  const records = Array.from({ length: Math.floor(random() * 3) }, (_, i) => ({ name: `rec${i}`, fields: Array.from({ length: n(3) }, (_, j) => [`f${j}`, pick(prims)] as [string, Ty]) }));
  const enums = Array.from({ length: Math.floor(random() * 2) }, (_, i) => ({ name: `en${i}`, cases: Array.from({ length: n(3) }, (_, j) => `c${j}`) }));
  const named = [...records.map((r) => r.name), ...enums.map((e) => e.name)];
  const ty = () => (named.length && random() < 0.4 ? pick(named) : random() < 0.2 ? `list<${pick(prims)}>` : random() < 0.1 ? `option<${pick(prims)}>` : pick(prims));
  const funcs = Array.from({ length: n(3) }, (_, i) => ({ name: `fn${i}`, params: Array.from({ length: Math.floor(random() * 3) }, (_, j) => [`p${j}`, ty()] as [string, Ty]), result: random() < 0.6 ? ty() : undefined }));
  const both = random() < 0.5;
  return {
    records, enums, funcs,
    other: { name: 'j', funcs: ['g0'] },
    world: { importI: both || random() < 0.5, exportI: false, importOther: random() < 0.5, exportOther: random() < 0.5 },
  };
}

function print(m: Model): string {
  let s = 'package t:p@1.0.0;\ninterface i {\n';
  for (const r of m.records) s += `  record ${r.name} { ${r.fields.map(([a, t]) => `${a}: ${t}`).join(', ')} }\n`;
  for (const e of m.enums) s += `  enum ${e.name} { ${e.cases.join(', ')} }\n`;
  for (const f of m.funcs) s += `  ${f.name}: ${f.async ? 'async ' : ''}func(${f.params.map(([a, t]) => `${a}: ${t}`).join(', ')})${f.result ? ` -> ${f.result}` : ''};\n`;
  s += '}\n';
  s += `interface ${m.other.name} {\n${m.other.funcs.map((g) => `  ${g}: func();\n`).join('')}}\n`;
  const items: string[] = [];
  if (m.world.importI) items.push('import i;');
  else items.push('export i;');
  if (m.world.importOther) items.push('import j;');
  else if (m.world.exportOther) items.push('export j;');
  s += `world w { ${items.join(' ')} }\n`;
  return s;
}

/** One change of one kind, picked at random. */
function mutateModel(m: Model, random: () => number): Model {
  const c: Model = JSON.parse(JSON.stringify(m));
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  const ops: (() => boolean)[] = [
    () => { c.funcs.push({ name: 'added', params: [], result: 'u32' }); return true; },
    () => c.funcs.length > 1 && !!c.funcs.splice(Math.floor(random() * c.funcs.length), 1),
    () => { const f = pick(c.funcs); f.params.push(['extra', 'u8']); return true; },
    () => { const f = pick(c.funcs); if (!f.params.length) return false; f.params[0][0] = 'renamed'; return true; },
    () => { const f = pick(c.funcs); if (!f.params.length) return false; f.params[0][1] = f.params[0][1] === 'u64' ? 'u32' : 'u64'; return true; },
    () => { const f = pick(c.funcs); f.result = f.result ? undefined : 'string'; return true; },
    () => { const f = pick(c.funcs); f.async = !f.async; return true; },
    () => { if (!c.records.length) return false; pick(c.records).fields.push(['newfield', 'u8']); return true; },
    () => { const r = c.records.find((x) => x.fields.length > 1); if (!r) return false; r.fields.reverse(); return true; },
    () => { if (!c.records.length) return false; const r = pick(c.records); r.fields[0][1] = r.fields[0][1] === 'string' ? 'u8' : 'string'; return true; },
    () => { if (!c.enums.length) return false; pick(c.enums).cases.push('added-case'); return true; },
    () => { const e = c.enums.find((x) => x.cases.length > 1); if (!e) return false; e.cases.pop(); return true; },
    () => { c.records.push({ name: 'fresh', fields: [['a', 'u8']] }); return true; },
    () => { const used = JSON.stringify(c.funcs); const r = c.records.find((x) => !used.includes(x.name)); if (!r) return false; c.records.splice(c.records.indexOf(r), 1); return true; },
    () => { c.world.importI = !c.world.importI; return true; },
    () => { c.world.importOther = !c.world.importOther; return true; },
    () => { c.world.exportOther = !c.world.exportOther; return true; },
    () => { c.other.funcs.push('g1'); return true; },
  ];
  for (let i = 0; i < 20; i++) if (pick(ops)()) return c;
  return c;
}

describe('breaking: the world verdict is wasm-tools semver-check\'s', function () {
  this.timeout(600_000);
  let dir: string;
  let wt: string | undefined;
  before(function () {
    wt = wasmTools();
    if (!wt) this.skip();
    dir = mkdtempSync(join(tmpdir(), 'wit-breaking-'));
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('agrees on every crafted pair with a world', () => {
    const disagree: string[] = [];
    for (const c of readCases().filter((x) => x.world !== '-')) {
      const ref = reference(wt!, dir, c.old, c.new);
      const w = compare(c.old, c.new).worlds.find((x) => x.name === 't:p/w')!;
      if (ref.forward !== w.compatible || ref.reverse !== w.reverseCompatible) disagree.push(`${c.rule}: wasm-tools ${ref.forward}/${ref.reverse}, ours ${w.compatible}/${w.reverseCompatible}`);
    }
    assert.deepEqual(disagree, []);
  });

  const pairs = Number(process.env.WIT_TOOLS_BREAKING_PAIRS ?? 150);
  it(`agrees on ${pairs} generated pairs (seeded mutations that change one thing)`, () => {
    const random = rng(20261202);
    const disagree: string[] = [];
    let incompatible = 0;
    for (let i = 0; i < pairs; i++) {
      const base = generate(random);
      const old = print(base);
      const now = print(mutateModel(base, random));
      const ref = reference(wt!, dir, old, now);
      const w = compare(old, now).worlds.find((x) => x.name === 't:p/w')!;
      if (!ref.forward) incompatible++;
      if (ref.forward !== w.compatible || ref.reverse !== w.reverseCompatible) disagree.push(`#${i}: wasm-tools ${ref.forward}/${ref.reverse}, ours ${w.compatible}/${w.reverseCompatible}\n--- old\n${old}--- new\n${now}`);
    }
    assert.deepEqual(disagree, []);
    assert.ok(incompatible > 20 && incompatible < pairs - 10, `the mutations reach both verdicts (${incompatible} incompatible)`);
  });
});
