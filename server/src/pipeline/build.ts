// `build`: detect the project beside the WIT, pick the world, run the language's toolchain with
// its output streamed, turn compiler messages into diagnostics, and report the component.
//   JavaScript/TypeScript → jco componentize (componentize-js); TypeScript is type-checked first
//     (in parallel: jco strips the types itself, tsc's verdict decides);
//   C → clang (wasi-libc, preview1) → jco's preview1 adapter (command or reactor);
//   Rust → `cargo component build`, or `cargo build --target wasm32-wasip2`;
//   Go → TinyGo (`-target=wasip2`); Python → componentize-py;
//   or the user's own command (`--command`, the `wit.build.command` setting).
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Diagnostic } from '../syntax/index.js';
import type { BuildJob, BuildJobResult } from './build-worker.js';
import { parseCompilerOutput, type BuildDiagnostic } from './compiler-output.js';
import { buildWorkerScript, takeSpareBuildWorker } from './build-spare.js';
import { PipelineError, throwIfAborted } from './errors.js';
import { chooseWorld, detectProject, findWitDir, type Language, type Project } from './project.js';
import { missingTool, runTool, which, type ToolResult } from './tools.js';
import { formatSize } from './units.js';

export type BuildStage = 'detect' | 'wit' | 'typecheck' | 'compile' | 'componentize' | 'done';

export interface BuildProgress {
  stage: BuildStage;
  message: string;
}

export interface BuildOptions {
  /** The project folder (default: the current directory). */
  dir?: string;
  /** Where to write the component (default: DIR/dist/WORLD.wasm). */
  out?: string;
  /** The world to build, when the WIT has several. */
  world?: string;
  /** A shell command that builds the component instead of the detected toolchain. */
  command?: string;
  /** Type-check TypeScript (default true). */
  typecheck?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: BuildProgress) => void;
  /** The tools' own output, as it comes. */
  onOutput?: (text: string, stream: 'stdout' | 'stderr') => void;
}

export interface BuildResult {
  /** The component file. */
  component: string;
  size: number;
  durationMs: number;
  world: string;
  language: Language | 'custom';
  /** Warnings (and, on failure, errors) from the compilers, pointing at files. */
  diagnostics: BuildDiagnostic[];
}


function runJob(job: BuildJob, options: BuildOptions): Promise<BuildJobResult & { stderr: string }> {
  return new Promise((resolve, reject) => {
    // A worker started ahead (wit-tools build) takes the first job that is not the type check.
    const waiting = job.kind !== 'typecheck' ? takeSpareBuildWorker() : undefined;
    const child = waiting ?? fork(buildWorkerScript, [JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], execArgv: ['--no-warnings'] });
    if (waiting) waiting.send(job);
    let result: BuildJobResult | undefined;
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => options.onOutput?.(d, 'stdout'));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      options.onOutput?.(d, 'stderr');
    });
    child.on('message', (m: BuildJobResult) => (result = m));
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
function firstError(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  // A Rust panic inside jco's tools: the line after `panicked at` says what happened.
  const panic = lines.findIndex((l) => /panicked at/.test(l));
  if (panic >= 0 && lines[panic + 1]) return lines[panic + 1];
  return lines.find((l) => /error/i.test(l)) ?? lines[0] ?? 'no output';
}

function witToBuildDiagnostics(diags: Diagnostic[], texts: Map<string, string>): BuildDiagnostic[] {
  return diags.map((d) => {
    const text = texts.get(d.file) ?? '';
    const at = (o: number) => {
      const before = text.slice(0, o);
      const line = before.split('\n').length;
      return { line, column: o - (before.lastIndexOf('\n') + 1) + 1 };
    };
    const a = at(d.span.start);
    const b = at(d.span.end);
    return { severity: d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'information', file: d.file, line: a.line, column: a.column, endLine: b.line, endColumn: b.column, message: d.message, code: d.code, source: 'wit' };
  });
}

/** Builds the component of a project. Throws `PipelineError` (with `details.diagnostics` when compilers complained). */
export async function buildProject(options: BuildOptions = {}): Promise<BuildResult> {
  const started = performance.now();
  const progress = (stage: BuildStage, message: string) => options.onProgress?.({ stage, message });
  const dir = path.resolve(options.dir ?? '.');

  progress('detect', `looking at ${dir}`);
  const project: Project | undefined = options.command ? undefined : detectProject(dir);
  const witDir = project?.witDir ?? findWitDir(dir);
  if (!witDir) throw new PipelineError('no-project', `no WIT in ${dir}: expected a \`wit/\` folder or \`.wit\` files`);

  progress('wit', `reading the WIT in ${path.relative(dir, witDir) || '.'}`);
  let choice: ReturnType<typeof chooseWorld>;
  try {
    choice = chooseWorld(witDir, options.world);
  } catch (e) {
    if (e instanceof PipelineError && e.code === 'wit-errors') {
      const d = e.details as { diagnostics: Diagnostic[]; texts: Map<string, string> };
      throw new PipelineError('wit-errors', e.message, { diagnostics: witToBuildDiagnostics(d.diagnostics, d.texts) });
    }
    throw e;
  }
  const world = choice.world;
  const out = path.resolve(dir, options.out ?? path.join('dist', `${world}.wasm`));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const diagnostics: BuildDiagnostic[] = [];
  const fail = (message: string, more: BuildDiagnostic[] = []) => {
    diagnostics.push(...more);
    return new PipelineError('build-failed', message, { diagnostics });
  };
  // Remove a stale output so that a tool that fails quietly cannot look like a success.
  fs.rmSync(out, { force: true });

  let language: Language | 'custom';
  if (options.command) {
    language = 'custom';
    progress('compile', `running \`${options.command}\``);
    const r = await runTool(options.command, [], {
      cwd: dir, shell: true, signal: options.signal, onOutput: options.onOutput,
      env: { ...process.env, WIT_TOOLS_WORLD: world, WIT_TOOLS_WIT_DIR: witDir, WIT_TOOLS_OUT: out },
    });
    diagnostics.push(...parseCompilerOutput(r.stdout + '\n' + r.stderr, dir, 'build'));
    if (r.code !== 0) throw fail(`\`${options.command}\` failed (exit code ${r.code}): ${firstError(r.stderr || r.stdout)}`);
    if (!fs.existsSync(out)) throw fail(`\`${options.command}\` succeeded but did not write ${out} (it is given as $WIT_TOOLS_OUT)`);
  } else {
    const p = project!;
    language = p.language;
    switch (p.language) {
      case 'javascript':
      case 'typescript':
        await buildJs(p, world, out, options, diagnostics, fail);
        break;
      case 'c':
        await buildC(p, world, choice.command, choice.exports, out, options, diagnostics, fail);
        break;
      case 'rust':
        await buildRust(p, out, options, diagnostics, fail);
        break;
      case 'go':
        await buildGo(p, world, out, options, diagnostics, fail);
        break;
      case 'python':
        await buildPython(p, world, out, options, diagnostics, fail);
        break;
    }
  }
  throwIfAborted(options.signal);
  if (!fs.existsSync(out)) throw fail(`the build did not produce ${out}`);
  const size = fs.statSync(out).size;
  const durationMs = performance.now() - started;
  progress('done', `built ${out} (${formatSize(size)}) in ${(durationMs / 1000).toFixed(1)} s`);
  return { component: out, size, durationMs, world, language, diagnostics };
}


type Fail = (message: string, more?: BuildDiagnostic[]) => PipelineError;

async function buildJs(p: Project, world: string, out: string, options: BuildOptions, diagnostics: BuildDiagnostic[], fail: Fail): Promise<void> {
  const typecheck = p.language === 'typescript' && options.typecheck !== false;
  options.onProgress?.({ stage: 'componentize', message: `componentizing ${path.relative(p.dir, p.entry!)} against world \`${world}\` (componentize-js)${typecheck ? ', type-checking alongside' : ''}` });
  const checking = typecheck ? runJob({ kind: 'typecheck', projectDir: p.dir, entry: p.entry!, witDir: p.witDir, world }, options) : undefined;
  const built = runJob({ kind: 'componentize', entry: p.entry!, witDir: p.witDir, world, out, projectDir: p.dir }, options);
  const [check, result] = await Promise.all([checking, built]);
  if (check) {
    diagnostics.push(...(check.diagnostics ?? []));
    if (check.ok && check.note) options.onProgress?.({ stage: 'typecheck', message: check.note });
    if (!check.ok) {
      fs.rmSync(out, { force: true });
      throw fail(`${check.message}${check.diagnostics?.length ? `; first: ${describeDiagnostic(check.diagnostics[0], p.dir)}` : ''}`);
    }
  }
  if (!result.ok && result.missing) throw missingTool(result.missing, 'building a JavaScript component');
  if (!result.ok) {
    // Only the bundler's errors point into the sources: an exception while the bundle is
    // evaluated (`index.js:5:1 ReferenceError: …`) counts lines of the bundle, not of the file.
    const found = result.diagnostics ?? [];
    throw fail(`componentize-js failed: ${/panicked at/.test(result.stderr) ? firstError(result.stderr) : firstError(result.message)}`, found);
  }
}

function describeDiagnostic(d: BuildDiagnostic, dir: string): string {
  return `${path.relative(dir, d.file)}:${d.line}:${d.column}: ${d.message.split('\n')[0]}`;
}

/** clang for wasm32-wasi: $WASI_SDK_PATH's, else the one on PATH (Debian's clang + wasi-libc). */
function findClang(): { clang: string; sysroot?: string } {
  const sdk = process.env.WASI_SDK_PATH;
  if (sdk && fs.existsSync(path.join(sdk, 'bin', 'clang'))) return { clang: path.join(sdk, 'bin', 'clang'), sysroot: path.join(sdk, 'share', 'wasi-sysroot') };
  const clang = which('clang');
  if (!clang) throw missingTool('clang', 'building a C component');
  if (!which('wasm-ld')) throw missingTool('clang', 'building a C component (the WebAssembly linker `wasm-ld`, from lld)');
  const sysroots = ['/usr/share/wasi-sysroot', '/opt/wasi-sdk/share/wasi-sysroot'];
  const sysroot = sysroots.find((s) => fs.existsSync(s));
  if (!sysroot && !fs.existsSync('/usr/lib/wasm32-wasi/libc.a')) throw missingTool('wasi-libc', 'building a C component');
  return { clang, sysroot };
}

async function buildC(p: Project, world: string, command: boolean, exports: string[], out: string, options: BuildOptions, diagnostics: BuildDiagnostic[], fail: Fail): Promise<void> {
  if (command && exports.length > 1) {
    throw fail(`world \`${world}\` exports \`wasi:cli/run\` and more (${exports.join(', ')}): a C build makes either a command (main) or a reactor (exports), not both`);
  }
  const { clang, sysroot } = findClang();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wit-tools-c-'));
  try {
    const core = path.join(tmp, 'core.wasm');
    const args = ['--target=wasm32-wasi', `-mexec-model=${command ? 'command' : 'reactor'}`, '-O2', '-Wall', ...(sysroot ? [`--sysroot=${sysroot}`] : []), '-o', core, ...p.sources!.map((s) => path.relative(p.dir, s))];
    options.onProgress?.({ stage: 'compile', message: `clang ${args.join(' ')}` });
    let r: ToolResult;
    try {
      r = await runTool(clang, args, { cwd: p.dir, signal: options.signal, onOutput: options.onOutput });
    } finally {
      throwIfAborted(options.signal);
    }
    const found = parseCompilerOutput(r.stderr, p.dir, 'clang');
    if (r.code !== 0) {
      if (/unable to find library|cannot find|wasi.*not found|No such file or directory.*(crt1|libc)/i.test(r.stderr) && found.length === 0) throw missingTool('wasi-libc', 'building a C component');
      throw fail(`clang failed: ${firstError(r.stderr)}`, found);
    }
    diagnostics.push(...found);
    options.onProgress?.({ stage: 'componentize', message: `wrapping the core module as a component (preview1 ${command ? 'command' : 'reactor'} adapter)` });
    const result = await runJob({ kind: 'wrap-core', core, witDir: p.witDir, world, out, command, projectDir: p.dir }, options);
    if (!result.ok && result.missing) throw missingTool(result.missing, 'making a component of a C module');
    if (!result.ok) throw fail(`making the component failed: ${result.message.split('\n')[0]}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function buildRust(p: Project, out: string, options: BuildOptions, diagnostics: BuildDiagnostic[], fail: Fail): Promise<void> {
  const cargo = which('cargo');
  if (!cargo) throw missingTool('cargo', 'building a Rust component');
  const hasComponent = (await runTool(cargo, ['component', '--version'], { cwd: p.dir }).catch(() => undefined))?.code === 0;
  let args: string[];
  if (hasComponent) {
    args = ['component', 'build', '--release', '--message-format=json-render-diagnostics'];
  } else {
    const rustup = which('rustup');
    const targets = rustup ? (await runTool(rustup, ['target', 'list', '--installed'])).stdout : '';
    if (!/wasm32-wasip2/.test(targets)) throw missingTool('cargo-component', 'building a Rust component');
    args = ['build', '--release', '--target', 'wasm32-wasip2', '--message-format=json-render-diagnostics'];
  }
  options.onProgress?.({ stage: 'compile', message: `cargo ${args.join(' ')}` });
  const artifacts: string[] = [];
  const r = await runTool(cargo, args, {
    cwd: p.dir, signal: options.signal,
    onOutput: (text, stream) => {
      if (stream === 'stderr') return options.onOutput?.(text, stream);
      // stdout is JSON messages: keep the artifacts, pass rendered diagnostics on.
      for (const line of text.split('\n')) {
        try {
          const m = JSON.parse(line) as { reason?: string; filenames?: string[]; message?: { rendered?: string } };
          if (m.reason === 'compiler-artifact') artifacts.push(...(m.filenames ?? []).filter((f) => f.endsWith('.wasm')));
          if (m.reason === 'compiler-message' && m.message?.rendered) options.onOutput?.(m.message.rendered, 'stderr');
        } catch {
          // not JSON
        }
      }
    },
  });
  const found = parseCompilerOutput(r.stderr, p.dir, 'rustc');
  if (r.code !== 0) throw fail(`cargo failed: ${firstError(r.stderr)}`, found);
  diagnostics.push(...found);
  const wasm = artifacts.pop();
  if (!wasm) throw fail('cargo built no .wasm file (is the crate a `cdylib`?)');
  fs.copyFileSync(wasm, out);
}

async function buildGo(p: Project, world: string, out: string, options: BuildOptions, diagnostics: BuildDiagnostic[], fail: Fail): Promise<void> {
  const tinygo = which('tinygo');
  if (!tinygo) throw missingTool('tinygo', 'building a Go component');
  const args = ['build', '-target=wasip2', '--wit-package', p.witDir, '--wit-world', world, '-o', out, '.'];
  options.onProgress?.({ stage: 'compile', message: `tinygo ${args.join(' ')}` });
  const r = await runTool(tinygo, args, { cwd: p.dir, signal: options.signal, onOutput: options.onOutput });
  const found = parseCompilerOutput(r.stderr + r.stdout, p.dir, 'tinygo');
  if (r.code !== 0) throw fail(`tinygo failed: ${firstError(r.stderr || r.stdout)}`, found);
  diagnostics.push(...found);
}

async function buildPython(p: Project, world: string, out: string, options: BuildOptions, diagnostics: BuildDiagnostic[], fail: Fail): Promise<void> {
  const cpy = which('componentize-py');
  if (!cpy) throw missingTool('componentize-py', 'building a Python component');
  const module = p.entry ? path.basename(p.entry, '.py') : 'app';
  const args = ['-d', p.witDir, '-w', world, 'componentize', module, '-o', out];
  options.onProgress?.({ stage: 'componentize', message: `componentize-py ${args.join(' ')}` });
  const r = await runTool(cpy, args, { cwd: p.dir, signal: options.signal, onOutput: options.onOutput });
  const found = parseCompilerOutput(r.stderr + r.stdout, p.dir, 'componentize-py');
  if (r.code !== 0) throw fail(`componentize-py failed: ${firstError(r.stderr || r.stdout)}`, found);
  diagnostics.push(...found);
}
