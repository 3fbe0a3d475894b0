// Breaking changes between two versions of a WIT package, as `wit-tools breaking` and the editor
// report them.
//
// Two answers. For every world present in both versions a verdict that is the predicate of
// `wasm-tools component semver-check`: a component built against the old world, type-checked
// (with versions ignored) where the new world is expected — component subtyping as wasmparser does
// it: the new world may import more and export less; what an old component imports must be served
// by the new world with equal types (only the types its functions reach: a component imports no
// others), and what the new world expects exported must be exported with equal types (every type of
// an exported interface). The reverse direction (a component built against the new world where the
// old one is expected: hosts written for the old version) is the same check with the sides swapped.
//
// And the list of every change, each with a stable rule id, the side it breaks and what it asks of
// the package version. Interfaces are compared whether a world uses them or not: one imported by a
// world breaks components or hosts; one no world uses breaks its importers or its exporters.
import { formatSemver, type SemVer } from '../syntax/semver.js';
import { describeDefinition, functionDifference, typeDifference } from './compat.js';
import type { Function, InterfaceId, Loc, PackageId, Resolve, Type, TypeDefKind, TypeId, TypeOwner, World, WorldId, WorldItem } from './model.js';
import { printFunctionType, printTypeRef } from './print.js';

/** Who a change breaks: in a world, components built against the old version or hosts written for it; for an interface no world uses, its importers or its exporters. */
export type Breaks = 'components' | 'hosts' | 'both' | 'none' | 'importers' | 'exporters';

/** What a change asks of the version: a breaking change (a new major), an addition (a new minor), nothing. */
export type ChangeClass = 'breaking' | 'addition' | 'none';

export interface BreakingChange {
  rule: string;
  breaks: Breaks;
  class: ChangeClass;
  message: string;
  /** Where: in the new version, or in the old one for something removed. */
  loc?: Loc;
  side: 'new' | 'old';
}

export interface WorldVerdict {
  name: string;
  /** A component built against the old world fits where the new world is expected. */
  compatible: boolean;
  /** A component built against the new world fits where the old world is expected. */
  reverseCompatible: boolean;
  why: string[];
  whyReverse: string[];
}

export type Bump = 'major' | 'minor' | 'patch' | 'none';

export interface VersionVerdict {
  old?: string;
  new?: string;
  /** The bump the changes need, in the positions of the old version (0.x: a breaking change moves the minor number). */
  required: Bump;
  /** The lowest version that allows the changes, when the old version is known. */
  minimum?: string;
  /** The bump from the old version to the new one. */
  actual?: Bump | 'downgrade';
  /** False when the new version does not allow its changes. */
  allows: boolean;
  note: string;
}

export interface BreakingReport {
  compatible: boolean;
  worlds: WorldVerdict[];
  changes: BreakingChange[];
  version: VersionVerdict;
}

/** One version of a package: the resolve it is in and the packages compared (the main one and those nested in its files). */
export interface PackageSide {
  resolve: Resolve;
  packages: PackageId[];
}

// --- names that line up across versions

/** `ns:pkg/iface` without a version: how an interface is matched across versions. */
function interfaceKey(r: Resolve, id: InterfaceId): string | undefined {
  const iface = r.interfaces[id];
  if (iface.name === null || iface.package === null) return undefined;
  const p = r.packages[iface.package].name;
  return `${p.namespace}:${p.name}/${iface.name}`;
}

function ownerKey(r: Resolve, owner: TypeOwner): string {
  if (owner.kind === 'interface') return interfaceKey(r, owner.id) ?? `interface-${owner.id}`;
  if (owner.kind === 'world') {
    const w = r.worlds[owner.id];
    const p = w.package === null ? '' : `${r.packages[w.package].name.namespace}:${r.packages[w.package].name.name}/`;
    return `${p}${w.name}`;
  }
  return '';
}

/** The key of a world item: an interface's versionless name, else the item's name. */
function itemKey(r: Resolve, key: { name: string } | { interface: InterfaceId }): string {
  return 'name' in key ? key.name : interfaceKey(r, key.interface) ?? `interface-${key.interface}`;
}

function keyed(r: Resolve, items: World['imports']): Map<string, WorldItem> {
  const out = new Map<string, WorldItem>();
  for (const { key, item } of items.values()) out.set(itemKey(r, key), item);
  return out;
}

/** `r.m` for `[method]r.m`, `r.constructor` for `[constructor]r`. */
function displayName(f: Function): string {
  const m = /^\[(method|static|async method|async static)\](.*)$/.exec(f.name);
  if (m) return m[2];
  const c = /^\[constructor\](.*)$/.exec(f.name);
  return c ? `${c[1]}.constructor` : f.name;
}

function funcWord(f: Function): 'func' | 'method' | 'constructor' {
  const k = f.kind.kind;
  if (k === 'constructor') return 'constructor';
  return k === 'freestanding' || k === 'async-freestanding' ? 'func' : 'method';
}

function funcText(r: Resolve, f: Function): string {
  return `\`${displayName(f)}: ${printFunctionType(r, f)}\``;
}

function typeDefText(r: Resolve, id: TypeId): string {
  const t = r.types[id];
  return `\`${t.name ?? printTypeRef(r, { id })}\` (${describeDefinition(r, id)})`;
}

// --- comparing references the way a reader does: a named type by its name, anything else by structure

function namedKey(r: Resolve, t: Type): string | undefined {
  if (typeof t === 'string') return undefined;
  const d = r.types[t.id];
  return d.name === null ? undefined : `${ownerKey(r, d.owner)}#${d.name}`;
}

/**
 * Whether a reference changed in a way to report where it is written: two references to the same
 * named type are the same reference (a change of that type is reported at the type); otherwise
 * structurally different references differ.
 */
function refChanged(o: Resolve, a: Type, n: Resolve, b: Type): boolean {
  const ka = namedKey(o, a);
  const kb = namedKey(n, b);
  const differ = () => typeDifference({ resolve: o, type: a }, { resolve: n, type: b }) !== undefined;
  // A name on either side: the same name is the same reference; other words (`type x = u32`
  // against `u32`) are a change only when what they stand for differs.
  if (ka !== undefined || kb !== undefined) return ka !== kb && differ();
  if (!differ()) return false;
  if (typeof a === 'string' || typeof b === 'string') return a !== b;
  return kindChanged(o, o.types[a.id].kind, n, n.types[b.id].kind);
}

function kindChanged(o: Resolve, x: TypeDefKind, n: Resolve, y: TypeDefKind): boolean {
  if (x.kind !== y.kind) return true;
  const sub = (s: Type | undefined, t: Type | undefined) => (s === undefined || t === undefined ? s !== t : refChanged(o, s, n, t));
  switch (x.kind) {
    case 'list': case 'option': return sub(x.type, (y as typeof x).type);
    case 'future': case 'stream': return sub(x.type, (y as typeof x).type);
    case 'fixed-length-list': return x.size !== (y as typeof x).size || sub(x.type, (y as typeof x).type);
    case 'map': return sub(x.key, (y as typeof x).key) || sub(x.value, (y as typeof x).value);
    case 'result': return sub(x.ok, (y as typeof x).ok) || sub(x.err, (y as typeof x).err);
    case 'tuple': { const t = (y as typeof x).types; return x.types.length !== t.length || x.types.some((s, i) => sub(s, t[i])); }
    case 'handle': { const h = y as typeof x; return x.handle !== h.handle || sub({ id: x.resource }, { id: h.resource }); }
    case 'type': return sub(x.type, (y as typeof x).type);
    case 'record': { const f = (y as typeof x).fields; return x.fields.length !== f.length || x.fields.some((s, i) => s.name !== f[i].name || sub(s.type, f[i].type)); }
    case 'variant': { const c = (y as typeof x).cases; return x.cases.length !== c.length || x.cases.some((s, i) => s.name !== c[i].name || sub(s.type, c[i].type)); }
    case 'enum': { const c = (y as typeof x).cases; return x.cases.map((s) => s.name).join() !== c.map((s) => s.name).join(); }
    case 'flags': { const f = (y as typeof x).flags; return x.flags.map((s) => s.name).join() !== f.map((s) => s.name).join(); }
    default: return false;
  }
}

// --- the types a world's components actually import or export (wit-component encodes no others)

function typesOf(f: Function): Type[] {
  return [...f.params.map((p) => p.type), ...(f.result !== undefined ? [f.result] : [])];
}

function reach(r: Resolve, roots: Type[]): Set<TypeId> {
  const seen = new Set<TypeId>();
  const stack = [...roots];
  while (stack.length) {
    const t = stack.pop()!;
    if (typeof t === 'string' || seen.has(t.id)) continue;
    seen.add(t.id);
    const k = r.types[t.id].kind;
    switch (k.kind) {
      case 'record': stack.push(...k.fields.map((f) => f.type)); break;
      case 'variant': for (const c of k.cases) if (c.type !== undefined) stack.push(c.type); break;
      case 'tuple': stack.push(...k.types); break;
      case 'list': case 'option': case 'fixed-length-list': case 'type': stack.push(k.type); break;
      case 'future': case 'stream': if (k.type !== undefined) stack.push(k.type); break;
      case 'map': stack.push(k.key, k.value); break;
      case 'result': if (k.ok !== undefined) stack.push(k.ok); if (k.err !== undefined) stack.push(k.err); break;
      case 'handle': stack.push({ id: k.resource }); break;
      default: break;
    }
  }
  return seen;
}

function worldLive(r: Resolve, w: World): Set<TypeId> {
  const roots: Type[] = [];
  const add = (item: WorldItem, exported: boolean) => {
    if (item.kind === 'function') roots.push(...typesOf(item.func));
    else if (item.kind === 'type') roots.push({ id: item.id });
    else {
      const iface = r.interfaces[item.id];
      for (const f of iface.functions.values()) roots.push(...typesOf(f));
      if (exported) for (const t of iface.types.values()) roots.push({ id: t });
    }
  };
  for (const { item } of w.imports.values()) add(item, false);
  for (const { item } of w.exports.values()) add(item, true);
  return reach(r, roots);
}

/** Every type any function of the resolve reaches: the types some world could import. */
function resolveLive(r: Resolve): Set<TypeId> {
  const roots: Type[] = [];
  for (const iface of r.interfaces) for (const f of iface.functions.values()) roots.push(...typesOf(f));
  for (const w of r.worlds) for (const { item } of [...w.imports.values(), ...w.exports.values()]) {
    if (item.kind === 'function') roots.push(...typesOf(item.func));
    else if (item.kind === 'type') roots.push({ id: item.id });
  }
  return reach(r, roots);
}

// --- the verdict: wasm-tools' semver-check predicate

export interface WorldSide {
  resolve: Resolve;
  world: World;
}

/** One way a component does not fit a world: an import it needs that is not there, an export it lacks, a type that differs. */
export interface Misfit {
  kind: 'import-not-provided' | 'export-missing' | 'mismatch';
  dir: 'import' | 'export';
  /** The item: `ns:pkg/iface` without a version, or a plain name. */
  key: string;
  /** For a mismatch: what differs. */
  detail?: string;
}

export function misfitText(m: Misfit): string {
  if (m.kind === 'import-not-provided') return `import \`${m.key}\` is not provided`;
  if (m.kind === 'export-missing') return `export \`${m.key}\` is expected but not exported`;
  return `${m.dir} \`${m.key}\`: ${m.detail}`;
}

/** Why a component built against `p` does not fit where `q` is expected (empty: it fits). */
export function worldFits(p: WorldSide, q: WorldSide): string[] {
  return worldMisfits(p, q).map(misfitText);
}

/** The same, one structured reason each. */
export function worldMisfits(p: WorldSide, q: WorldSide): Misfit[] {
  const why: Misfit[] = [];
  const live = worldLive(p.resolve, p.world);
  const provided = keyed(q.resolve, q.world.imports);
  for (const [key, item] of keyed(p.resolve, p.world.imports)) {
    const other = provided.get(key);
    if (!other) { why.push({ kind: 'import-not-provided', dir: 'import', key }); continue; }
    for (const detail of itemFits(p.resolve, item, q.resolve, other, (t) => live.has(t))) why.push({ kind: 'mismatch', dir: 'import', key, detail });
  }
  const exported = keyed(p.resolve, p.world.exports);
  for (const [key, item] of keyed(q.resolve, q.world.exports)) {
    const mine = exported.get(key);
    if (!mine) { why.push({ kind: 'export-missing', dir: 'export', key }); continue; }
    for (const detail of itemFits(q.resolve, item, p.resolve, mine, () => true)) why.push({ kind: 'mismatch', dir: 'export', key, detail });
  }
  return why;
}

/** Whether `have` (in `hr`) serves what `want` (in `wr`) asks; `counts` picks the types of an interface that matter. */
function itemFits(wr: Resolve, want: WorldItem, hr: Resolve, have: WorldItem, counts: (t: TypeId) => boolean): string[] {
  if (want.kind !== have.kind) return [`${want.kind} against ${have.kind}`];
  if (want.kind === 'function' && have.kind === 'function') {
    const d = functionDifference({ resolve: wr, func: want.func }, { resolve: hr, func: have.func });
    return d ? [d] : [];
  }
  if (want.kind === 'type' && have.kind === 'type') {
    const d = typeDifference({ resolve: wr, type: { id: want.id } }, { resolve: hr, type: { id: have.id } });
    return d ? [d] : [];
  }
  if (want.kind !== 'interface' || have.kind !== 'interface') return [];
  const out: string[] = [];
  const w = wr.interfaces[want.id];
  const h = hr.interfaces[have.id];
  for (const [name, f] of w.functions) {
    const g = h.functions.get(name);
    if (!g) { out.push(`\`${displayName(f)}\` is missing`); continue; }
    const d = functionDifference({ resolve: wr, func: f }, { resolve: hr, func: g });
    if (d) out.push(`\`${displayName(f)}\`: ${d}`);
  }
  for (const [name, t] of w.types) {
    if (!counts(t)) continue;
    const u = h.types.get(name);
    if (u === undefined) { out.push(`type \`${name}\` is missing`); continue; }
    const d = typeDifference({ resolve: wr, type: { id: t } }, { resolve: hr, type: { id: u } });
    if (d) out.push(`type \`${name}\`: ${d}`);
  }
  return out;
}

// --- the list of changes

/** How a change of an interface's item acts on each side of each use of the interface. */
interface Effect {
  /** Importing components (callers) built against the old version. */
  importUsers: boolean;
  /** Hosts (providers of the import) written for the old version. */
  importProviders: boolean;
  /** Exporting components (implementers) built against the old version. */
  exportProviders: boolean;
  /** Hosts (callers of the export) written for the old version. */
  exportUsers: boolean;
}

const allSides: Effect = { importUsers: true, importProviders: true, exportProviders: true, exportUsers: true };
/** Removed: its callers break (importing components, hosts calling an export). */
const removedEffect: Effect = { importUsers: true, importProviders: false, exportProviders: false, exportUsers: true };
/** Added: its implementers break (hosts providing an import, exporting components). */
const addedEffect: Effect = { importUsers: false, importProviders: true, exportProviders: true, exportUsers: false };

interface Raw {
  rule: string;
  message: string;
  effect: Effect;
  loc?: Loc;
  side: 'new' | 'old';
  added?: boolean;
}

class Differ {
  readonly raws: { raw: Raw; roles: Roles | 'world-import' | 'world-export' }[] = [];
  private readonly liveOld: Set<TypeId>;
  private readonly liveNew: Set<TypeId>;

  constructor(readonly o: Resolve, readonly n: Resolve) {
    this.liveOld = resolveLive(o);
    this.liveNew = resolveLive(n);
  }

  interface(oi: InterfaceId, ni: InterfaceId, label: string, roles: Roles | 'world-import' | 'world-export'): void {
    const push = (raw: Raw) => this.raws.push({ raw, roles });
    const { o, n } = this;
    const a = o.interfaces[oi];
    const b = n.interfaces[ni];
    for (const [name, f] of a.functions) {
      const g = b.functions.get(name);
      if (!g) push({ rule: `${funcWord(f)}-removed`, message: `${funcText(o, f)} was removed from ${label}`, loc: f.loc, side: 'old', effect: removedEffect });
      else for (const raw of this.func(f, g, label)) push(raw);
    }
    for (const [name, g] of b.functions) {
      if (a.functions.has(name)) continue;
      push({ rule: `${funcWord(g)}-added`, message: `${funcText(n, g)} was added to ${label}`, loc: g.loc, side: 'new', added: true, effect: addedEffect });
    }
    for (const [name, t] of a.types) {
      const u = b.types.get(name);
      if (u === undefined) {
        push({ rule: 'type-removed', message: `type ${typeDefText(o, t)} was removed from ${label}`, loc: o.types[t].loc, side: 'old', effect: { importUsers: this.liveOld.has(t), importProviders: false, exportProviders: false, exportUsers: true } });
      } else {
        const live = { importUsers: this.liveOld.has(t), importProviders: this.liveNew.has(u), exportProviders: true, exportUsers: true };
        for (const raw of this.type(t, u, `\`${name}\` of ${label}`)) push({ ...raw, effect: live });
      }
    }
    for (const [name, u] of b.types) {
      if (a.types.has(name)) continue;
      push({ rule: 'type-added', message: `type ${typeDefText(n, u)} was added to ${label}`, loc: n.types[u].loc, side: 'new', added: true, effect: { importUsers: false, importProviders: this.liveNew.has(u), exportProviders: true, exportUsers: false } });
    }
  }

  func(f: Function, g: Function, label: string): Raw[] {
    const { o, n } = this;
    const out: Raw[] = [];
    const both = `${funcText(n, g)} in the new version, ${funcText(o, f)} in the old`;
    const add = (rule: string, what: string) => out.push({ rule, message: `${what} (${both})`, loc: g.loc, side: 'new', effect: allSides });
    const name = `\`${displayName(g)}\` of ${label}`;
    const asyncOf = (x: Function) => x.kind.kind.startsWith('async-');
    if (asyncOf(f) !== asyncOf(g)) add('func-async-changed', `${name} ${asyncOf(g) ? 'became' : 'is no longer'} async`);
    const common = Math.min(f.params.length, g.params.length);
    for (let i = 0; i < common; i++) {
      const p = f.params[i];
      const q = g.params[i];
      if (p.name !== q.name) add('param-renamed', `parameter ${i + 1} of ${name} was renamed from \`${p.name}\` to \`${q.name}\``);
      else if (refChanged(o, p.type, n, q.type)) add('param-type-changed', `parameter \`${q.name}\` of ${name} changed from \`${printTypeRef(o, p.type)}\` to \`${printTypeRef(n, q.type)}\``);
    }
    for (const q of g.params.slice(common)) add('param-added', `parameter \`${q.name}\` was added to ${name}`);
    for (const p of f.params.slice(common)) add('param-removed', `parameter \`${p.name}\` was removed from ${name}`);
    if (f.result !== undefined && g.result === undefined) add('result-removed', `the result of ${name} was removed`);
    else if (f.result === undefined && g.result !== undefined) add('result-added', `${name} now returns \`${printTypeRef(n, g.result)}\``);
    else if (f.result !== undefined && g.result !== undefined && refChanged(o, f.result, n, g.result)) add('result-type-changed', `the result of ${name} changed from \`${printTypeRef(o, f.result)}\` to \`${printTypeRef(n, g.result)}\``);
    return out;
  }

  /** The changes of one named type (its effect is filled in by the caller). */
  type(t: TypeId, u: TypeId, name: string): Omit<Raw, 'effect'>[] {
    const { o, n } = this;
    const a = o.types[t];
    const b = n.types[u];
    const out: Omit<Raw, 'effect'>[] = [];
    const both = `${describeDefinition(n, u)} in the new version, ${describeDefinition(o, t)} in the old`;
    const add = (rule: string, what: string, loc = b.loc) => out.push({ rule, message: `${what} (${both})`, loc, side: 'new' });
    const x = a.kind;
    const y = b.kind;
    if (x.kind === 'type' && y.kind === 'type') {
      if (refChanged(o, x.type, n, y.type)) {
        if (a.fromUse || b.fromUse) add('use-target-changed', `${name} now refers to \`${printTypeRef(n, y.type)}\` instead of \`${printTypeRef(o, x.type)}\``);
        else add('type-changed', `type ${name} changed from \`${printTypeRef(o, x.type)}\` to \`${printTypeRef(n, y.type)}\``);
      }
      return out;
    }
    if (x.kind !== y.kind) {
      add('type-kind-changed', `type ${name} changed from ${kindName(x)} to ${kindName(y)}`);
      return out;
    }
    const members = (rule: string, what: string, before: { name: string; type?: Type }[], after: { name: string; type?: Type; loc?: Loc }[]) => {
      const old = new Map(before.map((m, i) => [m.name, { m, i }]));
      const now = new Map(after.map((m, i) => [m.name, { m, i }]));
      for (const m of after) if (!old.has(m.name)) add(`${rule}-added`, `${what} \`${m.name}\` was added to ${name}`);
      for (const m of before) if (!now.has(m.name)) add(`${rule}-removed`, `${what} \`${m.name}\` was removed from ${name}`);
      let moved = false;
      for (const m of after) {
        const prev = old.get(m.name);
        if (!prev) continue;
        const s = prev.m.type;
        const v = m.type;
        if ((s === undefined) !== (v === undefined) || (s !== undefined && v !== undefined && refChanged(o, s, n, v))) {
          add(`${rule}-type-changed`, `${what} \`${m.name}\` of ${name} changed from \`${s === undefined ? 'no payload' : printTypeRef(o, s)}\` to \`${v === undefined ? 'no payload' : printTypeRef(n, v)}\``);
        }
      }
      const common = (list: { name: string }[], other: Map<string, unknown>) => list.map((m) => m.name).filter((m) => other.has(m)).join();
      if (common(before, now) !== common(after, old)) moved = true;
      if (moved) add(`${rule}-reordered`, `the ${what}s of ${name} are in another order`);
    };
    switch (x.kind) {
      case 'record': members('record-field', 'field', x.fields, (y as typeof x).fields); break;
      case 'variant': members('variant-case', 'case', x.cases, (y as typeof x).cases); break;
      case 'enum': members('enum-case', 'case', x.cases, (y as typeof x).cases); break;
      case 'flags': members('flags-flag', 'flag', x.flags, (y as typeof x).flags); break;
      case 'resource': break;
      default:
        if (kindChanged(o, x, n, y)) add('type-changed', `type ${name} changed from \`${describeDefinition(o, t)}\` to \`${describeDefinition(n, u)}\``);
    }
    return out;
  }
}

function kindName(k: TypeDefKind): string {
  switch (k.kind) {
    case 'record': case 'variant': case 'enum': case 'flags': case 'resource': case 'tuple': case 'list': case 'option': case 'result': case 'map': case 'future': case 'stream': case 'handle':
      return `a ${k.kind}`;
    case 'fixed-length-list': return 'a fixed-length list';
    case 'type': return 'an alias';
    default: return k.kind;
  }
}

/** Where an interface is used across the worlds of both versions. */
interface Roles {
  imported: boolean;
  exported: boolean;
}

function breaksOf(e: Effect, roles: Roles | 'world-import' | 'world-export'): Breaks {
  const r: Roles = roles === 'world-import' ? { imported: true, exported: false } : roles === 'world-export' ? { imported: false, exported: true } : roles;
  if (!r.imported && !r.exported) {
    const i = e.importUsers;
    const x = e.exportProviders;
    return i && x ? 'both' : i ? 'importers' : x ? 'exporters' : 'none';
  }
  let components = false;
  let hosts = false;
  if (r.imported) { components ||= e.importUsers; hosts ||= e.importProviders; }
  if (r.exported) { components ||= e.exportProviders; hosts ||= e.exportUsers; }
  return components && hosts ? 'both' : components ? 'components' : hosts ? 'hosts' : 'none';
}

function classOf(breaks: Breaks, roles: Roles | 'world-import' | 'world-export'): ChangeClass {
  const unused = typeof roles === 'object' && !roles.imported && !roles.exported;
  // An interface no world uses is read as WASI's are: imported by components, provided by hosts.
  if (breaks === 'components' || breaks === 'both' || (unused && breaks === 'importers')) return 'breaking';
  return 'addition';
}

/** Compares two versions of a package. */
export function compareVersions(oldSide: PackageSide, newSide: PackageSide): BreakingReport {
  const o = oldSide.resolve;
  const n = newSide.resolve;
  const differ = new Differ(o, n);
  const changes: BreakingChange[] = [];
  const worlds: WorldVerdict[] = [];

  const packageKey = (r: Resolve, id: PackageId) => `${r.packages[id].name.namespace}:${r.packages[id].name.name}`;
  const oldPackages = new Map(oldSide.packages.map((id) => [packageKey(o, id), id]));
  const newPackages = new Map(newSide.packages.map((id) => [packageKey(n, id), id]));
  // With one package on each side, a renamed package is still compared with its old self.
  if (oldPackages.size === 1 && newPackages.size === 1 && ![...oldPackages.keys()].every((k) => newPackages.has(k))) {
    const [ok, oid] = [...oldPackages][0];
    const [nk] = [...newPackages][0];
    oldPackages.delete(ok);
    oldPackages.set(nk, oid);
  }

  // Which interfaces the worlds of either version import or export.
  const roles = new Map<string, Roles>();
  const note = (r: Resolve, pkgs: Iterable<PackageId>) => {
    for (const p of pkgs) for (const wid of r.packages[p].worlds.values()) {
      const w = r.worlds[wid];
      for (const [list, dir] of [[w.imports, 'imported'], [w.exports, 'exported']] as const) {
        for (const { item } of list.values()) {
          if (item.kind !== 'interface') continue;
          const key = interfaceKey(r, item.id);
          if (!key) continue;
          const cur = roles.get(key) ?? { imported: false, exported: false };
          cur[dir] = true;
          roles.set(key, cur);
        }
      }
    }
  };
  note(o, oldPackages.values());
  note(n, newPackages.values());
  const rolesOf = (key: string): Roles => roles.get(key) ?? { imported: false, exported: false };

  const compared = new Set<string>();
  const compareInterfaces = (oi: InterfaceId, ni: InterfaceId) => {
    const pair = `${oi}:${ni}`;
    if (compared.has(pair)) return;
    compared.add(pair);
    const key = interfaceKey(n, ni) ?? interfaceKey(o, oi)!;
    differ.interface(oi, ni, `\`${n.idOf(ni) ?? key}\``, rolesOf(key));
    // What it uses from other interfaces is part of it.
    const deps = new Map((o.interfaceDirectDeps(oi)).map((d) => [interfaceKey(o, d), d]));
    for (const d of n.interfaceDirectDeps(ni)) {
      const od = deps.get(interfaceKey(n, d));
      if (od !== undefined) compareInterfaces(od, d);
    }
  };

  const removedOrAdded = (rule: string, message: string, loc: Loc | undefined, side: 'new' | 'old', breaks: Breaks, klass: ChangeClass) =>
    changes.push({ rule, breaks, class: klass, message, loc, side });

  for (const [pk, np] of newPackages) {
    const op = oldPackages.get(pk);
    if (op === undefined) continue;
    const a = o.packages[op];
    const b = n.packages[np];
    for (const [name, oi] of a.interfaces) {
      const ni = b.interfaces.get(name);
      if (ni === undefined) removedOrAdded('interface-removed', `interface \`${pk}/${name}\` was removed`, o.interfaces[oi].loc, 'old', breaksOf(removedEffect, rolesOf(`${pk}/${name}`)), 'breaking');
      else compareInterfaces(oi, ni);
    }
    for (const [name, ni] of b.interfaces) {
      if (!a.interfaces.has(name)) removedOrAdded('interface-added', `interface \`${pk}/${name}\` was added`, n.interfaces[ni].loc, 'new', 'none', 'addition');
    }
    for (const [name, ow] of a.worlds) {
      const nw = b.worlds.get(name);
      if (nw === undefined) { removedOrAdded('world-removed', `world \`${pk}/${name}\` was removed`, o.worlds[ow].loc, 'old', 'both', 'breaking'); continue; }
      worlds.push(compareWorld(differ, changes, ow, nw, `${pk}/${name}`, compareInterfaces));
    }
    for (const [name, nw] of b.worlds) {
      if (!a.worlds.has(name)) removedOrAdded('world-added', `world \`${pk}/${name}\` was added`, n.worlds[nw].loc, 'new', 'none', 'addition');
    }
  }
  for (const [pk, op] of oldPackages) {
    if (!newPackages.has(pk)) removedOrAdded('package-removed', `package \`${pk}\` was removed`, o.packages[op].loc, 'old', 'both', 'breaking');
  }
  for (const { raw, roles: r } of differ.raws) {
    const breaks = breaksOf(raw.effect, r);
    changes.push({ rule: raw.rule, breaks, class: breaks === 'none' && !raw.added ? 'addition' : classOf(breaks, r), message: raw.message, loc: raw.loc, side: raw.side });
  }
  changes.sort(byPlace);

  const mainOld = oldSide.packages[0];
  const mainNew = newSide.packages[0];
  const version = versionVerdict(
    mainOld === undefined ? undefined : o.packages[mainOld].name.version,
    mainNew === undefined ? undefined : n.packages[mainNew].name.version,
    changes.some((c) => c.class === 'breaking') || worlds.some((w) => !w.compatible) ? 'breaking' : changes.length ? 'addition' : 'none',
  );
  return { compatible: worlds.every((w) => w.compatible) && !changes.some((c) => c.class === 'breaking'), worlds, changes, version };
}

function byPlace(a: BreakingChange, b: BreakingChange): number {
  const fa = a.loc?.file ?? '';
  const fb = b.loc?.file ?? '';
  if (fa !== fb) return fa < fb ? -1 : 1;
  return (a.loc?.start ?? 0) - (b.loc?.start ?? 0);
}

function compareWorld(differ: Differ, changes: BreakingChange[], ow: WorldId, nw: WorldId, label: string, compareInterfaces: (oi: InterfaceId, ni: InterfaceId) => void): WorldVerdict {
  const { o, n } = differ;
  const a = o.worlds[ow];
  const b = n.worlds[nw];
  const locOf = (r: Resolve, item: WorldItem): Loc | undefined => (item.kind === 'function' ? item.func.loc : item.kind === 'type' ? r.types[item.id].loc : item.loc ?? r.interfaces[item.id].loc);
  const what = (key: string, item: WorldItem) => (item.kind === 'interface' ? `interface \`${key}\`` : item.kind === 'function' ? `function \`${key}\`` : `type \`${key}\``);
  for (const [list, dir] of [['imports', 'import'], ['exports', 'export']] as const) {
    const before = keyed(o, a[list]);
    const after = keyed(n, b[list]);
    for (const [key, item] of before) {
      const now = after.get(key);
      if (!now) {
        const breaks: Breaks = dir === 'import' ? 'components' : 'hosts';
        changes.push({ rule: `world-${dir}-removed`, breaks, class: breaks === 'components' ? 'breaking' : 'addition', message: `world \`${label}\` no longer ${dir}s ${what(key, item)}`, loc: locOf(o, item), side: 'old' });
        continue;
      }
      if (item.kind === 'interface' && now.kind === 'interface') {
        if (o.interfaces[item.id].name === null || n.interfaces[now.id].name === null) {
          differ.interface(item.id, now.id, `\`${key}\` of world \`${label}\``, dir === 'import' ? 'world-import' : 'world-export');
        } else {
          compareInterfaces(item.id, now.id);
        }
      } else if (item.kind === 'function' && now.kind === 'function') {
        for (const raw of differ.func(item.func, now.func, `world \`${label}\``)) differ.raws.push({ raw, roles: dir === 'import' ? 'world-import' : 'world-export' });
      } else if (item.kind === 'type' && now.kind === 'type') {
        for (const raw of differ.type(item.id, now.id, `\`${key}\` of world \`${label}\``)) differ.raws.push({ raw: { ...raw, effect: allSides }, roles: dir === 'import' ? 'world-import' : 'world-export' });
      } else {
        changes.push({ rule: 'world-item-kind-changed', breaks: 'both', class: 'breaking', message: `world \`${label}\` ${dir}s \`${key}\` as ${now.kind === 'interface' ? 'an interface' : `a ${now.kind}`} now, as ${item.kind === 'interface' ? 'an interface' : `a ${item.kind}`} before`, loc: locOf(n, now), side: 'new' });
      }
    }
    for (const [key, item] of after) {
      if (before.has(key)) continue;
      const breaks: Breaks = dir === 'import' ? 'hosts' : 'components';
      changes.push({ rule: `world-${dir}-added`, breaks, class: breaks === 'components' ? 'breaking' : 'addition', message: `world \`${label}\` now ${dir}s ${what(key, item)}`, loc: locOf(n, item), side: 'new' });
    }
  }
  const oldSide = { resolve: o, world: a };
  const newSide = { resolve: n, world: b };
  const why = worldFits(oldSide, newSide);
  const whyReverse = worldFits(newSide, oldSide);
  return { name: label, compatible: why.length === 0, reverseCompatible: whyReverse.length === 0, why, whyReverse };
}

// --- versions

const order: Record<Bump, number> = { none: 0, patch: 1, minor: 2, major: 3 };

/** The bump a class of change needs from `old`, as Cargo and WASI read 0.x versions. */
export function requiredBump(klass: ChangeClass, old: SemVer | undefined): Bump {
  if (klass === 'none') return 'none';
  if (!old || old.major > 0n) return klass === 'breaking' ? 'major' : 'minor';
  if (old.minor > 0n) return klass === 'breaking' ? 'minor' : 'patch';
  return 'patch'; // 0.0.z: every release stands alone
}

function bumpBetween(a: SemVer, b: SemVer): Bump | 'downgrade' {
  if (b.major !== a.major) return b.major > a.major ? 'major' : 'downgrade';
  if (b.minor !== a.minor) return b.minor > a.minor ? 'minor' : 'downgrade';
  if (b.patch !== a.patch) return b.patch > a.patch ? 'patch' : 'downgrade';
  return 'none';
}

function bumped(v: SemVer, bump: Bump): string {
  if (bump === 'major') return `${v.major + 1n}.0.0`;
  if (bump === 'minor') return `${v.major}.${v.minor + 1n}.0`;
  if (bump === 'patch') return `${v.major}.${v.minor}.${v.patch + 1n}`;
  return formatSemver(v);
}

export function versionVerdict(old: SemVer | undefined, now: SemVer | undefined, klass: ChangeClass): VersionVerdict {
  const required = requiredBump(klass, old);
  const base: VersionVerdict = { old: old && formatSemver(old), new: now && formatSemver(now), required, allows: true, note: '' };
  if (!old || !now) {
    return { ...base, allows: klass !== 'breaking', note: old || now ? 'one version has no package version; the changes were not checked against versions' : `the package has no version; ${klass === 'breaking' ? 'breaking changes fail the check' : 'versions were not checked'}` };
  }
  base.minimum = bumped(old, required);
  const actual = bumpBetween(old, now);
  base.actual = actual;
  if (old.pre !== '' || now.pre !== '') {
    // Pre-releases promise nothing to each other: any other version will do.
    const same = formatSemver(old) === formatSemver(now);
    return { ...base, allows: klass === 'none' || !same, note: same && klass !== 'none' ? `the version ${base.new} was not changed` : 'pre-release versions make no compatibility promise' };
  }
  if (actual === 'downgrade') return { ...base, allows: false, note: `the new version ${base.new} is lower than ${base.old}` };
  const allows = order[actual] >= order[required];
  const why = klass === 'breaking' ? 'breaking changes' : 'additions';
  const zero = old.major === 0n ? ' (0.x: ' + (old.minor === 0n ? 'every 0.0.z release stands alone)' : 'a breaking change moves the minor number, an addition the patch number)') : '';
  return {
    ...base,
    allows,
    note: klass === 'none' ? 'no changes' : allows ? `${why} need ${required === 'none' ? 'no new version' : `a ${required} release`}${zero}; ${base.new} is one` : `${why} need a ${required} release${zero}: at least ${base.minimum}, not ${base.new}`,
  };
}

/** Every rule id a change can carry, with what it means (for SARIF, the docs and the editor). */
export const breakingRules: readonly { id: string; description: string }[] = [
  ['package-removed', 'a package of the old version is missing from the new one'],
  ['interface-added', 'an interface was added to the package'],
  ['interface-removed', 'an interface of the package was removed'],
  ['world-added', 'a world was added to the package'],
  ['world-removed', 'a world of the package was removed'],
  ['world-import-added', 'a world imports something more: hosts written for the old version do not provide it'],
  ['world-import-removed', 'a world no longer imports something: components built against the old version still import it'],
  ['world-export-added', 'a world exports something more: components built against the old version do not export it'],
  ['world-export-removed', 'a world no longer exports something: hosts written for the old version still expect it'],
  ['world-item-kind-changed', 'a world item changed between interface, function and type'],
  ['func-added', 'a function was added to an interface'],
  ['func-removed', 'a function was removed from an interface'],
  ['method-added', 'a method or static function was added to a resource'],
  ['method-removed', 'a method or static function was removed from a resource'],
  ['constructor-added', 'a constructor was added to a resource'],
  ['constructor-removed', 'a constructor was removed from a resource'],
  ['func-async-changed', 'a function became async or stopped being async'],
  ['param-added', 'a parameter was added to a function'],
  ['param-removed', 'a parameter was removed from a function'],
  ['param-renamed', 'a parameter was renamed (names are part of a function\'s type)'],
  ['param-type-changed', 'a parameter\'s type changed'],
  ['result-added', 'a function that returned nothing now returns a value'],
  ['result-removed', 'a function no longer returns a value'],
  ['result-type-changed', 'a function\'s result type changed'],
  ['type-added', 'a type was added to an interface'],
  ['type-removed', 'a type was removed from an interface'],
  ['type-kind-changed', 'a type changed its kind (a record became a variant, say)'],
  ['type-changed', 'an alias or a named list, option, result, tuple or handle changed what it stands for'],
  ['use-target-changed', 'a `use` now brings in another type'],
  ['record-field-added', 'a field was added to a record'],
  ['record-field-removed', 'a field was removed from a record'],
  ['record-field-type-changed', 'a record field\'s type changed'],
  ['record-field-reordered', 'a record\'s fields are in another order'],
  ['variant-case-added', 'a case was added to a variant'],
  ['variant-case-removed', 'a case was removed from a variant'],
  ['variant-case-type-changed', 'a variant case\'s payload changed'],
  ['variant-case-reordered', 'a variant\'s cases are in another order'],
  ['enum-case-added', 'a case was added to an enum'],
  ['enum-case-removed', 'a case was removed from an enum'],
  ['enum-case-reordered', 'an enum\'s cases are in another order'],
  ['flags-flag-added', 'a flag was added to a flags type'],
  ['flags-flag-removed', 'a flag was removed from a flags type'],
  ['flags-flag-reordered', 'a flags type\'s flags are in another order'],
].map(([id, description]) => ({ id, description }));

/** A breaking-change rule's entry in docs/breaking.md. */
export function breakingRuleUri(id: string): string {
  return `https://github.com/wit-tools/wit-tools/blob/main/docs/breaking.md#${id}`;
}
