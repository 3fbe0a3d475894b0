// Prints a resolved package as WIT, the way the reference printer does (wit-component's
// `WitPrinter`, crates/wit-component/src/printing.rs): what `wasm-tools component wit` prints.
// It prints meaning, not source: comments other than docs, the order of items and the way types
// were spelled are not kept (the formatter, ide/format.ts, keeps those). Its rules:
// - `package ns:name@v;` and a blank line; then every interface (a blank line after each), then
//   every world (none between worlds); nested packages as `package ns:name { … }` after the main.
// - In an interface: `use` lines first (consecutive types from the same interface with the same
//   gate share one `use`), then type definitions, then functions, with a blank line between items
//   (not between `use` lines). Resource functions are printed inside their resource.
// - In a world: imported interfaces (no blank lines), then types (with `use`), then imported
//   functions, then a blank line and the exports. Includes are not printed: they were elaborated.
// - Docs as `/// line`; gates as `@since(version = …)` / `@unstable(feature = …)` with
//   `@deprecated(version = …)` on the next line; keywords used as names get a `%`.
// - Handles: `own<r>` prints as `r` except in `type x = own<r>;`; a constructor's `own<r>` result
//   is left out.
import { formatSemver } from '../syntax/semver.js';
import type { Docs, Function, InterfaceId, PackageId, Resolve, Stability, Type, TypeDefKind, TypeId, TypeOwner, WorldId, WorldItem, WorldKey } from './model.js';
import { sameOwner, stabilityEqual } from './model.js';

/** Prints package `pkg` (and `nested` packages after it, in `package … { }` blocks). */
export function printPackage(resolve: Resolve, pkg: PackageId, nested: readonly PackageId[] = []): string {
  const p = new WitPrinter(resolve);
  p.package(pkg, true);
  nested.forEach((id, i) => {
    if (i > 0) {
      p.out.newline();
      p.out.newline();
    }
    p.package(id, false);
  });
  return p.out.toString();
}

/** Packages written as `package a:b { … }` inside the files of package `main`, in source order. */
export function nestedPackages(resolve: Resolve, main: PackageId): PackageId[] {
  const files = new Set(resolve.packages[main].files);
  const out: PackageId[] = [];
  resolve.packages.forEach((pkg, id) => {
    if (id !== main && pkg.files.length > 0 && pkg.files.every((f) => files.has(f))) out.push(id);
  });
  const at = (id: PackageId) => resolve.packages[id].loc;
  return out.sort((a, b) => (at(a)?.file ?? '').localeCompare(at(b)?.file ?? '') || (at(a)?.start ?? 0) - (at(b)?.start ?? 0));
}

/** A type where it is used: its name, or its structure (`list<u8>`, `result<_, error>`). */
export function printTypeRef(resolve: Resolve, t: Type): string {
  return new WitPrinter(resolve).typeRef(t);
}

/** One world as the printer writes it inside its package: `world name { … }`. */
export function printWorld(resolve: Resolve, id: WorldId): string {
  const p = new WitPrinter(resolve);
  p.worldBlock(id);
  return p.out.toString();
}

/**
 * One interface as the printer writes it inside its package: `interface name { … }` (`name` for
 * an interface without one, as a world names it).
 */
export function printInterface(resolve: Resolve, id: InterfaceId, name?: string): string {
  const p = new WitPrinter(resolve);
  p.interfaceBlock(id, name);
  return p.out.toString();
}

/** A type's structure, whatever its name: `list<u8>`, `option<string>`, `borrow<r>`. */
export function printTypeStructure(resolve: Resolve, kind: TypeDefKind): string {
  return new WitPrinter(resolve).structureOf(kind);
}

/**
 * A function's type as the printer writes it after the name: `func(a: s32) -> s32`,
 * `async func()`, `constructor(n: u32)`. A method's `self` is left out, as in a resource body,
 * unless `withSelf` (where the function is named by its full `[method]r.f` name).
 */
export function printFunctionType(resolve: Resolve, f: Function, withSelf = false): string {
  const p = new WitPrinter(resolve);
  p.functionType(f, withSelf);
  return p.out.toString();
}

/** Thrown for a resolve the reference printer refuses too (an anonymous record, say). */
export class PrintError extends Error {}

/** Indentation by two spaces, applied lazily at the first text of a line (as `OutputToString`). */
class Output {
  private readonly parts: string[] = [];
  private indent = 0;
  private needsIndent = false;

  str(s: string): void {
    if (this.needsIndent) {
      this.parts.push('  '.repeat(this.indent));
      this.needsIndent = false;
    }
    this.parts.push(s);
  }

  newline(): void {
    this.parts.push('\n');
    this.needsIndent = true;
  }

  /** ` {` and a deeper indentation. */
  indentStart(): void {
    this.parts.push(' {');
    this.indent++;
    this.newline();
  }

  indentEnd(): void {
    this.indent = Math.max(0, this.indent - 1);
    this.str('}');
    this.newline();
  }

  semicolon(): void {
    this.parts.push(';');
    this.newline();
  }

  doc(line: string): void {
    this.str(line ? `/// ${line}` : '///');
    this.newline();
  }

  toString(): string {
    return this.parts.join('');
  }
}

type ResourceFuncs = Map<TypeId, Function[]>;

class WitPrinter {
  readonly out = new Output();
  /** Whether the current block printed an item yet (a blank line goes before the next one). */
  private anyItems = false;

  constructor(private readonly resolve: Resolve) {}

  package(id: PackageId, isMain: boolean): void {
    const pkg = this.resolve.packages[id];
    this.docs(pkg.docs);
    this.out.str(`package ${escape(pkg.name.namespace)}:${escape(pkg.name.name)}`);
    if (pkg.name.version) this.out.str(`@${formatSemver(pkg.name.version)}`);
    if (isMain) {
      this.out.semicolon();
      this.out.newline();
    } else {
      this.out.indentStart();
    }
    for (const [name, iface] of pkg.interfaces) {
      this.interfaceBlock(iface, name);
      if (isMain) this.out.newline();
    }
    for (const world of pkg.worlds.values()) this.worldBlock(world);
    if (!isMain) this.out.indentEnd();
  }

  worldBlock(id: WorldId): void {
    const world = this.resolve.worlds[id];
    this.docs(world.docs);
    this.stability(world.stability);
    this.out.str(`world ${escape(world.name)}`);
    this.out.indentStart();
    this.world(id);
    this.out.indentEnd();
  }

  interfaceBlock(id: InterfaceId, name?: string): void {
    const iface = this.resolve.interfaces[id];
    this.docs(iface.docs);
    this.stability(iface.stability);
    this.out.str(`interface ${escape(name ?? iface.name ?? 'unnamed')}`);
    this.out.indentStart();
    this.interface(id);
    this.out.indentEnd();
  }

  private newItem(): void {
    if (this.anyItems) this.out.newline();
    this.anyItems = true;
  }

  // ---- interfaces ----

  private interface(id: InterfaceId): void {
    const prev = this.anyItems;
    this.anyItems = false;
    const iface = this.resolve.interfaces[id];
    const resourceFuncs: ResourceFuncs = new Map();
    const freestanding: Function[] = [];
    for (const f of iface.functions.values()) {
      const r = resourceOf(f);
      if (r === undefined) freestanding.push(f);
      else pushTo(resourceFuncs, r, f);
    }
    this.types({ kind: 'interface', id }, iface.types, resourceFuncs);
    for (const f of freestanding) {
      this.newItem();
      this.docs(f.docs);
      this.stability(f.stability);
      this.out.str(`${escape(itemName(f))}: `);
      this.function(f);
      this.out.semicolon();
    }
    this.anyItems = prev;
  }

  /** `use` lines for types from other interfaces, then the type definitions. */
  private types(owner: TypeOwner, types: Iterable<[string, TypeId]>, resourceFuncs: ResourceFuncs): void {
    const declare: TypeId[] = [];
    const imports: { from: InterfaceId; stability: Stability; names: [string, string][] }[] = [];
    for (const [name, id] of types) {
      const ty = this.resolve.types[id];
      if (ty.kind.kind === 'type' && typeof ty.kind.type !== 'string') {
        const other = this.resolve.types[ty.kind.type.id];
        if (other.owner.kind !== 'none' && !sameOwner(owner, other.owner)) {
          if (other.name === null) throw new PrintError('cannot import unnamed type');
          if (other.owner.kind !== 'interface') throw new PrintError('types can only be used from interfaces');
          const last = imports[imports.length - 1];
          if (last && last.from === other.owner.id && stabilityEqual(last.stability, ty.stability)) last.names.push([name, other.name]);
          else imports.push({ from: other.owner.id, stability: ty.stability, names: [[name, other.name]] });
          continue;
        }
      }
      declare.push(id);
    }
    const myPkg = owner.kind === 'interface' ? this.resolve.interfaces[owner.id].package : owner.kind === 'world' ? this.resolve.worlds[owner.id].package : null;
    for (const u of imports) {
      this.anyItems = true;
      this.stability(u.stability);
      const names = u.names.map(([mine, theirs]) => (mine === theirs ? escape(mine) : `${escape(theirs)} as ${escape(mine)}`));
      this.out.str(`use ${this.pathTo(u.from, myPkg)}.{${names.join(', ')}}`);
      this.out.semicolon();
    }
    for (const id of declare) {
      this.newItem();
      const ty = this.resolve.types[id];
      this.docs(ty.docs);
      this.stability(ty.stability);
      if (ty.kind.kind === 'resource') this.resource(id, resourceFuncs.get(id) ?? []);
      else this.declare(id);
    }
  }

  private resource(id: TypeId, funcs: readonly Function[]): void {
    this.out.str(`resource ${escape(this.nameOf(id))}`);
    if (funcs.length === 0) {
      this.out.semicolon();
      return;
    }
    this.out.indentStart();
    for (const f of funcs) {
      this.docs(f.docs);
      this.stability(f.stability);
      switch (f.kind.kind) {
        case 'method':
        case 'async-method':
          this.out.str(`${escape(itemName(f))}: `);
          break;
        case 'static':
        case 'async-static':
          this.out.str(`${escape(itemName(f))}: static `);
          break;
        default:
          break;
      }
      this.function(f);
      this.out.semicolon();
    }
    this.out.indentEnd();
  }

  private function(f: Function): void {
    this.functionType(f, false);
  }

  functionType(f: Function, withSelf: boolean): void {
    const k = f.kind.kind;
    if (k === 'async-freestanding' || k === 'async-method' || k === 'async-static') this.out.str('async ');
    this.out.str(k === 'constructor' && !withSelf ? 'constructor(' : 'func(');
    const params = (k === 'method' || k === 'async-method') && !withSelf ? f.params.slice(1) : f.params;
    this.out.str(params.map((p) => `${escape(p.name)}: ${this.typeName(p.type)}`).join(', '));
    this.out.str(')');
    if (!withSelf && this.isConstructorShorthand(f)) return;
    if (f.result !== undefined) this.out.str(` -> ${this.typeName(f.result)}`);
  }

  /** A constructor returning `own<self>`: printed without its result. */
  private isConstructorShorthand(f: Function): boolean {
    if (f.kind.kind !== 'constructor' || f.result === undefined || typeof f.result === 'string') return false;
    const k = this.resolve.types[f.result.id].kind;
    return k.kind === 'handle' && k.handle === 'own' && k.resource === f.kind.resource;
  }

  // ---- worlds ----

  private world(id: WorldId): void {
    const prev = this.anyItems;
    this.anyItems = false;
    const world = this.resolve.worlds[id];
    const pkg = world.package;
    const types: [string, TypeId][] = [];
    const resourceFuncs: ResourceFuncs = new Map();
    const funcImports: { key: WorldKey; item: WorldItem }[] = [];
    for (const { key, item } of world.imports.values()) {
      if (item.kind === 'type') {
        types.push(['name' in key ? key.name : '', item.id]);
      } else if (item.kind === 'function') {
        const r = resourceOf(item.func);
        if (r === undefined) funcImports.push({ key, item });
        else pushTo(resourceFuncs, r, item.func);
      } else {
        this.worldItem(key, item, pkg, 'import');
        // No blank line between imports, but one after them when anything follows.
        this.anyItems = true;
      }
    }
    this.types({ kind: 'world', id }, types, resourceFuncs);
    for (const { key, item } of funcImports) {
      this.worldItem(key, item, pkg, 'import');
      this.anyItems = true;
    }
    if (world.exports.size) this.newItem();
    for (const { key, item } of world.exports.values()) this.worldItem(key, item, pkg, 'export');
    this.anyItems = prev;
  }

  private worldItem(key: WorldKey, item: WorldItem, pkg: PackageId | null, keyword: 'import' | 'export'): void {
    if ('name' in key) {
      // Docs of what was declared here: an inline interface or a function.
      if (item.kind === 'interface' && this.resolve.interfaces[item.id].name === null) this.docs(this.resolve.interfaces[item.id].docs);
      else if (item.kind === 'interface' && item.docs) this.docs(item.docs);
      else if (item.kind === 'function') this.docs(item.func.docs);
    } else if (item.kind === 'interface' && item.docs) {
      // Docs on the `import iface;` / `export iface;` statement itself.
      this.docs(item.docs);
    }
    this.stability(item.kind === 'interface' ? item.stability : item.kind === 'function' ? item.func.stability : this.resolve.types[item.id].stability);
    this.out.str(`${keyword} `);
    if (!('name' in key)) {
      this.out.str(this.pathTo(key.interface, pkg));
      this.out.semicolon();
      return;
    }
    if (item.kind === 'interface') {
      this.out.str(`${escape(key.name)}: `);
      if (this.resolve.interfaces[item.id].name === null) {
        this.out.str('interface');
        this.out.indentStart();
        this.interface(item.id);
        this.out.indentEnd();
      } else {
        // `import label: iface;` names an interface under a plain name.
        this.out.str(this.pathTo(item.id, pkg));
        this.out.semicolon();
      }
    } else if (item.kind === 'function') {
      this.out.str(`${escape(item.func.name)}: `);
      this.function(item.func);
      this.out.semicolon();
    } else {
      throw new PrintError('a type cannot be exported');
    }
  }

  private pathTo(id: InterfaceId, from: PackageId | null): string {
    const iface = this.resolve.interfaces[id];
    if (iface.name === null) throw new PrintError('cannot name an anonymous interface');
    if (iface.package === from || iface.package === null) return escape(iface.name);
    const p = this.resolve.packages[iface.package].name;
    return `${escape(p.namespace)}:${escape(p.name)}/${escape(iface.name)}${p.version ? `@${formatSemver(p.version)}` : ''}`;
  }

  // ---- types ----

  private nameOf(id: TypeId): string {
    const name = this.resolve.types[id].name;
    if (name === null) throw new PrintError('unnamed resource type');
    return name;
  }

  typeRef(t: Type): string {
    return this.typeName(t);
  }

  structureOf(k: TypeDefKind): string {
    return this.structure(k);
  }

  private typeName(t: Type): string {
    if (typeof t === 'string') return t;
    const ty = this.resolve.types[t.id];
    return ty.name !== null ? escape(ty.name) : this.structure(ty.kind);
  }

  /** An anonymous type as written: `list<u8>`, `borrow<r>` (an `own<r>` handle as plain `r`). */
  private structure(k: TypeDefKind): string {
    switch (k.kind) {
      case 'handle': return k.handle === 'own' ? escape(this.nameOf(k.resource)) : `borrow<${escape(this.nameOf(k.resource))}>`;
      case 'tuple': return `tuple<${k.types.map((x) => this.typeName(x)).join(', ')}>`;
      case 'option': return `option<${this.typeName(k.type)}>`;
      case 'result': return this.resultName(k.ok, k.err);
      case 'list': return `list<${this.typeName(k.type)}>`;
      case 'map': return `map<${this.typeName(k.key)}, ${this.typeName(k.value)}>`;
      case 'fixed-length-list': return `list<${this.typeName(k.type)}, ${k.size}>`;
      case 'type': return this.typeName(k.type);
      case 'future': return k.type === undefined ? 'future' : `future<${this.typeName(k.type)}>`;
      case 'stream': return k.type === undefined ? 'stream' : `stream<${this.typeName(k.type)}>`;
      default: throw new PrintError(`resolve has an unnamed ${k.kind} type`);
    }
  }

  private resultName(ok: Type | undefined, err: Type | undefined): string {
    if (ok !== undefined && err !== undefined) return `result<${this.typeName(ok)}, ${this.typeName(err)}>`;
    if (err !== undefined) return `result<_, ${this.typeName(err)}>`;
    if (ok !== undefined) return `result<${this.typeName(ok)}>`;
    return 'result';
  }

  /** A named type definition. */
  private declare(id: TypeId): void {
    const ty = this.resolve.types[id];
    if (ty.name === null) throw new PrintError('unnamed type in document');
    const name = escape(ty.name);
    const k = ty.kind;
    const alias = (rhs: string) => {
      this.out.str(`type ${name} = ${rhs}`);
      this.out.semicolon();
    };
    const body = (keyword: string, lines: { docs: Docs; text: string }[]) => {
      this.out.str(`${keyword} ${name}`);
      this.out.indentStart();
      for (const l of lines) {
        this.docs(l.docs);
        this.out.str(`${l.text},`);
        this.out.newline();
      }
      this.out.indentEnd();
    };
    switch (k.kind) {
      case 'handle': return alias(`${k.handle}<${escape(this.nameOf(k.resource))}>`);
      case 'record': return body('record', k.fields.map((f) => ({ docs: f.docs, text: `${escape(f.name)}: ${this.typeName(f.type)}` })));
      case 'flags': return body('flags', k.flags.map((f) => ({ docs: f.docs, text: escape(f.name) })));
      case 'enum': return body('enum', k.cases.map((c) => ({ docs: c.docs, text: escape(c.name) })));
      case 'variant':
        return body('variant', k.cases.map((c) => ({ docs: c.docs, text: c.type === undefined ? escape(c.name) : `${escape(c.name)}(${this.typeName(c.type)})` })));
      case 'type': return alias(this.typeName(k.type));
      case 'resource': throw new PrintError('resources are printed separately');
      case 'unknown': throw new PrintError(`type \`${ty.name}\` did not resolve`);
      default: return alias(this.structure(k));
    }
  }

  // ---- docs and gates ----

  private docs(d: Docs): void {
    if (d.contents === undefined) return;
    // Rust's `str::lines`: split at `\n`, drop a `\r` before it, no empty line after a final `\n`.
    const lines = d.contents.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    for (const l of lines) this.out.doc(l.endsWith('\r') ? l.slice(0, -1) : l);
  }

  private stability(s: Stability): void {
    if (s.kind === 'unknown') return;
    if (s.kind === 'stable') this.gate(`@since(version = ${formatSemver(s.since)})`);
    else this.gate(`@unstable(feature = ${s.feature})`);
    if (s.deprecated) this.gate(`@deprecated(version = ${formatSemver(s.deprecated)})`);
  }

  private gate(text: string): void {
    this.out.str(text);
    this.out.newline();
  }
}

/** The resource a function belongs to, if any. */
function resourceOf(f: Function): TypeId | undefined {
  return 'resource' in f.kind ? f.kind.resource : undefined;
}

function pushTo(m: ResourceFuncs, key: TypeId, f: Function): void {
  const list = m.get(key);
  if (list) list.push(f);
  else m.set(key, [f]);
}

/** `[method]r.name` → `name`, `[constructor]r` → `r`: the name as written in the source. */
function itemName(f: Function): string {
  const m = /^\[(?:async )?(?:method|static|constructor)\](.*)$/.exec(f.name);
  if (!m) return f.name;
  const rest = m[1];
  const dot = rest.indexOf('.');
  return dot >= 0 ? rest.slice(dot + 1) : rest;
}

/** Words the reference printer escapes with `%` when they are used as names. */
const keywords = new Set([
  'use', 'type', 'func', 'u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64', 'f32', 'f64', 'float32', 'float64', 'char',
  'resource', 'record', 'flags', 'variant', 'enum', 'bool', 'string', 'option', 'result', 'future', 'stream', 'list', 'map',
  'own', 'borrow', '_', 'as', 'from', 'static', 'interface', 'tuple', 'world', 'import', 'export', 'package', 'with',
  'include', 'constructor', 'error-context', 'async',
]);

function escape(name: string): string {
  return keywords.has(name) ? `%${name}` : name;
}
