// `wit-tools doctor [--json]`: which language tool chains are installed, and the command that
// installs each missing tool.
import { has, parseArgs, UsageError } from './args.js';
import type { CheckIo } from './check.js';
import { reportFailure } from './run.js';

export const doctorUsage = `usage: wit-tools doctor [--json]

Shows, for each language (TypeScript/JavaScript, Python, Go, Rust, C), whether the tools that
build its components are installed — where and which version — and the command that installs each
missing one. Tools are looked for on PATH, in ~/.cargo/bin, ~/go/bin, /usr/local/go/bin and in
$WIT_TOOLS_HOME (default ~/.local/share/wit-tools; scripts/install-toolchains.sh installs there).
Exit status: 0 when every language is ready, 1 otherwise.`;

export async function runDoctor(argv: string[], io: CheckIo): Promise<number> {
  try {
    const p = parseArgs(argv, { json: {}, help: { alias: 'h' } });
    if (has(p, 'help')) {
      io.stdout(doctorUsage + '\n');
      return 0;
    }
    if (p.positional.length) throw new UsageError(`doctor takes no arguments, got \`${p.positional[0]}\``);
    const { checkToolchains } = await import('../pipeline/doctor.js');
    const languages = await checkToolchains();
    if (has(p, 'json')) {
      io.stdout(JSON.stringify({ ok: languages.every((l) => l.ok), languages }, null, 2) + '\n');
    } else {
      for (const l of languages) {
        io.stdout(`${l.ok ? '✓' : '✗'} ${l.name}\n`);
        for (const t of l.tools) {
          if (t.path) io.stdout(`    ${t.what}: ${t.path}${t.version ? ` (${t.version})` : ''}\n`);
          else io.stdout(`    ${t.what}: ${t.optional ? 'not installed (optional)' : 'missing'}${t.install ? `\n      install: ${t.install}` : ''}${t.more ? `\n      see: ${t.more}` : ''}\n`);
        }
      }
    }
    return languages.every((l) => l.ok) ? 0 : 1;
  } catch (e) {
    return reportFailure(e, io, doctorUsage);
  }
}
