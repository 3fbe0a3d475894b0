// `wit-tools build [DIR] [-o OUT.wasm] [--world W] [--command CMD]`: builds the component of
// the project in DIR, streaming the tools' output; prints the component's path, size and time.
import * as nodePath from 'node:path';
import { flag, has, parseArgs, UsageError } from './args.js';
import type { CheckIo } from './check.js';
import { interruptible, reportFailure } from './run.js';
import { spareKindFor, startSpareBuildWorker } from '../pipeline/build-spare.js';
import type { BuildDiagnostic } from '../pipeline/compiler-output.js';
import { isPipelineError } from '../pipeline/errors.js';
import { formatSize } from '../pipeline/units.js';

export const buildUsage = `usage: wit-tools build [DIR] [-o OUT.wasm] [--world W] [--command CMD] [--no-typecheck] [--quiet]

Builds the component of the project in DIR (default: here), found beside its WIT (DIR/wit, or
.wit files in DIR): package.json → JavaScript or TypeScript (type-checked, then componentize-js);
app.py → componentize-py; Cargo.toml → cargo for wasm32-wasip2 (cargo component when the crate
asks for it); go.mod → wit-bindgen go + Go for wasip1 + jco's preview1 adapter (TinyGo for
modules on go.bytecodealliance.org/cm); .c files → clang with wasi-libc (wit-bindgen c when a
source includes the world's header) + jco's preview1 adapter. \`wit-tools doctor\` says which tool
chains are here. --command runs CMD in DIR
instead, with $WIT_TOOLS_WORLD, $WIT_TOOLS_WIT_DIR and $WIT_TOOLS_OUT set. The world is the only
one, or the one given. The component goes to DIR/dist/WORLD.wasm unless -o says otherwise.
Exit status: 0 built, 1 failed (compiler messages as file:line:col), 2 usage error.`;

function formatDiagnostic(d: BuildDiagnostic, cwd: string): string {
  return `${nodePath.relative(cwd, d.file) || d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}${d.code ? ` [${d.code}]` : ''}`;
}

export interface RunBuildOptions {
  /** Cancels the build (the daemon's, when its client goes away); by default Ctrl-C does. */
  signal?: AbortSignal;
  /** Once built, the project's next build worker waits (the daemon's next build finds it warm). */
  keepWarm?: boolean;
}

export async function runBuild(argv: string[], io: CheckIo, options: RunBuildOptions = {}): Promise<number> {
  try {
    const p = parseArgs(argv, { out: { value: true, alias: 'o' }, world: { value: true }, command: { value: true }, 'no-typecheck': {}, quiet: { alias: 'q' }, help: { alias: 'h' } });
    if (has(p, 'help')) {
      io.stdout(buildUsage + '\n');
      return 0;
    }
    if (p.positional.length > 1) throw new UsageError(`build takes one DIR, got \`${p.positional[1]}\` too`);
    const quiet = has(p, 'quiet');
    const dir = nodePath.resolve(io.cwd, p.positional[0] ?? '.');
    const out = flag(p, 'out');
    // The worker that will run componentize-js (or wrap a C or Go module) starts now, and loads
    // jco while the WIT parser loads here, the project is read and compiled.
    const spare = flag(p, 'command') === undefined ? spareKindFor(dir) : undefined;
    if (spare) startSpareBuildWorker(dir, spare);
    const { buildProject } = await import('../pipeline/build.js');
    const cancellable = options.signal ? <T>(work: (signal: AbortSignal) => Promise<T>) => work(options.signal!) : interruptible;
    const r = await cancellable((signal) => buildProject({
      dir,
      out: out !== undefined ? nodePath.resolve(io.cwd, out) : undefined,
      world: flag(p, 'world'),
      command: flag(p, 'command'),
      typecheck: !has(p, 'no-typecheck'),
      keepWarm: options.keepWarm,
      signal,
      onProgress: (x) => {
        if (!quiet && x.stage !== 'done') io.stderr(`${x.message}\n`);
      },
      onOutput: (text) => {
        if (!quiet) io.stderr(text);
      },
    }));
    for (const d of r.diagnostics) io.stderr(formatDiagnostic(d, io.cwd) + '\n');
    io.stdout(`built ${nodePath.relative(io.cwd, r.component) || r.component} (${formatSize(r.size)}, world \`${r.world}\`, ${r.language}) in ${(r.durationMs / 1000).toFixed(1)} s\n`);
    return 0;
  } catch (e) {
    if (isPipelineError(e)) {
      const diagnostics = (e.details.diagnostics ?? []) as BuildDiagnostic[];
      for (const d of diagnostics) io.stderr(formatDiagnostic(d, io.cwd) + '\n');
    }
    return reportFailure(e, io, buildUsage);
  }
}
