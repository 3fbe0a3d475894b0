// `wit-tools inspect COMPONENT.wasm [--json]`: the component's WIT, then a table of its imports
// and exports and of the functions `call` can call.
import { has, parseArgs, UsageError } from './args.js';
import type { CheckIo } from './check.js';
import { reportFailure, resolvePath } from './run.js';
import { inspectComponent } from '../pipeline/inspect.js';
import { formatSize } from '../pipeline/units.js';

export const inspectUsage = `usage: wit-tools inspect COMPONENT.wasm [--json] [--wit-only]

Prints the component's WIT (its world, then every interface it imports or exports), a table of
its imports and exports, and the functions \`wit-tools call\` can call. --json prints
{path, hash, size, wit, rows: [{direction, kind, name, detail}], functions: [{name, shortName,
signature, callable, reason}]}.`;

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => `  ${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')}`.trimEnd()).join('\n');
}

export async function runInspect(argv: string[], io: CheckIo): Promise<number> {
  try {
    const p = parseArgs(argv, { json: {}, 'wit-only': {}, help: { alias: 'h' } });
    if (has(p, 'help')) {
      io.stdout(inspectUsage + '\n');
      return 0;
    }
    if (p.positional.length !== 1) throw new UsageError(p.positional.length ? `unexpected \`${p.positional[1]}\`` : 'inspect needs a COMPONENT.wasm');
    const r = await inspectComponent(resolvePath(io.cwd, p.positional[0]));
    if (has(p, 'json')) {
      const functions = r.functions.map((f) => ({ name: f.name, shortName: f.shortName, signature: f.signature, callable: !f.notCallable, ...(f.notCallable ? { reason: f.notCallable } : {}) }));
      io.stdout(JSON.stringify({ path: r.path, hash: r.hash, size: r.size, wit: r.wit, rows: r.rows, functions }, null, 2) + '\n');
      return 0;
    }
    if (has(p, 'wit-only')) {
      io.stdout(r.wit);
      return 0;
    }
    let out = `// ${p.positional[0]}: ${formatSize(r.size)}, sha256 ${r.hash.slice(0, 16)}…\n${r.wit}\n`;
    for (const direction of ['import', 'export'] as const) {
      const rows = r.rows.filter((x) => x.direction === direction);
      out += `${direction}s (${rows.length}):\n`;
      out += rows.length ? table(rows.map((x) => [x.kind, x.name, x.detail])) + '\n' : '  (none)\n';
    }
    out += `functions to call (${r.functions.filter((f) => !f.notCallable).length} of ${r.functions.length}):\n`;
    out += r.functions.length
      ? table(r.functions.map((f) => [f.shortName, f.notCallable ? `not callable: ${f.notCallable}` : f.signature])) + '\n'
      : '  (none)\n';
    io.stdout(out);
    return 0;
  } catch (e) {
    return reportFailure(e, io, inspectUsage);
  }
}
