// The differential fuzzer: generated WIT (generate.ts), well-formed or broken by one labelled
// mutation, checked by us and by the reference (wit-parser inside jco); the verdicts and, where
// both reject, the first messages must agree. Every disagreement is written out as a case that
// reproduces (its seed, the input, both answers).
//
//   npm run fuzz -- --count N --seed S [--json] [--out DIR]
//
// With --json the last line is {"generated", "agree", "throws", "hangs", ...}.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { analyzeRoot } from 'wit-tools/server/semantic/analyze.js';
import { MemoryFileSystem } from 'wit-tools/server/workspace/fs.js';
import { loadRoot } from 'wit-tools/server/workspace/loader.js';
import { referenceVerdicts, type Verdict } from '../support/reference.js';
import { wasmTools } from '../pipeline/support.js';
import { rng } from '../support/random.js';
import { depsFiles, generate, mutations, print } from './generate.js';

export interface FuzzCase {
  seed: number;
  index: number;
  /** The rule the mutation breaks, or `none` for a well-formed package. */
  rule: string;
  input: string;
  /** Files beside the input in its package folder (`deps/dep.wit`), when the case is a folder. */
  files?: Record<string, string>;
}

export interface FuzzOutcome {
  generated: number;
  agree: number;
  throws: number;
  hangs: number;
  /** Mutations the reference rejected (the mutation did break something), by rule. */
  rejectedByRule: Record<string, [number, number]>;
  disagreements: { case: FuzzCase; ours: string | null; reference: string | null }[];
}

/** Case `index` of run `seed`: the same input on every machine. */
export function fuzzCase(seed: number, index: number): FuzzCase {
  const random = rng((seed * 1_000_003 + index) >>> 0);
  const model = generate(random);
  // A second stream decides the layout, so that adding it changed no earlier case's package.
  const layoutRandom = rng((seed * 7_919 + index * 31 + 17) >>> 0);
  const deps = model.nested.length > 0 && layoutRandom() < 0.5;
  const made = (rule: string, m = model): FuzzCase => (deps ? { seed, index, rule, input: print(m, 'deps'), files: depsFiles(m) } : { seed, index, rule, input: print(m) });
  const usesDep = model.ifaces.some((i) => i.uses.some((u) => u.from.includes(':dep/')));
  if (deps && usesDep && layoutRandom() < 0.15) return { ...made('none'), rule: 'missing-dependency', files: {} };
  if (random() < 0.3) return made('none');
  for (let tries = 0; tries < 8; tries++) {
    const m = mutations[Math.floor(random() * mutations.length)];
    const changed = m.apply(model, random);
    if (changed) return made(m.rule, changed);
  }
  return made('none');
}

const firstLine = (m: string | undefined) => m?.split('\n')[0].replace(/:$/, '');

/**
 * Which reference answers. `jco`: wit-parser 0.259 inside jco. `both` (the default where the
 * wasm-tools CLI is installed): the verdict is wasm-tools' (wit-parser 0.263, which also refuses
 * duplicate fields, cases and flags), the message jco's where jco refuses too — the words of the
 * wit-parser our conformance suite pins (0.257) — else wasm-tools'.
 */
export type Reference = 'jco' | 'both';

export function defaultReference(): Reference {
  return wasmTools() ? 'both' : 'jco';
}

/** A case as the package folder it stands for: `pkg/input.wit` and what is beside it. */
function caseFiles(c: FuzzCase): Record<string, string> {
  return { 'pkg/input.wit': c.input, ...Object.fromEntries(Object.entries(c.files ?? {}).map(([p, t]) => [`pkg/${p}`, t])) };
}

function referenceFor(cases: FuzzCase[], reference: Reference): Verdict[] {
  const older = referenceVerdicts(cases.map((c) => (c.files ? { files: caseFiles(c), root: 'pkg' } : c.input)));
  if (reference === 'jco') return older;
  const newer = wasmToolsVerdicts(cases);
  return newer.map((n, i) => (n.ok ? n : older[i].ok ? n : { ...n, message: older[i].message }));
}

/** `wasm-tools component wit` on each input: its verdict, and the innermost cause of its error. */
function wasmToolsVerdicts(cases: FuzzCase[]): Verdict[] {
  const wt = wasmTools()!;
  const dir = mkdtempSync(join(tmpdir(), 'wit-fuzz-'));
  try {
    return cases.map((c, i) => {
      let target = join(dir, 'input.wit');
      if (c.files) {
        target = join(dir, `case-${i}`, 'pkg');
        for (const [p, text] of Object.entries(caseFiles(c))) {
          mkdirSync(dirname(join(dir, `case-${i}`, p)), { recursive: true });
          writeFileSync(join(dir, `case-${i}`, p), text);
        }
      } else writeFileSync(target, c.input);
      const r = spawnSync(wt, ['component', 'wit', target, '--color', 'never'], { encoding: 'utf8', timeout: 30_000 });
      if (r.status === 0) return { ok: true };
      const text = r.stderr.replace(/^error: /, '');
      const caused = text.split(/\n\s*\d+: |\nCaused by:\n/).map((x) => x.trim()).filter(Boolean);
      // A folder's error names the folder first (`failed to parse package: DIR: …`): the words are after it.
      const message = (caused[caused.length - 1] ?? text).split('\n')[0].replace(/^failed to parse package: [^:]*: /, '');
      return { ok: false, message, panic: /panicked/.test(r.stderr) };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Our first error (null: accepted), or a thrown exception / hang marker. */
function ours(c: FuzzCase, budgetMs: number): { message: string | null; threw?: string; hung?: boolean } {
  const t0 = performance.now();
  try {
    const root = c.files
      ? loadRoot(new MemoryFileSystem(Object.fromEntries(Object.entries(caseFiles(c)).map(([p, t]) => [`/fz/${p}`, t]))), '/fz/pkg')
      : loadRoot(new MemoryFileSystem({ '/fz/input.wit': c.input }), '/fz/input.wit');
    const analysis = analyzeRoot(root);
    const first = analysis.diagnostics.find((d) => d.severity === 'error');
    return { message: first ? first.message : null, hung: performance.now() - t0 > budgetMs };
  } catch (e) {
    return { message: null, threw: (e as Error).stack ?? String(e) };
  }
}

export function runFuzz(count: number, seed: number, options: { budgetMs?: number; out?: string; offset?: number; reference?: Reference } = {}): FuzzOutcome {
  const cases = Array.from({ length: count }, (_, i) => fuzzCase(seed, (options.offset ?? 0) + i));
  const refs = referenceFor(cases, options.reference ?? defaultReference());
  const outcome: FuzzOutcome = { generated: count, agree: 0, throws: 0, hangs: 0, rejectedByRule: {}, disagreements: [] };
  cases.forEach((c, i) => {
    const mine = ours(c, options.budgetMs ?? 2000);
    const ref = refs[i];
    const stat = (outcome.rejectedByRule[c.rule] ??= [0, 0]);
    stat[1]++;
    if (!ref.ok) stat[0]++;
    if (mine.threw) outcome.throws++;
    if (mine.hung) outcome.hangs++;
    const refMessage = ref.ok ? null : firstLine(ref.message) ?? '';
    const myMessage = mine.threw ? `threw: ${mine.threw.split('\n')[0]}` : mine.message === null ? null : firstLine(mine.message) ?? '';
    if (!mine.threw && !mine.hung && refMessage === myMessage) outcome.agree++;
    else outcome.disagreements.push({ case: c, ours: myMessage, reference: refMessage });
  });
  if (options.out && outcome.disagreements.length) {
    mkdirSync(options.out, { recursive: true });
    for (const d of outcome.disagreements) writeFileSync(join(options.out, `seed${d.case.seed}-case${d.case.index}.json`), JSON.stringify(d, null, 2) + '\n');
  }
  return outcome;
}

// As a command: `node test/out/fuzz/fuzz.js --count N --seed S [--json] [--out DIR]`.
if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string, fallback: string) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? process.argv[i + 1] : fallback; };
  const count = Number(arg('count', '1000'));
  const seed = Number(arg('seed', '1'));
  const out = arg('out', 'fuzz-out');
  const reference = arg('reference', defaultReference()) as Reference;
  const t0 = performance.now();
  // The reference is asked in batches, so that a long run shows progress and a panic loses little.
  const total: FuzzOutcome = { generated: 0, agree: 0, throws: 0, hangs: 0, rejectedByRule: {}, disagreements: [] };
  const batch = 500;
  for (let start = 0; start < count; start += batch) {
    const n = Math.min(batch, count - start);
    const part = runFuzz(n, seed, { out, offset: start, reference });
    total.generated += part.generated;
    total.agree += part.agree;
    total.throws += part.throws;
    total.hangs += part.hangs;
    total.disagreements.push(...part.disagreements);
    for (const [rule, [r, t]] of Object.entries(part.rejectedByRule)) { const s = (total.rejectedByRule[rule] ??= [0, 0]); s[0] += r; s[1] += t; }
    if (!process.argv.includes('--json')) process.stderr.write(`  ${total.generated}/${count}: ${total.agree} agree\n`);
  }
  const seconds = (performance.now() - t0) / 1000;
  for (const d of total.disagreements.slice(0, 20)) console.log(`disagree: seed ${d.case.seed} case ${d.case.index} (${d.case.rule}): ours ${JSON.stringify(d.ours)}, reference ${JSON.stringify(d.reference)}`);
  if (total.disagreements.length) console.log(`${total.disagreements.length} disagreements written to ${out}/`);
  for (const [rule, [r, t]] of Object.entries(total.rejectedByRule).sort()) console.log(`  ${rule.padEnd(28)} ${r}/${t} rejected by the reference`);
  console.log(`${total.generated} generated, ${total.agree} agree, ${total.throws} throws, ${total.hangs} hangs, in ${seconds.toFixed(1)} s (seed ${seed}, reference ${reference})`);
  if (process.argv.includes('--json')) console.log(JSON.stringify({ generated: total.generated, agree: total.agree, throws: total.throws, hangs: total.hangs, seed, reference, disagreements: total.disagreements.length }));
  process.exitCode = total.agree === total.generated ? 0 : 1;
}
