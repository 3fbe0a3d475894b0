// The resolved model: a mirror of wit-parser's `Resolve` (crates/wit-parser/src/lib.rs,
// resolve/mod.rs). Arenas of worlds, interfaces, types and packages addressed by index, in the
// order wit-parser allocates them, so that the JSON printed from it is wit-parser's JSON. Every
// item also remembers where it was defined, for the editor features built on top of it.
import type { SemVer } from '../syntax/semver.js';
import { formatSemver } from '../syntax/semver.js';

/** A place in a source file: `file` is a path or URI, offsets are UTF-16. */
export interface Loc {
  file: string;
  start: number;
  end: number;
}

export type TypeId = number;
export type InterfaceId = number;
export type WorldId = number;
export type PackageId = number;

export type Primitive = 'bool' | 'u8' | 'u16' | 'u32' | 'u64' | 's8' | 's16' | 's32' | 's64' | 'f32' | 'f64' | 'char' | 'string' | 'error-context';

/** A type reference: a primitive by name, or a type definition by id. */
export type Type = Primitive | { id: TypeId };

export interface PackageName {
  namespace: string;
  name: string;
  version?: SemVer;
}

export function formatPackageName(p: PackageName): string {
  return `${p.namespace}:${p.name}${p.version ? `@${formatSemver(p.version)}` : ''}`;
}

export function packageNameKey(p: PackageName): string {
  return formatPackageName(p);
}

export interface Docs {
  contents?: string;
}

export type Stability =
  | { kind: 'unknown' }
  | { kind: 'stable'; since: SemVer; deprecated?: SemVer }
  | { kind: 'unstable'; feature: string; deprecated?: SemVer };

export const unknownStability: Stability = Object.freeze({ kind: 'unknown' }) as Stability;

/** Two gates alike: the same kind, feature and versions. */
export function stabilityEqual(a: Stability, b: Stability): boolean {
  if (a.kind !== b.kind) return false;
  const v = (x?: SemVer) => (x ? formatSemver(x) : '');
  if (a.kind === 'stable' && b.kind === 'stable') return v(a.since) === v(b.since) && v(a.deprecated) === v(b.deprecated);
  if (a.kind === 'unstable' && b.kind === 'unstable') return a.feature === b.feature && v(a.deprecated) === v(b.deprecated);
  return true;
}

export type TypeOwner = { kind: 'interface'; id: InterfaceId } | { kind: 'world'; id: WorldId } | { kind: 'none' };

export type TypeDefKind =
  | { kind: 'record'; fields: Field[] }
  | { kind: 'resource' }
  | { kind: 'handle'; handle: 'own' | 'borrow'; resource: TypeId }
  | { kind: 'flags'; flags: { name: string; docs: Docs }[] }
  | { kind: 'tuple'; types: Type[] }
  | { kind: 'variant'; cases: Case[] }
  | { kind: 'enum'; cases: { name: string; docs: Docs }[] }
  | { kind: 'option'; type: Type }
  | { kind: 'result'; ok?: Type; err?: Type }
  | { kind: 'list'; type: Type }
  | { kind: 'map'; key: Type; value: Type }
  | { kind: 'fixed-length-list'; type: Type; size: number }
  | { kind: 'future'; type?: Type }
  | { kind: 'stream'; type?: Type }
  | { kind: 'type'; type: Type }
  | { kind: 'unknown' };

export interface Field {
  name: string;
  type: Type;
  docs: Docs;
}

export interface Case {
  name: string;
  type?: Type;
  docs: Docs;
}

export interface TypeDef {
  name: string | null;
  kind: TypeDefKind;
  owner: TypeOwner;
  docs: Docs;
  stability: Stability;
  /** Where the name is defined (or the anonymous type written), when it comes from source. */
  loc?: Loc;
  /** Stands for a type that failed to resolve: already reported, never reported on again. */
  isError?: boolean;
  /** Made by `use iface.{name}`: an alias whose `loc` is the name in the `use`. */
  fromUse?: boolean;
}

export type FunctionKind =
  | { kind: 'freestanding' | 'async-freestanding' }
  | { kind: 'method' | 'async-method' | 'static' | 'async-static' | 'constructor'; resource: TypeId };

export interface Param {
  name: string;
  type: Type;
}

export interface Function {
  name: string;
  kind: FunctionKind;
  params: Param[];
  result?: Type;
  docs: Docs;
  stability: Stability;
  loc?: Loc;
}

export interface Interface {
  name: string | null;
  types: Map<string, TypeId>;
  functions: Map<string, Function>;
  docs: Docs;
  stability: Stability;
  package: PackageId | null;
  loc?: Loc;
}

/** A world key: a plain name, or an interface (printed `interface-N` in JSON). */
export type WorldKey = { name: string } | { interface: InterfaceId };

export function worldKeyString(k: WorldKey): string {
  return 'name' in k ? k.name : `interface-${k.interface}`;
}

export type WorldItem =
  /** `docs`: the comment on an `import iface;` / `export iface;` statement itself (not in the JSON). */
  | { kind: 'interface'; id: InterfaceId; stability: Stability; loc?: Loc; docs?: Docs }
  | { kind: 'function'; func: Function }
  | { kind: 'type'; id: TypeId };

export interface World {
  name: string;
  /** Keyed by `worldKeyString`, in insertion order. */
  imports: Map<string, { key: WorldKey; item: WorldItem }>;
  exports: Map<string, { key: WorldKey; item: WorldItem }>;
  package: PackageId | null;
  docs: Docs;
  stability: Stability;
  includes: { stability: Stability; world: WorldId; names: { name: string; as: string }[]; loc?: Loc }[];
  loc?: Loc;
}

export interface Package {
  name: PackageName;
  docs: Docs;
  interfaces: Map<string, InterfaceId>;
  worlds: Map<string, WorldId>;
  /** Files the package was read from (empty for packages decoded from binaries). */
  files: string[];
  loc?: Loc;
}

export class Resolve {
  worlds: World[] = [];
  interfaces: Interface[] = [];
  types: TypeDef[] = [];
  packages: Package[] = [];
  packageNames = new Map<string, PackageId>();
  features = new Set<string>();
  allFeatures = false;

  /** The interface a `use`d type comes from, when `ty` is `use iface.{t}` of another interface. */
  typeInterfaceDep(ty: TypeId): InterfaceId | undefined {
    const t = this.types[ty];
    if (t.kind.kind !== 'type' || typeof t.kind.type === 'string') return undefined;
    const other = this.types[t.kind.type.id];
    if (sameOwner(t.owner, other.owner)) return undefined;
    return other.owner.kind === 'interface' ? other.owner.id : undefined;
  }

  /** Interfaces that `id` uses types from, in the order its types mention them. */
  interfaceDirectDeps(id: InterfaceId): InterfaceId[] {
    const out: InterfaceId[] = [];
    for (const ty of this.interfaces[id].types.values()) {
      const dep = this.typeInterfaceDep(ty);
      if (dep !== undefined) out.push(dep);
    }
    return out;
  }

  /** `ns:pkg/iface@v` for a named interface in a package. */
  idOf(id: InterfaceId): string | undefined {
    const iface = this.interfaces[id];
    if (iface.name === null || iface.package === null) return undefined;
    const p = this.packages[iface.package].name;
    return `${p.namespace}:${p.name}/${iface.name}${p.version ? `@${formatSemver(p.version)}` : ''}`;
  }

  nameWorldKey(k: WorldKey): string {
    if ('name' in k) return k.name;
    return this.idOf(k.interface) ?? 'unnamed';
  }
}

export function sameOwner(a: TypeOwner, b: TypeOwner): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'none' || b.kind === 'none') return true;
  return a.id === (b as { id: number }).id;
}

export function stabilityIsUnknown(s: Stability): boolean {
  return s.kind === 'unknown';
}
