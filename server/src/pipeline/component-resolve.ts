// A component's types in the analyzer's model: the signature read from the binary (binary.ts)
// becomes a `Resolve` with one world, as wit-parser's `decode` turns a component into a
// `Resolve` and a `WorldId` (crates/wit-parser/src/decoding.rs). Packages come from the
// interface names (`wasi:io/streams@0.2.12` → package `wasi:io@0.2.12`, interface `streams`),
// a type named by another interface is a `use` of it, `[method]r.f` is a method of `r`.
//
// This is what compatibility (semantic/compat.ts), printing (semantic/print.ts: the text that
// `wasm-tools component wit` prints) and the editor's views read; the decoder's own graph
// (types.ts) stays the value codec's view of the same types, for call arguments and results.
import { Resolve, unknownStability, type Function, type FunctionKind, type InterfaceId, type PackageId, type Type, type TypeDefKind, type TypeId, type TypeOwner, type WorldId, type WorldItem, type WorldKey } from '../semantic/model.js';
import { parseSemver } from '../syntax/semver.js';
import type { ComponentSignature, ExternItem, FuncItem, FuncType, InterfaceItem, ValType } from './types.js';
import { isPrimitive } from './types.js';

export interface ComponentResolve {
  resolve: Resolve;
  /** The component's world (`root` in package `root:component`, as wasm-tools names it). */
  world: WorldId;
  /** The package of the world. */
  package: PackageId;
  /** Imported and exported interfaces by the name the component uses for them. */
  interfaces: Map<string, InterfaceId>;
  /** The model's function for each function of the signature (world functions and interface functions). */
  functions: Map<FuncType, Function>;
}

/** `wasi:io/streams@0.2.12` → package `wasi:io@0.2.12` and interface `streams`; none for a plain name. */
export function interfaceNameParts(name: string): { pkg?: { namespace: string; name: string; version?: string }; iface: string } {
  const m = /^([^:/@]+):([^/@]+)\/([^@]+)(?:@(.+))?$/.exec(name);
  if (!m) return { iface: name };
  return { pkg: { namespace: m[1], name: m[2], ...(m[4] ? { version: m[4] } : {}) }, iface: m[3] };
}

const cache = new WeakMap<ComponentSignature, ComponentResolve>();

/** The signature as a `Resolve` (one per signature object: callers may share it, never change it). */
export function resolveSignature(sig: ComponentSignature, worldName = 'root'): ComponentResolve {
  const known = cache.get(sig);
  if (known && known.resolve.worlds[known.world].name === worldName) return known;
  const built = new Builder(sig).build(worldName);
  cache.set(sig, built);
  return built;
}

class Builder {
  private readonly resolve = new Resolve();
  private readonly interfaces = new Map<string, InterfaceId>();
  private readonly functions = new Map<FuncType, Function>();
  /** Named types by the interface that owns them: owner name → type name → id. */
  private readonly owned = new Map<string, Map<string, TypeId>>();
  /** Anonymous structures, one type per object of the decoder's graph. */
  private readonly anonymous = new Map<ValType, TypeId>();
  /** What each type of an interface stands for in the decoder's graph (to follow `via`). */
  private readonly stands = new Map<TypeId, ValType>();
  private rootPackage = 0;
  private world: WorldId = 0;

  constructor(private readonly sig: ComponentSignature) {}

  build(worldName: string): ComponentResolve {
    const r = this.resolve;
    this.rootPackage = this.packageFor({ namespace: 'root', name: 'component' });
    // Every interface first, so that a type can be placed in its owner before the owner's turn.
    const items = [...this.sig.imports, ...this.sig.exports].filter((i): i is InterfaceItem => i.kind === 'interface');
    for (const item of items) {
      const real = item.implements ?? item.name;
      if (!this.interfaces.has(real)) this.declareInterface(real);
      // `import primary: store;`: the label names the same interface.
      if (item.implements !== undefined) this.interfaces.set(item.name, this.interfaces.get(real)!);
    }
    const world: WorldId = r.worlds.length;
    this.world = world;
    r.worlds.push({ name: worldName, imports: new Map(), exports: new Map(), package: this.rootPackage, docs: {}, stability: unknownStability, includes: [] });
    r.packages[this.rootPackage].worlds.set(worldName, world);
    // An interface both imported and exported is one interface: the import's items, then what
    // only the export has (wit-component may import no more of it than the world uses).
    for (const item of items) this.fillInterface(item);
    const add = (map: Map<string, { key: WorldKey; item: WorldItem }>, item: ExternItem) => {
      const entry = this.worldEntry(item, world);
      const key = 'name' in entry.key ? entry.key.name : `interface-${entry.key.interface}`;
      map.set(key, entry);
    };
    for (const item of this.sig.imports) add(r.worlds[world].imports, item);
    for (const item of this.sig.exports) add(r.worlds[world].exports, item);
    return { resolve: r, world, package: this.rootPackage, interfaces: this.interfaces, functions: this.functions };
  }

  private packageFor(name: { namespace: string; name: string; version?: string }): PackageId {
    const key = `${name.namespace}:${name.name}${name.version ? `@${name.version}` : ''}`;
    const known = this.resolve.packageNames.get(key);
    if (known !== undefined) return known;
    const id = this.resolve.packages.length;
    let version;
    try {
      version = name.version ? parseSemver(name.version) : undefined;
    } catch {
      version = undefined;
    }
    this.resolve.packages.push({ name: { namespace: name.namespace, name: name.name, ...(version ? { version } : {}) }, docs: {}, interfaces: new Map(), worlds: new Map(), files: [] });
    this.resolve.packageNames.set(key, id);
    return id;
  }

  private declareInterface(fullName: string): void {
    const { pkg, iface } = interfaceNameParts(fullName);
    const id: InterfaceId = this.resolve.interfaces.length;
    const pkgId = pkg ? this.packageFor(pkg) : this.rootPackage;
    this.resolve.interfaces.push({ name: pkg ? iface : null, types: new Map(), functions: new Map(), docs: {}, stability: unknownStability, package: pkgId });
    if (pkg) this.resolve.packages[pkgId].interfaces.set(iface, id);
    this.interfaces.set(fullName, id);
  }

  private fillInterface(item: InterfaceItem): void {
    const id = this.interfaces.get(item.name)!;
    const ownerName = item.implements ?? item.name;
    const iface = this.resolve.interfaces[id];
    const owner: TypeOwner = { kind: 'interface', id };
    for (const { name, type, via } of item.types) {
      if (iface.types.has(name)) continue;
      const id = this.namedType(name, type, owner, ownerName, via);
      this.stands.set(id, type.aliasOf ?? type);
      iface.types.set(name, id);
    }
    for (const f of item.functions) {
      if (!iface.functions.has(f.name)) iface.functions.set(f.name, this.func(f.name, f.type, (n) => iface.types.get(n)));
      else this.functions.set(f.type, iface.functions.get(f.name)!);
    }
  }

  /** The type `name` of a scope (`ownerName` for an interface, undefined for the world). */
  private namedType(name: string, t: ValType, owner: TypeOwner, ownerName: string | undefined, via?: string): TypeId {
    // Defined here: the scope that owns the name (or a world type with no owner).
    const definedHere = t.name === name && (t.owner === ownerName || (ownerName === undefined && t.owner === undefined)) && !t.aliasOf;
    if (definedHere) return this.ownedType(t, owner, ownerName);
    // A structure the binary exports under this name without naming it elsewhere (a resource a
    // component defines and exports): defined here, under this name.
    if (t.name === undefined && !t.aliasOf && !isPrimitive(t) && !this.anonymous.has(t)) {
      const id = this.push({ name, kind: { kind: 'unknown' }, owner });
      this.anonymous.set(t, id);
      this.resolve.types[id].kind = this.structure(t);
      return id;
    }
    // A `type x = y` of another name, or a `use` of another interface's type — through the
    // interface the binary took it from, when that one has it.
    const target = t.aliasOf ?? t;
    // A type this scope names already, under another name: `type a = b` of that name.
    const scope = ownerName !== undefined ? this.interfaces.get(ownerName) : undefined;
    if (via === undefined && scope !== undefined) {
      for (const id of this.resolve.interfaces[scope].types.values()) {
        if (this.stands.get(id) === target) return this.push({ name, kind: { kind: 'type', type: { id } }, owner });
      }
    }
    const through = via !== undefined ? this.interfaces.get(via) : undefined;
    if (through !== undefined) {
      for (const id of this.resolve.interfaces[through].types.values()) {
        if (this.stands.get(id) === target) return this.push({ name, kind: { kind: 'type', type: { id } }, owner });
      }
    }
    return this.push({ name, kind: { kind: 'type', type: this.type(target) }, owner });
  }

  /** The one definition of a named type, in its owner. */
  private ownedType(t: ValType, owner: TypeOwner, ownerName: string | undefined): TypeId {
    const key = ownerName ?? '';
    let names = this.owned.get(key);
    if (!names) this.owned.set(key, (names = new Map()));
    const known = names.get(t.name!);
    if (known !== undefined) return known;
    const id = this.push({ name: t.name!, kind: { kind: 'unknown' }, owner });
    names.set(t.name!, id);
    this.resolve.types[id].kind = this.structure(t);
    return id;
  }

  private push(def: { name: string | null; kind: TypeDefKind; owner: TypeOwner }): TypeId {
    const id = this.resolve.types.length;
    this.resolve.types.push({ ...def, docs: {}, stability: unknownStability });
    return id;
  }

  /** A type where it is used: a primitive, a named type (in its owner), or an anonymous structure. */
  private type(t: ValType): Type {
    if (t.name !== undefined) {
      const ownerId = t.owner !== undefined ? this.interfaces.get(t.owner) : undefined;
      if (ownerId !== undefined) return { id: this.ownedType(t, { kind: 'interface', id: ownerId }, t.owner) };
      // A world's type: defined when the world lists it; until then, by name.
      return { id: this.ownedType(t, { kind: 'world', id: this.world }, undefined) };
    }
    if (isPrimitive(t)) return t.kind;
    const known = this.anonymous.get(t);
    if (known !== undefined) return { id: known };
    const id = this.push({ name: null, kind: { kind: 'unknown' }, owner: { kind: 'none' } });
    this.anonymous.set(t, id);
    this.resolve.types[id].kind = this.structure(t);
    return { id };
  }

  private resourceId(t: ValType): TypeId {
    const ref = this.type(t);
    if (typeof ref === 'string') throw new Error('a handle to a primitive');
    return ref.id;
  }

  private structure(t: ValType): TypeDefKind {
    const opt = (x: ValType | undefined) => (x ? this.type(x) : undefined);
    switch (t.kind) {
      case 'record': return { kind: 'record', fields: t.fields.map((f) => ({ name: f.name, type: this.type(f.type), docs: {} })) };
      case 'variant': return { kind: 'variant', cases: t.cases.map((c) => ({ name: c.name, ...(c.type ? { type: this.type(c.type) } : {}), docs: {} })) };
      case 'enum': return { kind: 'enum', cases: t.cases.map((name) => ({ name, docs: {} })) };
      case 'flags': return { kind: 'flags', flags: t.flags.map((name) => ({ name, docs: {} })) };
      case 'resource': return { kind: 'resource' };
      case 'own': case 'borrow': return { kind: 'handle', handle: t.kind, resource: this.resourceId(t.resource) };
      case 'list': return { kind: 'list', type: this.type(t.element) };
      case 'fixed-list': return { kind: 'fixed-length-list', type: this.type(t.element), size: t.size };
      case 'map': return { kind: 'map', key: this.type(t.key), value: this.type(t.value) };
      case 'tuple': return { kind: 'tuple', types: t.types.map((x) => this.type(x)) };
      case 'option': return { kind: 'option', type: this.type(t.type) };
      case 'result': { const ok = opt(t.ok); const err = opt(t.err); return { kind: 'result', ...(ok !== undefined ? { ok } : {}), ...(err !== undefined ? { err } : {}) }; }
      case 'future': case 'stream': { const type = opt(t.type); return { kind: t.kind, ...(type !== undefined ? { type } : {}) }; }
      // A named primitive: `type sku = string`.
      default: return { kind: 'type', type: t.kind };
    }
  }

  private func(name: string, f: FuncType, typeNamed: (n: string) => TypeId | undefined): Function {
    const m = /^\[(async )?(method|static|constructor)\]([^.]+)/.exec(name);
    let kind: FunctionKind = { kind: f.async ? 'async-freestanding' : 'freestanding' };
    if (m) {
      const resource = typeNamed(m[3]);
      if (resource !== undefined) {
        const async = f.async || m[1] !== undefined;
        kind = m[2] === 'constructor' ? { kind: 'constructor', resource } : { kind: async ? (m[2] === 'method' ? 'async-method' : 'async-static') : (m[2] as 'method' | 'static'), resource };
      }
    }
    const out: Function = {
      name,
      kind,
      params: f.params.map((p) => ({ name: p.name, type: this.type(p.type) })),
      ...(f.result ? { result: this.type(f.result) } : {}),
      docs: {},
      stability: unknownStability,
    };
    this.functions.set(f, out);
    return out;
  }

  private worldEntry(item: ExternItem, world: WorldId): { key: WorldKey; item: WorldItem } {
    switch (item.kind) {
      case 'interface': {
        const id = this.interfaces.get(item.name)!;
        const key: WorldKey = this.resolve.interfaces[id].name === null || item.implements !== undefined ? { name: item.name } : { interface: id };
        return { key, item: { kind: 'interface', id, stability: unknownStability } };
      }
      case 'function': {
        const typeNamed = (n: string) => {
          for (const { key, item: i } of this.resolve.worlds[world].imports.values()) if ('name' in key && key.name === n && i.kind === 'type') return i.id;
          return undefined;
        };
        return { key: { name: item.name }, item: { kind: 'function', func: this.func(item.name, item.func, typeNamed) } };
      }
      case 'type':
        return { key: { name: item.name }, item: { kind: 'type', id: this.namedType(item.name, item.type, { kind: 'world', id: world }, undefined) } };
    }
  }
}

/** The interface of the component's signature that `item` is, in the model. */
export function interfaceOfItem(cr: ComponentResolve, item: InterfaceItem): InterfaceId {
  const id = cr.interfaces.get(item.name);
  if (id === undefined) throw new Error(`interface ${item.name} is not in the component`);
  return id;
}

/** The model's function for a function of the signature. */
export function functionOfItem(cr: ComponentResolve, f: FuncItem | FuncType): Function {
  const key = 'type' in f && 'name' in f ? f.type : (f as FuncType);
  const out = cr.functions.get(key);
  if (!out) throw new Error('the function is not in the component');
  return out;
}
