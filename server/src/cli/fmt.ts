// `wit-tools fmt [--check | --write] [--indent N] PATH...`: formats WIT files (ide/format.ts)
// and WAC files (wac/format.ts).
// Without a flag it prints the formatted text of one file (`-` reads stdin); `--check` lists the
// files that are not formatted; `--write` rewrites them in place. A folder stands for its own
// `*.wit` files (not `deps/`, which holds other people's packages). A file with syntax errors is
// reported and left untouched: the library can format around a broken item, but a command that
// rewrites files should not half-format one.
import * as nodeFs from 'node:fs';
import * as nodePath from 'node:path';
import { formatWit } from '../ide/format.js';
import { formatWac } from '../wac/format.js';
import { parseWit } from '../syntax/index.js';
import { flag, has, parseArgs, UsageError } from './args.js';
import type { CheckIo } from './check.js';
import { formatHuman, relativeFile } from './diagnostics-output.js';

export const fmtUsage = `usage: wit-tools fmt [--check | --write] [--indent N] PATH...

Formats WIT and WAC files, keeping every comment. A folder means its own *.wit and *.wac
files (not deps/).

  (no flag)   print the formatted text of one file (PATH \`-\` reads stdin)
  --check     list the files that are not formatted; exit 1 if there are any
  --write     rewrite the files that are not formatted, in place
  --indent N  spaces per level (default 2)

Files with syntax errors are reported and left untouched (exit 1).`;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

interface Source {
  /** As given or found, for messages (relative to the working directory). */
  shown: string;
  /** Absolute path; undefined for stdin. */
  path?: string;
}

export function runFmt(argv: string[], io: CheckIo, readStdin: () => string = () => nodeFs.readFileSync(0, 'utf8')): number {
  const p = parseArgs(argv, { check: {}, write: {}, indent: { value: true }, help: { alias: 'h' } });
  if (has(p, 'help')) {
    io.stdout(fmtUsage + '\n');
    return 0;
  }
  const check = has(p, 'check');
  const write = has(p, 'write');
  if (check && write) throw new UsageError('`--check` and `--write` cannot be combined');
  const indentFlag = flag(p, 'indent');
  const indent = indentFlag === undefined ? 2 : Number(indentFlag);
  if (!Number.isInteger(indent) || indent < 1 || indent > 16) throw new UsageError(`\`--indent\` takes a number from 1 to 16, not \`${indentFlag}\``);
  if (p.positional.length === 0) throw new UsageError('fmt needs at least one PATH');
  if (write && p.positional.includes('-')) throw new UsageError('`--write` cannot rewrite stdin');

  let problems = 0;
  const sources: Source[] = [];
  for (const arg of p.positional) {
    if (arg === '-') sources.push({ shown: '<stdin>' });
    else problems += expand(arg, io, sources);
  }
  if (!check && !write && (sources.length !== 1 || problems)) {
    if (problems) return 1;
    throw new UsageError(`printing to stdout takes one file, and ${p.positional.join(' ')} ${sources.length === 1 ? 'is' : `holds ${sources.length}`}; use --check or --write`);
  }

  let unformatted = 0;
  for (const src of sources) {
    const text = src.path === undefined ? readStdin() : readText(src, io);
    if (text === undefined) { problems++; continue; }
    const wac = src.path?.endsWith('.wac') ?? false;
    const errors = wac ? [] : parseWit(text).errors;
    if (errors.length) {
      const first = { severity: 'error' as const, code: errors[0].code, message: errors[0].message, file: src.path ?? src.shown, span: { start: errors[0].start, end: errors[0].end } };
      io.stderr(formatHuman(first, () => text, { color: io.color }, io.cwd));
      io.stderr(`${src.shown}: not formatted: ${errors.length === 1 ? 'a syntax error' : `${errors.length} syntax errors`} (\`wit-tools check\` lists them)\n`);
      problems++;
      continue;
    }
    const r = wac ? formatWac(text, { indent }) : formatWit(text, { indent });
    if ('error' in r) {
      io.stderr(`${src.shown}: not formatted: ${r.error}\n`);
      problems++;
      continue;
    }
    if (!check && !write) io.stdout(r.text);
    else if (r.changed) {
      unformatted++;
      if (check) io.stdout(`${src.shown}\n`);
      else if (writeText(src, r.text, io)) io.stdout(`formatted ${src.shown}\n`);
      else problems++;
    }
  }
  if (check && unformatted) io.stderr(`${unformatted} file${unformatted === 1 ? '' : 's'} not formatted (\`wit-tools fmt --write\` formats them)\n`);
  return problems || (check && unformatted) ? 1 : 0;
}

/** A file, or a folder's `*.wit` and `*.wac` files in name order. Returns the number of problems. */
function expand(arg: string, io: CheckIo, out: Source[]): number {
  const abs = nodePath.resolve(io.cwd, arg);
  let stat: nodeFs.Stats;
  try {
    stat = nodeFs.statSync(abs);
  } catch (e) {
    io.stderr(`error: cannot read ${arg}: ${(e as Error).message}\n`);
    return 1;
  }
  if (!stat.isDirectory()) {
    out.push({ shown: relativeFile(abs, io.cwd), path: abs });
    return 0;
  }
  const names = nodeFs.readdirSync(abs, { withFileTypes: true })
    .filter((d) => (d.name.endsWith('.wit') || d.name.endsWith('.wac')) && (d.isFile() || d.isSymbolicLink()))
    .map((d) => d.name)
    .sort();
  for (const name of names) {
    const path = nodePath.join(abs, name);
    out.push({ shown: relativeFile(path, io.cwd), path });
  }
  return 0;
}

/** The file's text; a file that is not UTF-8 is refused, as rewriting it would lose its bytes. */
function readText(src: Source, io: CheckIo): string | undefined {
  try {
    return strictUtf8.decode(nodeFs.readFileSync(src.path!));
  } catch (e) {
    const why = e instanceof TypeError ? 'it is not valid UTF-8' : (e as Error).message;
    io.stderr(`${src.shown}: not formatted: ${why}\n`);
    return undefined;
  }
}

function writeText(src: Source, text: string, io: CheckIo): boolean {
  try {
    nodeFs.writeFileSync(src.path!, text);
    return true;
  } catch (e) {
    io.stderr(`${src.shown}: cannot write: ${(e as Error).message}\n`);
    return false;
  }
}
