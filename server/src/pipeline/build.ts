// `build`: detect the project beside the WIT, pick the world, run the language's tool chain with
// its output streamed, turn compiler messages into diagnostics, and report the component. Each
// language's build is in languages/:
//   JavaScript/TypeScript → jco componentize (componentize-js), type-checked alongside;
//   Python → componentize-py;
//   Rust → `cargo build --target wasm32-wasip2` (or `cargo component build`);
//   Go → wit-bindgen go + mainline Go (wasip1, c-shared) → jco's preview1 adapter (TinyGo for cm);
//   C → clang (wasi-libc, preview1; wit-bindgen c when the sources include the world's header)
//       → jco's preview1 adapter (command or reactor);
//   or the user's own command (`--command`, the `wit.build.command` setting).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Diagnostic } from '../syntax/index.js';
import { firstError, warmUpJob } from './build-jobs.js';
import { spareKindFor, startSpareBuildWorker } from './build-spare.js';
import { parseCompilerOutput, type BuildDiagnostic } from './compiler-output.js';
import { PipelineError, throwIfAborted } from './errors.js';
import { buildC } from './languages/c.js';
import type { BuildContext, BuildOptions, BuildStage, EarlyContext, RunningBuild } from './languages/context.js';
import { buildGo } from './languages/go.js';
import { buildJs } from './languages/javascript.js';
import { buildPython } from './languages/python.js';
import { startRust } from './languages/rust.js';
import { detectProject, findWitDir, type Language, type Project } from './project.js';
import { runTool } from './tools.js';
import type { WorldChoice } from './world.js';
import { formatSize } from './units.js';

export type { BuildOptions, BuildProgress, BuildStage } from './languages/context.js';

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

const builders: Record<Exclude<Language, 'rust'>, (ctx: BuildContext) => Promise<void>> = {
  javascript: buildJs, typescript: buildJs, python: buildPython, go: buildGo, c: buildC,
};
/** Tool chains that need no world start before the WIT is checked. */
const earlyBuilders: Partial<Record<Language, (ctx: EarlyContext) => RunningBuild>> = { rust: startRust };
/** Tool chains that need the world's name only: they start with the world the text names, if it names one plainly. */
const guessable = new Set<Language>(['c', 'go']);

/**
 * The world a folder of WIT plainly defines, from its text alone: the one asked for, or the only
 * `world NAME {` in its own files — unless something a glance cannot judge is there (an
 * `include`, `wasi:cli/run`: a command builds differently). The analysis decides; a wrong guess
 * only costs the early start.
 */
export function guessWorld(witDir: string, asked: string | undefined): string | undefined {
  let text = '';
  try {
    for (const f of fs.readdirSync(witDir)) if (f.endsWith('.wit')) text += fs.readFileSync(path.join(witDir, f), 'utf8') + '\n';
  } catch {
    return undefined;
  }
  text = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  if (/\binclude\b|wasi:cli\/run/.test(text)) return undefined;
  const worlds = [...text.matchAll(/^\s*world\s+%?([a-z][a-z0-9]*(?:-[a-z0-9]+)*)\s*\{/gm)].map((m) => m[1]);
  if (asked !== undefined) return worlds.includes(asked) ? asked : undefined;
  return worlds.length === 1 ? worlds[0] : undefined;
}

/** Runs a world-naming build with a guessed world into a temporary file; finishes it, or builds again when the guess was wrong. */
function startGuessed(builder: (ctx: BuildContext) => Promise<void>, early: EarlyContext, world: string, out: string): RunningBuild {
  const stop = new AbortController();
  const outer = early.options.signal;
  const onAbort = () => stop.abort();
  outer?.addEventListener('abort', onAbort, { once: true });
  const guessed: WorldChoice = { world, package: '', command: false, exports: [], diagnostics: [], texts: new Map() };
  const building = builder({ ...early, options: { ...early.options, signal: stop.signal }, world: guessed, out }).finally(() => outer?.removeEventListener('abort', onAbort));
  building.catch(() => undefined);
  return {
    async finish(ctx) {
      if (ctx.world.world !== world || ctx.world.command) {
        stop.abort();
        await building.catch(() => undefined);
        return builder(ctx);
      }
      await building;
      fs.renameSync(out, ctx.out);
    },
    abort() {
      stop.abort();
    },
  };
}

/** Builds the component of a project. Throws `PipelineError` (with `details.diagnostics` when compilers complained). */
export async function buildProject(options: BuildOptions = {}): Promise<BuildResult> {
  const started = performance.now();
  const progress = (stage: BuildStage, message: string) => options.onProgress?.({ stage, message });
  const dir = path.resolve(options.dir ?? '.');

  progress('detect', `looking at ${dir}`);
  // A long-lived caller (the daemon, the language server) has the project's worker start now, if
  // none waits for it from the last build.
  const spare = options.keepWarm && !options.command ? spareKindFor(dir) : undefined;
  if (spare) startSpareBuildWorker(dir, spare);
  const project: Project | undefined = options.command ? undefined : detectProject(dir);
  const witDir = project?.witDir ?? findWitDir(dir);
  if (!witDir) throw new PipelineError('no-project', `no WIT in ${dir}: expected a \`wit/\` folder or \`.wit\` files`);

  const diagnostics: BuildDiagnostic[] = [];
  const fail = (message: string, more: BuildDiagnostic[] = []) => {
    diagnostics.push(...more);
    return new PipelineError('build-failed', message, { diagnostics });
  };
  const early: EarlyContext | undefined = project && { project, options, diagnostics, fail, progress };
  const startEarly = project && earlyBuilders[project.language];
  const guess = project && guessable.has(project.language) ? guessWorld(witDir, options.world) : undefined;
  const guessedOut = guess ? path.join(os.tmpdir(), `wit-tools-early-${process.pid}-${Date.now()}.wasm`) : undefined;
  const running = startEarly ? startEarly(early!) : guess ? startGuessed(builders[project!.language as 'c' | 'go'], early!, guess, guessedOut!) : undefined;

  progress('wit', `reading the WIT in ${path.relative(dir, witDir) || '.'}`);
  // The analyzer loads now, while a tool chain that needs no world is already at work.
  let choice: WorldChoice;
  try {
    const { chooseWorld } = await import('./world.js');
    choice = chooseWorld(witDir, options.world);
  } catch (e) {
    running?.abort();
    if (e instanceof PipelineError && e.code === 'wit-errors') {
      const d = e.details as { diagnostics: Diagnostic[]; texts: Map<string, string> };
      throw new PipelineError('wit-errors', e.message, { diagnostics: witToBuildDiagnostics(d.diagnostics, d.texts) });
    }
    throw e;
  }
  const world = choice.world;
  const out = path.resolve(dir, options.out ?? path.join('dist', `${world}.wasm`));
  fs.mkdirSync(path.dirname(out), { recursive: true });
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
    const ctx: BuildContext = { project: p, world: choice, out, options, diagnostics, fail, progress };
    try {
      if (running) await running.finish(ctx);
      else await builders[p.language as Exclude<Language, 'rust'>](ctx);
    } finally {
      if (guessedOut) fs.rmSync(guessedOut, { force: true });
    }
  }
  throwIfAborted(options.signal);
  if (!fs.existsSync(out)) throw fail(`the build did not produce ${out}`);
  const size = fs.statSync(out).size;
  const durationMs = performance.now() - started;
  // …and the next build's is waiting soon (rehearsing this one's wrap of a core module): started
  // once this result is on its way to the editor or the shell, as forking holds the process ~10 ms.
  if (spare) {
    const warmUp = warmUpJob(dir);
    setTimeout(() => startSpareBuildWorker(dir, spare, warmUp), 10);
  }
  progress('done', `built ${out} (${formatSize(size)}) in ${(durationMs / 1000).toFixed(1)} s`);
  return { component: out, size, durationMs, world, language, diagnostics };
}


