// The reference parser as a test oracle: wit-parser (through jco) in child processes, so that a
// panic in one input cannot poison the verdicts on the others.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

export interface Verdict {
  ok: boolean;
  message?: string;
  panic?: boolean;
}

const worker = join(repoRoot, 'test', 'support', 'reference-worker.mjs');

export function referenceAvailable(): boolean {
  return existsSync(join(repoRoot, 'node_modules', '@bytecodealliance', 'jco-transpile'));
}

/** A single source, or a folder of files with the root to check (relative to the folder). */
export type ReferenceInput = string | { files: Record<string, string>; root: string; features?: string[] | 'all' };

/** Verdicts for `sources`, in order. A source that panics the reference gets `panic: true`. */
export function referenceVerdicts(sources: ReferenceInput[], features: string[] | 'all' = []): Verdict[] {
  const out: Verdict[] = [];
  let rest = sources;
  while (rest.length) {
    const r = spawnSync(process.execPath, [worker], {
      cwd: repoRoot,
      input: JSON.stringify(rest.map((s) => (typeof s === 'string' ? { source: s, features } : { features, ...s }))),
      encoding: 'utf8',
      maxBuffer: 1 << 26,
      timeout: 300_000,
    });
    if (r.status !== 0) throw new Error(`reference worker failed: ${r.stderr}`);
    const got = JSON.parse(r.stdout) as Verdict[];
    out.push(...got);
    rest = rest.slice(got.length);
  }
  return out;
}
