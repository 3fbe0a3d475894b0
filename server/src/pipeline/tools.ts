// External tools: running them with their output streamed, and the one message that says which
// tool is missing and the command that installs it (the table is in toolchains.ts).
import { spawn, type SpawnOptions } from 'node:child_process';
import { PipelineError } from './errors.js';
import { installAdvice, toolInfo, type ToolName } from './toolchains.js';

export { which } from './toolchains.js';

/** The failure for a missing tool: what needs it, the tool, and the one command that installs it. */
export function missingTool(tool: ToolName, purpose: string, env: NodeJS.ProcessEnv = process.env): PipelineError {
  const info = toolInfo(tool, env);
  const hint = installAdvice(tool, env);
  return new PipelineError('missing-tool', `${purpose} needs ${info.what}, which is not installed: ${hint}`, { tool, hint, ...(info.install ? { install: info.install } : {}), ...(info.inProject ? { inProject: true } : {}) });
}

export interface RunToolOptions extends Pick<SpawnOptions, 'cwd' | 'env'> {
  signal?: AbortSignal;
  onOutput?: (text: string, stream: 'stdout' | 'stderr') => void;
  /** Run through the shell (for a user's build command). */
  shell?: boolean;
}

export interface ToolResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a tool to completion, streaming its output; never throws for a non-zero exit. */
export function runTool(command: string, args: string[], options: RunToolOptions = {}): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, shell: options.shell, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      options.onOutput?.(d, 'stdout');
    });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      options.onOutput?.(d, 'stderr');
    });
    const abort = () => child.kill('SIGKILL');
    options.signal?.addEventListener('abort', abort, { once: true });
    child.on('error', (e) => {
      options.signal?.removeEventListener('abort', abort);
      reject(new PipelineError('build-failed', `could not run \`${command}\`: ${e.message}`));
    });
    child.on('close', (code) => {
      options.signal?.removeEventListener('abort', abort);
      if (options.signal?.aborted) reject(new PipelineError('cancelled', 'cancelled'));
      else resolve({ code, stdout, stderr });
    });
  });
}
