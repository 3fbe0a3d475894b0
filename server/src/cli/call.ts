// `wit-tools call COMPONENT.wasm 'name(args…)' [GRANTS] [--json]`: calls one export in the
// sandbox, its arguments checked against the WIT signature first; prints the result as WAVE.
import { has, flag, parseArgs, UsageError } from './args.js';
import type { CheckIo } from './check.js';
import { grantSpecs, grantsFrom, grantUsage, interruptible, linkUsage, reportFailure, resolvePath, textSink, withFiles } from './run.js';
import { PipelineError } from '../pipeline/errors.js';
import { prewarmSandbox } from '../pipeline/sandbox.js';

export const callUsage = `usage: wit-tools call COMPONENT.wasm 'NAME(ARGS...)' [--with LIB.wasm]... [GRANTS] [--json]
       wit-tools call COMPONENT.wasm NAME --args JSON [--with LIB.wasm]... [GRANTS] [--json]

Calls an exported function in a sandbox and prints its result in WAVE (the value syntax of
\`wasmtime run --invoke\`), or as JSON with --json. NAME is \`f\`, \`iface/f\` or
\`ns:pkg/iface@1.0.0/f\` (when several exports share a name); ARGS are WAVE values, e.g.
  wit-tools call greeter.wasm 'format-greeting("Ada", {tone: formal, repeat: 2})'
or give them with --args as a JSON array (or an object by parameter name). Arguments are checked
against the function's WIT signature before anything runs.

Exit status: 0 ok; 1 when the function returns an error (the result is printed), traps or hits a
limit; 2 for a bad argument or usage error (with the parameter, the expected type and where).

${linkUsage}

${grantUsage}`;

/** How the daemon calls (cli/daemon.ts): its warm sandbox kept for the next call, and cancelled when the caller goes. */
export interface CallOptions {
  keepWarm?: boolean;
  signal?: AbortSignal;
}

export async function runCall(argv: string[], io: CheckIo, options: CallOptions = {}): Promise<number> {
  try {
    const p = parseArgs(argv, { ...grantSpecs, json: {}, args: { value: true }, help: { alias: 'h' } });
    if (has(p, 'help')) {
      io.stdout(callUsage + '\n');
      return 0;
    }
    if (p.positional.length < 2) throw new UsageError(p.positional.length ? 'call needs the call, e.g. \'greet("world")\'' : 'call needs a COMPONENT.wasm and a call');
    if (p.positional.length > 2) throw new UsageError(`unexpected \`${p.positional[2]}\` (quote the call: 'f(1, "two")')`);
    let jsonArgs: unknown[] | Record<string, unknown> | undefined;
    const argsText = flag(p, 'args');
    if (argsText !== undefined) {
      try {
        jsonArgs = JSON.parse(argsText) as unknown[] | Record<string, unknown>;
      } catch (e) {
        throw new UsageError(`\`--args\` is not JSON: ${(e as Error).message}`);
      }
      if (typeof jsonArgs !== 'object' || jsonArgs === null) throw new UsageError('`--args` must be a JSON array (in parameter order) or an object (by parameter name)');
    }
    const json = has(p, 'json');
    const { grants, limits } = grantsFrom(p, io.cwd);
    // The sandbox process starts now: Node's start-up and the shim's loading there overlap the
    // loading of the pipeline here and the reading of the component (the call takes this host).
    prewarmSandbox(limits);
    const { callComponent } = await import('../pipeline/call.js');
    const call = (signal: AbortSignal) => callComponent({
      component: resolvePath(io.cwd, p.positional[0]),
      call: p.positional[1],
      jsonArgs,
      with: withFiles(p, io.cwd),
      grants,
      limits,
      signal,
      // With --json, stdout is the result alone: the guest's own output goes to stderr.
      onStdout: textSink(json ? io.stderr : io.stdout),
      onStderr: textSink(io.stderr),
      keepWarm: options.keepWarm,
    });
    const r = await (options.signal ? call(options.signal) : interruptible(call));
    if (json) io.stdout(JSON.stringify(r.json) + '\n');
    else if (r.wave !== undefined) io.stdout(r.wave + '\n');
    if (r.isError) {
      io.stderr(`error: \`${r.function}\` returned an error: ${r.wave ?? 'err'}\n`);
      return 1;
    }
    return 0;
  } catch (e) {
    if (e instanceof PipelineError || e instanceof UsageError) return reportFailure(e, io, callUsage);
    throw e;
  }
}
