// What a language's build is handed: the project, the chosen world, where the component goes, the
// caller's options, and the place to put compiler diagnostics. Each language (one file beside
// this one) builds with its own tool chain and can generate its bindings.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BuildDiagnostic } from '../compiler-output.js';
import type { PipelineError } from '../errors.js';
import type { Project } from '../project.js';
import type { WorldChoice } from '../world.js';

export type BuildStage = 'detect' | 'wit' | 'typecheck' | 'bindings' | 'compile' | 'componentize' | 'done';

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
  /**
   * For a long-lived caller that builds again (the daemon, the language server): once built, the
   * project's next build worker is started and waits, rehearsing this build's wrap of a core module.
   */
  keepWarm?: boolean;
}

export type Fail = (message: string, more?: BuildDiagnostic[]) => PipelineError;

export interface BuildContext {
  project: Project;
  world: WorldChoice;
  /** The component to write. */
  out: string;
  options: BuildOptions;
  /** Warnings found along the way (errors go into the failure). */
  diagnostics: BuildDiagnostic[];
  fail: Fail;
  progress(stage: BuildStage, message: string): void;
}

/** What a build that starts before the world is chosen is handed (its tool chain needs no world). */
export type EarlyContext = Omit<BuildContext, 'world' | 'out'>;

/** A build started while the WIT is being checked: it finishes once the world (and so `out`) is known. */
export interface RunningBuild {
  finish(ctx: BuildContext): Promise<void>;
  /** The WIT had errors: stop the tool chain. */
  abort(): void;
}

/** A temporary folder for the duration of `f`. */
export async function withTempDir<T>(prefix: string, f: (dir: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `wit-tools-${prefix}-`));
  try {
    return await f(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `a b 'c d'`: a command line for progress messages. */
export function commandLine(tool: string, args: string[]): string {
  return [path.basename(tool), ...args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`))].join(' ');
}
