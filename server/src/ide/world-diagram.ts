// The data of the world diagram: for the world under the cursor (or the first of the file),
// its imports and exports, each interface with its functions and types, each with the place that
// defines it. The VS Code webview draws it; the data is plain JSON so any client could.
import type * as A from '../syntax/index.js';
import type { Function, InterfaceId, Loc, Resolve, WorldId, WorldItem, WorldKey } from '../semantic/model.js';
import { formatPackageName } from '../semantic/model.js';
import type { SemanticIndex } from './index.js';
import { funcSignature, qualifiedInterface, shortFuncName, typeDefText } from './render.js';

export interface DiagramFunction { name: string; signature: string; loc?: Loc; docs?: string }
export interface DiagramType { name: string; definition: string; loc?: Loc }

export interface DiagramItem {
  /** `interface` (possibly from another package), a freestanding `function`, or a `type`. */
  kind: 'interface' | 'function' | 'type';
  name: string;
  /** The package the interface comes from, for interfaces of other packages. */
  origin?: string;
  /** Pulled in by world elaboration (a dependency of another item), not written in the world. */
  implied: boolean;
  functions: DiagramFunction[];
  types: DiagramType[];
  docs?: string;
  loc?: Loc;
}

export interface WorldDiagram {
  world: string;
  package: string;
  docs?: string;
  loc?: Loc;
  imports: DiagramItem[];
  exports: DiagramItem[];
  /** The other worlds of the package, to switch to. */
  worlds: { name: string; loc?: Loc }[];
}

/** The world whose declaration contains `offset`, else the first world defined in the file. */
export function worldAt(r: Resolve, ast: A.WitFile | undefined, file: string, offset: number): WorldId | undefined {
  let best: WorldId | undefined;
  if (ast) {
    for (const item of ast.items) {
      if (item.kind !== 'world' || !item.name) continue;
      const id = r.worlds.findIndex((w) => w.loc?.file === file && w.loc.start === item.name!.span.start);
      if (id < 0) continue;
      if (item.span.start <= offset && offset <= item.span.end) return id;
      best ??= id;
    }
  }
  if (best !== undefined) return best;
  const any = r.worlds.findIndex((w) => w.loc?.file === file);
  return any >= 0 ? any : undefined;
}

function functionsOf(r: Resolve, fs: Iterable<Function>): DiagramFunction[] {
  return [...fs].map((f) => ({ name: f.name.startsWith('[') ? `${f.name.slice(f.name.indexOf(']') + 1).split('.')[0]}.${shortFuncName(f.name)}` : f.name, signature: funcSignature(r, f), loc: f.loc, docs: f.docs.contents }));
}

function interfaceItem(r: Resolve, key: WorldKey, id: InterfaceId, worldPackage: number | null, written: boolean): DiagramItem {
  const i = r.interfaces[id];
  const name = 'name' in key ? key.name : i.name ?? 'interface';
  const origin = i.package !== null && i.package !== worldPackage ? qualifiedInterface(r, id) : undefined;
  return {
    kind: 'interface',
    name,
    origin,
    implied: !written,
    functions: functionsOf(r, i.functions.values()),
    types: [...i.types].filter(([, t]) => !r.types[t]?.fromUse).map(([n, t]) => ({ name: n, definition: typeDefText(r, r.types[t], false), loc: r.types[t]?.loc })),
    docs: i.docs.contents,
    loc: i.loc,
  };
}

function items(r: Resolve, entries: Iterable<{ key: WorldKey; item: WorldItem }>, worldPackage: number | null, written: Set<string>, index: SemanticIndex): DiagramItem[] {
  const out: DiagramItem[] = [];
  const loose: DiagramItem = { kind: 'function', name: 'functions', implied: false, functions: [], types: [] };
  for (const { key, item } of entries) {
    if (item.kind === 'interface') {
      const k = 'name' in key ? `name:${key.name}` : `id:${key.interface}`;
      out.push(interfaceItem(r, key, item.id, worldPackage, written.has(k)));
    } else if (item.kind === 'function') {
      loose.functions.push(...functionsOf(r, [item.func]));
    } else {
      const t = r.types[item.id];
      if (t) loose.types.push({ name: t.name ?? '?', definition: typeDefText(r, t, false), loc: t.loc ?? index.definition({ kind: 'type', id: item.id }) });
    }
  }
  if (loose.functions.length || loose.types.length) out.push(loose);
  return out;
}

/** The diagram of a world. `written` is decided from the syntax: what the world itself names. */
export function worldDiagram(index: SemanticIndex, ast: A.WitFile | undefined, file: string, offset: number): WorldDiagram | undefined {
  const r = index.resolve;
  if (!r) return undefined;
  const id = worldAt(r, ast, file, offset);
  if (id === undefined) return undefined;
  const w = r.worlds[id];
  // What the world writes down: everything else in its imports came from elaboration or includes.
  const written = new Set<string>();
  const decl = ast?.items.find((i) => i.kind === 'world' && i.name?.span.start === w.loc?.start && w.loc?.file === file);
  for (const occ of index.byFile.get(file) ?? []) {
    if (!occ.definition && occ.symbol.kind === 'interface' && decl && occ.start >= decl.span.start && occ.end <= decl.span.end) written.add(`id:${occ.symbol.id}`);
  }
  for (const { key, item } of [...w.imports.values(), ...w.exports.values()]) if ('name' in key && item.kind === 'interface') written.add(`name:${key.name}`);
  const pkg = w.package !== null ? r.packages[w.package] : undefined;
  return {
    world: w.name,
    package: pkg ? formatPackageName(pkg.name) : '',
    docs: w.docs.contents,
    loc: w.loc,
    imports: items(r, w.imports.values(), w.package, written, index),
    exports: items(r, w.exports.values(), w.package, written, index),
    worlds: pkg ? [...pkg.worlds].map(([name, wid]) => ({ name, loc: r.worlds[wid]?.loc })) : [],
  };
}
