// A small, strict argument parser: known flags only, clear errors (exit code 2 in main).

export class UsageError extends Error {}

export interface FlagSpec {
  /** Takes a value (`--format json` or `--format=json`). */
  value?: boolean;
  /** May repeat; values collect into an array. */
  repeat?: boolean;
  alias?: string;
}

export interface Parsed {
  flags: Map<string, string[]>;
  positional: string[];
  /** Everything after `--`. */
  rest: string[];
}

export function parseArgs(argv: string[], specs: Record<string, FlagSpec>): Parsed {
  const flags = new Map<string, string[]>();
  const positional: string[] = [];
  const aliases = new Map<string, string>();
  for (const [name, spec] of Object.entries(specs)) if (spec.alias) aliases.set(spec.alias, name);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return { flags, positional, rest: argv.slice(i + 1) };
    if (a.startsWith('-') && a !== '-') {
      let name = a.replace(/^--?/, '');
      let value: string | undefined;
      const eq = name.indexOf('=');
      if (eq >= 0) { value = name.slice(eq + 1); name = name.slice(0, eq); }
      name = aliases.get(name) ?? name;
      const spec = specs[name];
      if (!spec) throw new UsageError(`unknown option \`${a}\``);
      if (spec.value) {
        if (value === undefined) {
          if (i + 1 >= argv.length) throw new UsageError(`option \`--${name}\` needs a value`);
          value = argv[++i];
        }
      } else if (value !== undefined) {
        throw new UsageError(`option \`--${name}\` takes no value`);
      } else {
        value = '';
      }
      const list = flags.get(name) ?? [];
      if (list.length && !spec.repeat) throw new UsageError(`option \`--${name}\` given more than once`);
      list.push(value);
      flags.set(name, list);
    } else {
      positional.push(a);
    }
  }
  return { flags, positional, rest: [] };
}

export function flag(p: Parsed, name: string): string | undefined {
  return p.flags.get(name)?.[0];
}

export function has(p: Parsed, name: string): boolean {
  return p.flags.has(name);
}
