// The parent side of the sandbox: starts sandbox-host.js in a child process with V8's limits set
// (`--wasm-max-mem-pages` caps each linear memory, `--max-old-space-size` the JavaScript heap),
// kills it when the time limit passes or (on Linux) when its resident memory passes the limit
// plus the engine's own overhead, and turns what happened into an outcome or a `PipelineError`.
// A host that finished a call normally can be kept warm for the next call (`keepWarm`): each call
// still gets a fresh instance of the component, so nothing carries over but compiled code.
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { fileURLToPath } from 'node:url';
import { PipelineError } from './errors.js';
import { normalizeLimits, type Grants, type Limits } from './grants.js';
import { formatSeconds } from './units.js';
import type { HostReply, HostRequest, HostRequestBody, LinkedSet, Outcome, SandboxGrants } from './sandbox-host.js';

export type { LinkedSet, Outcome } from './sandbox-host.js';

const hostScript = fileURLToPath(new URL('./sandbox-host.js', import.meta.url));

/** On top of the limit: what Node, V8's compiled code and the shim take (a process-level backstop). */
const PROCESS_OVERHEAD_MB = 512;
const IDLE_MS = 30_000;
const MIN_HEAP_MB = 256;

export interface StreamSink {
  onStdout?: (chunk: Uint8Array) => void;
  onStderr?: (chunk: Uint8Array) => void;
}

export interface SandboxOptions extends StreamSink {
  grants?: Grants;
  limits?: Limits;
  signal?: AbortSignal;
  /** The name the guest sees as its first argument. */
  programName?: string;
}

export interface CallRequest extends SandboxOptions {
  jsDir: string;
  jsPath: string[];
  args: unknown[];
  returnsResult: boolean;
  /** Components linked to this one (`--with`), instantiated with it under the same grants. */
  links?: LinkedSet;
  /** Keep the host process for the next call (it exits by itself after 30 s idle). */
  keepWarm?: boolean;
}

export interface RunRequest extends SandboxOptions {
  jsDir: string;
  /** Components linked to this one (`--with`), instantiated with it under the same grants. */
  links?: LinkedSet;
  /** Arguments after the program name. */
  args?: string[];
  /** What the guest reads on stdin: nothing (default), this process's stdin, or these bytes. */
  stdin?: 'none' | 'inherit' | string | Uint8Array;
}

function sandboxGrants(grants: Grants | undefined, args: string[]): SandboxGrants {
  const dirs = grants?.dirs ?? [];
  const guests = new Set<string>();
  for (const d of dirs) {
    if (guests.has(d.guest)) throw new PipelineError('bad-grant', `two directories are granted as \`${d.guest}\``);
    guests.add(d.guest);
  }
  return { dirs, env: Object.entries(grants?.env ?? {}), args, allowNetwork: !!grants?.allowNetwork };
}

function childEnv(): NodeJS.ProcessEnv {
  // Nothing of the host's environment: the guest's comes from the grants, and the host process
  // itself needs none (NODE_OPTIONS in particular must not reach it).
  const env: NodeJS.ProcessEnv = {};
  if (process.platform === 'win32' && process.env.SystemRoot) env.SystemRoot = process.env.SystemRoot;
  // Inside VS Code, process.execPath is Electron, which runs as Node only with this set.
  if (process.env.ELECTRON_RUN_AS_NODE) env.ELECTRON_RUN_AS_NODE = process.env.ELECTRON_RUN_AS_NODE;
  return env;
}

function residentMB(pid: number): number | undefined {
  try {
    const statm = fs.readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ');
    return (Number(statm[1]) * 4096) / 1048576;
  } catch {
    return undefined;
  }
}

type Finish = { outcome: Outcome } | { exit: { code: number | null; signal: NodeJS.Signals | null } };

/**
 * WebAssembly features that guests' tool chains emit and Node 20's V8 (11.3) still keeps behind a
 * flag: extended constant expressions (componentize-py's CPython, wasi-libc built with newer
 * clang). V8 11.4 (Node 21+) has them on by default.
 */
const wasmFeatureFlags = Number(process.versions.v8.split('.')[0]) * 100 + Number(process.versions.v8.split('.')[1]) < 1104 ? ['--experimental-wasm-extended-const'] : [];

class HostProcess {
  readonly child: ChildProcess;
  private readonly ready: Promise<void>;
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | undefined;
  private sink: StreamSink = {};
  private stderrTail = '';
  exited = false;

  constructor(readonly maxMemoryMB: number, stdin: 'ignore' | 'inherit' | 'pipe') {
    this.child = fork(hostScript, [], {
      execArgv: ['--no-warnings', ...wasmFeatureFlags, `--max-old-space-size=${Math.max(maxMemoryMB, MIN_HEAP_MB)}`, `--wasm-max-mem-pages=${maxMemoryMB * 16}`],
      stdio: [stdin, 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
      env: childEnv(),
      cwd: os.tmpdir(),
    });
    this.child.stdout!.on('data', (d: Buffer) => this.sink.onStdout?.(d));
    this.child.stderr!.on('data', (d: Buffer) => {
      this.stderrTail = (this.stderrTail + d.toString('utf8')).slice(-4096);
      this.sink.onStderr?.(d);
    });
    this.child.on('exit', () => (this.exited = true));
    this.ready = new Promise((resolve, reject) => {
      const onMessage = (m: HostReply) => {
        if (m.type === 'ready') {
          this.child.off('message', onMessage);
          resolve();
        }
      };
      this.child.on('message', onMessage);
      this.child.once('exit', (code) => reject(new PipelineError('sandbox-failed', `the sandbox exited while starting (code ${code}): ${this.lastError()}`)));
      this.child.once('error', (e) => reject(new PipelineError('sandbox-failed', `could not start the sandbox: ${e.message}`)));
    });
    this.ready.catch(() => undefined);
  }

  lastError(): string {
    return this.stderrTail.split('\n').map((l) => l.trim()).filter(Boolean).pop() ?? 'no output';
  }

  setIdle(on: boolean, onExpire?: () => void): void {
    clearTimeout(this.idleTimer);
    const streams = [this.child.stdout, this.child.stderr] as unknown as { ref(): void; unref(): void }[];
    const channel = (this.child as unknown as { channel?: { ref(): void; unref(): void } }).channel;
    if (on) {
      this.idleTimer = setTimeout(() => onExpire?.(), IDLE_MS);
      this.idleTimer.unref();
      this.child.unref();
      channel?.unref();
      for (const s of streams) s?.unref?.();
    } else {
      this.child.ref();
      channel?.ref();
      for (const s of streams) s?.ref?.();
    }
  }

  kill(): void {
    clearTimeout(this.idleTimer);
    if (!this.exited) this.child.kill('SIGKILL');
  }

  /** Sends one request and waits for its outcome (or the process's end), enforcing the limits. */
  async request(message: HostRequestBody, limits: Required<Limits>, options: SandboxOptions): Promise<Finish> {
    await this.ready;
    const id = this.nextId++;
    this.sink = options;
    this.stderrTail = '';
    let killedFor: 'timeout' | 'memory-limit' | 'cancelled' | undefined;
    const kill = (why: typeof killedFor) => {
      if (!killedFor) killedFor = why;
      this.kill();
    };
    return new Promise<Finish>((resolve, reject) => {
      const timer = setTimeout(() => kill('timeout'), limits.timeoutMs);
      const rss = process.platform === 'linux'
        ? setInterval(() => {
          const mb = residentMB(this.child.pid!);
          if (mb !== undefined && mb > limits.maxMemoryMB + PROCESS_OVERHEAD_MB) kill('memory-limit');
        }, 50)
        : undefined;
      const onAbort = () => kill('cancelled');
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const cleanup = () => {
        clearTimeout(timer);
        clearInterval(rss);
        options.signal?.removeEventListener('abort', onAbort);
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
      };
      const onMessage = (m: HostReply) => {
        if (m.type !== 'done' || m.id !== id) return;
        cleanup();
        // The guest's output travels on other pipes than this message: let it arrive first.
        settle().then(() => resolve({ outcome: m.outcome }));
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        cleanup();
        // Let the last output arrive before reporting.
        setImmediate(() => {
          if (killedFor === 'timeout') reject(new PipelineError('timeout', `time limit of ${formatSeconds(limits.timeoutMs)} hit: the component was stopped`));
          else if (killedFor === 'memory-limit') reject(new PipelineError('memory-limit', `memory limit of ${limits.maxMemoryMB} MB hit: the component was stopped`));
          else if (killedFor === 'cancelled') reject(new PipelineError('cancelled', 'cancelled'));
          else if (/heap limit|heap out of memory|Allocation failed/i.test(this.stderrTail)) reject(new PipelineError('memory-limit', `memory limit of ${limits.maxMemoryMB} MB hit: the host ran out of JavaScript heap`));
          else resolve({ exit: { code, signal } });
        });
      };
      this.child.on('message', onMessage);
      this.child.on('exit', onExit);
      if (options.signal?.aborted) kill('cancelled');
      else this.child.send({ ...message, id } as HostRequest);
    });
  }
}

/** A few turns of the event loop, for pipe data that is already on its way. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(() => setTimeout(resolve, 1))));
}


const idle = new Map<number, HostProcess[]>();

function takeIdle(maxMemoryMB: number): HostProcess | undefined {
  const list = idle.get(maxMemoryMB);
  while (list && list.length) {
    const h = list.pop()!;
    if (!h.exited) {
      h.setIdle(false);
      return h;
    }
  }
  return undefined;
}

function putIdle(h: HostProcess): void {
  const list = idle.get(h.maxMemoryMB) ?? [];
  idle.set(h.maxMemoryMB, list);
  list.push(h);
  h.setIdle(true, () => {
    h.kill();
    const i = list.indexOf(h);
    if (i >= 0) list.splice(i, 1);
  });
}

/** Ends every warm sandbox process. */
export function disposeSandboxes(): void {
  for (const list of idle.values()) for (const h of list.splice(0)) h.kill();
}

/** Starts a sandbox host ahead of a call, so that the call itself does not wait for Node to start. */
export function prewarmSandbox(limits: Limits = {}): void {
  const { maxMemoryMB } = normalizeLimits(limits);
  if ((idle.get(maxMemoryMB) ?? []).some((h) => !h.exited)) return;
  putIdle(new HostProcess(maxMemoryMB, 'ignore'));
}

function classify(outcome: Outcome, limits: Required<Limits>): Outcome {
  if (outcome.kind === 'trap' && outcome.memoryBytes >= limits.maxMemoryMB * 1048576 * 0.95) {
    throw new PipelineError('memory-limit', `memory limit of ${limits.maxMemoryMB} MB hit: the component's memory reached ${Math.round(outcome.memoryBytes / 1048576)} MB and it trapped (${outcome.message})`);
  }
  return outcome;
}

// At most this many sandboxes run at once (each is a process that may take its memory limit);
// further calls and runs wait for a slot. A burst of calls — a loop in a script, a guest-driven
// flood through the server — cannot start hundreds of processes.
const maxSandboxes = Math.max(2, Number(process.env.WIT_TOOLS_MAX_SANDBOXES) || os.availableParallelism() * 2);
let running = 0;
const waiting: (() => void)[] = [];

/** How many sandboxes run now, and how many calls wait for one (for tests and the output channel). */
export function sandboxLoad(): { running: number; waiting: number; max: number } {
  return { running, waiting: waiting.length, max: maxSandboxes };
}

async function slot<T>(signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
  if (running >= maxSandboxes) {
    await new Promise<void>((resolve, reject) => {
      const go = () => { signal?.removeEventListener('abort', abort); resolve(); };
      const abort = () => { const i = waiting.indexOf(go); if (i >= 0) waiting.splice(i, 1); reject(new PipelineError('cancelled', 'cancelled')); };
      if (signal?.aborted) return abort();
      signal?.addEventListener('abort', abort, { once: true });
      waiting.push(go);
    });
  }
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** Calls one exported function in the sandbox. Traps and error results come back as outcomes. */
export function sandboxCall(req: CallRequest): Promise<Outcome> {
  return slot(req.signal, () => callInSandbox(req));
}

async function callInSandbox(req: CallRequest): Promise<Outcome> {
  const limits = normalizeLimits(req.limits ?? {});
  const grants = sandboxGrants(req.grants, [req.programName ?? 'component']);
  // A warm host (kept from a call, or started ahead by prewarmSandbox) if there is one; it is
  // put back afterwards only when asked to keep it warm.
  const host = takeIdle(limits.maxMemoryMB) ?? new HostProcess(limits.maxMemoryMB, 'ignore');
  let finish: Finish;
  try {
    finish = await host.request({ type: 'call', jsDir: req.jsDir, jsPath: req.jsPath, args: req.args, returnsResult: req.returnsResult, grants, prepareNext: !!req.keepWarm, links: req.links }, limits, req);
  } catch (e) {
    host.kill();
    throw e;
  }
  if ('exit' in finish) {
    const { code, signal } = finish.exit;
    throw new PipelineError('trap', signal ? `the sandbox died (${signal}): ${host.lastError()}` : `the component exited (code ${code}) during the call`);
  }
  if (req.keepWarm && finish.outcome.kind !== 'trap' && finish.outcome.kind !== 'failed') putIdle(host);
  else {
    host.kill();
    await pipesClosed(host);
  }
  return classify(finish.outcome, limits);
}

export interface RunResult {
  /** The guest's exit code: 0 when `run` returned `ok`, 1 for `err`, N for `exit(N)`. */
  exitCode: number;
}

/** The guest's last output may still be in the pipes of a killed host: wait for them to close (at most 1 s). */
async function pipesClosed(host: HostProcess): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all([host.child.stdout, host.child.stderr].map((s) => (s && !s.closed ? new Promise((r) => s.once('close', r)) : undefined))),
    new Promise((r) => (timer = setTimeout(r, 1000))),
  ]);
  clearTimeout(timer);
}

/** Runs a `wasi:cli/run` component to completion in the sandbox. */
export function sandboxRun(req: RunRequest): Promise<RunResult> {
  return slot(req.signal, () => runInSandbox(req));
}

async function runInSandbox(req: RunRequest): Promise<RunResult> {
  const limits = normalizeLimits(req.limits ?? {});
  const grants = sandboxGrants(req.grants, [req.programName ?? 'component', ...(req.args ?? [])]);
  const stdin = req.stdin ?? 'none';
  const host = new HostProcess(limits.maxMemoryMB, stdin === 'none' ? 'ignore' : stdin === 'inherit' ? 'inherit' : 'pipe');
  if (typeof stdin !== 'string' || (stdin !== 'none' && stdin !== 'inherit')) {
    if (host.child.stdin) host.child.stdin.end(typeof stdin === 'string' ? Buffer.from(stdin) : Buffer.from(stdin as Uint8Array));
  }
  let finish: Finish;
  try {
    finish = await host.request({ type: 'run', jsDir: req.jsDir, grants, links: req.links }, limits, req);
  } finally {
    host.kill();
  }
  await pipesClosed(host);
  if ('exit' in finish) {
    const { code, signal } = finish.exit;
    if (signal) throw new PipelineError('trap', `the sandbox died (${signal}): ${host.lastError()}`);
    return { exitCode: code ?? 1 };
  }
  const outcome = classify(finish.outcome, limits);
  switch (outcome.kind) {
    case 'value': return { exitCode: 0 };
    case 'error-result': return { exitCode: 1 };
    case 'trap': throw new PipelineError('trap', `the component trapped: ${outcome.message}`);
    default: throw new PipelineError(/wasi:cli\/run/.test(outcome.message) ? 'not-a-command' : 'sandbox-failed', outcome.message);
  }
}
