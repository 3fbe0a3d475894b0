// A build worker started ahead of its job. `wit-tools build` starts one before it loads the WIT
// parser and reads the project, so that the worker's start-up and its loading of jco overlap that
// work (and, for C and Go, the compiler's) (some 150 ms of a build's fixed cost); the build then hands it its first job. A spare
// that is never used does not keep the parent alive, and leaves when the parent does.
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';

export const buildWorkerScript = fileURLToPath(new URL('./build-worker.js', import.meta.url));

let spare: { child: ChildProcess; projectDir: string; kind: SpareKind } | undefined;

function setRef(child: ChildProcess, on: boolean): void {
  const handles = [child, child.channel, child.stdout as Socket | null, child.stderr as Socket | null];
  for (const h of handles) {
    if (h && typeof (h as { ref?: unknown }).ref === 'function') (on ? (h as { ref(): void }).ref() : (h as { unref(): void }).unref());
  }
}

/** What a spare warms up for: componentize-js (JavaScript, TypeScript) or jco's wrapping of a core module (C, Go). */
export type SpareKind = 'componentize' | 'wrap-core';

/**
 * Which spare a project wants, from its files alone (nothing is parsed): none for Rust and Python,
 * whose tool chains make the component themselves.
 */
export function spareKindFor(projectDir: string): SpareKind | undefined {
  const has = (f: string) => fs.existsSync(path.join(projectDir, f));
  if (has('package.json')) return 'componentize';
  if (has('Cargo.toml')) return undefined;
  if (has('go.mod')) return 'wrap-core';
  if (has('pyproject.toml') || has('app.py')) return undefined;
  const c = (d: string) => { try { return fs.readdirSync(d).some((f) => f.endsWith('.c')); } catch { return false; } };
  return c(projectDir) || c(path.join(projectDir, 'src')) ? 'wrap-core' : undefined;
}

/**
 * Starts a worker that warms up for a project in `projectDir` and waits for a job. One waits at a
 * time: a spare for another project or kind (a daemon serving several) is replaced.
 */
export function startSpareBuildWorker(projectDir: string, kind: SpareKind = 'componentize', warmUp?: string): void {
  if (spare && alive(spare.child) && spare.projectDir === projectDir && spare.kind === kind) return;
  if (spare) spare.child.kill();
  let child: ChildProcess;
  try {
    // `warmUp`: a job (JSON file, build-jobs.ts' warmUpJob) the worker runs while it waits.
    child = fork(buildWorkerScript, ['--wait', projectDir, kind, ...(warmUp ? [warmUp] : [])], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], execArgv: ['--no-warnings'] });
  } catch {
    return; // the build forks its own
  }
  child.on('error', () => undefined);
  child.on('exit', () => {
    if (spare?.child === child) spare = undefined;
  });
  setRef(child, false);
  spare = { child, projectDir, kind };
}

function alive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null && child.connected;
}

/**
 * The waiting worker, if one is alive and warmed up for this project and kind of job; it is the
 * caller's from now on. One warmed for something else is left waiting.
 */
export function takeSpareBuildWorker(projectDir: string, kind: SpareKind): ChildProcess | undefined {
  if (!spare || spare.projectDir !== projectDir || spare.kind !== kind) return undefined;
  const { child } = spare;
  spare = undefined;
  if (!alive(child)) return undefined;
  setRef(child, true);
  return child;
}
