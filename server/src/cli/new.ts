// `wit-tools new NAME [--language ts|js|c] [--world-template hello|command|http] [--dir PARENT]`:
// scaffolds a component project that `wit-tools build` builds as it stands.
import { flag, has, parseArgs, UsageError } from './args.js';
import type { CheckIo } from './check.js';
import { reportFailure } from './run.js';
import { newProject, type TemplateLanguage, type WorldTemplate } from '../pipeline/index.js';

export const newUsage = `usage: wit-tools new NAME [--language ts|js|c] [--world-template hello|command|http] [--dir PARENT]

Creates the folder NAME (in PARENT, default here) with a WIT world (wit/world.wit), an
implementation stub, a package.json (ts, js) or a Makefile (c), and a README. NAME is kebab-case;
it names the folder, the WIT package (local:NAME) and the world. Templates: hello (exports
\`greet\`), command (wasi:cli/run), http (wasi:http/incoming-handler; ts and js).`;

export function runNew(argv: string[], io: CheckIo): number {
  try {
    const p = parseArgs(argv, { language: { value: true, alias: 'l' }, 'world-template': { value: true, alias: 't' }, dir: { value: true }, help: { alias: 'h' } });
    if (has(p, 'help')) {
      io.stdout(newUsage + '\n');
      return 0;
    }
    if (p.positional.length !== 1) throw new UsageError(p.positional.length ? `new takes one NAME, got \`${p.positional[1]}\` too` : 'new needs a NAME');
    const language = (flag(p, 'language') ?? 'ts') as TemplateLanguage;
    const template = (flag(p, 'world-template') ?? 'hello') as WorldTemplate;
    if (!['ts', 'js', 'c'].includes(language)) throw new UsageError(`unknown language \`${language}\` (expected ts, js or c)`);
    if (!['hello', 'command', 'http'].includes(template)) throw new UsageError(`unknown world template \`${template}\` (expected hello, command or http)`);
    const r = newProject({ name: p.positional[0], parent: flag(p, 'dir') ?? io.cwd, language, template });
    io.stdout(`created ${r.dir}\n${r.files.map((f) => `  ${f}\n`).join('')}next:\n${r.next.map((n) => `  ${n}\n`).join('')}`);
    return 0;
  } catch (e) {
    return reportFailure(e, io, newUsage);
  }
}
