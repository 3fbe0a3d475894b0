// `call`: one exported function, its arguments checked against its WIT signature before anything
// runs, then called in the sandbox; the result printed as WAVE or JSON.
import { prepareComponent, transpiledDir, type PrepareOptions, type PreparedComponent } from './cache.js';
import { PipelineError, throwIfAborted } from './errors.js';
import { findExport, type ExportedFunction } from './exports.js';
import { hostToJson, jsonToHost } from './json-values.js';
import { needsNothing } from './link.js';
import { checkLinks, linkedSet, sandboxServes, type PreparedLinks } from './link-set.js';
import { sandboxCall, type SandboxOptions } from './sandbox.js';
import { describeType, type ComponentSignature, type ExternItem } from './types.js';
import { parseWaveCall, printWave, ValueError, waveToHost, WaveSyntaxError, type Span, type WaveNode } from './wave.js';

export interface CallOptions extends SandboxOptions {
  /** The component file. */
  component: string;
  /**
   * The call in WAVE, `greet("world")`; or only the function's name when `jsonArgs` is given.
   * The name may be `f`, `iface/f` or `ns:pkg/iface@1.0.0/f` (needed when several exports share it).
   */
  call: string;
  /** The arguments as JSON instead: an array in parameter order, or an object by parameter name. */
  jsonArgs?: unknown[] | Record<string, unknown>;
  /** Keep the sandbox process warm for the next call (for editors; the CLI leaves it off). */
  keepWarm?: boolean;
  /**
   * Components whose exports serve this one's imports (`--with`), checked against its WIT before
   * anything runs and instantiated with it under the same grants.
   */
  with?: string[];
  /** Progress lines ("transpiling …"). */
  onLog?: (line: string) => void;
}

export interface CallResult {
  /** The function's full name. */
  function: string;
  /** `func(name: string) -> string`. */
  signature: string;
  /** The result in WAVE (`undefined` when the function returns nothing). */
  wave?: string;
  /** The result as JSON (`null` when the function returns nothing). */
  json: unknown;
  /** The function returned the error case of its `result`. */
  isError: boolean;
  durationMs: number;
}

/** A call checked against the component, ready to run: what `callComponent` does before it runs. */
export interface PreparedCall {
  component: PreparedComponent;
  target: ExportedFunction;
  /** The arguments as jco's JavaScript values. */
  args: unknown[];
  /** The components linked to it (`with`), checked. */
  links?: PreparedLinks;
}

/** Where `offset` is in `text`, as `column N` or `line L, column N` (1-based). */
function place(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return line > 1 ? `line ${line}, column ${column}` : `column ${column}`;
}

function argumentError(target: ExportedFunction, index: number, e: ValueError, where: string, span?: Span): PipelineError {
  const p = target.func.params[index];
  const inner = e.path.length ? `\`${p.name}${e.path.join('')}\`: ` : '';
  return new PipelineError('bad-argument', `argument \`${p.name}\` (${index + 1} of ${target.func.params.length}) ${where}: ${inner}${e.reason}`, {
    parameter: p.name, index, expected: describeType(p.type), path: e.path, start: span?.start, end: span?.end,
  });
}

/** Checks the call text (or JSON arguments) against the export's signature. Nothing runs. */
export function checkCall(signature: ComponentSignature, call: string, jsonArgs?: unknown[] | Record<string, unknown>): { target: ExportedFunction; args: unknown[] } {
  let name = call.trim();
  let waveArgs: WaveNode[] | undefined;
  let argsSpan: Span = { start: call.length, end: call.length };
  if (jsonArgs === undefined) {
    try {
      const parsed = parseWaveCall(call);
      name = parsed.name;
      waveArgs = parsed.args;
      argsSpan = parsed.argsSpan;
    } catch (e) {
      if (e instanceof WaveSyntaxError) throw new PipelineError('bad-argument', `syntax error at ${place(call, e.start)}: ${e.message}`, { start: e.start, end: e.end });
      throw e;
    }
  }
  const target = findExport(signature, name);
  if (target.notCallable) throw new PipelineError('not-callable', `\`${target.name}\` cannot be called from here: ${target.notCallable}`, { function: target.name });
  const params = target.func.params;
  const args: unknown[] = [];
  if (waveArgs) {
    if (waveArgs.length > params.length) {
      const extra = waveArgs[params.length];
      throw new PipelineError('bad-argument', `too many arguments at ${place(call, extra.start)}: \`${target.shortName}\` takes ${params.length} (${target.signature})`, { start: extra.start, end: extra.end });
    }
    params.forEach((p, i) => {
      const node = waveArgs![i];
      if (!node) {
        // WAVE lets trailing `none` arguments be left out.
        if (p.type.kind === 'option') {
          args.push(p.type.type.kind === 'option' ? { tag: 'none' } : undefined);
          return;
        }
        throw new PipelineError('bad-argument', `missing argument \`${p.name}\` (${i + 1} of ${params.length}, ${describeType(p.type)}) at ${place(call, Math.max(argsSpan.end - 1, 0))}`, { parameter: p.name, index: i, expected: describeType(p.type), start: argsSpan.end - 1, end: argsSpan.end });
      }
      try {
        args.push(waveToHost(node, p.type));
      } catch (e) {
        if (!(e instanceof ValueError)) throw e;
        const span = e.span ?? node;
        throw argumentError(target, i, e, `at ${place(call, span.start)}`, span);
      }
    });
  } else {
    const byName = !Array.isArray(jsonArgs);
    const given = jsonArgs as unknown[] | Record<string, unknown>;
    if (Array.isArray(given) && given.length > params.length) throw new PipelineError('bad-argument', `too many arguments: \`${target.shortName}\` takes ${params.length} (${target.signature})`);
    if (byName) {
      for (const k of Object.keys(given)) {
        if (!params.some((p) => p.name === k)) throw new PipelineError('bad-argument', `\`${target.shortName}\` has no parameter \`${k}\` (${target.signature})`);
      }
    }
    params.forEach((p, i) => {
      const present = byName ? p.name in given : i < (given as unknown[]).length;
      const value = byName ? (given as Record<string, unknown>)[p.name] : (given as unknown[])[i];
      if (!present) {
        if (p.type.kind === 'option') {
          args.push(p.type.type.kind === 'option' ? { tag: 'none' } : undefined);
          return;
        }
        throw new PipelineError('bad-argument', `missing argument \`${p.name}\` (${i + 1} of ${params.length}, ${describeType(p.type)})`, { parameter: p.name, index: i, expected: describeType(p.type) });
      }
      try {
        args.push(jsonToHost(value, p.type));
      } catch (e) {
        if (!(e instanceof ValueError)) throw e;
        const at = byName ? `$.${p.name}` : `$[${i}]`;
        throw argumentError(target, i, new ValueError(e.reason, undefined, []), `at ${at}${jsonPath(e.path)}`);
      }
    });
  }
  return { target, args };
}

/** `[.options, .repeat]` → `.options.repeat`; `[[0]]` → `[0]`; `(some)` and friends vanish in JSON. */
function jsonPath(path: string[]): string {
  return path.filter((p) => !p.startsWith('(')).join('');
}

function describeImports(sig: ComponentSignature): string | undefined {
  const missing = sig.imports.filter((i) => !needsNothing(i) && !(i.kind === 'interface' && sandboxServes(i.name))).map((i) => i.name);
  if (missing.length === 0) return undefined;
  return `it imports ${missing.map((m) => `\`${m}\``).join(', ')}, which the sandbox does not provide (only WASI 0.2 interfaces are; link a component that exports ${missing.length > 1 ? 'them' : 'it'} with --with)`;
}

/** Throws `unsupported-import` when the component needs something besides WASI 0.2. */
export function checkImports(sig: ComponentSignature): void {
  const why = describeImports(sig);
  if (why) throw new PipelineError('unsupported-import', `the component cannot run here: ${why}`);
}

/** The `with` components checked against `component`, or its imports checked against the host. */
export async function prepareLinks(component: PreparedComponent, withFiles: string[] | undefined, options: PrepareOptions): Promise<PreparedLinks | undefined> {
  if (withFiles && withFiles.length) return checkLinks(component, withFiles, options);
  checkImports(component.signature);
  return undefined;
}

/** Reads the component and checks the call; nothing runs. */
export async function prepareCall(options: Pick<CallOptions, 'component' | 'call' | 'jsonArgs' | 'signal' | 'onLog' | 'with'>): Promise<PreparedCall> {
  const component = await prepareComponent(options.component, options);
  const { target, args } = checkCall(component.signature, options.call, options.jsonArgs);
  const links = await prepareLinks(component, options.with, options);
  return { component, target, args, links };
}

/** Calls an exported function in the sandbox. A trap, a limit or a bad argument throws a `PipelineError`. */
export async function callComponent(options: CallOptions): Promise<CallResult> {
  const started = performance.now();
  const { component, target, args, links } = await prepareCall(options);
  const jsDir = await transpiledDir(component, options);
  const linked = links && (await linkedSet(links, options));
  throwIfAborted(options.signal);
  const outcome = await sandboxCall({ ...options, jsDir, jsPath: target.jsPath, args, returnsResult: target.returnsResult, programName: programName(component.path), links: linked });
  const result = target.func.result;
  const done = (value: unknown, isError: boolean): CallResult => ({
    function: target.name,
    signature: target.signature,
    wave: result ? printWave(value, result) : undefined,
    json: result ? hostToJson(value, result) : null,
    isError,
    durationMs: performance.now() - started,
  });
  switch (outcome.kind) {
    case 'value': return done(target.returnsResult ? { tag: 'ok', val: outcome.value } : outcome.value, false);
    case 'error-result': return done({ tag: 'err', val: outcome.payload }, true);
    case 'trap': throw new PipelineError('trap', `\`${target.shortName}\` trapped: ${outcome.message}`);
    default: throw new PipelineError('sandbox-failed', outcome.message);
  }
}

export function programName(file: string): string {
  return file.split(/[\\/]/).pop()!.replace(/\.wasm$/, '');
}
