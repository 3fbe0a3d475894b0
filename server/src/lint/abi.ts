// too-many-params: the canonical ABI passes at most MAX_FLAT_PARAMS (16) core values as
// parameters; beyond that every parameter goes through linear memory.
import type { Function, Resolve, Type } from '../semantic/model.js';
import type { LintContext } from './context.js';

export const MAX_FLAT_PARAMS = 16;

/** How many core values a type flattens to (the canonical ABI's `flatten_type`, by count). */
export function flatCount(r: Resolve, t: Type | undefined, depth = 0): number {
  if (t === undefined) return 0;
  if (typeof t === 'string') return t === 'string' ? 2 : 1;
  if (depth > 64) return 1;
  const k = r.types[t.id]?.kind;
  if (!k) return 1;
  const d = depth + 1;
  switch (k.kind) {
    case 'record': return k.fields.reduce((n, f) => n + flatCount(r, f.type, d), 0);
    case 'tuple': return k.types.reduce((n, x) => n + flatCount(r, x, d), 0);
    case 'flags': return Math.ceil(k.flags.length / 32);
    case 'enum': return 1;
    // A discriminant, then the cases' values joined: as many as the widest case.
    case 'variant': return 1 + Math.max(0, ...k.cases.map((c) => flatCount(r, c.type, d)));
    case 'option': return 1 + flatCount(r, k.type, d);
    case 'result': return 1 + Math.max(flatCount(r, k.ok, d), flatCount(r, k.err, d));
    case 'list': case 'map': return 2;
    case 'fixed-length-list': return k.size * flatCount(r, k.type, d);
    case 'type': return flatCount(r, k.type, d);
    default: return 1; // handles, resources, futures, streams, error-context
  }
}

export function paramCount(r: Resolve, f: Function): number {
  return f.params.reduce((n, p) => n + flatCount(r, p.type), 0);
}

/** `[method]r.m` → `r.m`, `[constructor]r` → `r.constructor`. */
function displayName(name: string): string {
  const m = /^\[(\w+(?:-\w+)?)\](.*)$/.exec(name);
  if (!m) return name;
  return m[1] === 'constructor' ? `${m[2]}.constructor` : m[2];
}

export function checkTooManyParams(ctx: LintContext): void {
  const r = ctx.resolve;
  if (!r) return;
  const check = (f: Function) => {
    if (!f.loc || !ctx.fileSet.has(f.loc.file)) return;
    const n = paramCount(r, f);
    if (n <= MAX_FLAT_PARAMS) return;
    ctx.report('too-many-params', f.loc.file, { start: f.loc.start, end: f.loc.end }, `the parameters of \`${displayName(f.name)}\` flatten to ${n} core values (more than ${MAX_FLAT_PARAMS}), so they are passed through memory`, {
      notes: ['group the parameters in a record, or pass fewer'],
    });
  };
  for (const i of r.interfaces) for (const f of i.functions.values()) check(f);
  for (const w of r.worlds) for (const m of [w.imports, w.exports]) for (const { item } of m.values()) if (item.kind === 'function') check(item.func);
}
