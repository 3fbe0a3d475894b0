// `wit-tools compose FILE.wac [--dep PKG=FILE.wasm]... [-o OUT.wasm]` and
// `wit-tools plug APP.wasm --with LIB.wasm... [-o OUT.wasm]`: several components composed into one.
import * as nodePath from 'node:path';
import { flag, has, parseArgs, UsageError } from './args.js';
import type { CheckIo } from './check.js';
import { formatHuman, toJsonDiagnostic } from './diagnostics-output.js';
import { reportFailure, resolvePath, withFiles } from './run.js';
const shown = (cwd: string, file: string) => {
  const rel = nodePath.relative(cwd, file);
  return rel && !rel.startsWith('..') ? rel : file;
};

import { PipelineError } from '../pipeline/errors.js';
import type { Diagnostic } from '../syntax/diagnostic.js';
import type { LoadedWac } from '../pipeline/wac.js';

export const composeUsage = `usage: wit-tools compose FILE.wac [--dep NS:NAME=FILE.wasm]... [-o OUT.wasm]

Composes the components a WAC file instantiates into ONE component, wired as the file says
(\`let lib = new demo:math { ... }; let app = new demo:calc { ops: lib.ops, ... }; export app.compute;\`).
Imports that no instance serves (WASI) stay imports of the result. Packages come from --dep,
else from deps/NS/NAME.wasm beside the file (wac's layout). Default output: FILE.wasm beside it.
Exit 0 written; 1 when the file has errors (printed like \`check\`) or the composition fails.`;

export const plugUsage = `usage: wit-tools plug APP.wasm --with LIB.wasm... [-o OUT.wasm]

Composes APP with the components that serve its imports (same interface, semver-compatible
versions, checked on both sides' WIT), like \`wac plug\`: the result exports what APP exports and
imports what none of them serves. Default output: APP.plugged.wasm.`;

function parseDeps(values: string[] | undefined, cwd: string): Record<string, string> {
  const deps: Record<string, string> = {};
  for (const v of values ?? []) {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new UsageError(`\`--dep\` wants NS:NAME=FILE.wasm, got \`${v}\``);
    deps[v.slice(0, eq)] = resolvePath(cwd, v.slice(eq + 1));
  }
  return deps;
}

/** The diagnostics of a .wac file in the shape `check` prints. */
export function wacDiagnostics(loaded: LoadedWac): Diagnostic[] {
  return loaded.analysis.diagnostics.map((d) => ({
    file: loaded.file,
    span: { start: d.start, end: d.end },
    severity: d.severity,
    code: d.code,
    message: d.message,
    related: d.related?.map((r) => ({ message: r.message, location: { file: loaded.file, span: r.span } })),
  }));
}

export async function runCompose(argv: string[], io: CheckIo): Promise<number> {
  try {
    const p = parseArgs(argv, { dep: { value: true, repeat: true }, out: { value: true, alias: 'o' }, help: { alias: 'h' } });
    if (has(p, 'help')) {
      io.stdout(composeUsage + '\n');
      return 0;
    }
    if (p.positional.length !== 1) throw new UsageError(p.positional.length ? `unexpected \`${p.positional[1]}\`` : 'compose needs a FILE.wac');
    const file = resolvePath(io.cwd, p.positional[0]);
    const out = resolvePath(io.cwd, flag(p, 'out') ?? p.positional[0].replace(/\.wac$/, '') + '.wasm');
    const { composeWac } = await import('../pipeline/wac.js');
    try {
      const r = await composeWac(file, out, { deps: parseDeps(p.flags.get('dep'), io.cwd) });
      io.stdout(`composed ${shown(io.cwd, out)} (${(r.bytes / 1048576).toFixed(1)} MB, ${r.loaded.analysis.instances.length} instances, exports ${r.loaded.analysis.exports.map((e) => `\`${e.name}\``).join(', ')})\n`);
      return 0;
    } catch (e) {
      const loaded = (e as PipelineError).details?.loaded as LoadedWac | undefined;
      if (loaded) {
        const texts = (f: string) => (f === loaded.file ? loaded.text : undefined);
        for (const d of wacDiagnostics(loaded)) io.stderr(formatHuman(d, texts, { color: io.color }, io.cwd) + '\n');
      }
      throw e;
    }
  } catch (e) {
    if (e instanceof PipelineError || e instanceof UsageError) return reportFailure(e, io, composeUsage);
    throw e;
  }
}

export async function runPlug(argv: string[], io: CheckIo): Promise<number> {
  try {
    const p = parseArgs(argv, { with: { value: true, repeat: true }, out: { value: true, alias: 'o' }, help: { alias: 'h' } });
    if (has(p, 'help')) {
      io.stdout(plugUsage + '\n');
      return 0;
    }
    if (p.positional.length !== 1) throw new UsageError(p.positional.length ? `unexpected \`${p.positional[1]}\`` : 'plug needs an APP.wasm');
    const libs = withFiles(p, io.cwd);
    if (libs.length === 0) throw new UsageError('plug needs at least one --with LIB.wasm');
    const app = resolvePath(io.cwd, p.positional[0]);
    const out = resolvePath(io.cwd, flag(p, 'out') ?? p.positional[0].replace(/\.wasm$/, '') + '.plugged.wasm');
    const { plugComponents } = await import('../pipeline/plug.js');
    const r = await plugComponents({ app, with: libs, out });
    io.stdout(`plugged ${shown(io.cwd, out)} (${(r.bytes / 1048576).toFixed(1)} MB)\n`);
    return 0;
  } catch (e) {
    if (e instanceof PipelineError || e instanceof UsageError) return reportFailure(e, io, plugUsage);
    throw e;
  }
}

/** `check` of .wac files: the same output as for WIT. */
export async function checkWacFiles(files: string[], io: CheckIo, deps: Record<string, string>): Promise<{ path: string; diagnostics: Diagnostic[]; text: string }[]> {
  const { loadWac } = await import('../pipeline/wac.js');
  const out = [];
  for (const f of files) {
    const loaded = await loadWac(resolvePath(io.cwd, f), { deps });
    out.push({ path: f, diagnostics: wacDiagnostics(loaded), text: loaded.text });
  }
  return out;
}

export { parseDeps, toJsonDiagnostic };
