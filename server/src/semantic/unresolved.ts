// From syntax trees to an unresolved package: wit-parser's `ast::Resolver`
// (crates/wit-parser/src/ast/resolve.rs). Names are resolved inside the package; references to
// other packages become placeholders that the next step (resolve.ts) connects. Where wit-parser
// stops at the first error this reports it and carries on, skipping only what the error spoils.
import type * as A from '../syntax/index.js';
import { withRange } from './arrays.js';
import { movedFrom, parseSemver, type MovedItem, type SemVer } from '../syntax/index.js';
import type { Diagnostic } from '../syntax/index.js';
import {
  type Case, type Docs, type Field, type Function, type FunctionKind, type Interface, type InterfaceId, type Loc,
  type PackageName, type Stability, type Type, type TypeDef, type TypeDefKind, type TypeId, type TypeOwner, type World,
  type WorldId, type WorldItem, type WorldKey, packageNameKey, stabilityEqual, unknownStability, worldKeyString,
} from './model.js';
import { toposort, type DepRef } from './toposort.js';

export type AstItemRef = { kind: 'interface'; id: InterfaceId } | { kind: 'world'; id: WorldId };

export interface ForeignDep {
  name: PackageName;
  /** Where the package was first named (for "not found" errors). */
  loc: Loc;
  items: Map<string, { item: AstItemRef; stabilities: Stability[]; loc: Loc }>;
}

export interface InterfaceSpan {
  loc: Loc;
  funcs: Loc[];
}

export interface WorldSpan {
  loc: Loc;
  imports: Loc[];
  exports: Loc[];
  includes: Loc[];
}

/** A name in the source and what it refers to, by the unresolved package's ids. */
export interface Reference {
  loc: Loc;
  target: { kind: 'type' | 'interface' | 'world'; id: number } | { kind: 'package'; key: string };
}

export interface UnresolvedPackage {
  name: PackageName;
  nameLoc: Loc;
  docs: Docs;
  worlds: World[];
  interfaces: Interface[];
  types: TypeDef[];
  foreignDeps: Map<string, ForeignDep>;
  unknownTypeLocs: (Loc | undefined)[];
  interfaceSpans: InterfaceSpan[];
  worldSpans: WorldSpan[];
  typeLocs: Loc[];
  /** Per type: locations of record fields / variant cases, for errors about one of them. */
  memberLocs: (Loc[] | undefined)[];
  requiredResourceTypes: [TypeId, Loc][];
  files: string[];
  /** True when the package had errors: later steps stay quiet about what they spoil. */
  broken: boolean;
  /** Every resolved name in the package's source, for navigation. */
  references: Reference[];
}

/** One file's syntax tree, with the path it came from. */
export interface SourceAst {
  path: string;
  file: A.WitFile;
}

/** A `package a:b { … }` block or a whole file's package, as decl lists grouped by file. */
export interface DeclSource {
  path: string;
  items: readonly A.TopItem[];
  /** The header (`package a:b;`) or nested package name, when present. */
  name?: A.PackageName;
  docs: A.Docs;
  /** For nested packages: where the `package` keyword is. */
  nested?: A.NestedPackage;
}

/** Where the resolution stood after one interface of its loop (counts relative to the loop's start, types absolute). */
interface LoopMark {
  decl: A.InterfaceDecl;
  file: number;
  types: number;
  references: number;
  diagnostics: number;
  required: number;
}

/**
 * What one resolution leaves for the next of the same package (the editor keeps it with the
 * package): the structure its interfaces were resolved against and where each interface of the
 * loop ended. The next resolution takes over the interfaces at the head of the loop whose syntax
 * trees are the very same objects, when the structure is the same — it would resolve them to the
 * same types, ids and problems — and resolves the rest. An edit near the end of a big file then
 * resolves only what follows it.
 */
export interface ResolverTrace {
  paths: string[];
  /** The arenas' lengths after the package's structure was laid out, before the loop. */
  types: number;
  interfaces: number;
  worlds: number;
  ifaceOrder: InterfaceId[];
  worldOrder: WorldId[];
  packageItems: Map<string, AstItemRef>;
  astItems: Map<string, AstItemRef>[];
  foreignDeps: Map<string, ForeignDep>;
  /** Where the loop began in the references and in `diagnostics`. */
  references: number;
  diagnosticsAt: number;
  diagnostics: Diagnostic[];
  marks: LoopMark[];
  pkg: UnresolvedPackage;
  interfaceTypes: Map<string, { item: TypeOrItem; loc: Loc }>[];
  anonTypes: AnonTypes;
  errorType?: TypeId;
  /** Set once a resolution took this trace over (its anonymous types are that resolution's now). */
  consumed?: boolean;
  /** The structure as laid out, for the next resolution of the same outline to lay out again. */
  structure: Structure;
}

/**
 * A package's structure as `populateForeignDeps`, `populateAstItems` and `populateForeignTypes`
 * laid it out, before the loop over its interfaces: what they read (the files' top-level items)
 * and what they made. A resolution whose items have the same outline (`sameOutline`: the same
 * names, uses, includes, imports and exports, in the same places) lays out the same structure, so
 * it copies this one rather than walking every item again (an edit inside the last interface of
 * a big file changes no outline). What is shared is read only after the layout; what the loop
 * fills in (interfaces, worlds, spans, lookups, arenas) is copied.
 */
interface Structure {
  paths: string[];
  items: (readonly A.TopItem[])[];
  ifaceOrder: InterfaceId[];
  worldOrder: WorldId[];
  types: TypeDef[];
  typeLocs: Loc[];
  memberLocs: (Loc[] | undefined)[];
  unknownTypeLocs: (Loc | undefined)[];
  /** Shared with the resolutions that lay it out: an interface is copied before the loop writes to it (`ownInterface`). */
  interfaces: Interface[];
  interfaceTypes: Map<string, { item: TypeOrItem; loc: Loc }>[];
  interfaceSpans: InterfaceSpan[];
  worlds: World[];
  worldSpans: WorldSpan[];
  foreignDeps: Map<string, ForeignDep>;
  foreignInterfaces: Set<InterfaceId>;
  packageItems: Map<string, AstItemRef>;
  astItems: Map<string, AstItemRef>[];
  references: Reference[];
  referenceAt: Map<string, Map<number, number>>;
  diagnostics: Diagnostic[];
  /** Where each interface and world is declared, by id (`DeclIndex`). */
  ifaceAt: DeclPlaces;
  worldAt: DeclPlaces;
}

/** By id: the file (-1 for none) and the place among its items of the item that declares it. */
interface DeclPlaces {
  files: Int32Array;
  items: Int32Array;
}

/** Where each interface (or world) of a package is declared: the first item of its name, in the files being resolved. */
class DeclIndex<T extends A.InterfaceDecl | A.WorldDecl> {
  constructor(private readonly at: DeclPlaces, private readonly declLists: readonly DeclSource[]) {}

  has(id: number): boolean {
    return id < this.at.files.length && this.at.files[id] >= 0;
  }

  file(id: number): number {
    return this.at.files[id];
  }

  decl(id: number): T {
    return this.declLists[this.at.files[id]].items[this.at.items[id]] as T;
  }

  get(id: number): { decl: T; file: number } | undefined {
    return this.has(id) ? { decl: this.decl(id), file: this.file(id) } : undefined;
  }
}


/**
 * Anonymous types by kind, then by their parts' keys (`partKey`): wit-parser's `anon_types`. Each
 * is added once, at its id, and ids grow as types are made, so what was added from an id on is
 * the end of the log: taken out again (`dropFrom`) without looking at the rest.
 */
class AnonTypes {
  private byKind = new Map<string, Map<string | number, TypeId | Map<string | number, TypeId>>>();
  private logSlot: Map<string | number, TypeId>[] = [];
  private logPart: (string | number)[] = [];
  private logId: TypeId[] = [];
  /** For kinds of two parts: the map the slot is in (under the first part's key). */
  private logParent: (Map<string | number, TypeId | Map<string | number, TypeId>> | undefined)[] = [];
  private logFirst: (string | number | undefined)[] = [];

  get(key: AnonKey): TypeId | undefined {
    const byKind = this.byKind.get(key.kind);
    if (!byKind) return undefined;
    const slot = key.first === undefined ? byKind : (byKind.get(key.first) as Map<string | number, TypeId> | undefined);
    return slot?.get(key.part) as TypeId | undefined;
  }

  /** Adds the type `id` under `key`, unless one is there already. */
  add(key: AnonKey, id: TypeId): void {
    let byKind = this.byKind.get(key.kind);
    if (!byKind) this.byKind.set(key.kind, (byKind = new Map()));
    let slot = byKind as Map<string | number, TypeId>;
    if (key.first !== undefined) {
      let inner = byKind.get(key.first) as Map<string | number, TypeId> | undefined;
      if (!inner) byKind.set(key.first, (inner = new Map()));
      slot = inner;
    }
    if (slot.has(key.part)) return;
    slot.set(key.part, id);
    this.logSlot.push(slot);
    this.logPart.push(key.part);
    this.logId.push(id);
    this.logParent.push(key.first === undefined ? undefined : byKind);
    this.logFirst.push(key.first);
  }

  /** Takes out the types from `limit` on (a slot of two parts left empty goes too). */
  dropFrom(limit: TypeId): void {
    let n = this.logId.length;
    while (n > 0 && this.logId[n - 1] >= limit) {
      n--;
      const slot = this.logSlot[n], parent = this.logParent[n];
      slot.delete(this.logPart[n]);
      if (parent && slot.size === 0) parent.delete(this.logFirst[n]!);
    }
    this.logSlot.length = this.logPart.length = this.logId.length = this.logParent.length = this.logFirst.length = n;
  }
}

type TypeOrItem = { type: TypeId } | { item: 'function' };

const loc = (file: string, span: A.Span): Loc => ({ file, start: span.start, end: span.end });

/** A package name from the syntax tree; undefined when a piece is missing. */
export function packageNameOf(p: A.PackageName | undefined): PackageName | undefined {
  if (!p?.namespace || !p.name) return undefined;
  let version: SemVer | undefined;
  if (p.version) {
    try {
      version = parseSemver(p.version.text);
    } catch {
      return undefined;
    }
  }
  return { namespace: p.namespace.name, name: p.name.name, version };
}

type UsePathVisitor = (
  iface: A.Id | undefined,
  attributes: readonly A.Attribute[],
  path: A.UsePath,
  names: readonly A.UseName[] | undefined,
  kind: 'world' | 'interface' | 'unknown',
  file: string,
) => void;

/** wit-parser's `DeclList::for_each_path`, in its order: uses, includes, then imports before exports. */
function forEachPath(items: readonly A.TopItem[], file: string, f: UsePathVisitor): void {
  for (const item of items) {
    switch (item.kind) {
      case 'world': {
        const imports: A.ImportExport[] = [];
        const exports: A.ImportExport[] = [];
        for (const wi of item.items) {
          if (wi.kind === 'use') { if (wi.path) f(undefined, wi.attributes, wi.path, wi.names, 'interface', file); }
          else if (wi.kind === 'include') { if (wi.path && item.name) f(item.name, wi.attributes, wi.path, undefined, 'world', file); }
          else if (wi.kind === 'import') imports.push(wi);
          else if (wi.kind === 'export') exports.push(wi);
        }
        for (const ie of [...imports, ...exports]) {
          const ek = ie.extern;
          if (!ek) continue;
          if (ek.kind === 'extern-interface') {
            for (const ii of ek.items) if (ii.kind === 'use' && ii.path) f(undefined, ii.attributes, ii.path, ii.names, 'interface', file);
          } else if (ek.kind === 'extern-path') {
            f(undefined, ie.attributes, ek.path, undefined, 'interface', file);
          } else if (ek.kind === 'extern-named-path' && ek.path) {
            f(undefined, ie.attributes, ek.path, undefined, 'interface', file);
          }
        }
        break;
      }
      case 'interface':
        for (const ii of item.items) if (ii.kind === 'use' && ii.path && item.name) f(item.name, ii.attributes, ii.path, ii.names, 'interface', file);
        break;
      case 'toplevel-use':
        if (item.path) f(undefined, item.attributes, item.path, undefined, 'unknown', file);
        break;
      case 'nested-package':
        break;
    }
  }
}

function usePathName(p: A.UsePath): A.Id | undefined {
  return p.kind === 'local-path' ? p.name : p.name;
}

/** A type expression's dependencies on named types (wit-parser's `collect_deps`). */
function collectDeps(ty: A.TypeExpr | undefined, out: A.Id[]): void {
  if (!ty) return;
  switch (ty.kind) {
    case 'name': out.push(ty.id); break;
    case 'handle': if (ty.resource) out.push(ty.resource); break;
    case 'record': for (const f of ty.fields) collectDeps(f.type, out); break;
    case 'tuple': for (const t of ty.types) collectDeps(t, out); break;
    case 'variant': for (const c of ty.cases) collectDeps(c.type, out); break;
    case 'option': case 'list': case 'future': case 'stream': collectDeps(ty.element, out); break;
    case 'map': collectDeps(ty.key, out); collectDeps(ty.value, out); break;
    case 'result': collectDeps(ty.ok, out); collectDeps(ty.err, out); break;
    default: break;
  }
}

type TypeItem = { kind: 'use'; use: A.Use } | { kind: 'def'; def: A.TypeDef };

/** A component type as a key: a primitive's name, a type's id, `-` for none. */
function partKey(t: Type | undefined): string | number {
  return t === undefined ? '-' : typeof t === 'string' ? t : t.id;
}

/** What a package's own interface holds until it is resolved (read only: shared by all). */
const noLookup: Map<string, { item: TypeOrItem; loc: Loc }> = new Map();
const noTypes: Map<string, TypeId> = new Map();
const noFunctions: Map<string, Function> = new Map();

/** Names already reported, for the type references that have none (read only: one set for all). */
const noneMissing: ReadonlySet<string> = new Set();

/**
 * Whether the package's structure, as laid out before the loop over its interfaces, is the one
 * `previous` resolved against: the same files, item ids, names and foreign placeholders. Nothing
 * else of it is read while an interface is resolved.
 */
function sameStructure(previous: ResolverTrace, now: ResolverTrace, types: readonly TypeDef[]): boolean {
  if (previous.types !== now.types || previous.interfaces !== now.interfaces || previous.worlds !== now.worlds) return false;
  if (!sameList(previous.paths, now.paths) || !sameList(previous.ifaceOrder, now.ifaceOrder) || !sameList(previous.worldOrder, now.worldOrder)) return false;
  const old = previous.pkg;
  for (let i = 0; i < now.types; i++) {
    const a = old.types[i], b = types[i];
    if (a.name !== b.name || a.owner.kind !== b.owner.kind || (a.owner.kind !== 'none' && b.owner.kind !== 'none' && a.owner.id !== b.owner.id) || !stabilityEqual(a.stability, b.stability)) return false;
  }
  if (!sameItems(previous.packageItems, now.packageItems) || previous.astItems.length !== now.astItems.length) return false;
  for (let i = 0; i < now.astItems.length; i++) if (!sameItems(previous.astItems[i], now.astItems[i])) return false;
  // A layout made again shares its maps with the one it was made from.
  if (previous.foreignDeps === now.foreignDeps) return true;
  if (previous.foreignDeps.size !== now.foreignDeps.size) return false;
  for (const [key, dep] of now.foreignDeps) {
    const was = previous.foreignDeps.get(key);
    if (!was || was.items.size !== dep.items.size) return false;
    for (const [name, e] of dep.items) {
      const w = was.items.get(name);
      if (!w || w.item.kind !== e.item.kind || w.item.id !== e.item.id) return false;
    }
  }
  return true;
}

/**
 * Two types alike for whatever resolves after them: name, owner, kind (its parts' ids and names),
 * gate, and whether it stands for an error. Docs and places may differ.
 */
function sameTypeShape(a: TypeDef, b: TypeDef): boolean {
  if (a === b) return true;
  if (a.name !== b.name || !!a.isError !== !!b.isError || !!a.fromUse !== !!b.fromUse || a.owner.kind !== b.owner.kind) return false;
  if (a.owner.kind !== 'none' && b.owner.kind !== 'none' && a.owner.id !== b.owner.id) return false;
  return stabilityEqual(a.stability, b.stability) && JSON.stringify(a.kind, withoutDocs) === JSON.stringify(b.kind, withoutDocs);
}

function withoutDocs(key: string, value: unknown): unknown {
  return key === 'docs' ? undefined : value;
}

/** Two interfaces' names as a `use` finds them: the same types (by id) and functions. */
function sameLookup(a: Map<string, { item: TypeOrItem }>, b: Map<string, { item: TypeOrItem }>): boolean {
  if (a.size !== b.size) return false;
  for (const [name, e] of a) {
    const f = b.get(name);
    if (!f) return false;
    const x = e.item, y = f.item;
    if ('type' in x ? !('type' in y) || x.type !== y.type : 'type' in y) return false;
  }
  return true;
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameItems(a: Map<string, AstItemRef>, b: Map<string, AstItemRef>): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  let same = true;
  b.forEach((r, name) => {
    const w = same ? a.get(name) : undefined;
    if (!w || w.kind !== r.kind || w.id !== r.id) same = false;
  });
  return same;
}

/** Whether `declLists` have the outline `s` was laid out from: the same files, and items that are the same or alike where the layout reads them. */
function sameOutline(s: Structure, declLists: readonly DeclSource[]): boolean {
  if (s.items.length !== declLists.length) return false;
  for (let f = 0; f < declLists.length; f++) {
    const a = s.items[f], b = declLists[f].items;
    if (s.paths[f] !== declLists[f].path || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !sameItemOutline(a[i], b[i])) return false;
  }
  return true;
}

/**
 * Two top-level items alike for the layout: what `forEachPath` and `populateAstItems` read of
 * them (an interface's name and uses; a world's name, uses, includes, imports and exports; all of
 * a top-level use), node for node with their places.
 */
function sameItemOutline(a: A.TopItem, b: A.TopItem): boolean {
  if (a.kind === 'interface' && b.kind === 'interface') return sameNode(a.name, b.name) && sameOf(a.items, b.items, (i) => i.kind === 'use');
  if (a.kind === 'world' && b.kind === 'world') return sameNode(a.name, b.name) && sameOf(a.items, b.items, (i) => i.kind !== 'typedef');
  return a.kind === b.kind && sameNode(a, b);
}

/** The items of `a` and of `b` that `keep` keeps, alike node for node. */
function sameOf<T>(a: readonly T[], b: readonly T[], keep: (t: T) => boolean): boolean {
  let i = 0, j = 0;
  for (;;) {
    while (i < a.length && !keep(a[i])) i++;
    while (j < b.length && !keep(b[j])) j++;
    if (i === a.length || j === b.length) return i === a.length && j === b.length;
    if (!sameNode(a[i], b[j])) return false;
    i++;
    j++;
  }
}

/** Two syntax trees alike: the same fields (places and docs too), deeply. */
function sameNode(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameNode(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>, y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  for (const k of keys) if (!sameNode(x[k], y[k])) return false;
  return true;
}

/** An interface as laid out, with maps of its own (the shared empty ones stay shared). */
function copyInterface(i: Interface): Interface {
  return { ...i, types: i.types === noTypes ? noTypes : new Map(i.types), functions: i.functions === noFunctions ? noFunctions : new Map(i.functions) };
}

function copyWorld(w: World): World {
  return { ...w, imports: new Map(w.imports), exports: new Map(w.exports), includes: [...w.includes] };
}

function copyWorldSpan(w: WorldSpan): WorldSpan {
  return { loc: w.loc, imports: [...w.imports], exports: [...w.exports], includes: [...w.includes] };
}


/** Where an anonymous type is kept among the anonymous types: its kind's slot, a first part for kinds of two, and its key there. */
interface AnonKey {
  kind: string;
  first: string | number | undefined;
  part: string | number;
}

const scratchKey: AnonKey = { kind: '', first: undefined, part: '' };

/**
 * wit-parser's key of an anonymous type of kind `k` (one that makes a type: not an alias, an own
 * handle, a resource or unknown), written into `out`. Kinds of one or two parts are found by their
 * parts' keys (no key string per reference).
 */
function anonKey(k: TypeDefKind, out: AnonKey): void {
  out.first = undefined;
  switch (k.kind) {
    case 'handle': out.kind = 'borrow'; out.part = k.resource; return;
    case 'list': case 'option': case 'future': case 'stream': out.kind = k.kind; out.part = partKey(k.type); return;
    case 'result': out.kind = 'result'; out.first = partKey(k.ok); out.part = partKey(k.err); return;
    case 'map': out.kind = 'map'; out.first = partKey(k.key); out.part = partKey(k.value); return;
    case 'fixed-length-list': out.kind = 'fixed'; out.first = partKey(k.type); out.part = k.size; return;
    case 'variant': out.kind = 'named'; out.part = `variant(${k.cases.map((c) => `${c.name}:${partKey(c.type)}`).join(',')})`; return;
    case 'record': out.kind = 'named'; out.part = `record(${k.fields.map((f) => `${f.name}:${partKey(f.type)}`).join(',')})`; return;
    case 'flags': out.kind = 'named'; out.part = `flags(${k.flags.map((f) => f.name).join(',')})`; return;
    case 'tuple': out.kind = 'named'; out.part = `tuple(${k.types.map(partKey).join(',')})`; return;
    case 'enum': out.kind = 'named'; out.part = `enum(${k.cases.map((c) => c.name).join(',')})`; return;
    default: out.kind = ''; out.part = ''; return;
  }
}

/** Resolves the files of one package (or one nested package) into an `UnresolvedPackage`. */
export class PackageResolver {
  private packageName?: { name: PackageName; loc: Loc };
  private packageDocs: Docs = {};
  private declLists: DeclSource[] = [];

  private types: TypeDef[] = [];
  private interfaces: Interface[] = [];
  private worlds: World[] = [];
  private anonTypes = new AnonTypes();
  private curAst = 0;
  private astItems: Map<string, AstItemRef>[] = [];
  private packageItems = new Map<string, AstItemRef>();
  private interfaceTypes: Map<string, { item: TypeOrItem; loc: Loc }>[] = [];
  private foreignDeps = new Map<string, ForeignDep>();
  private foreignInterfaces = new Set<InterfaceId>();
  private typeLookup = new Map<string, { item: TypeOrItem; loc: Loc }>();
  private unknownTypeLocs: (Loc | undefined)[] = [];
  private worldSpans: WorldSpan[] = [];
  private typeLocs: Loc[] = [];
  private memberLocs: (Loc[] | undefined)[] = [];
  private interfaceSpans: InterfaceSpan[] = [];
  private requiredResourceTypes: [TypeId, Loc][] = [];
  private broken = false;
  /** Every name resolved, once per place: a place met again keeps its first position with its last target. */
  private references: Reference[] = [];
  /** By file, then start: where a place's reference is in `references`. */
  private referenceAt = new Map<string, Map<number, number>>();
  /** The layout's places, when it was laid out again (read only: places met after it go to `referenceAt`). */
  private referenceBase?: Map<string, Map<number, number>>;
  /** The structure this resolution's interfaces are laid out from, shared with it until written to. */
  private laidOut?: Structure;

  /** Records what a name in the source refers to (once per place). */
  private refer(at: Loc, target: Reference['target']): void {
    this.addReference({ loc: at, target });
  }

  private addReference(ref: Reference): void {
    let byStart = this.referenceAt.get(ref.loc.file);
    if (!byStart) this.referenceAt.set(ref.loc.file, (byStart = new Map()));
    const i = byStart.get(ref.loc.start) ?? this.referenceBase?.get(ref.loc.file)?.get(ref.loc.start);
    if (i === undefined) {
      byStart.set(ref.loc.start, this.references.length);
      this.references.push(ref);
    } else {
      this.references[i] = ref;
    }
  }
  /** The type standing in for one that failed to resolve; never reported on again. */
  private errorType?: TypeId;
  /** A file had a `package` header the parser could not read. */
  private headerBroken = false;

  constructor(private readonly diagnostics: Diagnostic[]) {}

  private report(code: string, message: string, at: Loc | undefined, related?: Diagnostic['related']): void {
    this.broken = true;
    const where = at ?? { file: this.declLists[0]?.path ?? '', start: 0, end: 0 };
    this.diagnostics.push({ severity: 'error', code, message, file: where.file, span: { start: where.start, end: where.end }, related });
  }

  /** wit-parser's `Resolver::push`: one file (or nested package) joins the package. */
  push(src: DeclSource): void {
    if (src.name) {
      // A header whose version is malformed (already reported) still names the package.
      const cur = packageNameOf(src.name) ?? packageNameOf(src.name.version ? { ...src.name, version: undefined } : undefined);
      const curLoc = loc(src.path, src.name.span);
      if (cur) {
        if (this.packageName && packageNameKey(this.packageName.name) !== packageNameKey(cur)) {
          this.report('package-name-mismatch', `package identifier \`${packageNameKey(cur)}\` does not match previous package name of \`${packageNameKey(this.packageName.name)}\``, curLoc,
            [{ message: 'previous package name', location: { file: this.packageName.loc.file, span: this.packageName.loc } }]);
        } else {
          this.packageName = { name: cur, loc: curLoc };
        }
      } else {
        // A header too broken to name anything has been reported by the parser already.
        this.broken = true;
        this.headerBroken = true;
      }
      const docs = this.docs(src.docs);
      if (docs.contents !== undefined) {
        if (this.packageDocs.contents !== undefined) {
          this.report('multiple-package-docs', "found doc comments on multiple 'package' items", src.docs.span ? loc(src.path, src.docs.span) : curLoc);
        } else {
          this.packageDocs = docs;
        }
      }
    }
    const items: A.TopItem[] = [];
    for (const item of src.items) {
      if (item.kind === 'nested-package') {
        this.report('nested-package', 'nested packages must be placed at the top-level', loc(src.path, item.name?.span ?? item.keywordSpan));
        continue;
      }
      items.push(item);
    }
    this.declLists.push({ ...src, items });
  }

  /** What this resolution leaves for the next one of the package (`resolve(previous)`), once resolved. */
  trace?: ResolverTrace;
  /**
   * What this resolution took over from the last one's package: its types below `types` and its
   * interfaces below `interfaces` are that package's objects (for appending, `PackageGroup.taken`).
   */
  taken?: { from: UnresolvedPackage; types: number; interfaces: number };

  /**
   * wit-parser's `Resolver::resolve`. Always returns a package (placeholders where broken). With
   * the trace of the package's last resolution, the unchanged interfaces at the head of the loop
   * are taken over from it (see `ResolverTrace`): the result is the one a fresh resolution gives.
   */
  resolve(previous?: ResolverTrace): UnresolvedPackage {
    let name = this.packageName;
    if (!name) {
      if (!this.headerBroken) this.report('missing-package-header', 'no `package` header was found in any WIT file for this package', undefined);
      name = { name: { namespace: '<unnamed>', name: '<unnamed>' }, loc: { file: this.declLists[0]?.path ?? '', start: 0, end: 0 } };
    }
    const declLists = this.declLists;
    const structure = previous && sameOutline(previous.structure, declLists) ? this.layOutAgain(previous.structure) : this.layOut(declLists);
    const { ifaceOrder, worldOrder } = structure;

    const ifaceToAst = new DeclIndex<A.InterfaceDecl>(structure.ifaceAt, declLists);
    const worldToAst = new DeclIndex<A.WorldDecl>(structure.worldAt, declLists);
    const trace: ResolverTrace = {
      paths: structure.paths,
      types: this.types.length,
      interfaces: this.interfaces.length,
      worlds: this.worlds.length,
      ifaceOrder,
      worldOrder,
      packageItems: this.packageItems,
      astItems: this.astItems,
      foreignDeps: this.foreignDeps,
      references: this.references.length,
      diagnosticsAt: this.diagnostics.length,
      diagnostics: this.diagnostics,
      marks: [],
      pkg: undefined as unknown as UnresolvedPackage,
      interfaceTypes: this.interfaceTypes,
      anonTypes: this.anonTypes,
      structure,
    };
    const marks = trace.marks;
    const usable = previous && !previous.consumed && sameStructure(previous, trace, this.types) ? previous : undefined;
    let k = usable ? this.takeOver(usable, trace, ifaceOrder, ifaceToAst) : 0;
    // What is known to have come out as last time: the types and interfaces before these.
    const alike = { types: this.types.length, interfaces: k, failed: false };
    // Marks are kept (and moved interfaces taken over) up to the first interface without a declaration.
    let marking = true;
    for (; k < ifaceOrder.length; k++) {
      const id = ifaceOrder[k];
      const a = ifaceToAst.get(id);
      if (!a) {
        marking = false;
        continue;
      }
      if (marking && usable && !alike.failed && k < usable.marks.length) {
        const run = this.takeOverMoved(usable, trace, k, alike, ifaceOrder, ifaceToAst);
        if (run > 0) {
          k += run - 1;
          continue;
        }
      }
      this.curAst = a.file;
      this.resolveInterface(id, a.decl.items, a.decl.docs, a.decl.attributes);
      if (marking) marks.push({ decl: a.decl, file: a.file, types: this.types.length, references: this.references.length - trace.references, diagnostics: this.diagnostics.length - trace.diagnosticsAt, required: this.requiredResourceTypes.length });
    }
    for (const id of worldOrder) {
      const a = worldToAst.get(id);
      if (!a) continue;
      this.curAst = a.file;
      this.resolveWorld(id, a.decl);
    }
    const pkg: UnresolvedPackage = {
      name: name.name,
      nameLoc: name.loc,
      docs: this.packageDocs,
      worlds: this.worlds,
      interfaces: this.interfaces,
      types: this.types,
      foreignDeps: this.foreignDeps,
      unknownTypeLocs: this.unknownTypeLocs,
      interfaceSpans: this.interfaceSpans,
      worldSpans: this.worldSpans,
      typeLocs: this.typeLocs,
      memberLocs: this.memberLocs,
      requiredResourceTypes: this.requiredResourceTypes,
      files: [...new Set(declLists.map((d) => d.path))],
      broken: this.broken,
      references: this.references,
    };
    trace.pkg = pkg;
    trace.errorType = this.errorType;
    this.trace = trace;
    return pkg;
  }

  /**
   * Takes over the interfaces of the loop from `k` on whose declarations an edit before them moved
   * (`movedFrom`: the same trees, their offsets moved) or left as they were, when what the
   * interfaces before them made is what it was: the same types (alike but for docs and places)
   * and the same names to `use`. Their types, lookups, references and problems are those of the
   * last resolution with the offsets after the edit moved, as resolving them again would make
   * them. Returns how many.
   */
  private takeOverMoved(previous: ResolverTrace, trace: ResolverTrace, k: number, alike: { types: number; interfaces: number; failed: boolean }, ifaceOrder: InterfaceId[], ifaceToAst: DeclIndex<A.InterfaceDecl>): number {
    const old = previous.marks;
    const moved = (m: number): MovedItem | undefined => {
      const a = ifaceToAst.get(ifaceOrder[m]);
      const mv = a && a.file === old[m].file && a.decl !== old[m].decl ? movedFrom(a.decl) : undefined;
      return mv && mv.old === old[m].decl ? mv : undefined;
    };
    const shift = moved(k);
    if (!shift) return 0;
    // What the interfaces before the run made must be what they made last time (checked once for
    // each: what was taken over came out as before). A difference stays: then nothing more is tried.
    const start = k === 0 ? { types: previous.types, references: 0, diagnostics: 0, required: 0 } : old[k - 1];
    const from = previous.pkg;
    const errorBefore = previous.errorType !== undefined && previous.errorType < start.types ? previous.errorType : undefined;
    let same = this.types.length === start.types && this.errorType === errorBefore;
    for (let i = alike.types; same && i < start.types; i++) same = sameTypeShape(this.types[i], from.types[i]);
    for (let j = alike.interfaces; same && j < k; j++) {
      const id = ifaceOrder[j];
      same = this.interfaceTypes[id] === previous.interfaceTypes[id] || sameLookup(this.interfaceTypes[id], previous.interfaceTypes[id]);
    }
    if (!same) {
      alike.failed = true;
      return 0;
    }
    // The run: declarations moved by the same edit in the same file, or the very same.
    const shiftFile = ifaceToAst.get(ifaceOrder[k])!.file;
    let m = k + 1;
    while (m < old.length && m < ifaceOrder.length) {
      const a = ifaceToAst.get(ifaceOrder[m]);
      if (!a || a.file !== old[m].file) break;
      if (a.decl !== old[m].decl) {
        const mv = moved(m);
        if (!mv || mv.at !== shift.at || mv.delta !== shift.delta || a.file !== shiftFile) break;
      }
      m++;
    }
    const file = this.declLists[shiftFile].path;
    const { at, delta } = shift;
    const sh = <L extends Loc | undefined>(l: L): L => (l && l.file === file && l.start >= at ? { file, start: l.start + delta, end: l.end + delta } : l) as L;
    const end = old[m - 1];
    for (let i = start.types; i < end.types; i++) {
      const t = from.types[i];
      const typeLoc = sh(from.typeLocs[i]);
      this.types.push(t.loc === undefined ? t : { ...t, loc: t.loc === from.typeLocs[i] ? typeLoc : sh(t.loc) });
      this.typeLocs.push(typeLoc);
      this.memberLocs.push(from.memberLocs[i]?.map(sh));
      this.unknownTypeLocs.push(sh(from.unknownTypeLocs[i]));
      if (t.name === null && t.owner.kind === 'none' && !t.isError) {
        anonKey(t.kind, scratchKey);
        this.anonTypes.add(scratchKey, i);
      }
    }
    if (previous.errorType !== undefined && previous.errorType >= start.types && previous.errorType < end.types) this.errorType = previous.errorType;
    for (let j = k; j < m; j++) {
      const id = ifaceOrder[j];
      const was = from.interfaces[id];
      const functions = new Map<string, Function>();
      was.functions.forEach((f, name) => functions.set(name, f.loc === undefined ? f : { ...f, loc: sh(f.loc) }));
      this.interfaces[id] = { ...was, loc: sh(was.loc), functions };
      const span = from.interfaceSpans[id];
      this.interfaceSpans[id] = { loc: sh(span.loc), funcs: span.funcs.map(sh) };
      const lookup = new Map<string, { item: TypeOrItem; loc: Loc }>();
      previous.interfaceTypes[id].forEach((e, name) => lookup.set(name, { item: e.item, loc: sh(e.loc) }));
      this.interfaceTypes[id] = lookup;
    }
    const refsAt = this.references.length - trace.references;
    const diagsAt = this.diagnostics.length - trace.diagnosticsAt;
    const requiredAt = this.requiredResourceTypes.length;
    for (let i = previous.references + start.references; i < previous.references + end.references; i++) {
      const r = from.references[i];
      this.references.push({ loc: sh(r.loc), target: r.target });
    }
    const shSpan = (f: string, sp: A.Span): A.Span => (f === file && sp.start >= at ? { start: sp.start + delta, end: sp.end + delta } : sp);
    for (let i = previous.diagnosticsAt + start.diagnostics; i < previous.diagnosticsAt + end.diagnostics; i++) {
      const d = previous.diagnostics[i];
      this.diagnostics.push({ ...d, span: shSpan(d.file, d.span), ...(d.related ? { related: d.related.map((r) => ({ ...r, location: { file: r.location.file, span: shSpan(r.location.file, r.location.span) } })) } : {}) });
      this.broken = true;
    }
    for (let i = start.required; i < end.required; i++) {
      const [id, l] = from.requiredResourceTypes[i];
      this.requiredResourceTypes.push([id, sh(l)]);
    }
    for (let j = k; j < m; j++) {
      const a = ifaceToAst.get(ifaceOrder[j])!;
      trace.marks.push({
        decl: a.decl,
        file: a.file,
        types: old[j].types,
        references: refsAt + old[j].references - start.references,
        diagnostics: diagsAt + old[j].diagnostics - start.diagnostics,
        required: requiredAt + old[j].required - start.required,
      });
    }
    alike.types = end.types;
    alike.interfaces = m;
    return m - k;
  }

  /**
   * Takes over from `previous` the interfaces at the head of the loop whose declarations are the
   * same objects (in the same file): their types, lookups, references, problems and anonymous
   * types, as resolving them again would make them. Returns how many.
   */
  private takeOver(previous: ResolverTrace, trace: ResolverTrace, ifaceOrder: InterfaceId[], ifaceToAst: DeclIndex<A.InterfaceDecl>): number {
    const old = previous.marks;
    let n = 0;
    while (n < old.length && n < ifaceOrder.length) {
      const id = ifaceOrder[n];
      if (!ifaceToAst.has(id) || ifaceToAst.decl(id) !== old[n].decl || ifaceToAst.file(id) !== old[n].file) break;
      n++;
    }
    if (n === 0) return 0;
    // The trace is used up: its anonymous types become this resolution's.
    previous.consumed = true;
    const last = old[n - 1];
    const from = previous.pkg;
    this.types = withRange(this.types, from.types, trace.types, last.types);
    this.typeLocs = withRange(this.typeLocs, from.typeLocs, trace.types, last.types);
    this.memberLocs = withRange(this.memberLocs, from.memberLocs, trace.types, last.types);
    this.unknownTypeLocs = withRange(this.unknownTypeLocs, from.unknownTypeLocs, trace.types, last.types);
    if (previous.errorType !== undefined && previous.errorType < last.types) this.errorType = previous.errorType;
    for (let k = 0; k < n; k++) {
      const id = ifaceOrder[k];
      this.interfaces[id] = from.interfaces[id];
      this.interfaceSpans[id] = from.interfaceSpans[id];
      this.interfaceTypes[id] = previous.interfaceTypes[id];
      trace.marks.push(old[k]);
    }
    // The loop's references are places inside the interface being resolved, so those of the
    // interfaces taken over are met by nothing that follows: they need no place in the index.
    this.references = withRange(this.references, from.references, previous.references, previous.references + last.references, from.references.length - previous.references - last.references);
    for (let i = previous.diagnosticsAt, end = previous.diagnosticsAt + last.diagnostics; i < end; i++) this.diagnostics.push(previous.diagnostics[i]);
    if (last.diagnostics > 0) this.broken = true;
    for (let i = 0; i < last.required; i++) this.requiredResourceTypes.push(from.requiredResourceTypes[i]);
    previous.anonTypes.dropFrom(last.types);
    this.anonTypes = previous.anonTypes;
    trace.anonTypes = this.anonTypes;
    this.taken = { from, types: last.types, interfaces: ifaceOrder[n - 1] + 1 };
    return n;
  }

  private get file(): string {
    return this.declLists[this.curAst]?.path ?? '';
  }

  // ---- arenas ----

  /**
   * A new interface. One of the package's own gets its maps when it is resolved (`resolveInterface`):
   * until then it shares empty ones that nothing writes, and one taken over from the last
   * resolution never needs its own.
   */
  private allocInterface(at: Loc, own = false): InterfaceId {
    this.interfaceTypes.push(own ? noLookup : new Map());
    this.interfaceSpans.push({ loc: at, funcs: [] });
    this.interfaces.push({ name: null, types: own ? noTypes : new Map(), functions: own ? noFunctions : new Map(), docs: {}, stability: unknownStability, package: null, loc: at });
    return this.interfaces.length - 1;
  }

  private allocWorld(at: Loc): WorldId {
    this.worldSpans.push({ loc: at, imports: [], exports: [], includes: [] });
    this.worlds.push({ name: '', docs: {}, imports: new Map(), exports: new Map(), package: null, includes: [], stability: unknownStability, loc: at });
    return this.worlds.length - 1;
  }

  private allocType(def: TypeDef, at: Loc, members?: Loc[]): TypeId {
    this.types.push(def);
    this.typeLocs.push(at);
    this.memberLocs.push(members);
    this.unknownTypeLocs.push(undefined);
    return this.types.length - 1;
  }

  // ---- package structure ----

  /** Lays out the package's structure (wit-parser's three passes before the loop) and keeps a copy of it. */
  private layOut(declLists: DeclSource[]): Structure {
    const diagnosticsAt = this.diagnostics.length;
    this.populateForeignDeps(declLists);
    const { ifaceOrder, worldOrder } = this.populateAstItems(declLists);
    this.populateForeignTypes(declLists);
    const ifaceAt: DeclPlaces = { files: new Int32Array(this.interfaces.length).fill(-1), items: new Int32Array(this.interfaces.length) };
    const worldAt: DeclPlaces = { files: new Int32Array(this.worlds.length).fill(-1), items: new Int32Array(this.worlds.length) };
    declLists.forEach((dl, f) => {
      dl.items.forEach((item, i) => {
        if ((item.kind !== 'interface' && item.kind !== 'world') || !item.name) return;
        const ref = this.astItems[f].get(item.name.name);
        const at = item.kind === 'interface' ? (ref?.kind === 'interface' ? ifaceAt : undefined) : ref?.kind === 'world' ? worldAt : undefined;
        if (at && at.files[ref!.id] < 0) {
          at.files[ref!.id] = f;
          at.items[ref!.id] = i;
        }
      });
    });
    const structure: Structure = {
      ifaceAt,
      worldAt,
      paths: declLists.map((d) => d.path),
      items: declLists.map((d) => d.items),
      ifaceOrder,
      worldOrder,
      types: this.types.slice(),
      typeLocs: this.typeLocs.slice(),
      memberLocs: this.memberLocs.slice(),
      unknownTypeLocs: this.unknownTypeLocs.slice(),
      interfaces: this.interfaces.slice(),
      interfaceTypes: this.interfaceTypes.slice(),
      interfaceSpans: this.interfaceSpans.slice(),
      worlds: this.worlds.map(copyWorld),
      worldSpans: this.worldSpans.map(copyWorldSpan),
      foreignDeps: this.foreignDeps,
      foreignInterfaces: this.foreignInterfaces,
      packageItems: this.packageItems,
      astItems: this.astItems,
      references: this.references.slice(),
      referenceAt: this.referenceAt,
      diagnostics: this.diagnostics.slice(diagnosticsAt),
    };
    // From here on the layout's interfaces are copied before they are written to, and the
    // places it met are looked up in its index (which new places do not go into).
    this.laidOut = structure;
    this.referenceBase = this.referenceAt;
    this.referenceAt = new Map();
    return structure;
  }

  /** The structure `s` laid out again: what `layOut` makes of items of the same outline. */
  private layOutAgain(s: Structure): Structure {
    this.types = s.types.slice();
    this.typeLocs = s.typeLocs.slice();
    this.memberLocs = s.memberLocs.slice();
    this.unknownTypeLocs = s.unknownTypeLocs.slice();
    this.interfaces = s.interfaces.slice();
    this.interfaceTypes = s.interfaceTypes.slice();
    this.interfaceSpans = s.interfaceSpans.slice();
    this.worlds = s.worlds.map(copyWorld);
    this.worldSpans = s.worldSpans.map(copyWorldSpan);
    this.laidOut = s;
    this.foreignDeps = s.foreignDeps;
    this.foreignInterfaces = s.foreignInterfaces;
    this.packageItems = s.packageItems;
    this.astItems = s.astItems;
    this.references = s.references.slice();
    this.referenceBase = s.referenceAt;
    for (const d of s.diagnostics) this.diagnostics.push(d);
    if (s.diagnostics.length) this.broken = true;
    this.curAst = Math.max(0, s.items.length - 1);
    return { ...s, items: this.declLists.map((d) => d.items) };
  }

  private populateForeignDeps(declLists: DeclSource[]): void {
    for (const dl of declLists) {
      forEachPath(dl.items, dl.path, (_iface, attrs, path, _names, kind) => {
        if (path.kind !== 'package-path' || !path.name) return;
        const pkg = packageNameOf(path.package);
        if (!pkg) return;
        const stability = this.stability(attrs, dl.path, true);
        const key = packageNameKey(pkg);
        let deps = this.foreignDeps.get(key);
        if (!deps) {
          deps = { name: pkg, loc: loc(dl.path, path.package.span), items: new Map() };
          this.foreignDeps.set(key, deps);
        }
        let entry = deps.items.get(path.name.name);
        if (!entry) {
          const at = loc(dl.path, path.name.span);
          const item: AstItemRef = kind === 'world' ? { kind: 'world', id: this.allocWorld(at) } : { kind: 'interface', id: this.allocInterface(at) };
          entry = { item, stabilities: [], loc: at };
          deps.items.set(path.name.name, entry);
        }
        entry.stabilities.push(stability);
        if (entry.item.kind === 'interface') this.foreignInterfaces.add(entry.item.id);
      });
    }
  }

  private populateAstItems(declLists: DeclSource[]): { ifaceOrder: InterfaceId[]; worldOrder: WorldId[] } {
    const packageItems = new Map<string, Loc>();
    const names = new Map<string, A.InterfaceDecl | A.WorldDecl>();
    const order = new Map<string, DepRef[]>();
    for (const dl of declLists) {
      for (const item of dl.items) {
        if ((item.kind !== 'interface' && item.kind !== 'world') || !item.name) continue;
        const at = loc(dl.path, item.name.span);
        const prev = packageItems.get(item.name.name);
        if (prev) {
          this.report('duplicate-item', `duplicate item named \`${item.name.name}\``, at, [{ message: 'first defined here', location: { file: prev.file, span: prev } }]);
          continue;
        }
        packageItems.set(item.name.name, at);
        order.set(item.name.name, []);
        names.set(item.name.name, item);
      }
    }

    type Source = { foreign: true } | { foreign: false; id: A.Id };
    const fileNamespaces: Map<string, Source>[] = [];
    for (const dl of declLists) {
      const ns = new Map<string, Source>();
      fileNamespaces.push(ns);
      for (const item of dl.items) {
        let nameId: A.Id | undefined;
        let src: Source;
        if (item.kind === 'toplevel-use') {
          if (!item.path) continue;
          nameId = item.as ?? usePathName(item.path);
          src = item.path.kind === 'local-path' ? { foreign: false, id: item.path.name } : { foreign: true };
        } else if (item.kind === 'interface' || item.kind === 'world') {
          nameId = item.name;
          // A second item of the same name was reported as a duplicate already.
          if (!nameId || names.get(nameId.name) !== item) continue;
          src = { foreign: false, id: nameId };
        } else {
          continue;
        }
        if (!nameId) continue;
        if (ns.has(nameId.name)) {
          this.report('duplicate-name', `duplicate name \`${nameId.name}\` in this file`, loc(dl.path, nameId.span));
          continue;
        }
        ns.set(nameId.name, src);
      }
      forEachPath(dl.items, dl.path, (iface, _attrs, path) => {
        if (!iface || path.kind !== 'local-path') return;
        const deps = order.get(iface.name);
        if (!deps || names.get(iface.name)?.name !== iface) return;
        const used = path.name;
        const entry = ns.get(used.name);
        if (entry?.foreign) return;
        // A cycle is reported at the declaration of the item it runs into, when this file has it.
        const target = entry && !entry.foreign ? entry.id : used;
        deps.push({ name: target.name, loc: loc(dl.path, target.span) });
      });
    }

    const sorted = toposort(order);
    for (const p of sorted.problems) {
      if (p.kind === 'missing') this.report('unknown-name', `interface or world \`${p.dep.name}\` does not exist`, p.dep.loc);
      else this.report('cycle', `interface or world \`${p.dep.name}\` depends on itself`, p.dep.loc);
    }

    const ids = new Map<string, AstItemRef>();
    const ifaceOrder: InterfaceId[] = [];
    const worldOrder: WorldId[] = [];
    for (const name of sorted.order) {
      const decl = names.get(name)!;
      const at = packageItems.get(name)!;
      if (decl.kind === 'interface') {
        const id = this.allocInterface(at, true);
        this.interfaces[id].name = name;
        ids.set(name, { kind: 'interface', id });
        ifaceOrder.push(id);
      } else {
        const id = this.allocWorld(at);
        this.worlds[id].name = name;
        ids.set(name, { kind: 'world', id });
        worldOrder.push(id);
      }
    }
    declLists.forEach((dl) => {
      const items = new Map<string, AstItemRef>();
      for (const item of dl.items) {
        if (item.kind === 'toplevel-use') {
          if (!item.path) continue;
          if (item.attributes.length) this.report('invalid-attribute', 'attributes not allowed on top-level use', loc(dl.path, item.keywordSpan));
          const nameId = item.as ?? usePathName(item.path);
          if (!nameId || items.has(nameId.name)) continue;
          let ref: AstItemRef | undefined;
          if (item.path.kind === 'local-path') {
            ref = ids.get(item.path.name.name);
            if (ref) this.refer(loc(dl.path, item.path.name.span), { kind: ref.kind, id: ref.id });
            if (!ref) {
              this.report('unknown-name', `interface or world \`${item.path.name.name}\` does not exist`, loc(dl.path, item.path.name.span));
              continue;
            }
          } else {
            const pkg = packageNameOf(item.path.package);
            ref = pkg && item.path.name ? this.foreignDeps.get(packageNameKey(pkg))?.items.get(item.path.name.name)?.item : undefined;
            if (pkg) this.refer(loc(dl.path, item.path.package.span), { kind: 'package', key: packageNameKey(pkg) });
            if (ref && item.path.name) this.refer(loc(dl.path, item.path.name.span), { kind: ref.kind, id: ref.id });
            if (!ref) continue;
          }
          items.set(nameId.name, ref);
        } else if ((item.kind === 'interface' || item.kind === 'world') && item.name) {
          const ref = ids.get(item.name.name);
          if (!ref || items.has(item.name.name)) continue;
          if (names.get(item.name.name) !== item) continue;
          items.set(item.name.name, ref);
          this.packageItems.set(item.name.name, ref);
        }
      }
      this.astItems.push(items);
    });
    return { ifaceOrder, worldOrder };
  }

  /** `Unknown` placeholder types for everything used from foreign interfaces. */
  private populateForeignTypes(declLists: DeclSource[]): void {
    declLists.forEach((dl, i) => {
      this.curAst = i;
      forEachPath(dl.items, dl.path, (_iface, attrs, path, names) => {
        if (!names) return;
        const stability = this.stability(attrs, dl.path);
        const resolved = this.resolveAstItemPath(path);
        if (!resolved) return;
        const iface = this.extractIface(resolved);
        if (iface === undefined || !this.foreignInterfaces.has(iface)) return;
        const lookup = this.interfaceTypes[iface];
        for (const n of names) {
          if (lookup.has(n.name.name)) continue;
          const at = loc(dl.path, n.name.span);
          const id = this.allocType({ docs: {}, stability, kind: { kind: 'unknown' }, name: n.name.name, owner: { kind: 'interface', id: iface } }, at);
          this.unknownTypeLocs[id] = at;
          lookup.set(n.name.name, { item: { type: id }, loc: at });
          this.interfaces[iface].types.set(n.name.name, id);
        }
      });
    });
  }

  // ---- worlds ----

  private resolveWorld(worldId: WorldId, world: A.WorldDecl): void {
    const w = this.worlds[worldId];
    w.docs = this.docs(world.docs);
    w.stability = this.stability(world.attributes, this.file);
    this.resolveTypes({ kind: 'world', id: worldId }, world.items.flatMap((i): TypeItem[] => (i.kind === 'use' ? [{ kind: 'use', use: i }] : i.kind === 'typedef' ? [{ kind: 'def', def: i }] : [])));

    for (const inc of world.items) if (inc.kind === 'include') this.resolveInclude(worldId, inc);

    const importLocs: Loc[] = [];
    const exportLocs: Loc[] = [];
    for (const [name, { item, loc: at }] of this.typeLookup) {
      if (!('type' in item)) continue;
      const key = worldKeyString({ name });
      if (w.imports.has(key)) {
        this.report('duplicate-import', `import \`${name}\` conflicts with prior import of same name`, at);
        continue;
      }
      w.imports.set(key, { key: { name }, item: { kind: 'type', id: item.type } });
      importLocs.push(at);
    }

    const imported = new Set<InterfaceId>();
    const exported = new Set<InterfaceId>();
    for (const item of world.items) {
      if (item.kind === 'typedef' && item.type?.kind === 'resource' && item.name) {
        for (const f of item.type.funcs) {
          const fname = f.kind === 'constructor' ? loc(this.file, f.keywordSpan) : loc(this.file, f.name.span);
          const func = this.resolveResourceFunc(f, item.name);
          if (!func) continue;
          const key = worldKeyString({ name: func.name });
          if (w.imports.has(key)) continue;
          importLocs.push(fname);
          w.imports.set(key, { key: { name: func.name }, item: { kind: 'function', func } });
        }
        continue;
      }
      if (item.kind !== 'import' && item.kind !== 'export') continue;
      const desc = item.kind;
      const ek = item.extern;
      if (!ek) continue;
      const spans = desc === 'import' ? importLocs : exportLocs;
      const seen = desc === 'import' ? imported : exported;
      const resolved = this.resolveWorldItem(item.docs, item.attributes, ek);
      if (!resolved) continue;
      const { worldItem, key } = resolved;
      const at = loc(this.file, externSpan(ek));
      if (worldItem.kind === 'interface' && 'interface' in key) {
        if (seen.has(worldItem.id)) {
          this.report('duplicate-import', `interface cannot be ${desc}ed more than once`, at);
          continue;
        }
        seen.add(worldItem.id);
      }
      const dst = desc === 'import' ? w.imports : w.exports;
      const k = worldKeyString(key);
      const prev = dst.get(k);
      if (prev) {
        const what = prev.item.kind === 'interface' ? 'interface' : prev.item.kind === 'function' ? 'func' : 'type';
        this.report('duplicate-import', `${desc} \`${'name' in key ? key.name : k}\` conflicts with prior ${what} of same name`, at);
        continue;
      }
      dst.set(k, { key, item: worldItem });
      spans.push(at);
    }
    this.worldSpans[worldId].imports = importLocs;
    this.worldSpans[worldId].exports = exportLocs;
    this.typeLookup = new Map();
  }

  private resolveWorldItem(docs: A.Docs, attrs: readonly A.Attribute[], ek: A.ExternKind): { worldItem: WorldItem; key: WorldKey } | undefined {
    switch (ek.kind) {
      case 'extern-interface': {
        const prev = this.typeLookup;
        this.typeLookup = new Map();
        const id = this.allocInterface(loc(this.file, ek.name.span));
        this.resolveInterface(id, ek.items, docs, attrs);
        this.typeLookup = prev;
        return { worldItem: { kind: 'interface', id, stability: this.interfaces[id].stability, loc: loc(this.file, ek.name.span) }, key: { name: ek.name.name } };
      }
      case 'extern-path': {
        const stability = this.stability(attrs, this.file);
        const r = this.resolveAstItemPath(ek.path);
        const id = r && this.extractIface(r);
        if (id === undefined) return undefined;
        return { worldItem: { kind: 'interface', id, stability, loc: loc(this.file, ek.path.span), docs: this.docs(docs) }, key: { interface: id } };
      }
      case 'extern-named-path': {
        const stability = this.stability(attrs, this.file);
        if (!ek.path) return undefined;
        const r = this.resolveAstItemPath(ek.path);
        const id = r && this.extractIface(r);
        if (id === undefined) return undefined;
        return { worldItem: { kind: 'interface', id, stability, loc: loc(this.file, ek.path.span), docs: this.docs(docs) }, key: { name: ek.name.name } };
      }
      case 'extern-func': {
        if (!ek.func) return undefined;
        const func = this.resolveFunction(docs, attrs, ek.name.name, ek.func, { kind: ek.func.async ? 'async-freestanding' : 'freestanding' }, loc(this.file, ek.name.span));
        if (!func) return undefined;
        return { worldItem: { kind: 'function', func }, key: { name: func.name } };
      }
    }
  }

  // ---- interfaces ----

  /** Interface `id`, for writing to: a copy of the layout's own (with spans of its own) the first time. */
  private ownInterface(id: InterfaceId): Interface {
    const iface = this.interfaces[id];
    if (iface !== this.laidOut?.interfaces[id]) return iface;
    this.interfaceSpans[id] = { loc: this.interfaceSpans[id].loc, funcs: [] };
    return (this.interfaces[id] = copyInterface(iface));
  }

  private resolveInterface(id: InterfaceId, items: readonly A.InterfaceItem[], docs: A.Docs, attrs: readonly A.Attribute[]): void {
    const iface = this.ownInterface(id);
    if (iface.types === noTypes) iface.types = new Map();
    if (iface.functions === noFunctions) iface.functions = new Map();
    iface.docs = this.docs(docs);
    iface.stability = this.stability(attrs, this.file);
    this.resolveTypes({ kind: 'interface', id }, items.flatMap((i): TypeItem[] => (i.kind === 'use' ? [{ kind: 'use', use: i }] : i.kind === 'typedef' ? [{ kind: 'def', def: i }] : [])));
    for (const [name, { item }] of this.typeLookup) if ('type' in item) iface.types.set(name, item.type);

    const funcs: Function[] = [];
    for (const item of items) {
      if (item.kind === 'func') {
        const at = loc(this.file, item.name.span);
        if (!this.defineName(item.name, { item: 'function' })) continue;
        if (!item.func) continue;
        const f = this.resolveFunction(item.docs, item.attributes, item.name.name, item.func, { kind: item.func.async ? 'async-freestanding' : 'freestanding' }, at);
        if (!f) continue;
        funcs.push(f);
        this.interfaceSpans[id].funcs.push(at);
      } else if (item.kind === 'typedef' && item.type?.kind === 'resource' && item.name) {
        for (const rf of item.type.funcs) {
          const f = this.resolveResourceFunc(rf, item.name);
          if (!f) continue;
          funcs.push(f);
          this.interfaceSpans[id].funcs.push(rf.kind === 'constructor' ? loc(this.file, rf.keywordSpan) : loc(this.file, rf.name.span));
        }
      }
    }
    for (const f of funcs) if (!iface.functions.has(f.name)) iface.functions.set(f.name, f);
    this.interfaceTypes[id] = this.typeLookup;
    this.typeLookup = new Map();
  }

  private resolveTypes(owner: TypeOwner, fields: TypeItem[]): void {
    for (const f of fields) if (f.kind === 'use') this.resolveUse(owner, f.use);

    const deps = new Map<string, DepRef[]>();
    const defs = new Map<string, A.TypeDef | null>();
    for (const f of fields) {
      if (f.kind === 'def') {
        const t = f.def;
        if (!t.name) continue;
        if (defs.has(t.name.name)) {
          this.report('duplicate-name', `name \`${t.name.name}\` is defined more than once`, loc(this.file, t.name.span));
          continue;
        }
        defs.set(t.name.name, t);
        const found: A.Id[] = [];
        collectDeps(t.type, found);
        deps.set(t.name.name, found.map((d) => ({ name: d.name, loc: loc(this.file, d.span) })));
      } else {
        for (const n of f.use.names) {
          const name = (n.as ?? n.name).name;
          deps.set(name, []);
          if (!defs.has(name)) defs.set(name, null);
        }
      }
    }
    const sorted = toposort(deps);
    for (const p of sorted.problems) {
      if (p.kind === 'missing') {
        const hint = p.dep.name === 'float32' || p.dep.name === 'float64' ? p.dep.name : undefined;
        this.reportMissingType(p.dep, hint);
      } else {
        this.report('cycle', `type \`${p.dep.name}\` depends on itself`, p.dep.loc);
      }
    }
    // Names already reported (missing, or part of a cycle) stay quiet when they fail to resolve.
    const missing = sorted.problems.length ? new Set(sorted.problems.map((p) => p.dep.name)) : noneMissing;
    for (const name of sorted.order) {
      const def = defs.get(name);
      if (!def || !def.name) continue;
      this.defineTypeDef(owner, def, missing);
    }
  }

  private reportMissingType(dep: DepRef, oldFloat?: string): void {
    this.broken = true;
    const d: Diagnostic = { severity: 'error', code: 'unknown-type', message: `type \`${dep.name}\` does not exist`, file: dep.loc.file, span: { start: dep.loc.start, end: dep.loc.end } };
    if (oldFloat) {
      const renamed = oldFloat === 'float32' ? 'f32' : 'f64';
      d.notes = [`the \`${oldFloat}\` type has been renamed to \`${renamed}\` and is no longer accepted, but the \`WIT_REQUIRE_F32_F64=0\` environment variable can be used to temporarily disable this error`];
    }
    this.diagnostics.push(d);
  }

  private defineTypeDef(owner: TypeOwner, def: A.TypeDef, missing: ReadonlySet<string>): void {
    const name = def.name!;
    const docs = this.docs(def.docs);
    const stability = this.stability(def.attributes, this.file);
    const kind = def.type ? this.resolveTypeDef(def.type, stability, missing) : this.errorKind();
    const members = def.type?.kind === 'record' ? def.type.fields.map((f) => loc(this.file, f.name.span))
      : def.type?.kind === 'variant' ? def.type.cases.map((c) => loc(this.file, c.name.span)) : undefined;
    const at = loc(this.file, name.span);
    const id = this.allocType({ docs, stability, kind, name: name.name, owner, loc: at }, at, members);
    this.defineName(name, { type: id });
  }

  private resolveUse(owner: TypeOwner, u: A.Use): void {
    if (!u.path) return;
    const r = this.resolveAstItemPath(u.path);
    const from = r && this.extractIface(r);
    const stability = this.stability(u.attributes, this.file);
    for (const n of u.names) {
      let id: TypeId | undefined;
      if (from !== undefined) {
        const entry = this.interfaceTypes[from].get(n.name.name);
        if (entry && 'type' in entry.item) {
          id = entry.item.type;
          this.refer(loc(this.file, n.name.span), { kind: 'type', id });
        }
        else if (entry) {
          this.report('invalid-use', `cannot import ${(entry.item as { item: string }).item} \`${n.name.name}\``, loc(this.file, n.name.span));
        } else {
          this.report('unknown-name', `name \`${n.name.name}\` does not exist`, loc(this.file, n.name.span));
        }
      }
      const at = loc(this.file, n.name.span);
      const local = n.as ?? n.name;
      const target = id ?? this.getErrorType();
      const tid = this.allocType({ docs: {}, stability, kind: { kind: 'type', type: { id: target } }, name: local.name, owner, loc: loc(this.file, local.span), fromUse: true }, at);
      if (id === undefined) this.types[tid].isError = true;
      this.defineName(local, { type: tid });
    }
  }

  private resolveInclude(worldId: WorldId, inc: A.Include): void {
    const stability = this.stability(inc.attributes, this.file);
    if (!inc.path) return;
    const r = this.resolveAstItemPath(inc.path);
    const from = r && this.extractWorld(r);
    if (from === undefined) return;
    const at = loc(this.file, usePathName(inc.path)?.span ?? inc.path.span);
    this.worlds[worldId].includes.push({
      stability,
      world: from,
      names: inc.names.filter((n) => n.as).map((n) => ({ name: n.name.name, as: n.as!.name })),
      loc: at,
    });
    this.worldSpans[worldId].includes.push(at);
  }

  private resolveResourceFunc(f: A.ResourceFunc, resource: A.Id): Function | undefined {
    const entry = this.typeLookup.get(resource.name);
    if (!entry || !('type' in entry.item)) return undefined;
    const rid = entry.item.type;
    if (this.types[rid].kind.kind !== 'resource') return undefined;
    if (f.kind === 'constructor') {
      const func: A.Func = { span: f.span, funcSpan: f.keywordSpan, async: false, params: f.params, result: f.result, paramsSpan: f.paramsSpan };
      return this.resolveFunction(f.docs, f.attributes, `[constructor]${resource.name}`, func, { kind: 'constructor', resource: rid }, loc(this.file, f.keywordSpan));
    }
    if (!f.func) return undefined;
    const isAsync = f.func.async;
    const kind: FunctionKind = f.kind === 'method'
      ? { kind: isAsync ? 'async-method' : 'method', resource: rid }
      : { kind: isAsync ? 'async-static' : 'static', resource: rid };
    const name = `[${f.kind}]${resource.name}.${f.name.name}`;
    return this.resolveFunction(f.docs, f.attributes, name, f.func, kind, loc(this.file, f.name.span));
  }

  private resolveFunction(docs: A.Docs, attrs: readonly A.Attribute[], name: string, func: A.Func, kind: FunctionKind, at: Loc): Function | undefined {
    const d = this.docs(docs);
    const stability = this.stability(attrs, this.file);
    const params = this.resolveParams(func.params, kind, loc(this.file, func.funcSpan));
    const result = this.resolveResult(func.result, kind);
    return { docs: d, stability, name, kind, params, result, loc: at };
  }

  private resolveParams(params: readonly A.Param[], kind: FunctionKind, funcLoc: Loc): { name: string; type: Type }[] {
    const out = new Map<string, Type>();
    if (kind.kind === 'method' || kind.kind === 'async-method') {
      out.set('self', this.anonTypeDef({ kind: 'handle', handle: 'borrow', resource: kind.resource }, unknownStability, funcLoc.file, funcLoc));
    }
    for (const p of params) {
      const t = p.type ? this.resolveType(p.type, unknownStability) : { id: this.getErrorType() };
      if (out.has(p.name.name)) {
        this.report('duplicate-param', `param \`${p.name.name}\` is defined more than once`, loc(this.file, p.name.span));
        continue;
      }
      out.set(p.name.name, t);
    }
    return [...out].map(([name, type]) => ({ name, type }));
  }

  private resolveResult(result: A.TypeExpr | undefined, kind: FunctionKind): Type | undefined {
    if (kind.kind !== 'constructor') return result ? this.resolveType(result, unknownStability) : undefined;
    if (!result) return { id: kind.resource };
    const r = this.resolveType(result, unknownStability);
    if (this.isErrorType(r)) return r;
    const def = typeof r === 'string' ? undefined : this.types[r.id];
    if (!def || def.kind.kind !== 'result') {
      this.report('invalid-constructor', 'if a constructor return type is declared it must be a `result`', loc(this.file, result.span));
      return r;
    }
    const ok = def.kind.ok;
    if (ok && typeof ok !== 'string' && ok.id === kind.resource) return r;
    if (ok && this.isErrorType(ok)) return r;
    const okSpan = result.kind === 'result' && result.ok ? result.ok.span : result.span;
    this.report('invalid-constructor', 'the `ok` type must be the resource being constructed', loc(this.file, okSpan));
    return r;
  }

  // ---- paths ----

  private resolveAstItemPath(path: A.UsePath, quiet = false): { item: AstItemRef; name: string; loc: Loc } | undefined {
    if (path.kind === 'local-path') {
      const item = this.astItems[this.curAst]?.get(path.name.name) ?? this.packageItems.get(path.name.name);
      if (!item) {
        if (!quiet) this.report('unknown-name', `interface or world \`${path.name.name}\` does not exist`, loc(this.file, path.name.span));
        return undefined;
      }
      this.refer(loc(this.file, path.name.span), { kind: item.kind, id: item.id });
      return { item, name: path.name.name, loc: loc(this.file, path.name.span) };
    }
    const pkg = packageNameOf(path.package);
    if (!pkg || !path.name) return undefined;
    this.refer(loc(this.file, path.package.span), { kind: 'package', key: packageNameKey(pkg) });
    const entry = this.foreignDeps.get(packageNameKey(pkg))?.items.get(path.name.name);
    if (!entry) return undefined;
    this.refer(loc(this.file, path.name.span), { kind: entry.item.kind, id: entry.item.id });
    return { item: entry.item, name: path.name.name, loc: loc(this.file, path.name.span) };
  }

  private extractIface(r: { item: AstItemRef; name: string; loc: Loc }, quiet = false): InterfaceId | undefined {
    if (r.item.kind === 'interface') return r.item.id;
    if (!quiet) this.report('wrong-kind', `name \`${r.name}\` is defined as a world, not an interface`, r.loc);
    return undefined;
  }

  private extractWorld(r: { item: AstItemRef; name: string; loc: Loc }): WorldId | undefined {
    if (r.item.kind === 'world') return r.item.id;
    this.report('wrong-kind', `name \`${r.name}\` is defined as an interface, not a world`, r.loc);
    return undefined;
  }

  private defineName(name: A.Id, item: TypeOrItem): boolean {
    if (this.typeLookup.has(name.name)) {
      this.report('duplicate-name', `name \`${name.name}\` is defined more than once`, loc(this.file, name.span));
      return false;
    }
    this.typeLookup.set(name.name, { item, loc: loc(this.file, name.span) });
    return true;
  }

  // ---- types ----

  private getErrorType(): TypeId {
    if (this.errorType === undefined) {
      this.types.push({ name: null, kind: { kind: 'unknown' }, owner: { kind: 'none' }, docs: {}, stability: unknownStability, isError: true });
      this.typeLocs.push({ file: '', start: 0, end: 0 });
      this.memberLocs.push(undefined);
      this.unknownTypeLocs.push(undefined);
      this.errorType = this.types.length - 1;
    }
    return this.errorType;
  }

  private errorKind(): TypeDefKind {
    return { kind: 'type', type: { id: this.getErrorType() } };
  }

  isErrorType(t: Type | undefined): boolean {
    if (!t || typeof t === 'string') return false;
    return !!this.types[t.id]?.isError;
  }

  private resolveTypeDef(ty: A.TypeExpr, stability: Stability, missing: ReadonlySet<string> = noneMissing): TypeDefKind {
    switch (ty.kind) {
      case 'primitive': return { kind: 'type', type: ty.name };
      case 'name': {
        const id = this.resolveTypeName(ty.id, missing);
        return { kind: 'type', type: { id } };
      }
      case 'list': {
        const t = ty.element ? this.resolveType(ty.element, stability, missing) : { id: this.getErrorType() };
        if (ty.size !== undefined) return { kind: 'fixed-length-list', type: t, size: ty.size };
        return { kind: 'list', type: t };
      }
      case 'map': {
        const k = ty.key ? this.resolveType(ty.key, stability, missing) : { id: this.getErrorType() };
        const v = ty.value ? this.resolveType(ty.value, stability, missing) : { id: this.getErrorType() };
        const keyOk = typeof k === 'string' ? ['bool', 'u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64', 'char', 'string'].includes(k) : this.isErrorType(k);
        if (!keyOk) this.report('invalid-map-key', 'invalid map key type: map keys must be bool, u8, u16, u32, u64, s8, s16, s32, s64, char, or string', loc(this.file, ty.span));
        return { kind: 'map', key: k, value: v };
      }
      case 'handle': {
        const id = ty.resource ? this.validateResource(ty.resource, missing) : this.getErrorType();
        return { kind: 'handle', handle: ty.handle, resource: id };
      }
      case 'resource': {
        let ctors = 0;
        const names = new Set<string>();
        for (const f of ty.funcs) {
          if (f.kind === 'constructor') {
            if (++ctors > 1) this.report('duplicate-constructor', 'duplicate constructors', loc(this.file, f.keywordSpan));
          } else if (names.has(f.name.name)) {
            this.report('duplicate-name', `duplicate function name \`${f.name.name}\``, loc(this.file, f.name.span));
          } else {
            names.add(f.name.name);
          }
        }
        return { kind: 'resource' };
      }
      case 'record': {
        this.checkUniqueNames('field', ty.fields.map((f) => f.name));
        const fields: Field[] = ty.fields.map((f) => ({ docs: this.docs(f.docs), name: f.name.name, type: f.type ? this.resolveType(f.type, stability, missing) : { id: this.getErrorType() } }));
        return { kind: 'record', fields };
      }
      case 'flags':
        this.checkUniqueNames('flag', ty.flags.map((f) => f.name));
        return { kind: 'flags', flags: ty.flags.map((f) => ({ docs: this.docs(f.docs), name: f.name.name })) };
      case 'tuple':
        return { kind: 'tuple', types: ty.types.map((t) => this.resolveType(t, stability, missing)) };
      case 'variant': {
        if (ty.cases.length === 0) this.report('empty-variant', 'empty variant', loc(this.file, ty.span));
        this.checkUniqueNames('case', ty.cases.map((c) => c.name));
        const cases: Case[] = ty.cases.map((c) => ({ docs: this.docs(c.docs), name: c.name.name, type: c.type ? this.resolveType(c.type, stability, missing) : undefined }));
        return { kind: 'variant', cases };
      }
      case 'enum': {
        if (ty.cases.length === 0) this.report('empty-enum', 'empty enum', loc(this.file, ty.span));
        this.checkUniqueNames('case', ty.cases.map((c) => c.name));
        return { kind: 'enum', cases: ty.cases.map((c) => ({ docs: this.docs(c.docs), name: c.name.name })) };
      }
      case 'option':
        return { kind: 'option', type: ty.element ? this.resolveType(ty.element, stability, missing) : { id: this.getErrorType() } };
      case 'result':
        return { kind: 'result', ok: ty.ok ? this.resolveType(ty.ok, stability, missing) : undefined, err: ty.err ? this.resolveType(ty.err, stability, missing) : undefined };
      case 'future':
        return { kind: 'future', type: ty.element ? this.resolveType(ty.element, stability, missing) : undefined };
      case 'stream':
        return { kind: 'stream', type: ty.element ? this.resolveType(ty.element, stability, missing) : undefined };
    }
  }

  /**
   * Record fields, flags and cases must be strongly unique, as the component model requires
   * (wit-parser's `check_unique_names`): equal ignoring case. The first clash of a type is reported.
   */
  private checkUniqueNames(desc: string, names: (A.Id | undefined)[]): void {
    const seen = new Map<string, string>();
    for (const n of names) {
      if (!n) continue;
      const key = n.name.toLowerCase();
      const prev = seen.get(key);
      if (prev !== undefined) {
        this.report(`duplicate-${desc}`, prev === n.name ? `duplicate ${desc} \`${prev}\`` : `${desc} \`${n.name}\` conflicts with previous ${desc} \`${prev}\``, loc(this.file, n.span));
        return;
      }
      seen.set(key, n.name);
    }
  }

  private resolveTypeName(name: A.Id, missing: ReadonlySet<string> = noneMissing): TypeId {
    const entry = this.typeLookup.get(name.name);
    if (entry && 'type' in entry.item) {
      this.refer(loc(this.file, name.span), { kind: 'type', id: entry.item.type });
      return entry.item.type;
    }
    if (entry) {
      this.report('invalid-type', `cannot use ${(entry.item as { item: string }).item} \`${name.name}\` as a type`, loc(this.file, name.span));
    } else if (!missing.has(name.name)) {
      this.report('unknown-name', `name \`${name.name}\` does not exist`, loc(this.file, name.span));
    }
    return this.getErrorType();
  }

  private validateResource(name: A.Id, missing: ReadonlySet<string>): TypeId {
    const id = this.resolveTypeName(name, missing);
    let cur = id;
    for (let guard = 0; guard < 10_000; guard++) {
      const t = this.types[cur];
      if (t.isError) return id;
      if (t.kind.kind === 'resource') return id;
      if (t.kind.kind === 'type' && typeof t.kind.type !== 'string') { cur = t.kind.type.id; continue; }
      if (t.kind.kind === 'unknown') {
        this.requiredResourceTypes.push([cur, loc(this.file, name.span)]);
        return id;
      }
      this.report('not-a-resource', `type \`${name.name}\` used in a handle must be a resource`, loc(this.file, name.span));
      return this.getErrorType();
    }
    return id;
  }

  /** An anonymous type's stability is that of the first named type inside it (wit-parser's rule). */
  private findStability(kind: TypeDefKind, stability: Stability): Stability {
    if (stability.kind !== 'unknown') return stability;
    const inType = (t: Type | undefined): Stability | undefined => {
      if (!t || typeof t === 'string') return undefined;
      const s = this.types[t.id].stability;
      return s.kind === 'unknown' ? undefined : s;
    };
    let found: Stability | undefined;
    switch (kind.kind) {
      case 'type': found = inType(kind.type); break;
      case 'handle': found = inType({ id: kind.resource }); break;
      case 'tuple': for (const t of kind.types) { found = inType(t); if (found) break; } break;
      case 'list': case 'fixed-length-list': case 'option': found = inType(kind.type); break;
      case 'map': found = inType(kind.key) ?? inType(kind.value); break;
      case 'future': case 'stream': found = inType(kind.type); break;
      case 'result': found = inType(kind.ok) ?? inType(kind.err); break;
      default: break;
    }
    return found ?? unknownStability;
  }

  private resolveType(ty: A.TypeExpr, stability: Stability, missing: ReadonlySet<string> = noneMissing): Type {
    return this.anonTypeDef(this.resolveTypeDef(ty, stability, missing), stability, this.file, ty.span);
  }

  /**
   * wit-parser's `anon_type_def`: the anonymous type of kind `k` at `span`, one per distinct kind.
   * The type (with the stability `findStability` gives it) is made only when it is new: most
   * references, in a big package, name a kind met before.
   */
  private anonTypeDef(k: TypeDefKind, stability: Stability, file: string, span: A.Span): Type {
    switch (k.kind) {
      case 'type': return k.type;
      case 'handle': if (k.handle === 'own') return { id: k.resource }; break;
      case 'resource': case 'unknown': return { id: this.getErrorType() };
      default: break;
    }
    anonKey(k, scratchKey);
    const prev = this.anonTypes.get(scratchKey);
    if (prev !== undefined) return { id: prev };
    const key = { ...scratchKey };
    const at = loc(file, span);
    const id = this.allocType({ kind: k, name: null, docs: {}, stability: this.findStability(k, stability), owner: { kind: 'none' }, loc: at }, at);
    this.anonTypes.add(key, id);
    return { id };
  }

  // ---- docs and gates ----

  /** wit-parser's doc-comment normalisation: every comment before an item, markers stripped. */
  docs(d: A.Docs): Docs {
    if (d.comments.length === 0) return {};
    const cached = docsCache.get(d.comments);
    if (cached) return cached;
    const result = normaliseDocs(d);
    docsCache.set(d.comments, result);
    return result;
  }

  /** wit-parser's `stability`: which gate combinations are allowed, and what they mean. */
  stability(attrs: readonly A.Attribute[], file: string, quiet = false): Stability {
    if (attrs.length === 0) return unknownStability;
    const version = (a: { version?: A.Version }) => (a.version ? safeSemver(a.version.text) : undefined);
    const fail = (message: string, span: A.Span): Stability => {
      if (!quiet) this.report('invalid-gate', message, loc(file, span));
      return unknownStability;
    };
    let since: Extract<A.Attribute, { kind: 'since' }> | undefined;
    let unstable: Extract<A.Attribute, { kind: 'unstable' }> | undefined;
    let deprecated: Extract<A.Attribute, { kind: 'deprecated' }> | undefined;
    for (const a of attrs) {
      if (a.kind === 'since') { if (since) return fail('cannot specify @since twice', a.span); since = a; }
      else if (a.kind === 'unstable') { if (unstable) return fail('cannot specify @unstable twice', a.span); unstable = a; }
      else if (a.kind === 'deprecated') { if (deprecated) return fail('cannot specify @deprecated twice', a.span); deprecated = a; }
    }
    if (since && unstable) return fail('cannot specify both @since and @unstable', (since.span.start > unstable.span.start ? since : unstable).span);
    if (since) {
      const v = version(since);
      return v ? { kind: 'stable', since: v, deprecated: deprecated ? version(deprecated) : undefined } : unknownStability;
    }
    if (unstable) return unstable.feature ? { kind: 'unstable', feature: unstable.feature.name, deprecated: deprecated ? version(deprecated) : undefined } : unknownStability;
    if (deprecated) return fail('cannot specify both @deprecated without @since or @unstable', deprecated.span);
    return unknownStability;
  }
}

/** Docs are immutable syntax: their normalised text is computed once per list of comments (which the tree's copy after an edit shares). */
const docsCache = new WeakMap<readonly string[], Docs>();

function normaliseDocs(d: A.Docs): Docs {
  // Each comment without its markers and trailing space; then the indentation the non-empty ones
  // share taken off, each line ended by a newline, the newlines at the end dropped. Written out by
  // hand: the editor normalises the docs of every item it parses again, on every keystroke.
  const comments = d.comments;
  const lines: string[] = new Array(comments.length);
  let minWs = -1;
  for (let i = 0; i < comments.length; i++) {
    const c = comments[i];
    let s: string;
    if (c.startsWith('/**')) s = c.endsWith('*/') && c.length >= 5 ? c.slice(3, -2) : c.slice(3);
    else {
      let k = 0;
      while (c.charCodeAt(k) === 0x2f) k++;
      s = c.slice(k);
    }
    s = s.trimEnd();
    lines[i] = s;
    if (s.length === 0) continue;
    let w = 0;
    for (let ch = s.charCodeAt(0); ch === 0x20 || ch === 0x09 || ch === 0x0a || ch === 0x0d || ch === 0x0c; ch = s.charCodeAt(++w));
    if (minWs < 0 || w < minWs) minWs = w;
  }
  const pad = minWs > 0 ? ' '.repeat(minWs) : '';
  let contents = '';
  for (let l of lines) {
    if (minWs > 0 && l.startsWith(pad)) l = l.slice(minWs);
    if (l.length === 0) contents += '\n';
    else if (!l.includes('\n')) contents += l + '\n';
    else for (const line of l.split(/\r?\n/)) contents += line + '\n';
  }
  let end = contents.length;
  while (end > 0 && contents.charCodeAt(end - 1) === 0x0a) end--;
  return { contents: contents.slice(0, end) };
}

function safeSemver(text: string): SemVer | undefined {
  try {
    return parseSemver(text);
  } catch {
    return undefined;
  }
}

/** wit-parser's `ExternKind::span`: the name for named items, the interface name for paths. */
export function externSpan(ek: A.ExternKind): A.Span {
  switch (ek.kind) {
    case 'extern-interface': case 'extern-func': case 'extern-named-path': return ek.name.span;
    case 'extern-path': return ek.path.kind === 'local-path' ? ek.path.name.span : ek.path.name?.span ?? ek.path.span;
  }
}

/** The declaration lists of a file: its own package, and each nested package block. */
export function fileDecls(path: string, file: A.WitFile): { main: DeclSource; nested: DeclSource[] } {
  const nested: DeclSource[] = [];
  const top: A.TopItem[] = [];
  for (const item of file.items) {
    if (item.kind === 'nested-package') nested.push({ path, items: item.items, name: item.name, docs: item.docs, nested: item });
    else top.push(item);
  }
  return { main: { path, items: top, name: file.package, docs: file.packageDocs }, nested };
}
