// `wit-tools run COMPONENT.wasm [GRANTS] [-- ARGS…]`: runs a `wasi:cli/run` command in the
// sandbox. Also the grant options and error reporting shared by `call`.
import { flag, has, parseArgs, UsageError, type FlagSpec, type Parsed } from './args.js';
import type { CheckIo } from './check.js';
// Only the modules a run needs (not the pipeline's index, which brings the WIT analyzer along);
// the pipeline itself is imported when it is needed, so that `call` can start its sandbox first.
import { isPipelineError, type PipelineErrorCode } from '../pipeline/errors.js';
import { parseDirGrant, parseEnvGrant, type Grants, type Limits } from '../pipeline/grants.js';

export const linkUsage = `linking:
  --with LIB.wasm           serve imports from LIB's exports (same interface, semver-compatible
                            versions; repeat for several, a LIB may need another); both sides' WIT
                            is checked before anything runs. The grants below apply to every
                            component of the set, as they would to the composed component`;

export const grantUsage = `grants (nothing is granted by default: no files, no environment, no network):
  --dir HOST[::GUEST][:rw]  preopen HOST as GUEST (default: as HOST), read-only unless :rw
  --env KEY=VALUE           set a variable in the guest's (otherwise empty) environment
  --allow-network           let the guest open connections (wasi:sockets, wasi:http)
  --timeout SECONDS         stop the component after this long (default 10)
  --max-memory MB           stop the component beyond this much memory (default 512)`;

export const runUsage = `usage: wit-tools run COMPONENT.wasm [--with LIB.wasm]... [GRANTS] [-- ARGS...]

Runs a component that exports wasi:cli/run, in a sandbox. Its stdin, stdout and stderr are
this command's; ARGS are its arguments (after its name). Exit status: the component's own (0 when
run returns ok, 1 for err or a failed exit), 1 with a reason on stderr when it traps or hits a
limit, 2 for a usage error.

${linkUsage}

${grantUsage}`;

export const grantSpecs: Record<string, FlagSpec> = {
  with: { value: true, repeat: true },
  dir: { value: true, repeat: true },
  env: { value: true, repeat: true },
  'allow-network': {},
  timeout: { value: true },
  'max-memory': { value: true },
};

/** The `--with` components, resolved against the working directory. */
export function withFiles(p: Parsed, cwd: string): string[] {
  return (p.flags.get('with') ?? []).map((f) => resolvePath(cwd, f));
}

function positiveNumber(p: Parsed, name: string): number | undefined {
  const v = flag(p, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`\`--${name}\` needs a positive number, got \`${v}\``);
  return n;
}

export function grantsFrom(p: Parsed, cwd: string): { grants: Grants; limits: Limits } {
  const env: Record<string, string> = {};
  for (const spec of p.flags.get('env') ?? []) {
    const [k, v] = parseEnvGrant(spec);
    env[k] = v;
  }
  const grants: Grants = {
    dirs: (p.flags.get('dir') ?? []).map((spec) => parseDirGrant(spec, cwd)),
    env,
    allowNetwork: has(p, 'allow-network'),
  };
  const timeout = positiveNumber(p, 'timeout');
  const memory = positiveNumber(p, 'max-memory');
  return { grants, limits: { timeoutMs: timeout !== undefined ? timeout * 1000 : undefined, maxMemoryMB: memory } };
}

/** Exit status for a pipeline failure: 2 for what the user typed, 1 for what the component did. */
export function exitCodeFor(code: PipelineErrorCode): number {
  switch (code) {
    case 'bad-argument': case 'bad-grant': case 'no-such-export': case 'ambiguous-export': case 'not-callable':
    case 'not-a-command': case 'not-a-component': case 'no-such-file': case 'exists':
      return 2;
    default:
      return 1;
  }
}

/** Prints a failure as one line; returns the exit status. Rethrows what is not a pipeline failure. */
export function reportFailure(e: unknown, io: CheckIo, usage: string): number {
  if (e instanceof UsageError) {
    io.stderr(`error: ${e.message}\n\n${usage}\n`);
    return 2;
  }
  if (isPipelineError(e)) {
    io.stderr(`error: ${e.message}\n`);
    return exitCodeFor(e.code);
  }
  throw e;
}

/** Turns a stream of guest bytes into text for `io`, keeping characters split across chunks whole. */
export function textSink(write: (s: string) => void): (chunk: Uint8Array) => void {
  const decoder = new TextDecoder();
  return (chunk) => write(decoder.decode(chunk, { stream: true }));
}

/** Runs `work` with a signal that Ctrl-C aborts (the pipeline then stops what it started). */
export async function interruptible<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  try {
    return await work(abort.signal);
  } finally {
    process.off('SIGINT', onSignal);
  }
}

export async function runRun(argv: string[], io: CheckIo): Promise<number> {
  try {
    const p = parseArgs(argv, { ...grantSpecs, help: { alias: 'h' } });
    if (has(p, 'help')) {
      io.stdout(runUsage + '\n');
      return 0;
    }
    if (p.positional.length !== 1) throw new UsageError(p.positional.length ? `unexpected \`${p.positional[1]}\` (arguments for the component go after \`--\`)` : 'run needs a COMPONENT.wasm');
    const { grants, limits } = grantsFrom(p, io.cwd);
    const { runComponent } = await import('../pipeline/run.js');
    const r = await interruptible((signal) => runComponent({
      component: resolvePath(io.cwd, p.positional[0]),
      with: withFiles(p, io.cwd),
      args: p.rest,
      grants,
      limits,
      stdin: 'inherit',
      signal,
      onStdout: textSink(io.stdout),
      onStderr: textSink(io.stderr),
    }));
    return r.exitCode;
  } catch (e) {
    return reportFailure(e, io, runUsage);
  }
}

export function resolvePath(cwd: string, p: string): string {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) ? p : `${cwd.replace(/[\\/]$/, '')}/${p}`;
}
