// `wit-tools bindings [DIR] --language L [--world W] [-o OUT] [--check]`: a world's guest bindings
// from the real generators, written where the language expects them; `--check` for CI.
import * as nodePath from 'node:path';
import { flag, has, parseArgs, UsageError } from './args.js';
import type { CheckIo } from './check.js';
import { interruptible, reportFailure } from './run.js';
import { bindingsLanguages, isBindingsLanguage } from '../pipeline/bindings.js';

export const bindingsUsage = `usage: wit-tools bindings [DIR] [--language L] [--world W] [-o OUT] [--check] [--quiet]

Generates the guest bindings of the world of the project in DIR (default: here) with the
language's own generator: ts, js (jco's guest types, .d.ts), python (componentize-py), go
(wit-bindgen go), rust, c, cpp, csharp, markdown (wit-bindgen). The language defaults to
the project's. Files go to OUT (default: DIR for go and python, whose packages must sit in the
module; DIR/bindings for the rest); only changed files are written, and generated files the
generator no longer produces are removed. --check writes nothing and exits 1 when files on disk
are stale, missing or left over (for CI).`;

export async function runBindings(argv: string[], io: CheckIo): Promise<number> {
  try {
    const p = parseArgs(argv, { language: { value: true, alias: 'l' }, world: { value: true, alias: 'w' }, out: { value: true, alias: 'o' }, check: {}, quiet: { alias: 'q' }, help: { alias: 'h' } });
    if (has(p, 'help')) {
      io.stdout(bindingsUsage + '\n');
      return 0;
    }
    if (p.positional.length > 1) throw new UsageError(`bindings takes one DIR, got \`${p.positional[1]}\` too`);
    const language = flag(p, 'language');
    if (language !== undefined && !isBindingsLanguage(language)) throw new UsageError(`unknown language \`${language}\` (expected ${bindingsLanguages.join(', ')})`);
    const dir = nodePath.resolve(io.cwd, p.positional[0] ?? '.');
    const out = flag(p, 'out');
    const check = has(p, 'check');
    const quiet = has(p, 'quiet');
    const { generateBindings } = await import('../pipeline/bindings.js');
    const r = await interruptible((signal) => generateBindings({
      dir, language, world: flag(p, 'world'), out: out !== undefined ? nodePath.resolve(io.cwd, out) : undefined, check, signal,
      onProgress: (m) => { if (!quiet) io.stderr(`${m}\n`); },
      onOutput: (text) => { if (!quiet) io.stderr(text); },
    }));
    const where = nodePath.relative(io.cwd, r.outDir) || '.';
    const rel = (f: string) => nodePath.join(where, f);
    if (check) {
      if (r.upToDate) {
        io.stdout(`ok: the ${r.language} bindings of world \`${r.world}\` in ${where} are up to date (${r.files.length} file${r.files.length === 1 ? '' : 's'})\n`);
        return 0;
      }
      for (const f of r.changed) io.stdout(`stale: ${rel(f)}\n`);
      for (const f of r.removed) io.stdout(`left over: ${rel(f)}\n`);
      io.stderr(`error: the ${r.language} bindings of world \`${r.world}\` are out of date (${r.changed.length + r.removed.length} file${r.changed.length + r.removed.length === 1 ? '' : 's'}): run \`wit-tools bindings${language ? ` --language ${language}` : ''}\`\n`);
      return 1;
    }
    for (const f of r.changed) io.stdout(`wrote ${rel(f)}\n`);
    for (const f of r.removed) io.stdout(`removed ${rel(f)}\n`);
    io.stdout(`${r.language} bindings of world \`${r.world}\`: ${r.changed.length} written, ${r.files.length - r.changed.length} unchanged${r.removed.length ? `, ${r.removed.length} removed` : ''} (in ${where})\n`);
    return 0;
  } catch (e) {
    return reportFailure(e, io, bindingsUsage);
  }
}
