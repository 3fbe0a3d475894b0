// Reads what a component imports and exports, with every type, from the component binary itself
// (the component model's Binary.md): type, import, export, alias, instance, canon and nested
// component sections are followed; core modules are skipped by size. jco's `componentWit` prints
// only the root world (no interface bodies), which is not enough to check call arguments.
//
// The walk mirrors validation's index spaces without validating: types are plain objects (see
// types.ts), `(eq i)` bounds alias the same object, and a type gets its WIT name from the first
// export (or top-level import) that names it.
import { PipelineError } from './errors.js';
import type { ComponentSignature, ExternItem, FuncItem, FuncType, InterfaceItem, PrimitiveKind, ResourceType, ValType } from './types.js';

type DefType =
  | { def: 'val'; type: ValType }
  | { def: 'func'; type: FuncType }
  | { def: 'instance'; exports: Map<string, Item> }
  | { def: 'component'; imports: Map<string, Item>; exports: Map<string, Item> };

type Item =
  | { sort: 'func'; type: FuncType }
  /** `via`: the imported instance a type was aliased from (its import name), when it was. */
  | { sort: 'type'; type: DefType; via?: string }
  | { sort: 'instance'; exports: Map<string, Item>; implements?: string }
  | { sort: 'component'; imports: Map<string, Item>; exports: Map<string, Item> }
  | { sort: 'value' | 'module' | 'core' };

class Scope {
  types: DefType[] = [];
  /** Per type index: the imported instance it was aliased from, if it was. */
  typeVia: (string | undefined)[] = [];
  /** Per instance index: its import name, for an imported instance. */
  instanceNames: (string | undefined)[] = [];
  funcs: Item[] = [];
  instances: Item[] = [];
  components: Item[] = [];
  values = 0;
  imports = new Map<string, Item>();
  exports = new Map<string, Item>();
  constructor(readonly parent: Scope | undefined, readonly topLevel: boolean) {}
}

const primitives: Record<number, PrimitiveKind> = {
  0x7f: 'bool', 0x7e: 's8', 0x7d: 'u8', 0x7c: 's16', 0x7b: 'u16', 0x7a: 's32', 0x79: 'u32',
  0x78: 's64', 0x77: 'u64', 0x76: 'f32', 0x75: 'f64', 0x74: 'char', 0x73: 'string', 0x64: 'error-context',
};

const MAX_DEPTH = 64;
const decoder = new TextDecoder('utf-8', { fatal: true });

class Reader {
  constructor(readonly bytes: Uint8Array, public pos: number, readonly end: number) {}

  fail(what: string): never {
    throw new PipelineError('invalid-component', `not a valid component: ${what} at byte ${this.pos}`);
  }

  u8(): number {
    if (this.pos >= this.end) this.fail('unexpected end');
    return this.bytes[this.pos++];
  }

  peek(): number {
    if (this.pos >= this.end) this.fail('unexpected end');
    return this.bytes[this.pos];
  }

  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.u8();
      result += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) break;
      shift += 7;
      if (shift > 35) this.fail('integer too long');
    }
    return result;
  }

  /** A signed LEB128 of up to 33 bits (type indices share the space with type opcodes). */
  s33(): number {
    let result = 0n;
    let shift = 0n;
    let b: number;
    do {
      b = this.u8();
      result |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if (shift > 42n) this.fail('integer too long');
    } while (b & 0x80);
    if (b & 0x40) result -= 1n << shift;
    return Number(result);
  }

  string(): string {
    const len = this.u32();
    if (this.pos + len > this.end) this.fail('string past the end');
    let s: string;
    try {
      s = decoder.decode(this.bytes.subarray(this.pos, this.pos + len));
    } catch {
      this.fail('a name that is not valid UTF-8');
    }
    this.pos += len;
    return s!;
  }

  vec<T>(read: () => T): T[] {
    const n = this.u32();
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(read());
    return out;
  }
}

/** True for a component binary (not a core module). */
export function isComponentBinary(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && bytes[0] === 0 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d && bytes[6] === 1 && bytes[7] === 0;
}

/** The imports and exports of a component, typed. Throws `PipelineError` on a bad binary. */
export function decodeComponent(bytes: Uint8Array): ComponentSignature {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new PipelineError('not-a-component', 'not a WebAssembly file (no `\\0asm` header)');
  }
  if (bytes[6] === 0 && bytes[7] === 0) {
    throw new PipelineError('not-a-component', 'a core WebAssembly module, not a component (wrap it with `jco new` or build it with `wit-tools build`)');
  }
  if (!isComponentBinary(bytes)) throw new PipelineError('not-a-component', 'not a component (unknown layer in the header)');
  const scope = new Scope(undefined, true);
  readComponent(new Reader(bytes, 0, bytes.length), scope, 0);
  const signature: ComponentSignature = { imports: externs(scope.imports), exports: externs(scope.exports) };
  assignOwners(signature);
  return signature;
}

function readComponent(r: Reader, scope: Scope, depth: number): void {
  if (depth > MAX_DEPTH) r.fail('components nested too deeply');
  r.pos += 8;
  while (r.pos < r.end) {
    const id = r.u8();
    const size = r.u32();
    const end = r.pos + size;
    if (end > r.end) r.fail('section past the end');
    const s = new Reader(r.bytes, r.pos, end);
    switch (id) {
      case 4: {
        const inner = new Scope(scope, false);
        readComponent(new Reader(r.bytes, r.pos, end), inner, depth + 1);
        scope.components.push({ sort: 'component', imports: inner.imports, exports: inner.exports });
        break;
      }
      case 5: s.vec(() => scope.instances.push(readInstance(s, scope))); break;
      case 6: s.vec(() => readAlias(s, scope)); break;
      case 7: s.vec(() => scope.types.push(readType(s, scope))); break;
      case 8: s.vec(() => readCanon(s, scope)); break;
      case 10: s.vec(() => readImport(s, scope)); break;
      case 11: s.vec(() => readExport(s, scope)); break;
      // 0 custom, 1 core module, 2 core instances, 3 core types, 9 start, 12 values: nothing typed
      // that a WIT world can name comes from them.
      default: break;
    }
    r.pos = end;
  }
}

function readName(r: Reader): string {
  return readExternName(r).name;
}

/**
 * An import or export name: 0x00/0x01 a plain name; 0x02 a name with options, each a tag and a
 * string (0x00 `implements` — `import primary: store` names the interface it is an instance
 * of — and others, such as 0x02 `external-id`, which a signature does not need).
 */
function readExternName(r: Reader): { name: string; implements?: string } {
  const tag = r.u8();
  if (tag === 0x00 || tag === 0x01) return { name: r.string() };
  if (tag !== 0x02) r.fail(`unknown name encoding 0x${tag.toString(16)}`);
  const name = r.string();
  let implementsName: string | undefined;
  r.vec(() => {
    const option = r.u8();
    const value = r.string();
    if (option === 0x00) implementsName = value;
  });
  return implementsName !== undefined ? { name, implements: implementsName } : { name };
}

function readSort(r: Reader): Item['sort'] {
  const b = r.u8();
  switch (b) {
    case 0x00: r.u8(); return 'core';
    case 0x01: return 'func';
    case 0x02: return 'value';
    case 0x03: return 'type';
    case 0x04: return 'component';
    case 0x05: return 'instance';
    default: return r.fail(`unknown sort 0x${b.toString(16)}`);
  }
}

function lookup(r: Reader, scope: Scope, sort: Item['sort'], idx: number): Item {
  const get = <T>(space: T[]): T => space[idx] ?? r.fail(`${sort} index ${idx} out of range`);
  switch (sort) {
    case 'func': return get(scope.funcs);
    case 'instance': return get(scope.instances);
    case 'component': return get(scope.components);
    case 'type': return { sort: 'type', type: get(scope.types), via: scope.typeVia[idx] };
    default: return { sort };
  }
}

function push(scope: Scope, item: Item): void {
  switch (item.sort) {
    case 'func': scope.funcs.push(item); break;
    case 'instance': scope.instances.push(item); break;
    case 'component': scope.components.push(item); break;
    case 'type': scope.typeVia[scope.types.length] = item.via; scope.types.push(item.type); break;
    case 'value': scope.values++; break;
    default: break;
  }
}

function readInstance(r: Reader, scope: Scope): Item {
  const kind = r.u8();
  if (kind === 0x00) {
    const component = lookup(r, scope, 'component', r.u32());
    const args = new Map<string, Item>();
    r.vec(() => {
      const name = r.string();
      const sort = readSort(r);
      args.set(name, lookup(r, scope, sort, r.u32()));
    });
    if (component.sort !== 'component') return { sort: 'instance', exports: new Map() };
    return { sort: 'instance', exports: instantiate(component, args) };
  }
  if (kind === 0x01) {
    const exports = new Map<string, Item>();
    r.vec(() => {
      const name = readName(r);
      const sort = readSort(r);
      exports.set(name, lookup(r, scope, sort, r.u32()));
    });
    return { sort: 'instance', exports };
  }
  return r.fail(`unknown instance kind 0x${kind.toString(16)}`);
}

/**
 * The exports of a component instantiated with `args`: the types it imports are the arguments'
 * types (so that an export that re-exports an imported type is that type, with its owner, as
 * wit-component's shims do for every exported interface), everything built from them too.
 */
function instantiate(component: Extract<Item, { sort: 'component' }>, args: Map<string, Item>): Map<string, Item> {
  const subst = new Map<object, ValType>();
  const pair = (imported: Item, given: Item | undefined) => {
    if (!given) return;
    if (imported.sort === 'type' && given.sort === 'type' && imported.type.def === 'val' && given.type.def === 'val') subst.set(imported.type.type, given.type.type);
    else if (imported.sort === 'instance' && given.sort === 'instance') for (const [n, item] of imported.exports) pair(item, given.exports.get(n));
  };
  for (const [name, item] of component.imports) pair(item, args.get(name));
  if (subst.size === 0) return component.exports;
  const memo = new Map<ValType, ValType>();
  const val = (t: ValType): ValType => {
    const direct = subst.get(t);
    if (direct) return direct;
    const done = memo.get(t);
    if (done) return done;
    let out: ValType = t;
    const opt = (x: ValType | undefined) => (x ? val(x) : undefined);
    switch (t.kind) {
      case 'list': case 'fixed-list': { const element = val(t.element); if (element !== t.element) out = { ...t, element }; break; }
      case 'map': { const key = val(t.key); const value = val(t.value); if (key !== t.key || value !== t.value) out = { ...t, key, value }; break; }
      case 'tuple': { const types = t.types.map(val); if (types.some((x, i) => x !== t.types[i])) out = { ...t, types }; break; }
      case 'record': { const fields = t.fields.map((f) => ({ name: f.name, type: val(f.type) })); if (fields.some((f, i) => f.type !== t.fields[i].type)) out = { ...t, fields }; break; }
      case 'variant': { const cases = t.cases.map((c) => (c.type ? { name: c.name, type: val(c.type) } : c)); if (cases.some((c, i) => c !== t.cases[i] && c.type !== t.cases[i].type)) out = { ...t, cases }; break; }
      case 'option': { const type = val(t.type); if (type !== t.type) out = { ...t, type }; break; }
      case 'result': { const ok = opt(t.ok); const err = opt(t.err); if (ok !== t.ok || err !== t.err) out = { ...t, ...(ok ? { ok } : {}), ...(err ? { err } : {}) }; break; }
      case 'own': case 'borrow': { const resource = val(t.resource) as ResourceType; if (resource !== t.resource) out = { ...t, resource }; break; }
      case 'future': case 'stream': { const type = opt(t.type); if (type !== t.type) out = { ...t, ...(type ? { type } : {}) }; break; }
      default: break;
    }
    memo.set(t, out);
    return out;
  };
  const func = (f: FuncType): FuncType => ({ ...f, params: f.params.map((p) => ({ name: p.name, type: val(p.type) })), ...(f.result ? { result: val(f.result) } : {}) });
  const item = (i: Item): Item => {
    switch (i.sort) {
      case 'func': return { sort: 'func', type: func(i.type) };
      case 'type': return i.type.def === 'val' ? { sort: 'type', type: { def: 'val', type: val(i.type.type) } } : i;
      case 'instance': return { sort: 'instance', exports: new Map([...i.exports].map(([n, x]) => [n, item(x)])) };
      default: return i;
    }
  };
  return new Map([...component.exports].map(([n, x]) => [n, item(x)]));
}

function readAlias(r: Reader, scope: Scope): void {
  const sort = readSort(r);
  const target = r.u8();
  switch (target) {
    case 0x00: {
      const index = r.u32();
      const instance = lookup(r, scope, 'instance', index);
      const name = r.string();
      if (sort === 'core') return;
      const item = instance.sort === 'instance' ? instance.exports.get(name) : undefined;
      if (!item) r.fail(`instance has no export \`${name}\``);
      const via = scope.instanceNames[index];
      push(scope, item.sort === 'type' && via ? { ...item, via } : item);
      return;
    }
    case 0x01:
      r.u32();
      r.string();
      return; // a core export: core index spaces are not tracked
    case 0x02: {
      const count = r.u32();
      const idx = r.u32();
      let outer: Scope | undefined = scope;
      for (let i = 0; i < count && outer; i++) outer = outer.parent;
      if (!outer) r.fail('outer alias past the outermost component');
      if (sort === 'core') return;
      push(scope, lookup(r, outer, sort, idx));
      return;
    }
    default:
      r.fail(`unknown alias target 0x${target.toString(16)}`);
  }
}

function valType(r: Reader, scope: Scope): ValType {
  const b = r.peek();
  if (primitives[b]) {
    r.pos++;
    return { kind: primitives[b] };
  }
  const idx = r.s33();
  const def = scope.types[idx];
  if (!def || def.def !== 'val') return r.fail(`type index ${idx} is not a value type`);
  return def.type;
}

function optValType(r: Reader, scope: Scope): ValType | undefined {
  const b = r.u8();
  if (b === 0x00) return undefined;
  if (b === 0x01) return valType(r, scope);
  return r.fail('bad optional type');
}

function resourceOf(r: Reader, scope: Scope, idx: number): ResourceType {
  const def = scope.types[idx];
  if (!def || def.def !== 'val' || def.type.kind !== 'resource') return r.fail(`type index ${idx} is not a resource`);
  return def.type as ResourceType;
}

function readDefinedType(r: Reader, scope: Scope, op: number): ValType {
  if (primitives[op]) return { kind: primitives[op] };
  switch (op) {
    case 0x72: return { kind: 'record', fields: r.vec(() => ({ name: r.string(), type: valType(r, scope) })) };
    case 0x71:
      return {
        kind: 'variant',
        cases: r.vec(() => {
          const name = r.string();
          const type = optValType(r, scope);
          if (r.u8() === 0x01) r.u32(); // `refines`, from an older encoding
          return type ? { name, type } : { name };
        }),
      };
    case 0x70: return { kind: 'list', element: valType(r, scope) };
    case 0x67: return { kind: 'fixed-list', element: valType(r, scope), size: r.u32() };
    case 0x63: return { kind: 'map', key: valType(r, scope), value: valType(r, scope) };
    case 0x6f: return { kind: 'tuple', types: r.vec(() => valType(r, scope)) };
    case 0x6e: return { kind: 'flags', flags: r.vec(() => r.string()) };
    case 0x6d: return { kind: 'enum', cases: r.vec(() => r.string()) };
    case 0x6b: return { kind: 'option', type: valType(r, scope) };
    case 0x6a: {
      const ok = optValType(r, scope);
      const err = optValType(r, scope);
      return { kind: 'result', ...(ok ? { ok } : {}), ...(err ? { err } : {}) };
    }
    case 0x69: return { kind: 'own', resource: resourceOf(r, scope, r.u32()) };
    case 0x68: return { kind: 'borrow', resource: resourceOf(r, scope, r.u32()) };
    case 0x66: { const type = optValType(r, scope); return type ? { kind: 'stream', type } : { kind: 'stream' }; }
    case 0x65: { const type = optValType(r, scope); return type ? { kind: 'future', type } : { kind: 'future' }; }
    default: return r.fail(`unknown type 0x${op.toString(16)}`);
  }
}

function readType(r: Reader, scope: Scope): DefType {
  const op = r.u8();
  switch (op) {
    case 0x3f: {
      r.u8(); // representation: i32
      if (r.u8() === 0x01) r.u32(); // destructor
      return { def: 'val', type: { kind: 'resource' } };
    }
    case 0x40:
    case 0x43: {
      const params = r.vec(() => ({ name: r.string(), type: valType(r, scope) }));
      const tag = r.u8();
      let result: ValType | undefined;
      if (tag === 0x00) result = valType(r, scope);
      else if (tag === 0x01) {
        if (r.u32() !== 0) r.fail('named results are not supported');
      } else r.fail('bad function result');
      return { def: 'func', type: { params, ...(result ? { result } : {}), async: op === 0x43 } };
    }
    case 0x41:
    case 0x42: {
      const inner = new Scope(scope, false);
      r.vec(() => readDecl(r, inner, op === 0x41));
      return op === 0x41 ? { def: 'component', imports: inner.imports, exports: inner.exports } : { def: 'instance', exports: inner.exports };
    }
    default:
      return { def: 'val', type: readDefinedType(r, scope, op) };
  }
}

function readDecl(r: Reader, scope: Scope, component: boolean): void {
  const kind = r.u8();
  switch (kind) {
    case 0x00: return r.fail('core types inside component types are not supported');
    case 0x01: scope.types.push(readType(r, scope)); return;
    case 0x02: readAlias(r, scope); return;
    case 0x03:
      if (!component) r.fail('import declaration in an instance type');
      declare(r, scope, 'import');
      return;
    case 0x04: declare(r, scope, 'export'); return;
    default: r.fail(`unknown declaration 0x${kind.toString(16)}`);
  }
}

/** An import or export declaration (`externdesc`), in a component or a component/instance type. */
function declare(r: Reader, scope: Scope, direction: 'import' | 'export'): void {
  const { name, implements: implementsName } = readExternName(r);
  let item = externDesc(r, scope, name, direction === 'export' || scope.topLevel);
  if (item.sort === 'instance' && implementsName !== undefined) item = { ...item, implements: implementsName };
  if (item.sort === 'instance' && direction === 'import') scope.instanceNames[scope.instances.length] = name;
  push(scope, item);
  // A type this scope exports is its own name from here on, not the other instance's.
  if (item.sort === 'type' && !scope.topLevel) scope.typeVia[scope.types.length - 1] = undefined;
  (direction === 'import' ? scope.imports : scope.exports).set(name, item);
}

function externDesc(r: Reader, scope: Scope, name: string, names: boolean): Item {
  const sort = readSort(r);
  switch (sort) {
    case 'core': r.u32(); return { sort: 'module' };
    case 'func': {
      const def = scope.types[r.u32()];
      if (!def || def.def !== 'func') return r.fail(`\`${name}\` is not given a function type`);
      return { sort: 'func', type: def.type };
    }
    case 'value': {
      if (r.u8() === 0x00) r.u32();
      else valType(r, scope);
      return { sort: 'value' };
    }
    case 'type': {
      const bound = r.u8();
      if (bound === 0x01) return { sort: 'type', type: { def: 'val', type: names ? { kind: 'resource', name } : { kind: 'resource' } } };
      const bound_ = r.u32();
      const def = scope.types[bound_] ?? r.fail(`type bound of \`${name}\` out of range`);
      const via = scope.typeVia[bound_];
      if (names && def.def === 'val' && def.type.name === undefined) def.type.name = name;
      // `(eq i)` of a type that has another name already: `type field-name = field-key`.
      else if (names && def.def === 'val' && def.type.name !== name) return { sort: 'type', type: { def: 'val', type: { ...def.type, name, owner: undefined, aliasOf: def.type } as ValType }, via };
      return { sort: 'type', type: def, via };
    }
    case 'instance': {
      const def = scope.types[r.u32()];
      if (!def || def.def !== 'instance') return r.fail(`\`${name}\` is not given an instance type`);
      return { sort: 'instance', exports: def.exports };
    }
    case 'component': {
      const def = scope.types[r.u32()];
      if (!def || def.def !== 'component') return r.fail(`\`${name}\` is not given a component type`);
      return { sort: 'component', imports: def.imports, exports: def.exports };
    }
    default:
      return { sort };
  }
}

function readImport(r: Reader, scope: Scope): void {
  declare(r, scope, 'import');
}

function readExport(r: Reader, scope: Scope): void {
  const name = readName(r);
  const sort = readSort(r);
  let item = lookup(r, scope, sort, r.u32());
  const ascribed = r.u8();
  if (ascribed === 0x01) item = externDesc(r, scope, name, true);
  else if (ascribed !== 0x00) r.fail('bad export type ascription');
  if (item.sort === 'type' && item.type.def === 'val' && item.type.type.name === undefined) item.type.type.name = name;
  push(scope, item);
  scope.exports.set(name, item);
}

function readCanon(r: Reader, scope: Scope): void {
  const op = r.u8();
  const opts = () => r.vec(() => {
    const o = r.u8();
    if (o === 0x03 || o === 0x04 || o === 0x05 || o === 0x07 || o === 0x08) r.u32();
    else if (o > 0x09) r.fail(`unknown canonical option 0x${o.toString(16)}`);
  });
  switch (op) {
    case 0x00: {
      r.u8();
      r.u32();
      opts();
      const def = scope.types[r.u32()];
      if (!def || def.def !== 'func') r.fail('lifted function without a function type');
      scope.funcs.push({ sort: 'func', type: def.type });
      return;
    }
    case 0x01: r.u8(); r.u32(); opts(); return;
    // Everything else defines a core function; only their immediates need skipping.
    case 0x02: case 0x03: case 0x04: case 0x0e: case 0x13: case 0x14: case 0x15: case 0x1a: case 0x1b: case 0x40:
      r.u32(); return;
    case 0x05: case 0x0d: case 0x1e: case 0x1f: case 0x22: case 0x23: case 0x24: case 0x25: case 0x26: case 0x28: case 0x42:
    case 0x08: return;
    case 0x06: r.u8(); return;
    case 0x09: {
      const tag = r.u8();
      if (tag === 0x00) valType(r, scope);
      else r.u32();
      opts();
      return;
    }
    case 0x0a: case 0x0b: r.u8(); r.u32(); return;
    case 0x0f: case 0x10: case 0x16: case 0x17: r.u32(); opts(); return;
    case 0x11: case 0x12: case 0x18: case 0x19: r.u32(); r.u8(); return;
    case 0x1c: case 0x1d: opts(); return;
    case 0x20: case 0x21: r.u8(); r.u32(); return;
    case 0x0c: case 0x29: case 0x2a: case 0x2b: case 0x2c: case 0x2d: r.u8(); return;
    case 0x27: case 0x41: r.u32(); r.u32(); return;
    default: r.fail(`unknown canonical function 0x${op.toString(16)}`);
  }
}

function externs(items: Map<string, Item>): ExternItem[] {
  const out: ExternItem[] = [];
  for (const [name, item] of items) {
    if (item.sort === 'func') out.push({ kind: 'function', name, func: item.type });
    else if (item.sort === 'type' && item.type.def === 'val') out.push({ kind: 'type', name, type: item.type.type });
    else if (item.sort === 'instance') out.push(interfaceOf(name, item.exports, item.implements));
  }
  return out;
}

function interfaceOf(name: string, exports: Map<string, Item>, implementsName?: string): InterfaceItem {
  const functions: FuncItem[] = [];
  const types: InterfaceItem['types'] = [];
  for (const [n, item] of exports) {
    if (item.sort === 'func') functions.push({ name: n, type: item.type });
    else if (item.sort === 'type' && item.type.def === 'val') types.push({ name: n, type: item.type.type, ...(item.via && item.via !== name ? { via: item.via } : {}) });
  }
  return { kind: 'interface', name, functions, types, ...(implementsName !== undefined ? { implements: implementsName } : {}) };
}

/** A named type belongs to the first interface (imports first, then exports) that names it. */
function assignOwners(sig: ComponentSignature): void {
  for (const item of [...sig.imports, ...sig.exports]) {
    if (item.kind !== 'interface') continue;
    for (const t of item.types) if (t.type.owner === undefined && t.type.name === t.name) t.type.owner = item.implements ?? item.name;
  }
}
