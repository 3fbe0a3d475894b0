// WIT text for resolved items: the signatures shown in hovers, completion details, inlay hints.
import { formatSemver } from '../syntax/index.js';
import type { Function, Resolve, Stability, Type, TypeDef } from '../semantic/model.js';
import { formatPackageName } from '../semantic/model.js';

const keywords = new Set(['use', 'type', 'func', 'u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64', 'f32', 'f64', 'char', 'resource', 'own',
  'borrow', 'record', 'flags', 'variant', 'enum', 'bool', 'string', 'option', 'result', 'future', 'stream', 'error-context', 'list', 'map', '_',
  'as', 'from', 'static', 'interface', 'tuple', 'import', 'export', 'world', 'package', 'constructor', 'include', 'with', 'async']);

export function isKeyword(name: string): boolean {
  return keywords.has(name);
}

/** A name as WIT text: `%`-escaped when it is a keyword. */
export function witName(name: string): string {
  return keywords.has(name) ? `%${name}` : name;
}

/** A type reference as written in WIT: names for named types, structure for anonymous ones. */
export function typeText(r: Resolve, t: Type | undefined, depth = 0): string {
  if (t === undefined) return '_';
  if (typeof t === 'string') return t;
  const d = r.types[t.id];
  if (!d) return '?';
  if (d.name !== null) return witName(d.name);
  return structureText(r, d, depth);
}

/** What a type is made of, ignoring its own name: `tuple<u16, u8>` for `type location = tuple<u16, u8>`. */
function structureText(r: Resolve, d: TypeDef, depth: number): string {
  if (depth > 20) return '…';
  const k = d.kind;
  const inner = (x: Type | undefined) => typeText(r, x, depth + 1);
  switch (k.kind) {
    case 'list': return `list<${inner(k.type)}>`;
    case 'fixed-length-list': return `list<${inner(k.type)}, ${k.size}>`;
    case 'map': return `map<${inner(k.key)}, ${inner(k.value)}>`;
    case 'option': return `option<${inner(k.type)}>`;
    case 'result':
      if (!k.ok && !k.err) return 'result';
      if (!k.err) return `result<${inner(k.ok)}>`;
      return `result<${k.ok ? inner(k.ok) : '_'}, ${inner(k.err)}>`;
    case 'tuple': return `tuple<${k.types.map(inner).join(', ')}>`;
    case 'future': return k.type ? `future<${inner(k.type)}>` : 'future';
    case 'stream': return k.type ? `stream<${inner(k.type)}>` : 'stream';
    case 'handle': return `${k.handle}<${typeText(r, { id: k.resource }, depth + 1)}>`;
    case 'type': return inner(k.type);
    default: return '?';
  }
}

/** `func(a: u32) -> string`, `async func()`, `static func()`, `constructor(…)`. */
export function funcSignature(r: Resolve, f: Function): string {
  const params = f.params.filter((p, i) => !(i === 0 && p.name === 'self' && (f.kind.kind === 'method' || f.kind.kind === 'async-method')));
  const list = params.map((p) => `${witName(p.name)}: ${typeText(r, p.type)}`).join(', ');
  if (f.kind.kind === 'constructor') {
    const res = f.result !== undefined && typeof f.result !== 'string' && r.types[f.result.id]?.kind.kind === 'result' ? ` -> ${typeText(r, f.result)}` : '';
    return `constructor(${list})${res}`;
  }
  const prefix = f.kind.kind === 'static' || f.kind.kind === 'async-static' ? 'static ' : '';
  const asy = f.kind.kind.startsWith('async') ? 'async ' : '';
  return `${prefix}${asy}func(${list})${f.result !== undefined ? ` -> ${typeText(r, f.result)}` : ''}`;
}

/** A function's declared name (`[method]r.m` → `m`). */
export function shortFuncName(name: string): string {
  const close = name.indexOf(']');
  if (close < 0) return name;
  const rest = name.slice(close + 1);
  const dot = rest.indexOf('.');
  return dot >= 0 ? rest.slice(dot + 1) : rest;
}

/** A type definition as WIT: `record point { x: s32, … }`, `type a = b`, `resource r`. */
export function typeDefText(r: Resolve, d: TypeDef, multiline = true): string {
  const name = witName(d.name ?? '_');
  const sep = multiline ? '\n' : ' ';
  const ind = multiline ? '  ' : '';
  const body = (items: string[]) => (items.length ? `{${sep}${items.map((i) => `${ind}${i},`).join(sep)}${sep}}` : '{}');
  const k = d.kind;
  switch (k.kind) {
    case 'record': return `record ${name} ${body(k.fields.map((f) => `${witName(f.name)}: ${typeText(r, f.type)}`))}`;
    case 'variant': return `variant ${name} ${body(k.cases.map((c) => (c.type !== undefined ? `${witName(c.name)}(${typeText(r, c.type)})` : witName(c.name))))}`;
    case 'enum': return `enum ${name} ${body(k.cases.map((c) => witName(c.name)))}`;
    case 'flags': return `flags ${name} ${body(k.flags.map((c) => witName(c.name)))}`;
    case 'resource': return `resource ${name}`;
    case 'type': return `type ${name} = ${typeText(r, k.type)}`;
    case 'unknown': return `type ${name}`;
    default: return `type ${name} = ${structureText(r, d, 0)}`;
  }
}

/** Expands aliases down to the type that is not an alias (`type a = b; type b = u32` → `u32`). */
export function expandAlias(r: Resolve, t: Type): Type {
  let cur = t;
  for (let guard = 0; guard < 100; guard++) {
    if (typeof cur === 'string') return cur;
    const d = r.types[cur.id];
    if (!d || d.kind.kind !== 'type') return cur;
    cur = d.kind.type;
  }
  return cur;
}

export function stabilityText(s: Stability): string | undefined {
  if (s.kind === 'stable') return `@since(version = ${formatSemver(s.since)})${s.deprecated ? ` @deprecated(version = ${formatSemver(s.deprecated)})` : ''}`;
  if (s.kind === 'unstable') return `@unstable(feature = ${s.feature})${s.deprecated ? ` @deprecated(version = ${formatSemver(s.deprecated)})` : ''}`;
  return undefined;
}

export function deprecatedSince(s: Stability): string | undefined {
  return s.kind !== 'unknown' && s.deprecated ? formatSemver(s.deprecated) : undefined;
}

/** `ns:pkg/iface@v` or `ns:pkg@v` for where an item lives. */
export function qualifiedInterface(r: Resolve, id: number): string {
  const i = r.interfaces[id];
  if (!i) return '?';
  if (i.package === null) return i.name ?? '?';
  const p = r.packages[i.package];
  const v = p.name.version ? `@${formatSemver(p.name.version)}` : '';
  return i.name ? `${p.name.namespace}:${p.name.name}/${i.name}${v}` : `${formatPackageName(p.name)} (inline interface)`;
}
