// `wit-tools new NAME [--language ts|js|python|go|rust|c] [--world-template hello|command|http] [--dir PARENT]`:
// scaffolds a component project that `wit-tools build` builds as it stands.
import { flag, has, parseArgs, UsageError } from './args.js';
import type { CheckIo } from './check.js';
import { reportFailure } from './run.js';
import { newProject, templateLanguages, type TemplateLanguage, type WorldTemplate } from '../pipeline/scaffold.js';

export const newUsage = `usage: wit-tools new NAME [--language ts|js|python|go|rust|c] [--world-template hello|command|http] [--dir PARENT]

Creates the folder NAME (in PARENT, default here) with a WIT world (wit/world.wit), an
implementation stub in the language, its manifest (package.json, Cargo.toml, go.mod, or a
Makefile for C) and a README that says what the build needs. NAME is kebab-case; it names the
folder, the WIT package (local:NAME) and the world. Templates: hello (exports
\`greet(name) -> string\`), command (wasi:cli/run), http (wasi:http/incoming-handler; ts and js).`;

/** Full names are accepted too. */
const aliases: Record<string, TemplateLanguage> = { typescript: 'ts', javascript: 'js', py: 'python', golang: 'go', rs: 'rust' };

export function runNew(argv: string[], io: CheckIo): number {
  try {
    const p = parseArgs(argv, { language: { value: true, alias: 'l' }, 'world-template': { value: true, alias: 't' }, dir: { value: true }, help: { alias: 'h' } });
    if (has(p, 'help')) {
      io.stdout(newUsage + '\n');
      return 0;
    }
    if (p.positional.length !== 1) throw new UsageError(p.positional.length ? `new takes one NAME, got \`${p.positional[1]}\` too` : 'new needs a NAME');
    const asked = flag(p, 'language') ?? 'ts';
    const language = (aliases[asked] ?? asked) as TemplateLanguage;
    const template = (flag(p, 'world-template') ?? 'hello') as WorldTemplate;
    if (!(templateLanguages as readonly string[]).includes(language)) throw new UsageError(`unknown language \`${asked}\` (expected ${templateLanguages.join(', ')})`);
    if (!['hello', 'command', 'http'].includes(template)) throw new UsageError(`unknown world template \`${template}\` (expected hello, command or http)`);
    const r = newProject({ name: p.positional[0], parent: flag(p, 'dir') ?? io.cwd, language, template });
    io.stdout(`created ${r.dir}\n${r.files.map((f) => `  ${f}\n`).join('')}next:\n${r.next.map((n) => `  ${n}\n`).join('')}`);
    return 0;
  } catch (e) {
    return reportFailure(e, io, newUsage);
  }
}
