// Whether two sides' WIT fit, structurally: types, functions and interfaces compared across two
// `Resolve`s (a component's, decoded from its binary, or a package's, resolved from source). One
// implementation for linking components (pipeline/link.ts), checking WAC arguments (wac/check.ts)
// and anything else that asks whether one side serves another.
//
// Names of records, variants and the like do not matter, as in the component model's subtyping
// (types are structural); resources match by name; `type x = y` and `use` are looked through.
import type { Function, InterfaceId, Resolve, Type, TypeDef, TypeDefKind, TypeId } from './model.js';
import { printFunctionType, printTypeRef, printTypeStructure } from './print.js';

/** A type and the resolve it lives in. */
export interface SideType {
  resolve: Resolve;
  type: Type;
}

/** What `t` stands for through `type x = y` and `use`: a primitive's name, or a definition. */
function follow(resolve: Resolve, t: Type): string | TypeDef | undefined {
  let cur = t;
  for (let i = 0; i < 1000; i++) {
    if (typeof cur === 'string') return cur;
    const def = resolve.types[cur.id];
    if (def.kind.kind !== 'type') return def;
    cur = def.kind.type;
  }
  return undefined; // a cycle of aliases (an error reported elsewhere)
}

/** The definition `t` stands for, through `type x = y` and `use`; undefined for a primitive. */
export function definitionOf(resolve: Resolve, t: Type): TypeDef | undefined {
  const f = follow(resolve, t);
  return typeof f === 'object' ? f : undefined;
}

/** The primitive `t` stands for, through aliases; undefined for a defined type. */
function primitiveOf(resolve: Resolve, t: Type): string | undefined {
  const f = follow(resolve, t);
  return typeof f === 'string' ? f : undefined;
}

/** The kind that must agree on both sides: `s32`, `record`, `own`, `fixed-list`, … */
function shape(resolve: Resolve, t: Type): string {
  const p = primitiveOf(resolve, t);
  if (p !== undefined) return p;
  const def = definitionOf(resolve, t);
  if (!def) return 'unknown';
  const k = def.kind;
  if (k.kind === 'handle') return k.handle;
  if (k.kind === 'fixed-length-list') return 'fixed-list';
  return k.kind;
}

function kindWord(kind: string): string {
  switch (kind) {
    case 'record': case 'variant': case 'flags': case 'resource': case 'list': case 'tuple': case 'option': case 'result': case 'map':
      return `a ${kind}`;
    case 'enum': return 'an enum';
    case 'own': return 'an owned handle';
    case 'borrow': return 'a borrowed handle';
    default: return `\`${kind}\``;
  }
}

/** How a message writes a type where it is used: its name, else its structure. */
export function typeText(side: SideType): string {
  return printTypeRef(side.resolve, side.type);
}

function ref(resolve: Resolve, id: TypeId): SideType {
  return { resolve, type: { id } };
}

/** Why `a` (the importer's, the one asking) and `b` (the provider's) differ, or undefined when they fit. */
export function typeDifference(a: SideType, b: SideType, seen = new Set<string>()): string | undefined {
  if (a.resolve === b.resolve && sameType(a.type, b.type)) return undefined;
  const ka = shape(a.resolve, a.type);
  const kb = shape(b.resolve, b.type);
  if (ka !== kb) return `${typeText(a)} is ${kindWord(ka)} but ${typeText(b)} is ${kindWord(kb)}`;
  const da = definitionOf(a.resolve, a.type);
  const db = definitionOf(b.resolve, b.type);
  if (!da || !db) return undefined; // primitives of the same kind
  const x = da.kind;
  const y = db.kind as typeof x;
  const sub = (s: Type, t: Type) => typeDifference({ resolve: a.resolve, type: s }, { resolve: b.resolve, type: t }, seen);
  switch (x.kind) {
    case 'resource':
      return da.name === db.name ? undefined : `resource \`${da.name ?? '?'}\` is not \`${db.name ?? '?'}\``;
    case 'handle':
      return typeDifference(ref(a.resolve, x.resource), ref(b.resolve, (y as typeof x).resource), seen);
    case 'list':
      return sub(x.type, (y as typeof x).type);
    case 'fixed-length-list': {
      const o = y as typeof x;
      if (x.size !== o.size) return `list lengths ${x.size} and ${o.size} differ`;
      return sub(x.type, o.type);
    }
    case 'map': {
      const o = y as typeof x;
      return sub(x.key, o.key) ?? sub(x.value, o.value);
    }
    case 'option':
      return sub(x.type, (y as typeof x).type);
    case 'tuple': {
      const o = y as typeof x;
      if (x.types.length !== o.types.length) return `tuples of ${x.types.length} and ${o.types.length} elements`;
      for (let i = 0; i < x.types.length; i++) { const d = sub(x.types[i], o.types[i]); if (d) return d; }
      return undefined;
    }
    case 'result': {
      const o = y as typeof x;
      if ((x.ok !== undefined) !== (o.ok !== undefined)) return x.ok !== undefined ? 'the provider\'s result has no `ok` type' : 'the provider\'s result has an `ok` type';
      if ((x.err !== undefined) !== (o.err !== undefined)) return x.err !== undefined ? 'the provider\'s result has no `err` type' : 'the provider\'s result has an `err` type';
      return (x.ok !== undefined && sub(x.ok, o.ok!)) || (x.err !== undefined && sub(x.err, o.err!)) || undefined;
    }
    case 'future': case 'stream': {
      const o = y as typeof x;
      if (x.type === undefined || o.type === undefined) return x.type === o.type ? undefined : `${x.kind} payloads differ`;
      return sub(x.type, o.type);
    }
    default: break;
  }
  // Named structures: compare once per pair of names (recursion through resources ends there).
  const na = da.name ?? typeText(a);
  const key = `${na}\0${db.name ?? typeText(b)}`;
  if (seen.has(key)) return undefined;
  seen.add(key);
  const label = `\`${na}\``;
  switch (x.kind) {
    case 'record': {
      const o = y as typeof x;
      const names = (fs: { name: string }[]) => fs.map((f) => f.name).join(', ');
      if (names(x.fields) !== names(o.fields)) return `record ${label} has fields (${names(x.fields)}) on one side and (${names(o.fields)}) on the other`;
      for (let i = 0; i < x.fields.length; i++) {
        const d = sub(x.fields[i].type, o.fields[i].type);
        if (d) return `field \`${x.fields[i].name}\` of ${label}: ${d}`;
      }
      return undefined;
    }
    case 'variant': {
      const o = y as typeof x;
      const names = (cs: { name: string }[]) => cs.map((c) => c.name).join(', ');
      if (names(x.cases) !== names(o.cases)) return `variant ${label} has cases (${names(x.cases)}) on one side and (${names(o.cases)}) on the other`;
      for (let i = 0; i < x.cases.length; i++) {
        const s = x.cases[i].type;
        const t = o.cases[i].type;
        if ((s === undefined) !== (t === undefined)) return `case \`${x.cases[i].name}\` of ${label} has a payload on one side only`;
        const d = s !== undefined && sub(s, t!);
        if (d) return `case \`${x.cases[i].name}\` of ${label}: ${d}`;
      }
      return undefined;
    }
    case 'enum': {
      const o = y as typeof x;
      const names = (cs: { name: string }[]) => cs.map((c) => c.name);
      return names(x.cases).join(',') === names(o.cases).join(',') ? undefined : `enum ${label} has cases (${names(x.cases).join(', ')}) on one side and (${names(o.cases).join(', ')}) on the other`;
    }
    case 'flags': {
      const o = y as typeof x;
      const names = (fs: { name: string }[]) => fs.map((f) => f.name);
      return names(x.flags).join(',') === names(o.flags).join(',') ? undefined : `flags ${label} are (${names(x.flags).join(', ')}) on one side and (${names(o.flags).join(', ')}) on the other`;
    }
    default:
      return undefined;
  }
}

function sameType(a: Type, b: Type): boolean {
  return typeof a === 'string' || typeof b === 'string' ? a === b : a.id === b.id;
}

/** A function and the resolve it lives in. */
export interface SideFunction {
  resolve: Resolve;
  func: Function;
}

const isAsync = (f: Function) => f.kind.kind.startsWith('async-');

/** Why two functions differ (parameters by name and type, the result), or undefined. */
export function functionDifference(a: SideFunction, b: SideFunction): string | undefined {
  const fa = a.func;
  const fb = b.func;
  if (isAsync(fa) !== isAsync(fb)) return isAsync(fa) ? 'async in one, not in the other' : 'not async in one, async in the other';
  if (fa.params.length !== fb.params.length) return `${fa.params.length} parameters against ${fb.params.length}`;
  for (let i = 0; i < fa.params.length; i++) {
    if (fa.params[i].name !== fb.params[i].name) return `parameter ${i + 1} is \`${fa.params[i].name}\` against \`${fb.params[i].name}\``;
    const d = typeDifference({ resolve: a.resolve, type: fa.params[i].type }, { resolve: b.resolve, type: fb.params[i].type });
    if (d) return `parameter \`${fa.params[i].name}\`: ${d}`;
  }
  if ((fa.result !== undefined) !== (fb.result !== undefined)) return fa.result !== undefined ? 'a result against none' : 'no result against one';
  return fa.result !== undefined && fb.result !== undefined ? typeDifference({ resolve: a.resolve, type: fa.result }, { resolve: b.resolve, type: fb.result }) : undefined;
}

/** `func(a: s32) -> s32` with every parameter (a method's `self` too). */
export function functionText(side: SideFunction): string {
  return printFunctionType(side.resolve, side.func, true);
}

/** `(a: s32, b: s32) -> s32`: a function's signature without the `func` keyword. */
export function signatureText(side: SideFunction): string {
  return functionText(side).replace(/^(async )?func/, '$1');
}

/** `record { x: s32, y: s32 }`, `enum { a, b }`, `a resource`, `string`: what a type name stands for, in one line. */
export function describeDefinition(resolve: Resolve, id: TypeId): string {
  const t = (x: Type) => printTypeRef(resolve, x);
  const p = primitiveOf(resolve, { id });
  if (p !== undefined) return p;
  const def = definitionOf(resolve, { id });
  if (!def) return printTypeRef(resolve, { id });
  const k: TypeDefKind = def.kind;
  switch (k.kind) {
    case 'record': return `record { ${k.fields.map((f) => `${f.name}: ${t(f.type)}`).join(', ')} }`;
    case 'variant': return `variant { ${k.cases.map((c) => (c.type !== undefined ? `${c.name}(${t(c.type)})` : c.name)).join(', ')} }`;
    case 'enum': return `enum { ${k.cases.map((c) => c.name).join(', ')} }`;
    case 'flags': return `flags { ${k.flags.map((f) => f.name).join(', ')} }`;
    case 'resource': return 'a resource';
    default: return printTypeStructure(resolve, k);
  }
}

/** An interface and the resolve it lives in, with how messages name the component it is of. */
export interface SideInterface {
  resolve: Resolve;
  id: InterfaceId;
  label: string;
}

/** Every way `provided` fails to serve `wanted`: types and functions, each naming both sides. */
export function interfaceDifferences(wanted: SideInterface, provided: SideInterface, head: string): string[] {
  const out: string[] = [];
  const w = wanted.resolve.interfaces[wanted.id];
  const p = provided.resolve.interfaces[provided.id];
  for (const [name, id] of w.types) {
    const other = p.types.get(name);
    if (other === undefined) {
      out.push(`${head}: type \`${name}\` is missing in ${provided.label} (${wanted.label} uses ${describeDefinition(wanted.resolve, id)})`);
      continue;
    }
    const d = typeDifference(ref(wanted.resolve, id), ref(provided.resolve, other));
    if (d) out.push(`${head}: type \`${name}\` is ${describeDefinition(wanted.resolve, id)} in ${wanted.label} but ${describeDefinition(provided.resolve, other)} in ${provided.label} (${d})`);
  }
  for (const [name, f] of w.functions) {
    const other = p.functions.get(name);
    const mine: SideFunction = { resolve: wanted.resolve, func: f };
    if (!other) {
      out.push(`${head}: \`${name}\` is missing in ${provided.label} (${wanted.label} calls \`${name}: ${functionText(mine)}\`)`);
      continue;
    }
    const theirs: SideFunction = { resolve: provided.resolve, func: other };
    if (functionDifference(mine, theirs)) out.push(`${head}: \`${name}\` takes ${signatureText(mine)} in ${wanted.label} but ${signatureText(theirs)} in ${provided.label}`);
  }
  return out;
}
