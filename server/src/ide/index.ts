// The semantic index of one analysed root: every definition and every resolved reference, by
// file and offset. Navigation features (definition, references, rename, hover, highlight,
// semantic tokens) are lookups in it. Pure: built from a RootAnalysis.
import type { RootAnalysis } from '../semantic/analyze.js';
import type { Function, InterfaceId, Loc, PackageId, Resolve, TypeDef, TypeId, WorldId } from '../semantic/model.js';
import { packageNameKey } from '../semantic/model.js';

export type SymbolRef =
  | { kind: 'type'; id: TypeId }
  | { kind: 'interface'; id: InterfaceId }
  | { kind: 'world'; id: WorldId }
  | { kind: 'package'; id: PackageId }
  | { kind: 'function'; owner: { kind: 'interface' | 'world'; id: number }; name: string };

export interface Occurrence {
  start: number;
  end: number;
  symbol: SymbolRef;
  definition: boolean;
}

export function symbolKey(s: SymbolRef): string {
  return s.kind === 'function' ? `function:${s.owner.kind}:${s.owner.id}:${s.name}` : `${s.kind}:${s.id}`;
}

export class SemanticIndex {
  /** Occurrences per file, sorted by start. */
  readonly byFile = new Map<string, Occurrence[]>();
  /** Every occurrence in the order added; by symbol only when references or a rename first ask. */
  private readonly added: { file: string; occ: Occurrence }[] = [];
  private byKey?: Map<string, { file: string; occ: Occurrence }[]>;

  constructor(readonly analysis: RootAnalysis) {}

  get resolve(): Resolve | undefined {
    return this.analysis.resolve;
  }

  add(file: string, occ: Occurrence): void {
    let list = this.byFile.get(file);
    if (!list) this.byFile.set(file, (list = []));
    list.push(occ);
    this.added.push({ file, occ });
  }

  finish(): void {
    for (const list of this.byFile.values()) list.sort((a, b) => a.start - b.start || Number(b.definition) - Number(a.definition));
  }

  /** The occurrence covering `offset` (a cursor right after a name still counts). */
  at(file: string, offset: number): Occurrence | undefined {
    const list = this.byFile.get(file);
    if (!list) return undefined;
    let lo = 0;
    let hi = list.length - 1;
    let found: Occurrence | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const o = list[mid];
      if (o.start > offset) hi = mid - 1;
      else if (o.end < offset) lo = mid + 1;
      else { found = o; if (o.start === offset || o.end === offset) break; hi = mid - 1; }
    }
    return found;
  }

  /**
   * The symbol a name stands for: a `use`d name without `as` is the very type it imports (so
   * renaming and references follow it into the interfaces that use it).
   */
  canonical(s: SymbolRef): SymbolRef {
    return s.kind === 'type' && this.resolve ? { kind: 'type', id: this.canonicalType(s.id) } : s;
  }

  /** `canonical` of a type, by id. */
  private canonicalType(id: TypeId): TypeId {
    const r = this.resolve;
    if (!r) return id;
    for (let guard = 0; guard < 1000; guard++) {
      const t = r.types[id];
      if (!t?.fromUse || t.kind.kind !== 'type' || typeof t.kind.type === 'string') break;
      const target = r.types[t.kind.type.id];
      if (!target || target.name !== t.name) break;
      id = t.kind.type.id;
    }
    return id;
  }

  /** Every occurrence of the symbol (and of `use`d names standing for it). */
  occurrences(s: SymbolRef): { file: string; occ: Occurrence }[] {
    if (!this.byKey) {
      // After each keystroke the index is built again for what the editor asks first (semantic
      // tokens, hover); keying every occurrence by its symbol was more than half of that (the
      // 1 MB file: 36 ms, now 15).
      const byKey = new Map<string, { file: string; occ: Occurrence }[]>();
      for (const a of this.added) {
        const key = symbolKey(this.canonical(a.occ.symbol));
        let refs = byKey.get(key);
        if (!refs) byKey.set(key, (refs = []));
        refs.push(a);
      }
      this.byKey = byKey;
    }
    return this.byKey.get(symbolKey(this.canonical(s))) ?? [];
  }

  /**
   * The occurrences of the symbol in one file, in order: what `occurrences` holds for the file,
   * found without keying every occurrence in the root (highlights, asked at every move of the
   * cursor, are often the first request after a keystroke).
   */
  occurrencesIn(file: string, s: SymbolRef): Occurrence[] {
    const target = this.canonical(s);
    const out: Occurrence[] = [];
    for (const o of this.byFile.get(file) ?? []) {
      const c = o.symbol;
      if (c.kind !== target.kind) continue;
      if (c.kind === 'function') {
        const t = target as typeof c;
        if (c.name === t.name && c.owner.kind === t.owner.kind && c.owner.id === t.owner.id) out.push(o);
      } else if ((c.kind === 'type' ? this.canonicalType(c.id) : c.id) === (target as { id: number }).id) out.push(o);
    }
    return out;
  }

  /** Where the symbol is defined; a `use`d name leads to what it imports. */
  definition(s: SymbolRef, followUse = true): Loc | undefined {
    const r = this.resolve;
    if (!r) return undefined;
    switch (s.kind) {
      case 'type': {
        let t: TypeDef | undefined = r.types[s.id];
        for (let guard = 0; followUse && t?.fromUse && guard < 1000; guard++) {
          if (t.kind.kind !== 'type' || typeof t.kind.type === 'string') break;
          t = r.types[t.kind.type.id];
        }
        return t?.loc;
      }
      case 'interface': return r.interfaces[s.id]?.loc;
      case 'world': return r.worlds[s.id]?.loc;
      case 'package': return r.packages[s.id]?.loc;
      case 'function': return this.func(s)?.loc;
    }
  }

  func(s: Extract<SymbolRef, { kind: 'function' }>): Function | undefined {
    const r = this.resolve;
    if (!r) return undefined;
    if (s.owner.kind === 'interface') return r.interfaces[s.owner.id]?.functions.get(s.name);
    const w = r.worlds[s.owner.id];
    if (!w) return undefined;
    for (const m of [w.imports, w.exports]) {
      for (const { item } of m.values()) if (item.kind === 'function' && item.func.name === s.name) return item.func;
    }
    return undefined;
  }
}

/** Builds the index: definitions from the resolved model, references from the resolver. */
export function buildIndex(analysis: RootAnalysis): SemanticIndex {
  const index = new SemanticIndex(analysis);
  const r = analysis.resolve;
  if (!r) return index;
  const def = (loc: Loc | undefined, symbol: SymbolRef) => {
    if (loc && analysis.texts.has(loc.file)) index.add(loc.file, { start: loc.start, end: loc.end, symbol, definition: true });
  };
  r.packages.forEach((p, id) => def(p.loc, { kind: 'package', id }));
  r.interfaces.forEach((iface, id) => {
    if (iface.name !== null || iface.loc) def(iface.loc, { kind: 'interface', id });
    for (const f of iface.functions.values()) def(f.loc, { kind: 'function', owner: { kind: 'interface', id }, name: f.name });
  });
  r.worlds.forEach((w, id) => {
    def(w.loc, { kind: 'world', id });
    for (const m of [w.imports, w.exports]) {
      for (const { item } of m.values()) {
        if (item.kind === 'function' && item.func.loc) def(item.func.loc, { kind: 'function', owner: { kind: 'world', id }, name: item.func.name });
      }
    }
  });
  r.types.forEach((t, id) => {
    // Named types from source; a world's copies of included types have no place of their own.
    if (t.name !== null && t.loc) def(t.loc, { kind: 'type', id });
  });

  const packageByKey = new Map<string, PackageId>();
  r.packages.forEach((p, id) => packageByKey.set(packageNameKey(p.name), id));
  for (const [pkgId, unresolved] of analysis.sources ?? []) {
    const ids = analysis.idMaps?.get(pkgId);
    if (!ids) continue;
    for (const ref of unresolved.references) {
      let symbol: SymbolRef | undefined;
      const t = ref.target;
      if (t.kind === 'package') {
        const id = packageByKey.get(t.key);
        if (id !== undefined) symbol = { kind: 'package', id };
      } else if (t.kind === 'type') {
        const id = ids.types[t.id];
        if (id !== undefined && !r.types[id]?.isError) symbol = { kind: 'type', id };
      } else if (t.kind === 'interface') {
        const id = ids.interfaces[t.id];
        if (id !== undefined) symbol = { kind: 'interface', id };
      } else {
        const id = ids.worlds[t.id];
        if (id !== undefined) symbol = { kind: 'world', id };
      }
      if (symbol && analysis.texts.has(ref.loc.file)) index.add(ref.loc.file, { start: ref.loc.start, end: ref.loc.end, symbol, definition: false });
    }
  }
  index.finish();
  return index;
}
