// Python: componentize-py (PyPI, pinned in toolchains.ts) turns the entry module and the world
// into a component with CPython inside; it generates the bindings it needs itself (bindings on disk
// are for the editor: `wit-tools bindings --language python`).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BuildDiagnostic } from '../compiler-output.js';
import { throwIfAborted } from '../errors.js';
import { readGenerated, type GeneratedFiles } from '../generated.js';
import { missingTool, runTool, which } from '../tools.js';
import { commandLine, withTempDir, type BuildContext } from './context.js';
import type { GenerateOptions } from './wit-bindgen.js';
import { PipelineError } from '../errors.js';

function findComponentizePy(purpose: string): string {
  const tool = which('componentize-py');
  if (!tool) throw missingTool('componentize-py', purpose);
  return tool;
}

/** No Rust backtrace in componentize-py's errors (they are for its developers, not ours). */
const quiet = (): NodeJS.ProcessEnv => ({ ...process.env, RUST_BACKTRACE: '0', PYTHONDONTWRITEBYTECODE: '1' });

/**
 * componentize-py's failures: a Python traceback or syntax error whose files it names as `/N/x.py`
 * (N: the index of the folder in its Python path), the exception on the last line.
 */
export function parseComponentizePyErrors(output: string, pythonPath: string[], entry: string): BuildDiagnostic[] {
  const lines = output.split(/\r?\n/);
  const mapFile = (f: string): string | undefined => {
    const m = /^\/(\d+)\/(.*)$/.exec(f);
    const abs = m && pythonPath[+m[1]] ? path.join(pythonPath[+m[1]], m[2]) : path.isAbsolute(f) ? f : undefined;
    return abs && fs.existsSync(abs) ? abs : undefined;
  };
  // The exception: the first `SomethingError: …` line (componentize-py wraps it in its own
  // `AssertionError: `; the `Caused by:` part repeats it).
  const exception = /^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt|Warning)(: .*)?$/;
  let message = lines.map((l) => l.trim().replace(/^AssertionError:\s+/, '')).find((l) => exception.test(l) && !/^AssertionError$/.test(l));
  // The last frame in the user's files.
  let file: string | undefined;
  let line = 1;
  let column = 1;
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*(?:AssertionError:\s+)?File "(.+?)", line (\d+)/.exec(lines[i]);
    if (!m) continue;
    const abs = mapFile(m[1]);
    // Only the user's files: componentize-py's own script and Python's library are not.
    if (!abs || !pythonPath.some((d) => abs.startsWith(d + path.sep))) continue;
    file = abs;
    line = +m[2];
    column = 1;
    // A syntax error shows the line, then a caret under the place.
    const code = lines[i + 1];
    const caret = lines[i + 2];
    if (code !== undefined && caret !== undefined && /^\s*\^+\s*$/.test(caret)) {
      const shown = code.length - code.trimStart().length;
      let source = '';
      try {
        source = fs.readFileSync(abs, 'utf8').split(/\r?\n/)[line - 1] ?? '';
      } catch {
        // keep 1
      }
      const indent = source.length - source.trimStart().length;
      column = caret.indexOf('^') - shown + indent + 1;
    }
  }
  if (!message) return [];
  message = message.replace(/\s+$/, '');
  return [{ severity: 'error', file: file ?? entry, line, column: Math.max(1, column), message, source: 'componentize-py' }];
}

export async function buildPython(ctx: BuildContext): Promise<void> {
  const { project: p, options } = ctx;
  const tool = findComponentizePy('building a Python component');
  if (!p.entry) throw new PipelineError('no-project', `no entry module in ${p.dir}: add app.py (its class \`WitWorld\` implements the world's exports)`);
  const module = path.basename(p.entry, '.py');
  const pythonPath = [path.dirname(p.entry)];
  const args = ['-d', p.witDir, '-w', ctx.world.world, 'componentize', '-p', pythonPath[0], module, '-o', ctx.out];
  ctx.progress('componentize', commandLine(tool, args));
  const r = await runTool(tool, args, { cwd: p.dir, env: quiet(), signal: options.signal, onOutput: options.onOutput });
  throwIfAborted(options.signal);
  if (r.code !== 0) {
    const found = parseComponentizePyErrors(r.stderr + '\n' + r.stdout, pythonPath, p.entry);
    const first = found[0];
    throw ctx.fail(`componentize-py failed: ${first ? `${path.relative(p.dir, first.file)}:${first.line}:${first.column}: ${first.message}` : (r.stderr || r.stdout).trim().split('\n').find((l) => l.trim()) ?? `exit code ${r.code}`}`, found);
  }
}

/** Python bindings for `world` (the `wit_world` package and its helpers), as componentize-py writes them. */
export async function generatePythonBindings(witDir: string, world: string, options: GenerateOptions = {}): Promise<GeneratedFiles> {
  const tool = findComponentizePy('generating Python bindings');
  return withTempDir('bindings', async (tmp) => {
    const args = ['-d', witDir, '-w', world, 'bindings', tmp];
    options.onProgress?.(commandLine(tool, args));
    const r = await runTool(tool, args, { env: quiet(), signal: options.signal, onOutput: options.onOutput });
    throwIfAborted(options.signal);
    if (r.code !== 0) throw new PipelineError('build-failed', `componentize-py bindings failed: ${(r.stderr || r.stdout).trim().split('\n').pop()}`);
    return readGenerated(tmp);
  });
}
