// The other direction of component-resolve.ts: items of a world in the analyzer's `Resolve` (WIT
// read from source or from a binary WIT package) as the imports and exports a component would
// have — the signature model the linker, the WAC checker and the composer work on. A type defined
// once is one object wherever it is used; a `use` of another interface's type is that type; `type
// a = b` of a named type is a copy under the new name (`aliasOf`), as the decoder makes it.
import type { Function, InterfaceId, Resolve, Type, TypeId, TypeOwner, WorldItem } from '../semantic/model.js';
import type { ExternItem, FuncType, InterfaceItem, ResourceType, ValType } from './types.js';

/** A type that did not resolve (its error is reported): an item that reaches one is not read. */
export class UnresolvedType extends Error {}

export class ResolveItems {
  private readonly types = new Map<TypeId, ValType>();

  /**
   * @param names what to call an interface that has no `ns:pkg/iface` name of its own (an inline
   *   `interface { … }` of a world): the name it is imported under.
   */
  constructor(private readonly resolve: Resolve, private readonly names: Map<InterfaceId, string> = new Map()) {}

  /** The name types owned by `owner` carry (undefined for a world's). */
  private ownerName(owner: TypeOwner): string | undefined {
    if (owner.kind !== 'interface') return undefined;
    return this.names.get(owner.id) ?? this.resolve.idOf(owner.id);
  }

  /** A world item under the name it is imported or exported as. */
  item(name: string, item: WorldItem): ExternItem {
    switch (item.kind) {
      case 'interface': return this.interface(item.id, name);
      case 'function': return { kind: 'function', name, func: this.func(item.func) };
      case 'type': return { kind: 'type', name, type: this.typeDef(item.id) };
    }
  }

  /** Interface `id` as an import or export named `name` (its own `ns:pkg/iface@v` when it has one). */
  interface(id: InterfaceId, name: string): InterfaceItem {
    const iface = this.resolve.interfaces[id];
    const real = this.resolve.idOf(id);
    const out: InterfaceItem = { kind: 'interface', name, functions: [], types: [] };
    if (real !== undefined && real !== name) out.implements = real;
    for (const [typeName, ty] of iface.types) out.types.push({ name: typeName, type: this.typeDef(ty) });
    for (const [fnName, f] of iface.functions) out.functions.push({ name: fnName, type: this.func(f) });
    return out;
  }

  func(f: Function): FuncType {
    return {
      params: f.params.map((p) => ({ name: p.name, type: this.type(p.type) })),
      ...(f.result !== undefined ? { result: this.type(f.result) } : {}),
      async: f.kind.kind.startsWith('async'),
    };
  }

  type(t: Type): ValType {
    return typeof t === 'string' ? { kind: t } : this.typeDef(t.id);
  }

  private typeDef(id: TypeId): ValType {
    const known = this.types.get(id);
    if (known) return known;
    const def = this.resolve.types[id];
    if (def.isError) throw new UnresolvedType(def.name ?? 'a type');
    const named = def.name !== null ? { name: def.name, owner: this.ownerName(def.owner) } : {};
    const k = def.kind;
    if (k.kind === 'type') {
      // `use iface.{t}` — the type itself — or `type a = b`: a copy of b named a.
      const target = this.type(k.type);
      if (def.name === null) return target;
      if (typeof k.type !== 'string' && !sameOwner(this.resolve.types[k.type.id].owner, def.owner)) {
        this.types.set(id, target);
        return target;
      }
      const alias = typeof k.type === 'string' ? ({ kind: k.type, ...named } as ValType) : ({ ...target, ...named, aliasOf: target } as ValType);
      this.types.set(id, alias);
      return alias;
    }
    // Placed in the map before its parts, so that a resource its own methods mention is one object.
    const out = { ...named } as ValType;
    this.types.set(id, out);
    const opt = (x: Type | undefined) => (x === undefined ? undefined : this.type(x));
    let body: object;
    switch (k.kind) {
      case 'record': body = { kind: 'record', fields: k.fields.map((f) => ({ name: f.name, type: this.type(f.type) })) }; break;
      case 'variant': body = { kind: 'variant', cases: k.cases.map((c) => ({ name: c.name, ...(c.type !== undefined ? { type: this.type(c.type) } : {}) })) }; break;
      case 'enum': body = { kind: 'enum', cases: k.cases.map((c) => c.name) }; break;
      case 'flags': body = { kind: 'flags', flags: k.flags.map((f) => f.name) }; break;
      case 'resource': body = { kind: 'resource' }; break;
      case 'handle': body = { kind: k.handle, resource: this.typeDef(k.resource) as ResourceType }; break;
      case 'tuple': body = { kind: 'tuple', types: k.types.map((x) => this.type(x)) }; break;
      case 'option': body = { kind: 'option', type: this.type(k.type) }; break;
      case 'result': { const ok = opt(k.ok); const err = opt(k.err); body = { kind: 'result', ...(ok ? { ok } : {}), ...(err ? { err } : {}) }; break; }
      case 'list': body = { kind: 'list', element: this.type(k.type) }; break;
      case 'map': body = { kind: 'map', key: this.type(k.key), value: this.type(k.value) }; break;
      case 'fixed-length-list': body = { kind: 'fixed-list', element: this.type(k.type), size: k.size }; break;
      case 'future': case 'stream': { const type = opt(k.type); body = { kind: k.kind, ...(type ? { type } : {}) }; break; }
      case 'unknown': throw new UnresolvedType(def.name ?? 'a type');
    }
    return Object.assign(out, body);
  }
}

function sameOwner(a: TypeOwner, b: TypeOwner): boolean {
  return a.kind === b.kind && (a.kind === 'none' || (b.kind !== 'none' && a.id === b.id));
}
