// The build's child processes: a build worker (build-worker.ts) runs one jco job — componentize,
// wrap a core module, type-check, generate TypeScript types — so that jco's memory, its working
// directory and a wasm panic stay out of the caller's process.
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BuildJob, BuildJobResult } from './build-worker.js';
import { buildWorkerScript, takeSpareBuildWorker } from './build-spare.js';
import { PipelineError } from './errors.js';

export interface JobOptions {
  signal?: AbortSignal;
  onOutput?: (text: string, stream: 'stdout' | 'stderr') => void;
  /** A wrapped core module is kept as the next build worker's warm-up (`warmUpJob`). */
  keepWarm?: boolean;
}

let warmFolder: string | undefined;
/** The job kept last, as a file the worker reads, and the project it was for. */
let kept: { projectDir: string; file: string } | undefined;

/**
 * The last wrap-core job of this process with a copy of its core module, kept for a long-lived
 * process (the daemon): the project's next build worker runs it while it waits, so that V8 has
 * compiled jco's wasm-tools with its optimizing tier for the module's size before the real job
 * comes (a Go module's wrap 180 → 70 ms). Undefined when nothing was kept for this project.
 */
export function warmUpJob(projectDir: string): string | undefined {
  return kept?.projectDir === projectDir ? kept.file : undefined;
}

function keepForWarmUp(job: Extract<BuildJob, { kind: 'wrap-core' }>): void {
  try {
    if (!warmFolder) {
      warmFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'wit-tools-warm-'));
      const folder = warmFolder;
      process.once('exit', () => fs.rmSync(folder, { recursive: true, force: true }));
    }
    kept = undefined;
    const core = path.join(warmFolder, 'core.wasm');
    fs.copyFileSync(job.core, core);
    const replay: BuildJob = { ...job, core, out: path.join(warmFolder, 'out.wasm') };
    const file = path.join(warmFolder, 'job.json');
    fs.writeFileSync(file, JSON.stringify(replay));
    kept = { projectDir: job.projectDir, file };
  } catch {
    // no warm-up then
  }
}

export function runJob(job: BuildJob, options: JobOptions): Promise<BuildJobResult & { stderr: string }> {
  return new Promise((resolve, reject) => {
    // A worker started ahead (wit-tools build) takes the first job that is not the type check.
    const spareKind = job.kind === 'wrap-core' ? 'wrap-core' : job.kind === 'typecheck' ? undefined : 'componentize';
    const waiting = spareKind && takeSpareBuildWorker(job.projectDir, spareKind);
    const child = waiting ?? fork(buildWorkerScript, [JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], execArgv: ['--no-warnings'] });
    if (waiting) waiting.send(job);
    let result: BuildJobResult | undefined;
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => options.onOutput?.(d, 'stdout'));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      options.onOutput?.(d, 'stderr');
    });
    // A successful job is done when it says so: the worker's exit (tearing down jco's wasm) can
    // take a tenth of a second more, which nobody needs to wait for. A failure waits for the
    // exit, so that its stderr is complete.
    child.on('message', (m: BuildJobResult) => {
      result = m;
      if (m.ok && options.keepWarm && job.kind === 'wrap-core') keepForWarmUp(job);
      if (m.ok) {
        options.signal?.removeEventListener('abort', abort);
        resolve({ ...m, stderr });
        // Nor does the caller's process wait for it to leave.
        for (const h of [child, child.channel, child.stdout, child.stderr] as ({ unref?: () => void } | null | undefined)[]) h?.unref?.();
      }
    });
    const abort = () => child.kill('SIGKILL');
    options.signal?.addEventListener('abort', abort, { once: true });
    child.on('error', (e) => reject(new PipelineError('build-failed', `could not start the build worker: ${e.message}`)));
    child.on('close', (code, signal) => {
      options.signal?.removeEventListener('abort', abort);
      if (options.signal?.aborted) return reject(new PipelineError('cancelled', 'cancelled'));
      if (result) return resolve({ ...result, stderr });
      const last = stderr.trim().split('\n').pop() ?? '';
      resolve({ ok: false, message: `the build worker ${signal ? `was killed (${signal})` : `exited with code ${code}`}${last ? `: ${last}` : ''}`, stderr });
    });
  });
}

/** The first line that says what went wrong, for the one-line error. */
export function firstError(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  // A Rust panic inside jco's tools: the line after `panicked at` says what happened.
  const panic = lines.findIndex((l) => /panicked at/.test(l));
  if (panic >= 0 && lines[panic + 1]) return lines[panic + 1];
  return lines.find((l) => /error/i.test(l)) ?? lines[0] ?? 'no output';
}

