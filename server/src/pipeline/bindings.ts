// `bindings`: a world's guest bindings from the real generators — jco's guest types for
// TypeScript and JavaScript, componentize-py for Python, wit-bindgen for Go, Rust, C and the other
// languages it has (not MoonBit: its generator orders functions differently from run to run, so
// no check could pass) — written where the language expects them, or compared with what is on disk
// (`check`, for CI: stale or missing files, and generated files that would go).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PipelineError, throwIfAborted } from './errors.js';
import { generatorMarkers, syncGenerated, type GeneratedFiles } from './generated.js';
import { C_BINDINGS_DIR } from './languages/c.js';
import { generateGoBindings } from './languages/go.js';
import { generateTypeScriptBindings } from './languages/javascript.js';
import { generatePythonBindings } from './languages/python.js';
import { generateWithWitBindgen, witBindgenLanguages, type GenerateOptions, type WitBindgenLanguage } from './languages/wit-bindgen.js';
import { detectProject, findWitDir, type Language } from './project.js';
import { chooseWorld } from './world.js';

export const bindingsLanguages = ['ts', 'js', 'python', 'go', 'rust', 'c', 'cpp', 'csharp', 'markdown'] as const;
export type BindingsLanguage = (typeof bindingsLanguages)[number];

export const bindingsLanguageNames: Record<BindingsLanguage, string> = {
  ts: 'TypeScript', js: 'JavaScript', python: 'Python', go: 'Go', rust: 'Rust', c: 'C', cpp: 'C++', csharp: 'C#', markdown: 'Markdown',
};

export interface BindingsOptions extends GenerateOptions {
  /** The project folder, or a folder of WIT (default: the current directory). */
  dir?: string;
  /** Default: the project's language. */
  language?: BindingsLanguage;
  world?: string;
  /** Where the files go (default: the project folder for Go and Python, DIR/bindings for the rest). */
  out?: string;
  /** Compare only; write nothing. */
  check?: boolean;
}

export interface BindingsResult {
  language: BindingsLanguage;
  world: string;
  /** The folder the files are relative to. */
  outDir: string;
  /** Every file the generator produces, relative to `outDir`. */
  files: string[];
  /** Written (or, with `check`, stale or missing). */
  changed: string[];
  /** Generated files no longer produced: removed (or, with `check`, that would be). */
  removed: string[];
  /** Nothing to write and nothing to remove. */
  upToDate: boolean;
}

const fromProjectLanguage: Record<Language, BindingsLanguage> = { typescript: 'ts', javascript: 'js', python: 'python', go: 'go', rust: 'rust', c: 'c' };

export function isBindingsLanguage(s: string): s is BindingsLanguage {
  return (bindingsLanguages as readonly string[]).includes(s);
}

/** Generates (or checks) the bindings of a project's world. Throws `PipelineError`. */
export async function generateBindings(options: BindingsOptions = {}): Promise<BindingsResult> {
  const dir = path.resolve(options.dir ?? '.');
  if (!fs.existsSync(dir)) throw new PipelineError('no-project', `no such folder: ${options.dir ?? dir}`);
  let language = options.language;
  let witDir = findWitDir(dir);
  if (!language) {
    const project = detectProject(dir);
    language = fromProjectLanguage[project.language];
    witDir = project.witDir;
  }
  if (!isBindingsLanguage(language)) throw new PipelineError('bad-argument', `unknown language \`${language}\` (expected ${bindingsLanguages.join(', ')})`);
  if (!witDir) throw new PipelineError('no-project', `no WIT in ${dir}: expected a \`wit/\` folder or \`.wit\` files`);
  const world = chooseWorld(witDir, options.world).world;
  const outDir = path.resolve(dir, options.out ?? (language === 'go' || language === 'python' ? '.' : C_BINDINGS_DIR));
  const files = await generate(language, witDir, world, dir, options);
  throwIfAborted(options.signal);
  // Go: the module's own go.mod is the user's; the generator's is written only where there is none.
  if (language === 'go' && fs.existsSync(path.join(outDir, 'go.mod'))) files.delete('go.mod');
  const marker = language === 'python' ? generatorMarkers.componentizePy : language === 'ts' || language === 'js' ? undefined : generatorMarkers.witBindgen;
  const sync = syncGenerated(files, outDir, !options.check, marker);
  return { language, world, outDir, files: [...files.keys()].sort(), changed: sync.written.sort(), removed: sync.removed.sort(), upToDate: sync.written.length === 0 && sync.removed.length === 0 };
}

function generate(language: BindingsLanguage, witDir: string, world: string, projectDir: string, options: GenerateOptions): Promise<GeneratedFiles> {
  switch (language) {
    case 'ts':
    case 'js':
      return generateTypeScriptBindings(witDir, world, projectDir, options);
    case 'python':
      return generatePythonBindings(witDir, world, options);
    case 'go':
      return generateGoBindings(witDir, world, options);
    default:
      // C#: the NativeAOT runtime (wit-bindgen's default target for componentize-dotnet).
      if ((witBindgenLanguages as readonly string[]).includes(language)) return generateWithWitBindgen(language as WitBindgenLanguage, witDir, world, { ...options, extra: language === 'csharp' ? ['--runtime', 'native-aot'] : [] });
      throw new PipelineError('bad-argument', `unknown language \`${language}\``);
  }
}
