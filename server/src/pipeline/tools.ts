// External tools: finding them on PATH, running them with their output streamed, and the one
// message that says which tool is missing and how to install it.
import { spawn, type SpawnOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PipelineError } from './errors.js';

/** The full path of `command` on PATH (or `undefined`). */
export function which(command: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (command.includes('/') || command.includes('\\')) return fs.existsSync(command) ? command : undefined;
  const exts = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const p = path.join(dir, command + ext);
      try {
        if (fs.statSync(p).isFile()) return p;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

export const installHints = {
  clang: 'install clang, lld and wasi-libc: `sudo apt-get install clang lld wasi-libc libclang-rt-dev-wasm32` (Debian/Ubuntu; `scripts/install-c-toolchain.sh` does it), or the WASI SDK (https://github.com/WebAssembly/wasi-sdk) with WASI_SDK_PATH set',
  'wasi-libc': 'install the WASI C library: `sudo apt-get install wasi-libc libclang-rt-dev-wasm32` (Debian/Ubuntu), or the WASI SDK with WASI_SDK_PATH set',
  cargo: 'install Rust with rustup (https://rustup.rs), then `rustup target add wasm32-wasip2`',
  'cargo-component': 'run `rustup target add wasm32-wasip2` (Rust 1.82 or newer), or `cargo install cargo-component`',
  tinygo: 'install TinyGo 0.33 or newer (https://tinygo.org/getting-started/install/) and put `tinygo` on PATH',
  'componentize-py': 'run `pip install componentize-py` and put `componentize-py` on PATH',
  typescript: 'run `npm install --save-dev typescript@5` in the project',
  jco: 'run `npm install --save-dev @bytecodealliance/jco` in the project (it brings componentize-js and the preview1 adapters)',
} as const;

export function missingTool(tool: keyof typeof installHints, purpose: string): PipelineError {
  return new PipelineError('missing-tool', `${purpose} needs \`${tool}\`, which is not installed: ${installHints[tool]}`, { tool, hint: installHints[tool] });
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
