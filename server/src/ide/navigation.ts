// Go to definition, go to type definition, find references, document highlight.
import type { Loc, Type } from '../semantic/model.js';
import type { SemanticIndex } from './index.js';
import { expandAlias } from './render.js';

export interface Place {
  file: string;
  start: number;
  end: number;
}

export function findDefinition(index: SemanticIndex, file: string, offset: number): Place[] {
  const occ = index.at(file, offset);
  if (!occ) return [];
  const loc = index.definition(occ.symbol);
  return loc ? [loc] : [];
}

/** For a type: the named type its alias chain ends at; for a function: its result's type. */
export function findTypeDefinition(index: SemanticIndex, file: string, offset: number): Place[] {
  const occ = index.at(file, offset);
  const r = index.resolve;
  if (!occ || !r) return [];
  let t: Type | undefined;
  if (occ.symbol.kind === 'type') t = { id: occ.symbol.id };
  else if (occ.symbol.kind === 'function') t = index.func(occ.symbol)?.result;
  if (t === undefined) return [];
  const target = expandAlias(r, t);
  if (typeof target === 'string') return [];
  let d = r.types[target.id];
  // `own<r>`/`borrow<r>` lead to the resource.
  if (d && d.kind.kind === 'handle') d = r.types[d.kind.resource];
  const loc: Loc | undefined = d?.loc ?? index.definition({ kind: 'type', id: target.id });
  return loc ? [loc] : [];
}

/** Every place the symbol under the cursor is named (its definition included when asked). */
export function findReferences(index: SemanticIndex, file: string, offset: number, includeDeclaration: boolean): Place[] {
  const occ = index.at(file, offset);
  if (!occ) return [];
  const seen = new Set<string>();
  const out: Place[] = [];
  for (const { file: f, occ: o } of index.occurrences(occ.symbol)) {
    if (o.definition && !includeDeclaration) continue;
    const key = `${f}\0${o.start}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ file: f, start: o.start, end: o.end });
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.start - b.start));
}

export interface Highlight extends Place {
  write: boolean;
}

export function documentHighlights(index: SemanticIndex, file: string, offset: number): Highlight[] {
  const occ = index.at(file, offset);
  if (!occ) return [];
  const seen = new Set<number>();
  const out: Highlight[] = [];
  for (const o of index.occurrencesIn(file, occ.symbol)) {
    if (seen.has(o.start)) continue;
    seen.add(o.start);
    out.push({ file, start: o.start, end: o.end, write: o.definition });
  }
  return out.sort((a, b) => a.start - b.start);
}
