// `npm run bench -- link`: a warm call through a run-time link (a C app calling a C library, and
// the chain C app → TypeScript library → C component) against a warm call of one component (the
// same C app composed with its library by `plug`, and the library alone). Both in the same warm
// sandbox; each call gets fresh instances. The goal: a linked call ≤ 2× a single one.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildProject, callComponent, disposeSandboxes, plugComponents } from 'wit-tools/server/pipeline/index.js';
import { fixtures } from '../support/paths.js';

async function median(fn: () => Promise<unknown>, runs = 25): Promise<number> {
  for (let i = 0; i < 3; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export async function benchLink(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wit-tools-link-bench-'));
  const build = async (name: string) => (await buildProject({ dir: path.join(fixtures, 'link', name), out: path.join(dir, `${name}.wasm`) })).component;
  try {
    const app = await build('calc-c');
    const lib = await build('math-c');
    const num = await build('num-c');
    const bridge = await build('math-ts');
    const plugged = path.join(dir, 'plugged.wasm');
    await plugComponents({ app, with: [lib], out: plugged });
    const call = (component: string, withFiles?: string[], c = 'compute(5, 6)') => () => callComponent({ component, call: c, with: withFiles, keepWarm: true });
    const single = await median(call(plugged));
    const linked = await median(call(app, [lib]));
    console.log(`link   C app → C library, warm: linked ${linked.toFixed(1)} ms, composed (one component) ${single.toFixed(1)} ms → ratio ${(linked / single).toFixed(2)} (goal ≤ 2)`);
    const alone = await median(call(bridge, [num], 'add(5, 6)'), 15);
    const chain = await median(call(app, [bridge, num]), 15);
    console.log(`link   chain C → TypeScript → C, warm: ${chain.toFixed(1)} ms; the TypeScript library with its one link ${alone.toFixed(1)} ms → ratio ${(chain / alone).toFixed(2)}`);
  } finally {
    disposeSandboxes();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
