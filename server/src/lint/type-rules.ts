// unused-type, empty-interface and duplicate-structural-type: the types and interfaces of a package.
import type { Resolve, Type, TypeDef, TypeId } from '../semantic/model.js';
import type { LintContext } from './context.js';

/** Every type id that something in the resolve refers to (types, functions, world items). */
function referencedTypes(r: Resolve): Set<TypeId> {
  const out = new Set<TypeId>();
  const ty = (t: Type | undefined) => { if (t !== undefined && typeof t !== 'string') out.add(t.id); };
  for (const t of r.types) {
    const k = t.kind;
    switch (k.kind) {
      case 'record': for (const f of k.fields) ty(f.type); break;
      case 'variant': for (const c of k.cases) ty(c.type); break;
      case 'tuple': for (const x of k.types) ty(x); break;
      case 'handle': out.add(k.resource); break;
      case 'option': case 'list': case 'type': case 'fixed-length-list': ty(k.type); break;
      case 'future': case 'stream': ty(k.type); break;
      case 'result': ty(k.ok); ty(k.err); break;
      case 'map': ty(k.key); ty(k.value); break;
    }
  }
  const fn = (f: { params: { type: Type }[]; result?: Type }) => { for (const p of f.params) ty(p.type); ty(f.result); };
  for (const i of r.interfaces) for (const f of i.functions.values()) fn(f);
  for (const w of r.worlds) {
    for (const m of [w.imports, w.exports]) {
      for (const { item } of m.values()) {
        if (item.kind === 'function') fn(item.func);
        else if (item.kind === 'type') out.add(item.id);
      }
    }
  }
  return out;
}

/**
 * A named type of an interface of the package that nothing refers to: no function, type or world,
 * and no other interface through `use`. Types of worlds are the world's own imports and never
 * flagged. A type kept only for other packages to `use` is flagged: silence it where it is meant.
 */
export function checkUnusedType(ctx: LintContext): void {
  const r = ctx.resolve;
  if (!r) return;
  const used = referencedTypes(r);
  r.types.forEach((t, id) => {
    if (t.name === null || t.fromUse || t.isError || !t.loc || !ctx.fileSet.has(t.loc.file)) return;
    if (t.owner.kind !== 'interface' || used.has(id)) return;
    const iface = r.interfaces[t.owner.id];
    ctx.report('unused-type', t.loc.file, { start: t.loc.start, end: t.loc.end }, `type \`${t.name}\`${iface.name ? ` of interface \`${iface.name}\`` : ''} is never used`, { tags: ['unnecessary'] });
  });
}

export function checkEmptyInterface(ctx: LintContext): void {
  for (const file of ctx.files) {
    const top = (items: typeof file.ast.items) => {
      for (const item of items) {
        if (item.kind === 'nested-package') top(item.items);
        else if (item.kind === 'interface' && item.name && item.bodySpan && item.items.length === 0) {
          ctx.report('empty-interface', file.path, item.name.span, `interface \`${item.name.name}\` is empty`);
        } else if (item.kind === 'world') {
          for (const wi of item.items) {
            if ((wi.kind === 'import' || wi.kind === 'export') && wi.extern?.kind === 'extern-interface' && wi.extern.bodySpan && wi.extern.items.length === 0) {
              ctx.report('empty-interface', file.path, wi.extern.name.span, `interface \`${wi.extern.name.name}\` is empty`);
            }
          }
        }
      }
    };
    top(file.ast.items);
  }
}

/**
 * Records, variants, enums and flags of one package with the same structure: members with the
 * same names, in the same order, of the same types (named types by identity, following `use`).
 */
export function checkDuplicateStructuralType(ctx: LintContext): void {
  const r = ctx.resolve;
  if (!r) return;
  const real = (id: TypeId): TypeId => {
    for (let n = 0; n < 64; n++) {
      const t = r.types[id];
      if (!t.fromUse || t.kind.kind !== 'type' || typeof t.kind.type === 'string') return id;
      id = t.kind.type.id;
    }
    return id;
  };
  const key = (t: Type | undefined, depth = 0): string => {
    if (t === undefined) return '_';
    if (typeof t === 'string') return t;
    const id = real(t.id);
    const d = r.types[id];
    if (d.name !== null || depth > 32) return `#${id}`;
    return body(d, depth + 1) ?? `#${id}`;
  };
  const body = (d: TypeDef, depth: number): string | undefined => {
    const k = d.kind;
    switch (k.kind) {
      case 'record': return `record{${k.fields.map((f) => `${f.name}:${key(f.type, depth)}`).join(',')}}`;
      case 'variant': return `variant{${k.cases.map((c) => `${c.name}:${key(c.type, depth)}`).join(',')}}`;
      case 'enum': return `enum{${k.cases.map((c) => c.name).join(',')}}`;
      case 'flags': return `flags{${k.flags.map((c) => c.name).join(',')}}`;
      case 'tuple': return `tuple<${k.types.map((x) => key(x, depth)).join(',')}>`;
      case 'option': return `option<${key(k.type, depth)}>`;
      case 'list': return `list<${key(k.type, depth)}>`;
      case 'fixed-length-list': return `list<${key(k.type, depth)},${k.size}>`;
      case 'map': return `map<${key(k.key, depth)},${key(k.value, depth)}>`;
      case 'result': return `result<${key(k.ok, depth)},${key(k.err, depth)}>`;
      case 'handle': return `${k.handle}<#${real(k.resource)}>`;
      case 'future': case 'stream': return `${k.kind}<${key(k.type, depth)}>`;
      case 'type': return key(k.type, depth);
      default: return undefined;
    }
  };
  const first = new Map<string, TypeId>();
  const candidates: TypeId[] = [];
  r.types.forEach((t, id) => {
    if (t.name === null || t.fromUse || t.isError || !t.loc || !ctx.fileSet.has(t.loc.file)) return;
    if (!['record', 'variant', 'enum', 'flags'].includes(t.kind.kind)) return;
    candidates.push(id);
  });
  // In source order, so the later definition is the one reported.
  candidates.sort((a, b) => {
    const x = r.types[a].loc!;
    const y = r.types[b].loc!;
    return x.file < y.file ? -1 : x.file > y.file ? 1 : x.start - y.start;
  });
  for (const id of candidates) {
    const t = r.types[id];
    const k = body(t, 0);
    if (!k) continue;
    // Types of different packages (a nested package beside the main one) are not compared.
    const owner = t.owner.kind === 'interface' ? r.interfaces[t.owner.id].package : t.owner.kind === 'world' ? r.worlds[t.owner.id].package : null;
    const full = `${owner}\0${k}`;
    const prev = first.get(full);
    if (prev === undefined) { first.set(full, id); continue; }
    const p = r.types[prev];
    ctx.report('duplicate-structural-type', t.loc!.file, { start: t.loc!.start, end: t.loc!.end }, `${t.kind.kind} \`${t.name}\` has the same structure as \`${p.name}\``, {
      related: [{ message: `\`${p.name}\` is defined here`, location: { file: p.loc!.file, span: { start: p.loc!.start, end: p.loc!.end } } }],
    });
  }
}
