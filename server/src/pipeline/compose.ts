// Composition: several components wired into ONE component (what `wac compose` and `wac plug`
// write). The instances are instantiated inside it as the graph says, each export of the graph is
// an export of the result, and every import that no instance serves stays an import of the result
// (WASI, mostly), declared once for all the instances that need it.
//
// The result is written in two parts. The imports' types come from the components' own
// signatures (binary.ts), printed as component-model text and turned into binary by wasm-tools'
// own parser (jco-transpile ships it): that part has to get the type encoding right, and wasm-tools
// checks it. The rest — the nested components, byte for byte, and the instance, alias and export
// sections — is simple enough to encode here, and a 12 MB component is never turned into text.
import { PipelineError } from './errors.js';
import type { ComponentSignature, ExternItem, FuncType, InterfaceItem, ValType } from './types.js';
import { isPrimitive } from './types.js';

export interface CompositionComponent {
  /** For messages: `app.wasm`, `demo:calc`. */
  label: string;
  bytes: Uint8Array;
  signature: ComponentSignature;
}

/** What an instantiation argument is: another instance's export, or an import of the result. */
/** `import` with `export`: a function of an imported instance. */
export type ArgSource = { kind: 'export'; instance: number; name: string } | { kind: 'import'; name: string; export?: string };

export interface CompositionGraph {
  components: CompositionComponent[];
  /** In an order where every instance comes after those its arguments come from. */
  instances: { component: number; args: Map<string, ArgSource> }[];
  /**
   * Exports of the result, each an export of one instance (or the instance itself), under a name
   * — or, with `import`, one of the result's imports passed through (`instance` is then unused),
   * or with `import` and `export`, a function of an imported instance.
   */
  exports: { name: string; instance: number; export?: string; import?: string }[];
  /** Imports the result declares whether or not an instance needs them (a .wac's `import` statements). */
  imports?: ExternItem[];
}

// ---- binary pieces ----

function u32(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

const utf8 = new TextEncoder();

function str(s: string): number[] {
  const b = utf8.encode(s);
  return [...u32(b.length), ...b];
}

function section(id: number, payload: number[] | Uint8Array): Uint8Array {
  const size = u32(payload.length);
  const out = new Uint8Array(1 + size.length + payload.length);
  out[0] = id;
  out.set(size, 1);
  out.set(payload, 1 + size.length);
  return out;
}

const SORT = { func: 0x01, type: 0x03, component: 0x04, instance: 0x05 } as const;
const SECTION = { component: 4, instance: 5, alias: 6, export: 11 } as const;

function vec(items: number[][]): number[] {
  return [...u32(items.length), ...items.flat()];
}

// ---- the imports, as component-model text ----

const key = (owner: string | undefined, name: string) => `${owner ?? ''}#${name}`;

/** An import of the result: the union of what every instance that needs it asks for. */
type OuterImport =
  | { kind: 'interface'; name: string; item: InterfaceItem }
  | { kind: 'function'; name: string; func: FuncType }
  /** A world's own type (`enum algorithm` in a world, or `use iface.{t}` there). */
  | { kind: 'type'; name: string; type: ValType };

function mergeInterfaces(a: InterfaceItem, b: InterfaceItem): InterfaceItem {
  const types = [...a.types];
  for (const t of b.types) if (!types.some((x) => x.name === t.name)) types.push(t);
  const functions = [...a.functions];
  for (const f of b.functions) if (!functions.some((x) => x.name === f.name)) functions.push(f);
  return { kind: 'interface', name: a.name, types, functions };
}

/** Interfaces whose types `item` uses come first. */
function orderImports(imports: OuterImport[]): OuterImport[] {
  const byName = new Map(imports.map((i) => [i.name, i]));
  const out: OuterImport[] = [];
  const done = new Set<string>();
  const visiting = new Set<string>();
  const visit = (i: OuterImport) => {
    if (done.has(i.name) || visiting.has(i.name)) return;
    visiting.add(i.name);
    if (i.kind === 'interface') {
      for (const t of i.item.types) {
        const owner = t.type.owner;
        const dep = owner !== undefined && owner !== i.name ? byName.get(owner) : undefined;
        if (dep) visit(dep);
      }
    }
    visiting.delete(i.name);
    done.add(i.name);
    out.push(i);
  };
  for (const i of imports) visit(i);
  return out;
}

const watString = (s: string) => JSON.stringify(s);

class ImportsWriter {
  readonly lines: string[] = [];
  /** Root-level identifiers of the types the imports export, by owner and name. */
  private readonly rootTypes = new Map<string, string>();
  private next = 0;
  typeCount = 0;
  instanceCount = 0;
  funcCount = 0;
  /** Import name → its index in the instance (or function) index space. */
  readonly indexOf = new Map<string, number>();

  /** The root-level identifier of a named type an earlier import declared. */
  private readonly rootType = (x: ValType): string | undefined => (x.name !== undefined ? this.rootTypes.get(key(x.owner, x.name)) : undefined);

  private id(prefix: string): string {
    return `$${prefix}${this.next++}`;
  }

  addInterface(item: InterfaceItem): void {
    const scope = new Map<string, string>();
    const decls: string[] = [];
    const ref = (t: ValType): string => valTypeText(t, (x) => (x.name !== undefined ? scope.get(key(x.owner, x.name)) : undefined), ref, (x) => {
      if (x.kind === 'resource') throw new PipelineError('compose-failed', `cannot declare the import ${item.name}: resource \`${x.name ?? '?'}\` is used before it is defined`);
      // A named structure that the interface does not list: define it where it is used.
      const d = this.id('t');
      decls.push(`(type ${d} ${definition(x)})`);
      return d;
    });
    const definition = (t: ValType): string => definitionText(t, ref);
    for (const { name, type } of item.types) {
      const e = this.id('e');
      const foreign = type.owner !== undefined && type.owner !== item.name ? this.rootTypes.get(key(type.owner, type.name ?? name)) : undefined;
      if (foreign) {
        const a = this.id('a');
        decls.push(`(alias outer $root ${foreign} (type ${a}))`, `(export ${watString(name)} (type ${e} (eq ${a})))`);
      } else if (type.aliasOf) {
        decls.push(`(export ${watString(name)} (type ${e} (eq ${ref(type.aliasOf)})))`);
      } else if (type.kind === 'resource') {
        decls.push(`(export ${watString(name)} (type ${e} (sub resource)))`);
      } else {
        const d = this.id('d');
        decls.push(`(type ${d} ${definition(type)})`, `(export ${watString(name)} (type ${e} (eq ${d})))`);
      }
      scope.set(key(item.name, name), e);
      if (type.name !== undefined) scope.set(key(type.owner, type.name), e);
    }
    for (const f of item.functions) {
      const t = this.id('f');
      decls.push(`(type ${t} ${funcText(f.type, ref)})`, `(export ${watString(f.name)} (func (type ${t})))`);
    }
    const instanceType = this.id('it');
    const instance = this.id('i');
    this.lines.push(`(type ${instanceType} (instance ${decls.join(' ')}))`, `(import ${watString(item.name)} (instance ${instance} (type ${instanceType})))`);
    this.typeCount++;
    this.indexOf.set(item.name, this.instanceCount++);
    // Every type the instance exports, at the root, for the imports after it that use them.
    for (const { name, type } of item.types) {
      const r = this.id('r');
      this.lines.push(`(alias export ${instance} ${watString(name)} (type ${r}))`);
      this.typeCount++;
      if (!this.rootTypes.has(key(item.name, name))) this.rootTypes.set(key(item.name, name), r);
      if (type.name !== undefined && !this.rootTypes.has(key(type.owner, type.name))) this.rootTypes.set(key(type.owner, type.name), r);
    }
  }

  /**
   * A world's type import: `(import "t" (type (eq …)))` of the type the imported interface it
   * comes from exports (a `use`), or of its definition written here; a resource is `(sub resource)`.
   */
  addType(name: string, type: ValType): void {
    const ref = (v: ValType): string => valTypeText(v, this.rootType, ref, (x) => {
      const d = this.id('d');
      this.lines.push(`(type ${d} ${definitionText(x, ref)})`);
      this.typeCount++;
      return d;
    });
    const e = this.id('e');
    let bound: string;
    const used = type.owner !== undefined ? this.rootTypes.get(key(type.owner, type.name ?? name)) : undefined;
    if (used) bound = `(eq ${used})`;
    else if (type.kind === 'resource') bound = '(sub resource)';
    else if (type.aliasOf) bound = `(eq ${ref(type.aliasOf)})`;
    else {
      const d = this.id('d');
      this.lines.push(`(type ${d} ${definitionText(type, ref)})`);
      this.typeCount++;
      bound = `(eq ${d})`;
    }
    this.lines.push(`(import ${watString(name)} (type ${e} ${bound}))`);
    this.indexOf.set(name, this.typeCount++);
    this.rootTypes.set(key(undefined, name), e);
    if (type.name !== undefined && !this.rootTypes.has(key(type.owner, type.name))) this.rootTypes.set(key(type.owner, type.name), e);
  }

  addFunction(name: string, func: FuncType): void {
    const t = this.id('f');
    const ref = (v: ValType): string => valTypeText(v, this.rootType, ref, (x) => {
      throw new PipelineError('compose-failed', `cannot declare the imported function \`${name}\`: its type \`${x.name ?? x.kind}\` is not imported`);
    });
    this.lines.push(`(type ${t} ${funcText(func, ref)})`, `(import ${watString(name)} (func (type ${t})))`);
    this.typeCount++;
    this.indexOf.set(name, this.funcCount++);
  }
}

/** A named type's definition: `(record …)`, `(enum …)`; any other structure as where it is used. */
function definitionText(t: ValType, ref: (t: ValType) => string): string {
  switch (t.kind) {
    case 'record': return `(record ${t.fields.map((f) => `(field ${watString(f.name)} ${ref(f.type)})`).join(' ')})`;
    case 'variant': return `(variant ${t.cases.map((c) => `(case ${watString(c.name)}${c.type ? ` ${ref(c.type)}` : ''})`).join(' ')})`;
    case 'enum': return `(enum ${t.cases.map(watString).join(' ')})`;
    case 'flags': return `(flags ${t.flags.map(watString).join(' ')})`;
    default: return ref({ ...t, name: undefined } as ValType);
  }
}

/**
 * A value type where it is used: its identifier when `named` knows it, a primitive's keyword, an
 * anonymous structure written out (its parts through `ref`), else whatever `other` makes of it.
 */
function valTypeText(t: ValType, named: (t: ValType) => string | undefined, ref: (t: ValType) => string, other: (t: ValType) => string): string {
  const id = named(t);
  if (id) return id;
  if (isPrimitive(t)) return t.kind;
  switch (t.kind) {
    case 'list': return `(list ${ref(t.element)})`;
    case 'fixed-list': return `(list ${ref(t.element)} ${t.size})`;
    case 'option': return `(option ${ref(t.type)})`;
    case 'tuple': return `(tuple ${t.types.map(ref).join(' ')})`;
    case 'result': return `(result${t.ok ? ` ${ref(t.ok)}` : ''}${t.err ? ` (error ${ref(t.err)})` : ''})`;
    case 'own': case 'borrow': return `(${t.kind} ${ref(t.resource)})`;
    case 'future': case 'stream': return t.type ? `(${t.kind} ${ref(t.type)})` : `(${t.kind})`;
    default: return other(t);
  }
}

function funcText(f: FuncType, ref: (t: ValType) => string): string {
  const params = f.params.map((p) => ` (param ${watString(p.name)} ${ref(p.type)})`).join('');
  return `(func${f.async ? ' async' : ''}${params}${f.result ? ` (result ${ref(f.result)})` : ''})`;
}

/** Named types a function's signature reaches (which an exported function must have exported). */
function namedTypes(f: FuncType): ValType[] {
  const out: ValType[] = [];
  const seen = new Set<ValType>();
  const walk = (t: ValType) => {
    if (seen.has(t)) return;
    seen.add(t);
    switch (t.kind) {
      case 'list': case 'fixed-list': walk(t.element); break;
      case 'option': walk(t.type); break;
      case 'tuple': t.types.forEach(walk); break;
      case 'result': if (t.ok) walk(t.ok); if (t.err) walk(t.err); break;
      case 'own': case 'borrow': walk(t.resource); break;
      case 'record': t.fields.forEach((f) => walk(f.type)); break;
      case 'variant': t.cases.forEach((c) => c.type && walk(c.type)); break;
      case 'future': case 'stream': if (t.type) walk(t.type); break;
      default: break;
    }
    if (t.name !== undefined && !isPrimitive(t)) out.push(t);
  };
  f.params.forEach((p) => walk(p.type));
  if (f.result) walk(f.result);
  return out;
}

/** wasm-tools' text parser, from jco-transpile (loaded only when composing). */
async function parseWat(text: string): Promise<Uint8Array> {
  const tools = (await import('@bytecodealliance/jco-transpile/wasm-tools')) as { parse(wat: string): Promise<Uint8Array> };
  try {
    return await tools.parse(text);
  } catch (e) {
    const err = e as { message?: string; payload?: { val?: unknown } };
    throw new PipelineError('compose-failed', `could not declare the composition's imports: ${String(err.payload?.val ?? err.message ?? e).split('\n')[0]}`);
  }
}

/** Writes the composed component. */
export async function encodeComposition(graph: CompositionGraph): Promise<Uint8Array> {
  // The result's imports: every `import` argument, merged over the instances that need it.
  const imports = new Map<string, OuterImport>();
  for (const item of graph.imports ?? []) {
    if (item.kind === 'interface') imports.set(item.name, { kind: 'interface', name: item.name, item });
    else if (item.kind === 'function') imports.set(item.name, { kind: 'function', name: item.name, func: item.func });
    else imports.set(item.name, { kind: 'type', name: item.name, type: item.type });
  }
  for (const inst of graph.instances) {
    const sig = graph.components[inst.component].signature;
    for (const [argName, src] of inst.args) {
      if (src.kind !== 'import' || src.export !== undefined) continue;
      const item: ExternItem | undefined = sig.imports.find((i) => i.name === argName);
      if (!item) throw new PipelineError('compose-failed', `${graph.components[inst.component].label} has no import named \`${argName}\``);
      const prev = imports.get(src.name);
      if (item.kind === 'type') {
        if (!prev) imports.set(src.name, { kind: 'type', name: src.name, type: item.type });
        continue;
      }
      if (item.kind === 'interface') {
        imports.set(src.name, prev && prev.kind === 'interface' ? { ...prev, item: mergeInterfaces(prev.item, item) } : { kind: 'interface', name: src.name, item: { ...item, name: src.name } });
      } else if (!prev) imports.set(src.name, { kind: 'function', name: src.name, func: item.func });
    }
  }
  const writer = new ImportsWriter();
  // Interfaces (those whose types others use first), then the world's types, then functions.
  const all = [...imports.values()];
  for (const imp of orderImports(all.filter((i) => i.kind === 'interface'))) if (imp.kind === 'interface') writer.addInterface(imp.item);
  for (const imp of all) if (imp.kind === 'type') writer.addType(imp.name, imp.type);
  for (const imp of all) if (imp.kind === 'function') writer.addFunction(imp.name, imp.func);
  const preamble = await parseWat(`(component $root\n${writer.lines.join('\n')}\n)`);
  const parts: Uint8Array[] = [preamble];

  // The components, byte for byte (only those instantiated), in the order first used.
  const componentIndex = new Map<number, number>();
  for (const inst of graph.instances) {
    if (componentIndex.has(inst.component)) continue;
    componentIndex.set(inst.component, componentIndex.size);
    parts.push(section(SECTION.component, graph.components[inst.component].bytes));
  }

  let instances = writer.instanceCount;
  let funcs = writer.funcCount;
  let types = writer.typeCount;
  const instanceIndex: number[] = [];
  const aliasExport = (sort: keyof typeof SORT, instance: number, name: string): number => {
    parts.push(section(SECTION.alias, vec([[SORT[sort], 0x00, ...u32(instance), ...str(name)]])));
    if (sort === 'instance') return instances++;
    if (sort === 'func') return funcs++;
    return types++;
  };
  const exportedItem = (instance: number, name: string): ExternItem => {
    const inst = graph.instances[instance];
    const c = graph.components[inst.component];
    const item = c.signature.exports.find((e) => e.name === name);
    if (!item) throw new PipelineError('compose-failed', `${c.label} has no export named \`${name}\``);
    return item;
  };
  graph.instances.forEach((inst, i) => {
    const args: number[][] = [];
    for (const [argName, src] of inst.args) {
      if (src.kind === 'import' && src.export !== undefined) {
        const imp = imports.get(src.name);
        if (imp?.kind !== 'interface') throw new PipelineError('compose-failed', `no imported instance \`${src.name}\` to take \`${src.export}\` from`);
        args.push([...str(argName), SORT.func, ...u32(aliasExport('func', writer.indexOf.get(src.name)!, src.export))]);
        continue;
      }
      if (src.kind === 'import') {
        const imp = imports.get(src.name)!;
        const sort = imp.kind === 'interface' ? SORT.instance : imp.kind === 'type' ? SORT.type : SORT.func;
        args.push([...str(argName), sort, ...u32(writer.indexOf.get(src.name)!)]);
        continue;
      }
      if (src.instance >= i) throw new PipelineError('compose-failed', `instance ${i} uses instance ${src.instance}, which comes after it`);
      const item = exportedItem(src.instance, src.name);
      if (item.kind === 'type') throw new PipelineError('compose-failed', `the type export \`${src.name}\` cannot be passed as an argument yet`);
      const sort = item.kind === 'interface' ? 'instance' : 'func';
      const idx = aliasExport(sort, instanceIndex[src.instance], src.name);
      args.push([...str(argName), SORT[sort], ...u32(idx)]);
    }
    parts.push(section(SECTION.instance, vec([[0x00, ...u32(componentIndex.get(inst.component)!), ...vec(args)]])));
    instanceIndex.push(instances++);
  });

  const exported = new Set<string>();
  const exportSection = (name: string, sort: keyof typeof SORT, idx: number) => {
    parts.push(section(SECTION.export, vec([[0x00, ...str(name), SORT[sort], ...u32(idx), 0x00]])));
    if (sort === 'type') types++;
    if (sort === 'func') funcs++;
    if (sort === 'instance') instances++;
    exported.add(name);
  };
  for (const e of graph.exports) {
    if (e.import !== undefined) {
      const imp = imports.get(e.import);
      if (!imp) throw new PipelineError('compose-failed', `no import named \`${e.import}\` to export`);
      if (exported.has(e.name)) throw new PipelineError('compose-failed', `duplicate export \`${e.name}\``);
      if (e.export !== undefined) {
        exportSection(e.name, 'func', aliasExport('func', writer.indexOf.get(e.import)!, e.export));
        continue;
      }
      exportSection(e.name, imp.kind === 'interface' ? 'instance' : imp.kind === 'type' ? 'type' : 'func', writer.indexOf.get(e.import)!);
      continue;
    }
    if (e.export === undefined) {
      if (exported.has(e.name)) throw new PipelineError('compose-failed', `duplicate export \`${e.name}\``);
      exportSection(e.name, 'instance', instanceIndex[e.instance]);
      continue;
    }
    const item = exportedItem(e.instance, e.export);
    if (exported.has(e.name)) {
      if (item.kind === 'type') continue; // exported with a function that uses it
      throw new PipelineError('compose-failed', `duplicate export \`${e.name}\``);
    }
    const from = instanceIndex[e.instance];
    if (item.kind === 'interface') exportSection(e.name, 'instance', aliasExport('instance', from, e.export));
    else if (item.kind === 'type') exportSection(e.name, 'type', aliasExport('type', from, e.export));
    else {
      // An exported function's named types are exported first, as wit-component does.
      for (const t of namedTypes(item.func)) {
        if (t.owner !== undefined || exported.has(t.name!)) continue;
        const exportedType = graph.components[graph.instances[e.instance].component].signature.exports.find((x) => x.kind === 'type' && x.name === t.name);
        if (exportedType) exportSection(t.name!, 'type', aliasExport('type', from, t.name!));
      }
      exportSection(e.name, 'func', aliasExport('func', from, e.export));
    }
  }

  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
