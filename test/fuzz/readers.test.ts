// Mutation fuzzing of what reads input beside the WIT parser: the component decoder on corrupted
// binaries, the WAVE/JSON argument checker on mangled calls, and .wac files through the parser,
// the checker and the formatter. None may throw anything but its own clear error, none may hang;
// the formatter keeps every comment and is idempotent. Seeded: the same inputs on every run.
// WIT_TOOLS_FUZZ_SCALE=N runs N times as many inputs (N=2: 120,000), memory bounded all along.
import assert from 'node:assert/strict';
import { componentEmbed, componentNew, parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkCall, decodeComponent, isPipelineError, loadWac, type ComponentSignature } from 'wit-tools/server/pipeline/index.js';
import { analyzeWac } from 'wit-tools/server/wac/check.js';
import { formatWac } from 'wit-tools/server/wac/format.js';
import { parseWac } from 'wit-tools/server/wac/parse.js';
import { mutate, rng } from '../support/random.js';

const BOUND_MS = 2000;
const SCALE = Math.max(1, Number(process.env.WIT_TOOLS_FUZZ_SCALE ?? 1) || 1);
/** The most this process may hold at any point of the run (it starts near 150 MB). */
const RSS_BOUND = 1024 * 1024 * 1024;
let peakRss = 0;
let inputs = 0;
let steps = 0;

function timed<T>(what: string, fn: () => T): T {
  const t0 = performance.now();
  const r = fn();
  const ms = performance.now() - t0;
  assert.ok(ms < BOUND_MS, `${what} took ${ms.toFixed(0)} ms`);
  if (++steps % 1000 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
  return r;
}

/** Flips, truncations, insertions and deletions of bytes. */
function corrupt(bytes: Uint8Array, random: () => number): Uint8Array {
  const b = Array.from(bytes);
  const at = () => Math.floor(random() * b.length);
  const r = random();
  if (r < 0.2) return Uint8Array.from(b.slice(0, at()));
  const edits = 1 + Math.floor(random() * 6);
  for (let i = 0; i < edits; i++) {
    const k = random();
    const p = Math.max(8, at()); // keep the header most of the time: the decoder's interesting paths are past it
    if (k < 0.5) b[p] = Math.floor(random() * 256);
    else if (k < 0.7) b.splice(p, 1 + Math.floor(random() * 4));
    else if (k < 0.9) b.splice(p, 0, ...Array.from({ length: 1 + Math.floor(random() * 4) }, () => Math.floor(random() * 256)));
    else b[p] = random() < 0.5 ? 0xff : 0x80; // a LEB128 that never ends, a huge length
  }
  return Uint8Array.from(b);
}

const worldWit = `package fz:readers;
interface shapes {
  record point { x: s32, y: s32, label: option<string> }
  variant shape { circle(f64), square(tuple<f32, f32>), none }
  enum color { red, green, blue }
  flags perms { read, write, exec }
  resource blob { constructor(init: list<u8>); read: func(n: u32) -> result<list<u8>, string>; }
  move: func(p: point, by: list<point>) -> result<point, string>;
  paint: func(s: shape, c: color, p: perms) -> string;
}
world readers {
  import shapes;
  export shapes;
  export greet: func(name: string, times: u8) -> string;
}
`;

describe('fuzz: the other readers', function () {
  this.timeout(600_000);
  let component: Uint8Array;
  let signature: ComponentSignature;

  before(async () => {
    const { _setPreopens } = (await import('@bytecodealliance/preview2-shim/filesystem' as string)) as { _setPreopens(p: Record<string, string>): void };
    _setPreopens({ '/': '/' });
    component = await componentNew(await componentEmbed({ witSource: worldWit, dummy: true, world: 'readers' } as Parameters<typeof componentEmbed>[0]));
    signature = decodeComponent(component);
  });

  it('the component decoder on 15,000 corrupted components: a signature or its own error, never another exception or a hang', async () => {
    const tiny = await parse('(component (import "f" (func (param "a" u32) (result string))) (export "g" (func 0)))');
    const random = rng(0xdec0de);
    let decoded = 0;
    let refused = 0;
    for (let i = 0; i < 15_000 * SCALE; i++) {
      const input = corrupt(i % 2 ? component : tiny, random);
      inputs++;
      timed(`decoding case ${i}`, () => {
        try {
          decodeComponent(input);
          decoded++;
        } catch (e) {
          assert.ok(isPipelineError(e), `case ${i}: ${(e as Error).stack}`);
          assert.ok((e as Error).message.length > 0);
          refused++;
        }
      });
    }
    assert.equal(decoded + refused, 15_000 * SCALE);
    assert.ok(refused > 7500 * SCALE, `most corruptions are refused (${refused})`);
  });

  it('the argument checker on 30,000 mangled calls in WAVE and JSON: checked or refused with its own error', () => {
    const good = [
      'greet("Ada", 3)',
      'move({x: 1, y: -2, label: some("a")}, [{x: 0, y: 0, label: none}])',
      'paint(circle(1.5), green, {read, exec})',
      'paint(square((1.0, 2.0)), red, {})',
    ];
    // Exports in interfaces are called by their name as `shapes/move` too; both forms are mangled.
    const random = rng(0xa465);
    let refused = 0;
    for (let i = 0; i < 30_000 * SCALE; i++) {
      const base = good[i % good.length];
      const call = i % 5 === 0 ? base : mutate(base, random);
      inputs++;
      timed(`call ${JSON.stringify(call)}`, () => {
        try {
          checkCall(signature, call);
        } catch (e) {
          assert.ok(isPipelineError(e) || (e as Error).name === 'WaveSyntaxError' || (e as Error).name === 'ValueError', `${JSON.stringify(call)}: ${(e as Error).stack}`);
          refused++;
        }
      });
      if (i % 7 === 0) {
        // JSON arguments: random values in place of the right ones.
        const values = [null, 1, -1, 1.5, 'x', true, [], {}, [1, 2], { x: 1 }, 2 ** 40, '\u0000'];
        const args = Array.from({ length: Math.floor(random() * 3) }, () => values[Math.floor(random() * values.length)]);
        try {
          checkCall(signature, 'greet', args);
        } catch (e) {
          assert.ok(isPipelineError(e) || /Error$/.test((e as Error).name), `${JSON.stringify(args)}: ${(e as Error).stack}`);
        }
      }
    }
    assert.ok(refused > 9000 * SCALE && refused < 30_000 * SCALE, `${refused} refused`);
  });

  it('.wac files, 15,000 mangled: the parser, checker and loader (imports and declarations through the WIT analyzer) never throw; the formatter keeps every comment and is idempotent', async () => {
    const sources = [
      'package demo:app;\n\n// imports\nimport log: func(line: string);\nimport e: interface {\n  record p { a: u32 }\n  f: func(x: p) -> p;\n};\nimport s: wasi:io/streams@0.2.12;\ninterface shapes { record r { w: u32 } area: func(of: r) -> u64; }\ntype cb = func(code: u32);\nimport done: cb;\nimport geo: shapes;\nexport log;\n',
      'package demo:app;\n\n// the library\nlet lib = new demo:math { ... };\n/* the app */\nlet app = new demo:calc { ops: lib.ops };\nexport app.run; // done\n',
      'package demo:app targets wasi:cli/command;\n\nlet a = new demo:a { b: new demo:b {}, ...c };\nexport a["demo:x/y@1.0.0"] as y;\nexport ...a;\n',
    ];
    const random = rng(0x00ac);
    let formatted = 0;
    for (let i = 0; i < 15_000 * SCALE; i++) {
      const text = mutate(sources[i % sources.length], random);
      inputs++;
      const doc = timed('parse', () => parseWac(text));
      timed('check', () => analyzeWac(doc, () => undefined));
      // Every 10th file through the loader too: imports and declarations read by the WIT analyzer (no deps here).
      if (i % 10 === 0) {
        const t0 = performance.now();
        await loadWac(path.join(os.tmpdir(), 'fuzz.wac'), { text });
        assert.ok(performance.now() - t0 < 2000, `loadWac took ${performance.now() - t0} ms on ${JSON.stringify(text)}`);
      }
      const f = timed('format', () => formatWac(text));
      if ('text' in f && f.text !== undefined) {
        formatted++;
        // Every comment, word for word (the formatter trims trailing blanks of its lines).
        const trim = (c: string) => c.split('\n').map((l) => l.trimEnd()).join('\n').trim();
        for (const c of text.match(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g) ?? []) assert.ok(trim(f.text).includes(trim(c)), `comment ${JSON.stringify(c)} kept in ${JSON.stringify(text)}`);
        const again = formatWac(f.text);
        assert.equal('text' in again ? again.text : undefined, f.text, `idempotent on ${JSON.stringify(text)}`);
      }
    }
    assert.ok(formatted > 600 * SCALE, `${formatted} mangled files still parsed and were formatted`);
  });

  it('held memory bounded all along (peak RSS under 1 GiB), over every input of the run', () => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    assert.ok(inputs >= 60_000 * SCALE, `${inputs} inputs`);
    assert.ok(peakRss < RSS_BOUND, `peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB`);
    console.log(`      ${inputs} inputs, peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB`);
  });
});
