// Unresolved packages → one `Resolve`: wit-parser's `sort_unresolved_packages` and `Remap::append`
// (crates/wit-parser/src/resolve/mod.rs). Packages are ordered by their dependencies, connected to
// each other by name and version, filtered by feature gates, and their worlds elaborated.
// Every problem is reported and resolution carries on with what remains.
import type { Diagnostic } from '../syntax/index.js';
import { compareSemver, formatSemver } from '../syntax/index.js';
import {
  type Function, type Interface, type InterfaceId, type Loc, type PackageId, type PackageName, Resolve, type Stability,
  type Type, type TypeDef, type TypeId, type TypeOwner, type World, type WorldId, type WorldItem, type WorldKey,
  formatPackageName, packageNameKey, sameOwner, stabilityEqual, unknownStability, worldKeyString,
} from './model.js';
import type { UnresolvedPackage } from './unresolved.js';
import { pushRange, withRange } from './arrays.js';

/** The packages of one path: the main group first, then each `deps/` entry, in order. */
export interface PackageGroup {
  main: UnresolvedPackage;
  nested: UnresolvedPackage[];
  /** Decoded from a binary package: wit-parser merges these first, in `deps/` order. */
  binary?: boolean;
  /** The part of `main` its resolver took over from the last resolution (`PackageResolver.taken`). */
  taken?: { from: UnresolvedPackage; types: number; interfaces: number };
}

export interface ResolveOptions {
  features?: readonly string[];
  allFeatures?: boolean;
  /**
   * What the last resolution of the same root left (the editor keeps one per root): the packages
   * it appended first that are the same this time — the same unresolved packages, the dependencies
   * of a package being edited — are taken over as they are, not cloned and updated again.
   */
  memo?: ResolveMemo;
}

/**
 * The packages one resolution appended, in order, and the `Resolve`'s extent after each. Appending
 * a package writes only what it adds (its own types, interfaces, worlds and package entry), so the
 * first k packages' part of a `Resolve` is the same in every resolution that appends those k first.
 */
export interface ResolveMemo {
  key?: string;
  resolve?: Resolve;
  order: UnresolvedPackage[];
  marks: { types: number; interfaces: number; worlds: number; diagnostics: Diagnostic[]; idMap: IdMap; trace: AppendTrace }[];
}

/**
 * Where one package's appending stood after each of its types and interfaces: the next appending
 * of the package, when its resolver took over the head of the last one (`PackageGroup.taken`) and
 * everything before it in the `Resolve` is the same, takes over the types and interfaces made from
 * the same unresolved objects, up to the first that was reported on.
 */
interface AppendTrace {
  pkg: UnresolvedPackage;
  tables: { types: (TypeId | Excluded | undefined)[]; interfaces: (InterfaceId | Excluded | undefined)[]; worlds: (WorldId | Excluded | undefined)[] };
  /**
   * The `Resolve`'s types as unresolved type i was reached, by index (at the package's number of
   * types: where the types' loop ended); its interfaces, and its types, as unresolved interface i
   * was reached (likewise).
   */
  typeEnds: Int32Array;
  ifaceEnds: Int32Array;
  typesAfterIface: Int32Array;
  /** The own handles found by the end of the types' loop, by resource. */
  ownHandles: Map<TypeId, TypeId>;
  /** The first unresolved type / interface / type owner whose appending was reported on. */
  firstReport: { type: number; iface: number; owner: number };
}

export function newResolveMemo(): ResolveMemo {
  return { order: [], marks: [] };
}

/** Where each unresolved id of one package ended up in the `Resolve` (undefined: not there). */
export interface IdMap {
  types: (TypeId | undefined)[];
  interfaces: (InterfaceId | undefined)[];
  worlds: (WorldId | undefined)[];
}

export interface ResolveResult {
  resolve: Resolve;
  /** The main package's id (undefined when it could not be added). */
  main?: PackageId;
  /** For each package id, the unresolved package it came from. */
  sources: Map<PackageId, UnresolvedPackage>;
  /** For each package id, how its unresolved ids map into the `Resolve`. */
  idMaps: Map<PackageId, IdMap>;
}

class Excluded {
  constructor(readonly desc: 'type' | 'interface' | 'world') {}
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** wit-parser's `Ord for PackageName`: namespace, name, then version (none first). */
function comparePackageNames(a: PackageName, b: PackageName): number {
  return compareStrings(a.namespace, b.namespace) || compareStrings(a.name, b.name)
    || (a.version === undefined ? (b.version === undefined ? 0 : -1) : b.version === undefined ? 1 : compareSemver(a.version, b.version) || compareStrings(a.version.build, b.version.build));
}

function stabilityDebug(s: Stability): string {
  const ver = (v: { major: bigint; minor: bigint; patch: bigint; pre: string; build: string }) =>
    `Version { major: ${v.major}, minor: ${v.minor}, patch: ${v.patch}${v.pre ? `, pre: Prerelease("${v.pre}")` : ''}${v.build ? `, build: BuildMetadata("${v.build}")` : ''} }`;
  const dep = (d?: { major: bigint; minor: bigint; patch: bigint; pre: string; build: string }) => (d ? `Some(${ver(d)})` : 'None');
  if (s.kind === 'stable') return `Stable { since: ${ver(s.since)}, deprecated: ${dep(s.deprecated)} }`;
  if (s.kind === 'unstable') return `Unstable { feature: "${s.feature}", deprecated: ${dep(s.deprecated)} }`;
  return 'Unknown';
}

/** Builds a `Resolve` from the packages of one path, reporting into `diagnostics`. */
export function resolvePackages(groups: PackageGroup[], options: ResolveOptions, diagnostics: Diagnostic[]): ResolveResult {
  const resolve = new Resolve();
  for (const f of options.features ?? []) resolve.features.add(f);
  resolve.allFeatures = !!options.allFeatures;
  const sources = new Map<PackageId, UnresolvedPackage>();
  const report = (code: string, message: string, at: Loc | undefined, extra: Partial<Diagnostic> = {}) => {
    const where = at ?? { file: groups[0]?.main.files[0] ?? '', start: 0, end: 0 };
    diagnostics.push({ severity: 'error', code, message, file: where.file, span: { start: where.start, end: where.end }, ...extra });
  };

  // ---- sort_unresolved_packages ----
  const byName = new Map<string, UnresolvedPackage>();
  const mainName = groups[0] ? packageNameKey(groups[0].main.name) : undefined;
  for (const g of groups) {
    for (const pkg of [...g.nested, g.main]) {
      const key = packageNameKey(pkg.name);
      const prev = byName.get(key);
      if (prev) {
        report('duplicate-package', `package \`${key}\` is defined in two different locations`, pkg.nameLoc, {
          related: [{ message: 'also defined here', location: { file: prev.nameLoc.file, span: prev.nameLoc } }],
        });
        continue;
      }
      byName.set(key, pkg);
    }
  }
  const sorted = [...byName.values()].sort((a, b) => comparePackageNames(a.name, b.name));
  const order: UnresolvedPackage[] = [];
  const placed = new Set<string>();
  /** Packages on a reported cycle: a missing dependency among them is not news. */
  const inCycle = new Set<string>();
  // wit-parser's `visit`, without recursion: a depth-first walk over `foreign_deps` where
  // `visiting` holds the dependencies being entered (not the package the walk started from),
  // so a cycle is reported where a package names a dependency that is already being entered.
  const visit = (root: UnresolvedPackage) => {
    if (placed.has(packageNameKey(root.name))) return;
    type Frame = { pkg: UnresolvedPackage; deps: [string, Loc][]; i: number; entered?: string };
    const visiting = new Set<string>();
    const stack: Frame[] = [{ pkg: root, deps: depsOf(root), i: 0 }];
    while (stack.length) {
      const top = stack[stack.length - 1];
      if (top.i < top.deps.length) {
        const [dep, at] = top.deps[top.i++];
        if (visiting.has(dep)) {
          const dupName = byName.get(dep)?.name ?? top.pkg.foreignDeps.get(dep)!.name;
          if (!inCycle.has(dep)) report('package-cycle', `package \`${formatPackageName(dupName)}\` creates a dependency cycle`, at);
          for (const f of stack) inCycle.add(packageNameKey(f.pkg.name));
          inCycle.add(dep);
          continue;
        }
        const next = byName.get(dep);
        if (!next || placed.has(dep)) continue;
        visiting.add(dep);
        stack.push({ pkg: next, deps: depsOf(next), i: 0, entered: dep });
        continue;
      }
      stack.pop();
      if (top.entered) visiting.delete(top.entered);
      const key = packageNameKey(top.pkg.name);
      if (!placed.has(key)) {
        placed.add(key);
        order.push(top.pkg);
      }
    }
  };
  function depsOf(p: UnresolvedPackage): [string, Loc][] {
    return [...p.foreignDeps.entries()].map(([k, d]) => [k, d.loc]);
  }
  // Binary packages were merged into the `Resolve` while `deps/` was read, before the rest.
  for (const g of groups) {
    if (!g.binary) continue;
    for (const p of [...g.nested, g.main]) {
      const key = packageNameKey(p.name);
      if (byName.get(key) === p && !placed.has(key)) visit(p);
    }
  }
  for (const p of sorted) visit(p);

  let main: PackageId | undefined;
  const idMaps = new Map<PackageId, IdMap>();
  // A table with nothing excluded (the usual case) is its own plain form: it is not written again.
  const plain = <T>(xs: (T | Excluded | undefined)[]) => (xs.some((x) => x instanceof Excluded) ? xs.map((x) => (x instanceof Excluded ? undefined : x)) : (xs as (T | undefined)[]));
  // The packages the memo's resolution appended first, in the same order and with the same
  // settings, are taken over: the arrays up to their extent (the objects shared, never written
  // again), their package names, id maps and the problems their appending reported.
  const memo = options.memo;
  const key = JSON.stringify([options.features ?? [], !!options.allFeatures, [...inCycle].sort(), groups[0]?.main.files[0] ?? '']);
  let kept = 0;
  if (memo?.resolve && memo.key === key) while (kept < order.length && kept < memo.order.length && order[kept] === memo.order[kept]) kept++;
  const marks: ResolveMemo['marks'] = [];
  if (kept > 0) {
    const last = memo!.marks[kept - 1];
    const old = memo!.resolve!;
    resolve.types = old.types.slice(0, last.types);
    resolve.interfaces = old.interfaces.slice(0, last.interfaces);
    resolve.worlds = old.worlds.slice(0, last.worlds);
    resolve.packages = old.packages.slice(0, kept);
    for (let id = 0; id < kept; id++) {
      const pkg = order[id];
      const mark = memo!.marks[id];
      resolve.packageNames.set(packageNameKey(pkg.name), id);
      sources.set(id, pkg);
      idMaps.set(id, mark.idMap);
      diagnostics.push(...mark.diagnostics);
      marks.push(mark);
      if (packageNameKey(pkg.name) === mainName) main = id;
    }
  }
  const takenBy = new Map<UnresolvedPackage, NonNullable<PackageGroup['taken']>>();
  for (const g of groups) if (g.taken) takenBy.set(g.main, g.taken);
  for (const pkg of order.slice(kept)) {
    const remap = new Remap(resolve, report, inCycle);
    const reported = diagnostics.length;
    // The first package appended anew may take over the head of its last appending.
    const taken = takenBy.get(pkg);
    const prior = taken && memo?.resolve && memo.key === key && marks.length === kept && memo.order[kept] === taken.from && memo.marks[kept]?.trace.pkg === taken.from ? memo.marks[kept] : undefined;
    const id = remap.append(pkg, prior && taken ? { resolve: memo!.resolve!, trace: prior.trace, types: taken.types, interfaces: taken.interfaces } : undefined);
    const idMap = { types: plain(remap.types), interfaces: plain(remap.interfaces), worlds: plain(remap.worlds) };
    sources.set(id, pkg);
    idMaps.set(id, idMap);
    marks.push({ types: resolve.types.length, interfaces: resolve.interfaces.length, worlds: resolve.worlds.length, diagnostics: diagnostics.slice(reported), idMap, trace: remap.trace! });
    if (packageNameKey(pkg.name) === mainName) main = id;
  }
  if (memo) Object.assign(memo, { key, resolve, order, marks });
  return { resolve, main, sources, idMaps };
}

type Report = (code: string, message: string, at: Loc | undefined, extra?: Partial<Diagnostic>) => void;

/** Whether the foreign part of two appendings' tables (ids, exclusions, misses) is the same. */
function sameTables(a: AppendTrace['tables'], b: AppendTrace['tables'], types: number, interfaces: number, worlds: number): boolean {
  const same = (x: unknown[], y: unknown[], n: number) => {
    if (x.length < n || y.length < n) return false;
    for (let i = 0; i < n; i++) {
      const p = x[i], q = y[i];
      if (p !== q && !(p instanceof Excluded && q instanceof Excluded)) return false;
    }
    return true;
  };
  return same(a.types, b.types, types) && same(a.interfaces, b.interfaces, interfaces) && same(a.worlds, b.worlds, worlds);
}

function sameMap<K, V>(a: Map<K, V>, b: Map<K, V>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

/** wit-parser's `Remap`: the mapping from one unresolved package's ids to the `Resolve`'s. */
class Remap {
  types: (TypeId | Excluded | undefined)[] = [];
  interfaces: (InterfaceId | Excluded | undefined)[] = [];
  worlds: (WorldId | Excluded | undefined)[] = [];
  private ownHandles = new Map<TypeId, TypeId>();
  private hasBorrow = new Map<TypeId, boolean>();
  private pkg!: UnresolvedPackage;
  /** What this appending leaves for the next one of the package. */
  trace?: AppendTrace;
  /** Which loop of `append` runs (1 types, 2 interfaces, 3 owners) and at which index: where a report falls. */
  private loop = 0;
  private at = 0;

  constructor(private readonly resolve: Resolve, private readonly reportRaw: Report, private readonly quietPackages: Set<string> = new Set()) {}

  private report(code: string, message: string, at: Loc | undefined, extra?: Partial<Diagnostic>): void {
    const first = this.trace?.firstReport;
    if (first) {
      if (this.loop === 1 && first.type > this.at) first.type = this.at;
      else if (this.loop === 2 && first.iface > this.at) first.iface = this.at;
      else if (this.loop === 3 && first.owner > this.at) first.owner = this.at;
    }
    this.reportRaw(code, message, at, extra);
  }

  /** The own handles among the `Resolve`'s types in [from, to), as the appending that made them found them. */
  private noteOwnHandles(from: number, to: number): void {
    const types = this.resolve.types;
    for (let id = from; id < to; id++) {
      const t = types[id];
      if (t.name === null && t.owner.kind === 'none' && t.kind.kind === 'handle' && t.kind.handle === 'own' && !this.ownHandles.has(t.kind.resource)) this.ownHandles.set(t.kind.resource, id);
    }
  }

  /** Maps an id; reports a reference to a gated-off item (wit-parser's `apply_map`). */
  private map<T>(table: (T | Excluded | undefined)[], id: number, desc: 'type' | 'interface' | 'world', at: Loc | undefined, context?: string): T | undefined {
    const v = table[id];
    if (v instanceof Excluded) {
      if (at) this.report('gated-reference', `found a reference to a ${desc} which is excluded due to its feature not being activated${context ? `; ${context}` : ''}`, at);
      return undefined;
    }
    return v;
  }

  mapType(id: TypeId, at?: Loc, context?: string): TypeId | undefined {
    return this.map(this.types, id, 'type', at, context);
  }

  mapInterface(id: InterfaceId, at?: Loc, context?: string): InterfaceId | undefined {
    return this.map(this.interfaces, id, 'interface', at, context);
  }

  mapWorld(id: WorldId, at?: Loc, context?: string): WorldId | undefined {
    return this.map(this.worlds, id, 'world', at, context);
  }

  /** A type standing in for one that cannot be mapped (already reported). */
  private errorType(): TypeId {
    const r = this.resolve;
    r.types.push({ name: null, kind: { kind: 'unknown' }, owner: { kind: 'none' }, docs: {}, stability: unknownStability, isError: true });
    return r.types.length - 1;
  }

  append(pkg: UnresolvedPackage, prior?: { resolve: Resolve; trace: AppendTrace; types: number; interfaces: number }): PackageId {
    this.pkg = pkg;
    const r = this.resolve;
    const pkgid = r.packages.length;
    r.packages.push({ name: pkg.name, docs: pkg.docs, interfaces: new Map(), worlds: new Map(), files: pkg.files, loc: pkg.nameLoc });
    r.packageNames.set(packageNameKey(pkg.name), pkgid);
    const typesAtStart = r.types.length;
    const interfacesAtStart = r.interfaces.length;

    this.processForeignDeps(pkgid);
    const foreignTypes = this.types.length;
    const foreignInterfaces = this.interfaces.length;
    const foreignWorlds = this.worlds.length;
    const trace: AppendTrace = {
      pkg,
      tables: { types: this.types, interfaces: this.interfaces, worlds: this.worlds },
      typeEnds: new Int32Array(pkg.types.length + 1),
      ifaceEnds: new Int32Array(pkg.interfaces.length + 1),
      typesAfterIface: new Int32Array(pkg.interfaces.length + 1),
      ownHandles: this.ownHandles,
      firstReport: { type: Infinity, iface: Infinity, owner: Infinity },
    };
    this.trace = trace;

    // What the last appending made from the same unresolved objects, up to the first it reported
    // on, when it started from the same `Resolve` and found the same foreign items.
    let takeTypes = foreignTypes;
    let takeInterfaces = foreignInterfaces;
    if (prior && sameTables(prior.trace.tables, this, foreignTypes, foreignInterfaces, foreignWorlds)) {
      const old = prior.trace;
      takeTypes = Math.max(foreignTypes, Math.min(prior.types, old.firstReport.type, old.firstReport.owner));
      if (takeTypes > foreignTypes) {
        const end = old.typeEnds[takeTypes];
        // With room for the rest of the last resolution's types: as many are made again, or taken.
        r.types = withRange(r.types, prior.resolve.types, typesAtStart, end, prior.resolve.types.length - end);
        this.types = trace.tables.types = withRange(this.types, old.tables.types, foreignTypes, takeTypes, pkg.types.length - takeTypes);
        trace.typeEnds.set(old.typeEnds.subarray(foreignTypes, takeTypes), foreignTypes);
        this.noteOwnHandles(typesAtStart, end);
      }
      takeInterfaces = Math.max(foreignInterfaces, Math.min(prior.interfaces, old.firstReport.iface));
    }

    // Types, in the package's (topological) order.
    this.loop = 1;
    for (let i = takeTypes; i < pkg.types.length; i++) {
      this.at = i;
      trace.typeEnds[i] = r.types.length;
      const ty = cloneTypeDef(pkg.types[i]);
      if (ty.isError) {
        // A stand-in for what failed to resolve (reported): it refers to nothing.
        ty.kind = { kind: 'unknown' };
        r.types.push(ty);
        this.types.push(r.types.length - 1);
        continue;
      }
      const inc = this.includeStability(ty.stability, pkgid, pkg.typeLocs[i]);
      if (!inc) {
        this.types.push(new Excluded('type'));
        continue;
      }
      this.updateTypeDef(ty, pkg.typeLocs[i], pkg.memberLocs[i]);
      r.types.push(ty);
      let newId = r.types.length - 1;
      if (ty.name === null && ty.owner.kind === 'none' && ty.kind.kind === 'handle' && ty.kind.handle === 'own') {
        const res = ty.kind.resource;
        const prev = this.ownHandles.get(res);
        if (prev !== undefined) newId = prev;
        else this.ownHandles.set(res, newId);
      }
      this.types.push(newId);
    }

    trace.typeEnds[pkg.types.length] = r.types.length;
    trace.ownHandles = new Map(this.ownHandles);

    // Interfaces: taken over when the types came out as before, own handles too (an interface's
    // functions name the own handles it made at the end of the types, or that the types made).
    this.loop = 2;
    let from = foreignInterfaces;
    if (prior && takeInterfaces > foreignInterfaces && prior.trace.typeEnds[prior.trace.pkg.types.length] === r.types.length && sameMap(prior.trace.ownHandles, this.ownHandles)) {
      const old = prior.trace;
      const ifaceEnd = old.ifaceEnds[takeInterfaces];
      const typesEnd = old.typesAfterIface[takeInterfaces];
      r.interfaces = withRange(r.interfaces, prior.resolve.interfaces, interfacesAtStart, ifaceEnd, prior.resolve.interfaces.length - ifaceEnd);
      const typesFrom = r.types.length;
      pushRange(r.types, prior.resolve.types, typesFrom, typesEnd);
      this.noteOwnHandles(typesFrom, typesEnd);
      this.interfaces = trace.tables.interfaces = withRange(this.interfaces, old.tables.interfaces, foreignInterfaces, takeInterfaces, pkg.interfaces.length - takeInterfaces);
      trace.ifaceEnds.set(old.ifaceEnds.subarray(foreignInterfaces, takeInterfaces), foreignInterfaces);
      trace.typesAfterIface.set(old.typesAfterIface.subarray(foreignInterfaces, takeInterfaces), foreignInterfaces);
      from = takeInterfaces;
    }
    for (let i = from; i < pkg.interfaces.length; i++) {
      this.at = i;
      trace.ifaceEnds[i] = r.interfaces.length;
      trace.typesAfterIface[i] = r.types.length;
      const iface = cloneInterface(pkg.interfaces[i]);
      const span = pkg.interfaceSpans[i];
      if (!this.includeStability(iface.stability, pkgid, span.loc)) {
        this.interfaces.push(new Excluded('interface'));
        continue;
      }
      iface.package = pkgid;
      this.updateInterface(iface, span);
      r.interfaces.push(iface);
      this.interfaces.push(r.interfaces.length - 1);
    }
    trace.ifaceEnds[pkg.interfaces.length] = r.interfaces.length;
    trace.typesAfterIface[pkg.interfaces.length] = r.types.length;

    // Owners of interface types, now that interfaces have their ids (those taken over have theirs).
    this.loop = 3;
    for (let i = takeTypes; i < this.types.length; i++) {
      this.at = i;
      const id = this.types[i];
      if (typeof id !== 'number') continue;
      const t = r.types[id];
      if (t.owner.kind === 'interface') {
        const mapped = this.mapInterface(t.owner.id, pkg.typeLocs[i], 'this type is not gated by a feature but its interface is');
        // An owner that did not make it into the `Resolve` (reported) leaves the type ownerless.
        t.owner = mapped !== undefined ? { kind: 'interface', id: mapped } : { kind: 'none' };
      }
    }

    // Worlds (their items; includes and elaboration come after).
    this.loop = 0;
    for (let i = foreignWorlds; i < pkg.worlds.length; i++) {
      const world = cloneWorld(pkg.worlds[i]);
      const span = pkg.worldSpans[i];
      if (!this.includeStability(world.stability, pkgid, span.loc)) {
        this.worlds.push(new Excluded('world'));
        continue;
      }
      this.updateWorld(world, pkgid, span);
      r.worlds.push(world);
      this.worlds.push(r.worlds.length - 1);
    }

    for (let i = takeTypes; i < this.types.length; i++) {
      const id = this.types[i];
      if (typeof id !== 'number') continue;
      const t = r.types[id];
      if (t.owner.kind === 'world') {
        const mapped = this.mapWorld(t.owner.id, pkg.typeLocs[i], 'this type is not gated by a feature but its world is');
        t.owner = mapped !== undefined ? { kind: 'world', id: mapped } : { kind: 'none' };
      }
    }

    for (let i = foreignWorlds; i < this.worlds.length; i++) {
      const id = this.worlds[i];
      if (typeof id !== 'number') continue;
      this.processWorldIncludes(id, pkgid);
      elaborateWorld(r, id, (name) => this.report('incompatible-dependency', `interface \`${name}\` transitively depends on an interface in incompatible ways`, pkg.worldSpans[i].loc));
    }

    for (let i = foreignInterfaces; i < this.interfaces.length; i++) {
      const id = this.interfaces[i];
      if (typeof id !== 'number') continue;
      const iface = r.interfaces[id];
      iface.package = pkgid;
      if (iface.name !== null && !r.packages[pkgid].interfaces.has(iface.name)) r.packages[pkgid].interfaces.set(iface.name, id);
    }
    for (let i = foreignWorlds; i < this.worlds.length; i++) {
      const id = this.worlds[i];
      if (typeof id !== 'number') continue;
      const world = r.worlds[id];
      world.package = pkgid;
      if (!r.packages[pkgid].worlds.has(world.name)) r.packages[pkgid].worlds.set(world.name, id);
    }
    return pkgid;
  }

  // ---- foreign items ----

  private processForeignDeps(pkgid: PackageId): void {
    const pkg = this.pkg;
    const r = this.resolve;
    const ifaceTo = new Map<InterfaceId, { pkgKey: string; name: string; loc: Loc; stabilities: Stability[]; pkgName: PackageName }>();
    const worldTo = new Map<WorldId, { pkgKey: string; name: string; loc: Loc; stabilities: Stability[]; pkgName: PackageName }>();
    for (const [pkgKey, dep] of pkg.foreignDeps) {
      for (const [name, e] of dep.items) {
        const info = { pkgKey, name, loc: dep.loc, stabilities: e.stabilities, pkgName: dep.name };
        if (e.item.kind === 'interface') ifaceTo.set(e.item.id, info);
        else worldTo.set(e.item.id, info);
      }
    }
    const reported = new Set<string>();
    const findPackage = (info: { pkgKey: string; loc: Loc; pkgName: PackageName }): PackageId | undefined => {
      const id = r.packageNames.get(info.pkgKey);
      if (id === undefined && !reported.has(info.pkgKey) && !this.quietPackages.has(info.pkgKey)) {
        reported.add(info.pkgKey);
        const known = [...r.packageNames.keys()];
        const message = known.length
          ? `package '${formatPackageName(info.pkgName)}' not found. known packages:${known.map((k) => `\n    ${k}`).join('')}`
          : `package '${formatPackageName(info.pkgName)}' not found`;
        this.report('unknown-package', message, info.loc);
      }
      return id;
    };
    for (let i = 0; i < pkg.interfaces.length; i++) {
      const info = ifaceTo.get(i);
      if (!info) break;
      const span = pkg.interfaceSpans[i];
      const depId = findPackage(info);
      if (depId === undefined) { this.interfaces.push(undefined); continue; }
      let enabled = false;
      for (const s of info.stabilities) if (this.includeStability(s, pkgid, span.loc)) { enabled = true; break; }
      if (!enabled) { this.interfaces.push(new Excluded('interface')); continue; }
      const ifaceId = r.packages[depId].interfaces.get(info.name);
      if (ifaceId === undefined) {
        this.report('unknown-interface', `interface '${info.name}' not found in package '${formatPackageName(info.pkgName)}'`, span.loc);
        this.interfaces.push(undefined);
        continue;
      }
      this.interfaces.push(ifaceId);
    }
    for (let i = 0; i < pkg.worlds.length; i++) {
      const info = worldTo.get(i);
      if (!info) break;
      const span = pkg.worldSpans[i];
      const depId = findPackage(info);
      if (depId === undefined) { this.worlds.push(undefined); continue; }
      let enabled = false;
      for (const s of info.stabilities) if (this.includeStability(s, pkgid, span.loc)) { enabled = true; break; }
      if (!enabled) { this.worlds.push(new Excluded('world')); continue; }
      const worldId = r.packages[depId].worlds.get(info.name);
      if (worldId === undefined) {
        this.report('unknown-world', `world '${info.name}' not found in package '${formatPackageName(info.pkgName)}'`, span.loc);
        this.worlds.push(undefined);
        continue;
      }
      this.worlds.push(worldId);
    }
    for (let i = 0; i < pkg.types.length; i++) {
      const ty = pkg.types[i];
      if (ty.kind.kind !== 'unknown' || ty.isError) break;
      if (!this.includeStability(ty.stability, pkgid, pkg.typeLocs[i])) { this.types.push(new Excluded('type')); continue; }
      const owner = ty.owner.kind === 'interface' ? this.interfaces[ty.owner.id] : undefined;
      if (owner instanceof Excluded || owner === undefined) {
        this.types.push(owner instanceof Excluded ? new Excluded('type') : undefined);
        continue;
      }
      const found = r.interfaces[owner].types.get(ty.name ?? '');
      if (found === undefined) {
        this.report('unknown-name', `type \`${ty.name}\` not defined in interface`, pkg.unknownTypeLocs[i] ?? pkg.typeLocs[i]);
        this.types.push(undefined);
        continue;
      }
      this.types.push(found);
    }
    for (const [id, at] of pkg.requiredResourceTypes) {
      const start = this.types[id];
      if (typeof start !== 'number') continue;
      let cur: number = start;
      for (let guard = 0; guard < 10_000; guard++) {
        const t: TypeDef = r.types[cur];
        if (t.kind.kind === 'type' && typeof t.kind.type !== 'string') { cur = t.kind.type.id; continue; }
        if (t.kind.kind !== 'resource' && !t.isError) this.report('not-a-resource', 'type used in a handle must be a resource', at);
        break;
      }
    }
  }

  // ---- updates ----

  /** A type id from the unresolved package, mapped; unmappable ids become an error type. */
  private typeId(id: TypeId, at: Loc | undefined): TypeId {
    const v = this.types[id];
    if (typeof v === 'number') return v;
    if (v instanceof Excluded && at) this.map(this.types, id, 'type', at);
    return this.errorType();
  }

  private updateTy(t: Type, at: Loc | undefined): Type {
    if (typeof t === 'string') return t;
    const id = this.typeId(t.id, at);
    const r = this.resolve;
    let cur = id;
    let isResource = false;
    for (let guard = 0; guard < 10_000; guard++) {
      const d = r.types[cur];
      if (d.kind.kind === 'type' && typeof d.kind.type !== 'string') { cur = d.kind.type.id; continue; }
      isResource = d.kind.kind === 'resource';
      break;
    }
    if (!isResource) return { id };
    let own = this.ownHandles.get(id);
    if (own === undefined) {
      r.types.push({ name: null, owner: { kind: 'none' }, kind: { kind: 'handle', handle: 'own', resource: id }, docs: {}, stability: unknownStability });
      own = r.types.length - 1;
      this.ownHandles.set(id, own);
    }
    return { id: own };
  }

  private updateTypeDef(ty: TypeDef, at: Loc, members?: Loc[]): void {
    const k = ty.kind;
    switch (k.kind) {
      case 'handle': k.resource = this.typeId(k.resource, at); break;
      case 'record': k.fields.forEach((f, i) => { f.type = this.updateTy(f.type, members?.[i] ?? at); }); break;
      case 'tuple': k.types = k.types.map((t) => this.updateTy(t, at)); break;
      case 'variant': k.cases.forEach((c, i) => { if (c.type !== undefined) c.type = this.updateTy(c.type, members?.[i] ?? at); }); break;
      case 'option': case 'list': case 'fixed-length-list': k.type = this.updateTy(k.type, at); break;
      case 'future': case 'stream': if (k.type !== undefined) k.type = this.updateTy(k.type, at); break;
      case 'map': k.key = this.updateTy(k.key, at); k.value = this.updateTy(k.value, at); break;
      case 'result':
        if (k.ok !== undefined) k.ok = this.updateTy(k.ok, at);
        if (k.err !== undefined) k.err = this.updateTy(k.err, at);
        break;
      // `type a = b` keeps `b` as written: a resource alias stays usable as a resource.
      case 'type': if (typeof k.type !== 'string') k.type = { id: this.typeId(k.type.id, at) }; break;
      default: break;
    }
  }

  private updateInterface(iface: Interface, span: { loc: Loc; funcs: Loc[] }): void {
    // (A Map may be written while it is walked: an entry set again keeps its place, one deleted is not met again.)
    iface.types.forEach((id, name, types) => {
      if (this.types[id] instanceof Excluded) types.delete(name);
      else types.set(name, this.typeId(id, span.loc));
    });
    const funcs = iface.functions;
    iface.functions = new Map();
    let i = 0;
    funcs.forEach((f, name) => {
      const at = span.funcs[i++] ?? f.loc;
      if (!this.includeStability(f.stability, iface.package!, at)) return;
      this.updateFunction(f, at);
      iface.functions.set(name, f);
    });
  }

  private updateFunction(f: Function, at: Loc | undefined): void {
    if ('resource' in f.kind) f.kind = { ...f.kind, resource: this.typeId(f.kind.resource, at) };
    f.params = f.params.map((p) => ({ name: p.name, type: this.updateTy(p.type, at) }));
    if (f.result !== undefined) f.result = this.updateTy(f.result, at);
    if (f.result !== undefined && this.typeHasBorrow(f.result)) {
      this.report('borrow-in-result', `function \`${f.name}\` returns a type which contains a \`borrow<T>\` which is not supported`, at);
    }
  }

  private updateWorld(world: World, pkgid: PackageId, span: { imports: Loc[]; exports: Loc[] }): void {
    const entries = [
      ...[...world.imports.values()].map((e, i) => ({ e, at: span.imports[i], imp: true })),
      ...[...world.exports.values()].map((e, i) => ({ e, at: span.exports[i], imp: false })),
    ];
    world.imports = new Map();
    world.exports = new Map();
    for (const { e, at, imp } of entries) {
      let { key, item } = e;
      if (item.kind === 'type') {
        const id = this.types[item.id];
        if (id instanceof Excluded) {
          // An excluded type: wit-parser reports the reference unless the item itself is gated off.
          this.map(this.types, item.id, 'type', at);
          continue;
        }
        item = { kind: 'type', id: typeof id === 'number' ? id : this.errorType() };
      }
      const stability = item.kind === 'interface' ? item.stability : item.kind === 'function' ? item.func.stability : this.resolve.types[item.id].stability;
      if (!this.includeStability(stability, pkgid, at)) continue;
      if ('interface' in key) {
        const mapped = this.mapInterface(key.interface, at);
        if (mapped === undefined) continue;
        key = { interface: mapped };
      }
      if (item.kind === 'interface') {
        const mapped = this.mapInterface(item.id, at);
        if (mapped === undefined) continue;
        item = { ...item, id: mapped };
      } else if (item.kind === 'function') {
        this.updateFunction(item.func, at);
      }
      const dst = imp ? world.imports : world.exports;
      dst.set(worldKeyString(key), { key, item });
    }
  }

  // ---- includes ----

  private processWorldIncludes(id: WorldId, pkgid: PackageId): void {
    const r = this.resolve;
    const world = r.worlds[id];
    const includes = world.includes;
    world.includes = [];
    for (const inc of includes) {
      if (!this.includeStability(inc.stability, pkgid, inc.loc)) continue;
      this.resolveInclude(id, inc.world, inc.names, inc.loc);
    }
    for (const [items, desc] of [[world.imports, 'import'], [world.exports, 'export']] as const) {
      const seen = new Map<string, string>();
      for (const { key } of items.values()) {
        if (!('name' in key)) continue;
        const lower = key.name.toLowerCase();
        const existing = seen.get(lower);
        if (existing !== undefined && existing !== key.name) {
          this.report('case-insensitive-duplicate', `${desc} \`${key.name}\` in world \`${world.name}\` conflicts with ${desc} \`${existing}\` (kebab-case identifiers are case-insensitive)`, world.loc);
        }
        seen.set(lower, key.name);
      }
    }
  }

  private resolveInclude(id: WorldId, includeOrig: WorldId, names: { name: string; as: string }[], at: Loc | undefined): void {
    const r = this.resolve;
    const includeId = this.mapWorld(includeOrig, at);
    if (includeId === undefined) return;
    const world = r.worlds[id];
    const included = r.worlds[includeId];
    const isExternal = world.package !== included.package;
    let pending = [...names];
    for (const items of [included.imports, included.exports]) {
      for (const { key } of items.values()) {
        if ('name' in key) pending = pending.filter((n) => rename(key.name, n) === undefined);
      }
    }
    if (pending.length) {
      this.report('unknown-include-name', `no import or export kebab-name \`${pending[0].name}\`. Note that an ID does not support renaming`, at);
    }
    const cloner = new Cloner(r, { kind: 'world', id: includeId }, { kind: 'world', id });
    for (const [items, into, desc] of [[included.imports, world.imports, 'import'], [included.exports, world.exports, 'export']] as const) {
      for (const { key, item } of [...items.values()]) {
        if ('name' in key) {
          let n = key.name;
          for (const inc of names) { const renamed = rename(key.name, inc); if (renamed !== undefined) { n = renamed; break; } }
          const newItem = cloner.worldItem(item);
          if (newItem.kind === 'function') newItem.func.name = n;
          else if (newItem.kind === 'type') r.types[newItem.id].name = n;
          const k = worldKeyString({ name: n });
          if (into.has(k)) {
            this.report('include-shadows', `${desc} of \`${n}\` shadows previously ${desc}ed items`, at);
            continue;
          }
          into.set(k, { key: { name: n }, item: newItem });
        } else {
          const k = worldKeyString(key);
          let prev = into.get(k);
          if (!prev) {
            prev = { key, item: { ...item } as WorldItem };
            into.set(k, prev);
          }
          // Merged even when just inserted: a stable item included from another package
          // loses its stability (wit-parser's `merge_include_stability`).
          if (item.kind === 'interface' && prev.item.kind === 'interface') {
            const merged = mergeIncludeStability(item.stability, prev.item.stability, isExternal);
            if (typeof merged === 'string') this.report('stability-mismatch', merged, at);
            else prev.item = { ...prev.item, stability: merged };
          }
        }
      }
    }
  }

  // ---- gates ----

  /** wit-parser's `include_stability`: false when gated off; version gates checked. */
  includeStability(s: Stability, pkgid: PackageId, at: Loc | undefined): boolean {
    const r = this.resolve;
    if (s.kind === 'unknown') return true;
    if (s.kind === 'unstable') return r.features.has(s.feature) || r.allFeatures;
    const p = r.packages[pkgid];
    if (!p) return true;
    const name = formatPackageName(p.name);
    if (!p.name.version) {
      this.report('gate-without-version', `package [${name}] contains a feature gate with a version specifier, so it must have a version`, at);
      return true;
    }
    if (compareSemver(s.since, p.name.version) > 0 || (compareSemver(s.since, p.name.version) === 0 && s.since.build > p.name.version.build)) {
      this.report('unreleased-version', `feature gate cannot reference unreleased version ${formatSemver(s.since)} of package [${name}] (current version ${formatSemver(p.name.version)})`, at);
      return true;
    }
    return true;
  }

  // ---- borrow in results ----

  private typeHasBorrow(t: Type): boolean {
    if (typeof t === 'string') return false;
    const cached = this.hasBorrow.get(t.id);
    if (cached !== undefined) return cached;
    this.hasBorrow.set(t.id, false); // cycle guard
    const d = this.resolve.types[t.id];
    const k = d.kind;
    let result = false;
    switch (k.kind) {
      case 'type': result = this.typeHasBorrow(k.type); break;
      case 'variant': result = k.cases.some((c) => c.type !== undefined && this.typeHasBorrow(c.type)); break;
      case 'handle': result = k.handle === 'borrow'; break;
      case 'record': result = k.fields.some((f) => this.typeHasBorrow(f.type)); break;
      case 'tuple': result = k.types.some((x) => this.typeHasBorrow(x)); break;
      case 'list': case 'fixed-length-list': case 'option': result = this.typeHasBorrow(k.type); break;
      case 'future': case 'stream': result = k.type !== undefined && this.typeHasBorrow(k.type); break;
      case 'map': result = this.typeHasBorrow(k.key) || this.typeHasBorrow(k.value); break;
      case 'result': result = (k.ok !== undefined && this.typeHasBorrow(k.ok)) || (k.err !== undefined && this.typeHasBorrow(k.err)); break;
      default: break;
    }
    this.hasBorrow.set(t.id, result);
    return result;
  }
}

function mergeIncludeStability(from: Stability, into: Stability, isExternal: boolean): Stability | string {
  if (isExternal && from.kind === 'stable') return unknownStability;
  if (stabilityEqual(from, into) || from.kind === 'unknown') return into;
  if (into.kind === 'unknown') return from;
  return `mismatch in stability from '${stabilityDebug(from)}' to '${stabilityDebug(into)}'`;
}

/** wit-parser's `rename` for `include … with { a as b }`, also for `[method]a.f`-style names. */
function rename(original: string, inc: { name: string; as: string }): string | undefined {
  if (original === inc.name) return inc.as;
  const close = original.indexOf(']');
  if (close < 0) return undefined;
  const kind = original.slice(0, close);
  const rest = original.slice(close + 1);
  const dot = rest.indexOf('.');
  if (dot >= 0 && rest.slice(0, dot) === inc.name) return `${kind}]${inc.as}.${rest.slice(dot + 1)}`;
  if (rest === inc.name) return `${kind}]${inc.as}`;
  return undefined;
}

/** Copies world-owned types (and what refers to them) from an included world into another. */
class Cloner {
  private copied = new Map<TypeId, TypeId>();

  constructor(private readonly resolve: Resolve, private readonly prevOwner: TypeOwner, private readonly newOwner: TypeOwner) {}

  worldItem(item: WorldItem): WorldItem {
    switch (item.kind) {
      case 'type': return { kind: 'type', id: this.typeId(item.id) };
      case 'function': return { kind: 'function', func: this.func(item.func) };
      case 'interface': return { ...item };
    }
  }

  private typeId(id: TypeId): TypeId {
    const done = this.copied.get(id);
    if (done !== undefined) return done;
    const def = cloneTypeDef(this.resolve.types[id]);
    this.typeDef(def);
    this.resolve.types.push(def);
    const nid = this.resolve.types.length - 1;
    this.copied.set(id, nid);
    return nid;
  }

  private ownedByPrev(id: TypeId): boolean {
    return sameOwner(this.resolve.types[id].owner, this.prevOwner) && this.resolve.types[id].owner.kind !== 'none';
  }

  private typeDef(def: TypeDef): void {
    if (def.owner.kind !== 'none') def.owner = this.newOwner;
    const k = def.kind;
    const ty = (t: Type): Type => (typeof t === 'string' ? t : { id: this.typeId(t.id) });
    switch (k.kind) {
      case 'type': if (typeof k.type !== 'string' && this.ownedByPrev(k.type.id)) k.type = { id: this.typeId(k.type.id) }; break;
      case 'handle': if (this.ownedByPrev(k.resource)) k.resource = this.typeId(k.resource); break;
      case 'option': case 'list': case 'fixed-length-list': k.type = ty(k.type); break;
      case 'tuple': k.types = k.types.map(ty); break;
      case 'record': for (const f of k.fields) f.type = ty(f.type); break;
      case 'variant': for (const c of k.cases) if (c.type !== undefined) c.type = ty(c.type); break;
      case 'result': if (k.ok !== undefined) k.ok = ty(k.ok); if (k.err !== undefined) k.err = ty(k.err); break;
      case 'future': case 'stream': if (k.type !== undefined) k.type = ty(k.type); break;
      case 'map': k.key = ty(k.key); k.value = ty(k.value); break;
      default: break;
    }
  }

  private func(f: Function): Function {
    const out: Function = { ...f, params: f.params.map((p) => ({ ...p })), kind: { ...f.kind } as Function['kind'] };
    if ('resource' in out.kind) out.kind = { ...out.kind, resource: this.typeId(out.kind.resource) };
    out.params = out.params.map((p) => ({ name: p.name, type: typeof p.type === 'string' ? p.type : { id: this.typeId(p.type.id) } }));
    if (out.result !== undefined && typeof out.result !== 'string') out.result = { id: this.typeId(out.result.id) };
    return out;
  }
}

// ---- world elaboration ----

/** The import/export "class" wit-parser sorts world items by: interfaces, used types, types, functions. */
function sortKey(r: Resolve, item: WorldItem): number {
  if (item.kind === 'interface') return 0;
  if (item.kind === 'type') {
    const t = r.types[item.id];
    if (t.kind.kind === 'type' && typeof t.kind.type !== 'string' && !sameOwner(r.types[t.kind.type.id].owner, t.owner)) return 1;
    return 2;
  }
  return 'resource' in item.func.kind ? 4 : 3;
}

function stableSort<T>(items: T[], key: (t: T) => number): T[] {
  return items.map((t, i) => [t, i] as const).sort((a, b) => key(a[0]) - key(b[0]) || a[1] - b[1]).map(([t]) => t);
}

type Entries = Map<string, { key: WorldKey; item: WorldItem }>;

/** wit-parser's `elaborate_world`: all transitively needed interfaces imported, exports checked. */
export function elaborateWorld(r: Resolve, worldId: WorldId, incompatible: (name: string) => void): void {
  const world = r.worlds[worldId];
  const imports: Entries = new Map();
  const addImport = (key: WorldKey, id: InterfaceId, stability: Stability, seen = new Set<InterfaceId>(), written?: WorldItem) => {
    const k = worldKeyString(key);
    if (imports.has(k) || seen.has(id)) return;
    seen.add(id);
    for (const dep of r.interfaceDirectDeps(id)) addImport({ interface: dep }, dep, stability, seen);
    imports.set(k, { key, item: written ?? { kind: 'interface', id, stability } });
  };
  for (const { key, item } of stableSort([...world.imports.values()], (e) => sortKey(r, e.item))) {
    if (item.kind === 'interface') addImport(key, item.id, item.stability, undefined, item);
    else if (item.kind === 'function') imports.set(worldKeyString(key), { key, item });
    else {
      const dep = r.typeInterfaceDep(item.id);
      if (dep !== undefined) addImport({ interface: dep }, dep, r.types[item.id].stability);
      imports.set(worldKeyString(key), { key, item });
    }
  }
  const exports: Entries = new Map();
  // Exported interfaces by key: `export primary: store; export backup: store;` are two exports.
  const exportInterfaces = new Map<string, { id: InterfaceId; key: WorldKey; stability: Stability; written: WorldItem }>();
  const exportedIds = new Set<InterfaceId>();
  for (const { key, item } of world.exports.values()) {
    if (item.kind === 'interface') {
      const k = worldKeyString(key);
      if (!exportInterfaces.has(k)) exportInterfaces.set(k, { id: item.id, key, stability: item.stability, written: item });
      if ('interface' in key) exportedIds.add(item.id);
    } else exports.set(worldKeyString(key), { key, item });
  }
  const required = new Set<InterfaceId>();
  const onPath = new Set<InterfaceId>();
  const addExport = (id: InterfaceId, key: WorldKey, asExport: boolean, stability: Stability, written?: WorldItem): boolean => {
    const k = worldKeyString(key);
    if (exports.has(k)) return asExport;
    if (!asExport && required.has(id)) return true;
    // Interfaces that use each other (only in broken input, already reported) end the walk.
    if (onPath.has(id)) return true;
    onPath.add(id);
    for (const dep of r.interfaceDirectDeps(id)) {
      if (!addExport(dep, { interface: dep }, asExport && exportedIds.has(dep), stability)) { onPath.delete(id); return false; }
    }
    onPath.delete(id);
    const item: WorldItem = written ?? { kind: 'interface', id, stability };
    if (asExport) {
      if (required.has(id)) return false;
      exports.set(k, { key, item });
    } else {
      required.add(id);
      imports.set(k, { key, item });
    }
    return true;
  };
  for (const { id, key, stability, written } of exportInterfaces.values()) {
    if (!addExport(id, key, true, stability, written)) incompatible(r.nameWorldKey(key));
  }
  const sortedImports = stableSort([...imports.values()], (e) => sortKey(r, e.item));
  world.imports = new Map(sortedImports.map((e) => [worldKeyString(e.key), e]));
  world.exports = exports;
}

// ---- copies (the unresolved package is left untouched) ----

function cloneType(t: Type): Type {
  return typeof t === 'string' ? t : { id: t.id };
}

function cloneKind(k: TypeDef['kind']): TypeDef['kind'] {
  switch (k.kind) {
    case 'record': return { kind: 'record', fields: k.fields.map((f) => ({ ...f, type: cloneType(f.type) })) };
    case 'variant': return { kind: 'variant', cases: k.cases.map((c) => ({ ...c, type: c.type === undefined ? undefined : cloneType(c.type) })) };
    case 'tuple': return { kind: 'tuple', types: k.types.map(cloneType) };
    case 'option': case 'list': return { kind: k.kind, type: cloneType(k.type) };
    case 'fixed-length-list': return { kind: k.kind, type: cloneType(k.type), size: k.size };
    case 'future': case 'stream': return { kind: k.kind, type: k.type === undefined ? undefined : cloneType(k.type) };
    case 'map': return { kind: 'map', key: cloneType(k.key), value: cloneType(k.value) };
    case 'result': return { kind: 'result', ok: k.ok === undefined ? undefined : cloneType(k.ok), err: k.err === undefined ? undefined : cloneType(k.err) };
    case 'type': return { kind: 'type', type: cloneType(k.type) };
    case 'handle': return { ...k };
    default: return k; // resource, flags, enum, unknown: nothing inside changes
  }
}

function cloneTypeDef(t: TypeDef): TypeDef {
  return { ...t, kind: cloneKind(t.kind), owner: { ...t.owner } as TypeOwner };
}

function cloneFunction(f: Function): Function {
  return { ...f, kind: { ...f.kind } as Function['kind'], params: f.params.map((p) => ({ ...p, type: typeof p.type === 'string' ? p.type : { ...p.type } })), result: f.result === undefined || typeof f.result === 'string' ? f.result : { ...f.result } };
}

function cloneInterface(i: Interface): Interface {
  const functions = new Map<string, Function>();
  i.functions.forEach((f, k) => functions.set(k, cloneFunction(f)));
  return { ...i, types: new Map(i.types), functions };
}

function cloneWorld(w: World): World {
  const items = (m: World['imports']) => new Map([...m].map(([k, e]) => [k, { key: { ...e.key } as WorldKey, item: e.item.kind === 'function' ? { kind: 'function' as const, func: cloneFunction(e.item.func) } : { ...e.item } }]));
  return { ...w, imports: items(w.imports), exports: items(w.exports), includes: [...w.includes] };
}
