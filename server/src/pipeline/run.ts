// `run`: a `wasi:cli/run` component run to completion in the sandbox, its output streamed and its
// exit code returned.
import { prepareComponent, transpiledDir } from './cache.js';
import { prepareLinks, programName } from './call.js';
import { linkedSet } from './link-set.js';
import { PipelineError, throwIfAborted } from './errors.js';
import { sandboxRun, type RunRequest } from './sandbox.js';

export interface RunOptions extends Omit<RunRequest, 'jsDir' | 'links'> {
  /** The component file. */
  component: string;
  /** Components whose exports serve its imports (`--with`); see `CallOptions.with`. */
  with?: string[];
  onLog?: (line: string) => void;
}

export interface RunComponentResult {
  exitCode: number;
  durationMs: number;
}

/** Runs a command component. Its exit code is the result; a trap or a limit throws. */
export async function runComponent(options: RunOptions): Promise<RunComponentResult> {
  const started = performance.now();
  const component = await prepareComponent(options.component, options);
  const run = component.signature.exports.find((e) => e.kind === 'interface' && /^wasi:cli\/run@/.test(e.name));
  if (!run) {
    const exports = component.signature.exports.map((e) => e.name);
    throw new PipelineError('not-a-command', `the component does not export \`wasi:cli/run\`, so it cannot be run${exports.length ? ` (it exports ${exports.map((e) => `\`${e}\``).join(', ')}; use \`call\`)` : ''}`);
  }
  const links = await prepareLinks(component, options.with, options);
  const jsDir = await transpiledDir(component, options);
  const linked = links && (await linkedSet(links, options));
  throwIfAborted(options.signal);
  const { exitCode } = await sandboxRun({ ...options, jsDir, programName: options.programName ?? programName(component.path), links: linked });
  return { exitCode, durationMs: performance.now() - started };
}
