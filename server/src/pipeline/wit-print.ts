// Prints a component's signature (binary.ts) as WIT: the root world, then every interface it
// imports or exports inside its package (`package wasi:io@0.2.12 { interface streams { … } }`).
// The text is valid WIT that the analyzer resolves, which is how tests check the decoder.
import { formatType, witIdent, type ComponentSignature, type ExternItem, type FuncItem, type FuncType, type InterfaceItem, type ValType } from './types.js';

/** `wasi:io/streams@0.2.12` → package `wasi:io@0.2.12`, interface `streams`. */
export function splitInterfaceName(name: string): { pkg?: string; iface: string } {
  const m = /^([^:/@]+:[^/@]+)\/([^@]+)(@.+)?$/.exec(name);
  if (!m) return { iface: name };
  return { pkg: `${m[1]}${m[3] ?? ''}`, iface: m[2] };
}

export function printComponentWit(sig: ComponentSignature, worldName = 'root'): string {
  const lines: string[] = ['package root:component;', '', `world ${witIdent(worldName)} {`];
  const local: InterfaceItem[] = [];
  const world = (dir: 'import' | 'export', item: ExternItem) => {
    if (item.kind === 'function') lines.push(`  ${dir} ${witIdent(item.name)}: ${printFunc(item.func)};`);
    else if (item.kind === 'type') {
      const owner = item.type.owner;
      if (owner !== undefined && item.type.name !== undefined) {
        const alias = item.type.name === item.name ? witIdent(item.name) : `${witIdent(item.type.name)} as ${witIdent(item.name)}`;
        lines.push(`  use ${splitInterfaceName(owner).pkg ? owner : witIdent(owner)}.{${alias}};`);
      } else {
        lines.push(...typeLines(item.name, item.type, undefined).map((l) => `  ${l}`));
      }
    }
    else if (splitInterfaceName(item.name).pkg) lines.push(`  ${dir} ${item.name};`);
    else {
      // An interface defined inline in the world: `import foo: interface { … }`.
      lines.push(`  ${dir} ${witIdent(item.name)}: interface {`);
      lines.push(...interfaceBody(item).map((l) => `    ${l}`));
      lines.push('  }');
      local.push(item);
    }
  };
  for (const item of sig.imports) world('import', item);
  for (const item of sig.exports) world('export', item);
  lines.push('}');

  // Interfaces grouped by package, in first-seen order.
  const packages = new Map<string, InterfaceItem[]>();
  const seen = new Set<string>();
  for (const item of [...sig.imports, ...sig.exports]) {
    if (item.kind !== 'interface' || seen.has(item.name)) continue;
    const { pkg } = splitInterfaceName(item.name);
    if (!pkg) continue;
    seen.add(item.name);
    if (!packages.has(pkg)) packages.set(pkg, []);
    packages.get(pkg)!.push(item);
  }
  for (const [pkg, items] of packages) {
    lines.push('', `package ${pkg} {`);
    items.forEach((item, i) => {
      if (i > 0) lines.push('');
      lines.push(`  interface ${witIdent(splitInterfaceName(item.name).iface)} {`);
      lines.push(...interfaceBody(item).map((l) => `    ${l}`));
      lines.push('  }');
    });
    lines.push('}');
  }
  return lines.join('\n') + '\n';
}

/** `func(name: string) -> string`, `async func()`. */
export function printFunc(f: FuncType, skipSelf = false): string {
  const params = (skipSelf ? f.params.slice(1) : f.params).map((p) => `${witIdent(p.name)}: ${formatType(p.type)}`).join(', ');
  return `${f.async ? 'async ' : ''}func(${params})${f.result ? ` -> ${formatType(f.result)}` : ''}`;
}

function interfaceBody(item: InterfaceItem): string[] {
  const out: string[] = [];
  // `use` lines for names defined elsewhere, grouped by the interface that defines them.
  const uses = new Map<string, string[]>();
  for (const { name, type } of item.types) {
    if (type.owner !== undefined && type.owner !== item.name && type.name !== undefined) {
      const list = uses.get(type.owner) ?? [];
      list.push(type.name === name ? witIdent(name) : `${witIdent(type.name)} as ${witIdent(name)}`);
      uses.set(type.owner, list);
    }
  }
  const { pkg: ownPkg } = splitInterfaceName(item.name);
  for (const [owner, names] of uses) {
    const o = splitInterfaceName(owner);
    const path = o.pkg && o.pkg === ownPkg ? witIdent(o.iface) : owner;
    out.push(`use ${path}.{${names.join(', ')}};`);
  }
  const methods = resourceFunctions(item.functions);
  for (const { name, type } of item.types) {
    if (type.owner !== undefined && type.owner !== item.name) continue;
    out.push(...typeLines(name, type, methods.get(name)));
  }
  for (const f of item.functions) {
    if (/^\[(method|static|constructor)\]/.test(f.name)) continue;
    out.push(`${witIdent(f.name)}: ${printFunc(f.type)};`);
  }
  return out;
}

function resourceFunctions(functions: FuncItem[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  const add = (resource: string, line: string) => {
    const list = map.get(resource) ?? [];
    list.push(line);
    map.set(resource, list);
  };
  for (const f of functions) {
    let m: RegExpExecArray | null;
    if ((m = /^\[constructor\](.+)$/.exec(f.name))) {
      add(m[1], `constructor(${f.type.params.map((p) => `${witIdent(p.name)}: ${formatType(p.type)}`).join(', ')});`);
    } else if ((m = /^\[method\]([^.]+)\.(.+)$/.exec(f.name))) {
      add(m[1], `${witIdent(m[2])}: ${printFunc(f.type, true)};`);
    } else if ((m = /^\[static\]([^.]+)\.(.+)$/.exec(f.name))) {
      add(m[1], `${witIdent(m[2])}: static ${printFunc(f.type)};`);
    }
  }
  return map;
}

/** The definition of a type under `name`: `record point { … }`, `type sku = string;`. */
function typeLines(name: string, t: ValType, methods: string[] | undefined): string[] {
  const n = witIdent(name);
  if (t.name !== undefined && t.name !== name) return [`type ${n} = ${formatType(t)};`];
  if (t.aliasOf) return [`type ${n} = ${formatType(t.aliasOf)};`];
  const block = (kw: string, items: string[]) => (items.length === 0 ? [`${kw} ${n} {}`] : [`${kw} ${n} {`, ...items.map((i) => `  ${i},`), '}']);
  switch (t.kind) {
    case 'record': return block('record', t.fields.map((f) => `${witIdent(f.name)}: ${formatType(f.type)}`));
    case 'variant': return block('variant', t.cases.map((c) => (c.type ? `${witIdent(c.name)}(${formatType(c.type)})` : witIdent(c.name))));
    case 'enum': return block('enum', t.cases.map(witIdent));
    case 'flags': return block('flags', t.flags.map(witIdent));
    case 'resource':
      return methods && methods.length ? [`resource ${n} {`, ...methods.map((m) => `  ${m}`), '}'] : [`resource ${n};`];
    default: {
      // `type x = list<u8>`: print the structure, not the name being defined.
      const anonymous = { ...t, name: undefined, owner: undefined } as ValType;
      return [`type ${n} = ${formatType(anonymous)};`];
    }
  }
}
