// What the editor draws over the text: semantic tokens, document links, inlay hints, and
// signature help inside a function's parameter list.
import type * as A from '../syntax/index.js';
import { lexWitStretch } from '../syntax/index.js';
import type { SemanticIndex } from './index.js';
import { byStretches, type StretchCache } from './stretches.js';
import { deprecatedSince, expandAlias, typeText, witName } from './render.js';

export const tokenTypes = ['namespace', 'type', 'class', 'enum', 'interface', 'struct', 'parameter', 'property', 'enumMember', 'function', 'method', 'keyword', 'number', 'string', 'decorator', 'comment'] as const;
export const tokenModifiers = ['declaration', 'deprecated', 'defaultLibrary', 'documentation'] as const;
export type TokenType = (typeof tokenTypes)[number];
export type TokenModifier = (typeof tokenModifiers)[number];

export interface SemanticToken {
  start: number;
  end: number;
  type: TokenType;
  modifiers: TokenModifier[];
}

const builtinTypes = new Set(['bool', 'u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64', 'f32', 'f64', 'char', 'string', 'error-context', 'list', 'map', 'option', 'result', 'tuple', 'future', 'stream', 'own', 'borrow']);

/**
 * What semantic tokens keep between requests for one document: the tokens each stretch of the
 * text (a top-level item, or the text between two) makes without the index, relative to the
 * stretch, by its text. A keystroke changes one stretch; the others, moved or not, are found.
 */
export interface SemanticTokenCache {
  stretches: StretchCache<SemanticToken>;
}

/**
 * Semantic tokens of one file, sorted; `range` limits them to a span. With `cache`, each stretch
 * whose text was seen in the last request is not lexed or walked again (a full request keeps in
 * the cache what it used, and nothing else). `whole` lexes the file as one stretch, as this did
 * before it went by stretches; the tests compare the two.
 */
export function semanticTokens(index: SemanticIndex | undefined, file: string, text: string, ast: A.WitFile, range?: { start: number; end: number }, cache?: SemanticTokenCache, whole = false): SemanticToken[] {
  // For a range, only the top-level items around it are lexed and walked: an item's ends are
  // token boundaries, so the stretch between them lexes as it does within the whole text (a
  // range request in a 1 MB file lexed all of it, ~60-150 ms, for a screenful of tokens).
  let items: readonly A.TopItem[] = ast.items;
  let from = 0;
  let to = text.length;
  if (range) ({ items, from, to } = itemsAround(ast, text.length, range));
  const touches = (start: number, end: number) => !range || !(end < range.start || start > range.end);
  const lexical: SemanticToken[] = [];
  const add = (t: SemanticToken, base: number) => {
    if (touches(t.start + base, t.end + base)) lexical.push({ start: t.start + base, end: t.end + base, type: t.type, modifiers: t.modifiers });
  };
  if (whole) for (const t of lexicalTokens(text, from, to, items)) add(t, from);
  else {
    const used = byStretches(text, items, from, to, cache?.stretches, (start, end, within) => lexicalTokens(text, start, end, within), add);
    if (cache && !range) cache.stretches = used;
  }
  // What the index knows: every name's symbol. Where one starts where a lexical token does, the
  // name's token is the one (of two at one place, the later).
  const named: SemanticToken[] = [];
  const r = index?.resolve;
  for (const o of index?.byFile.get(file) ?? []) {
    if (!touches(o.start, o.end)) continue;
    const mods: TokenModifier[] = o.definition ? ['declaration'] : [];
    let type: TokenType;
    const s = o.symbol;
    if (s.kind === 'package') type = 'namespace';
    else if (s.kind === 'interface') type = 'interface';
    else if (s.kind === 'world') type = 'class';
    else if (s.kind === 'function') type = s.name.startsWith('[') ? 'method' : 'function';
    else {
      const c = index!.canonical(s);
      const d = c.kind === 'type' ? r?.types[c.id] : undefined;
      const k = d?.kind.kind;
      type = k === 'record' ? 'struct' : k === 'variant' || k === 'enum' || k === 'flags' ? 'enum' : k === 'resource' ? 'class' : 'type';
      if (d && deprecatedSince(d.stability)) mods.push('deprecated');
    }
    const t = { start: o.start, end: o.end, type, modifiers: mods };
    if (named.length && named[named.length - 1].start === t.start) named[named.length - 1] = t;
    else named.push(t);
  }
  // Both lists are sorted by start (the index sorts its occurrences) with one token per start.
  const out: SemanticToken[] = [];
  let i = 0;
  let j = 0;
  while (i < lexical.length || j < named.length) {
    if (j >= named.length || (i < lexical.length && lexical[i].start < named[j].start)) out.push(lexical[i++]);
    else {
      if (i < lexical.length && lexical[i].start === named[j].start) i++;
      out.push(named[j++]);
    }
  }
  return out;
}

/**
 * The tokens that the text from `start` to `end` (token boundaries) makes without the index, with
 * `items`, the top-level items in it: keywords, numbers, strings, doc comments, gates, and the
 * members the index does not track (fields, cases, parameters). Offsets relative to `start`,
 * sorted, one token per start (of two at one place, the later).
 */
function lexicalTokens(text: string, start: number, end: number, items: readonly A.TopItem[]): SemanticToken[] {
  const out = new Map<number, SemanticToken>();
  const put = (s: number, e: number, type: TokenType, modifiers: TokenModifier[] = []) => {
    out.set(s - start, { start: s - start, end: e - start, type, modifiers });
  };
  const lexed = lexWitStretch(text, start, end);
  for (const t of lexed.tokens) {
    if (t.kind === 'keyword') put(t.start, t.end, builtinTypes.has(t.text) ? 'type' : 'keyword', builtinTypes.has(t.text) ? ['defaultLibrary'] : []);
    else if (t.kind === 'integer') put(t.start, t.end, 'number');
    else if (t.kind === 'string') put(t.start, t.end, 'string');
  }
  for (const c of lexed.comments) if (c.doc) put(c.start, c.end, 'comment', ['documentation']);
  // Gates: `@since`, `@unstable`, …
  for (let i = 0; i + 1 < lexed.tokens.length; i++) {
    if (lexed.tokens[i].text === '@') put(lexed.tokens[i].start, lexed.tokens[i + 1].end, 'decorator');
  }
  // Members the index does not track: fields, cases, parameters.
  const members = (items: readonly A.InterfaceItem[]) => {
    for (const i of items) {
      if (i.kind === 'typedef') typeMembers(i.type);
      if (i.kind === 'func' && i.func) for (const p of i.func.params) put(p.name.span.start, p.name.span.end, 'parameter', ['declaration']);
    }
  };
  const typeMembers = (t: A.TypeExpr | undefined) => {
    if (!t) return;
    if (t.kind === 'record') for (const f of t.fields) put(f.name.span.start, f.name.span.end, 'property', ['declaration']);
    if (t.kind === 'variant' || t.kind === 'enum') for (const c of t.cases) put(c.name.span.start, c.name.span.end, 'enumMember', ['declaration']);
    if (t.kind === 'flags') for (const c of t.flags) put(c.name.span.start, c.name.span.end, 'enumMember', ['declaration']);
    if (t.kind === 'resource') {
      for (const f of t.funcs) {
        const params = f.kind === 'constructor' ? f.params : f.func?.params ?? [];
        for (const p of params) put(p.name.span.start, p.name.span.end, 'parameter', ['declaration']);
      }
    }
  };
  const top = (items: readonly A.TopItem[]) => {
    for (const item of items) {
      if (item.kind === 'interface') members(item.items);
      else if (item.kind === 'world') {
        for (const w of item.items) {
          if (w.kind === 'typedef') typeMembers(w.type);
          if ((w.kind === 'import' || w.kind === 'export') && w.extern?.kind === 'extern-interface') members(w.extern.items);
          if ((w.kind === 'import' || w.kind === 'export') && w.extern?.kind === 'extern-func') {
            put(w.extern.name.span.start, w.extern.name.span.end, 'function', ['declaration']);
            for (const p of w.extern.func?.params ?? []) put(p.name.span.start, p.name.span.end, 'parameter', ['declaration']);
          }
        }
      } else if (item.kind === 'nested-package') top(item.items);
    }
  };
  top(items);
  return [...out.values()].sort((a, b) => a.start - b.start);
}

/**
 * The top-level items that touch `range` (a token touching it counts, so do they), and the stretch
 * of the text from the end of the item before them to the start of the one after: its ends are
 * token boundaries, so it lexes as it does within the whole text.
 */
export function itemsAround(ast: A.WitFile, length: number, range: { start: number; end: number }): { items: readonly A.TopItem[]; from: number; to: number } {
  const items = ast.items;
  let first = 0;
  while (first < items.length && items[first].span.end < range.start) first++;
  let last = first;
  while (last < items.length && items[last].span.start <= range.end) last++;
  return { items: items.slice(first, last), from: first > 0 ? items[first - 1].span.end : 0, to: last < items.length ? items[last].span.start : length };
}

export interface DocumentLink {
  start: number;
  end: number;
  target: string;
  tooltip: string;
}

/** A foreign package named in a `use`/`import`/`include` links to the file that defines it. */
export function documentLinks(index: SemanticIndex, file: string): DocumentLink[] {
  const r = index.resolve;
  if (!r) return [];
  const out: DocumentLink[] = [];
  for (const o of index.byFile.get(file) ?? []) {
    if (o.definition || o.symbol.kind !== 'package') continue;
    const loc = r.packages[o.symbol.id]?.loc;
    if (loc && loc.file !== file) out.push({ start: o.start, end: o.end, target: loc.file, tooltip: `Open the package's WIT` });
  }
  return out;
}

export interface InlayHint {
  offset: number;
  label: string;
}

/** After `type a = b;`, what `b` stands for when it is itself a name. */
export function inlayHints(index: SemanticIndex, file: string, range: { start: number; end: number }): InlayHint[] {
  const r = index.resolve;
  if (!r) return [];
  const out: InlayHint[] = [];
  for (const o of index.byFile.get(file) ?? []) {
    if (!o.definition || o.symbol.kind !== 'type' || o.start < range.start || o.start > range.end) continue;
    const d = r.types[o.symbol.id];
    if (!d || d.kind.kind !== 'type' || typeof d.kind.type === 'string') continue;
    const direct = typeText(r, d.kind.type);
    const expanded = expandAlias(r, d.kind.type);
    const shown = typeof expanded === 'string' ? expanded : describeShape(index, expanded.id);
    if (shown && shown !== direct) {
      const end = d.fromUse ? o.end : findAliasEnd(index, file, o.end);
      out.push({ offset: end, label: ` = ${shown}` });
    }
  }
  return out;
}

function describeShape(index: SemanticIndex, id: number): string | undefined {
  const r = index.resolve!;
  const d = r.types[id];
  if (!d) return undefined;
  if (d.name === null) return typeText(r, { id });
  return `${d.kind.kind === 'type' ? 'type' : d.kind.kind} ${witName(d.name)}`;
}

/** The end of the aliased type expression: the next reference after the alias's name. */
function findAliasEnd(index: SemanticIndex, file: string, after: number): number {
  const list = index.byFile.get(file) ?? [];
  const next = list.find((o) => o.start > after && !o.definition);
  return next ? next.end : after;
}

export interface SignatureHelp {
  label: string;
  parameters: { start: number; end: number }[];
  active: number;
  documentation?: string;
}

/** Inside `func(…)` of a declaration: the function's signature and the parameter being written. */
export function signatureHelp(index: SemanticIndex | undefined, ast: A.WitFile, text: string, file: string, offset: number): SignatureHelp | undefined {
  let found: { name: string; func: { params: readonly A.Param[]; paramsSpan?: A.Span }; span: A.Span } | undefined;
  const consider = (name: string, func: { params: readonly A.Param[]; paramsSpan?: A.Span } | undefined, span: A.Span) => {
    const p = func?.paramsSpan;
    if (func && p && offset > p.start && offset <= p.end) found = { name, func, span };
  };
  const items = (list: readonly A.InterfaceItem[]) => {
    for (const i of list) {
      if (i.kind === 'func') consider(i.name.name, i.func, i.name.span);
      if (i.kind === 'typedef' && i.type?.kind === 'resource') {
        for (const f of i.type.funcs) consider(f.kind === 'constructor' ? 'constructor' : f.name.name, f.kind === 'constructor' ? f : f.func, f.span);
      }
    }
  };
  for (const item of ast.items) {
    if (item.kind === 'interface') items(item.items);
    if (item.kind === 'world') {
      for (const w of item.items) {
        if ((w.kind === 'import' || w.kind === 'export') && w.extern?.kind === 'extern-func') consider(w.extern.name.name, w.extern.func, w.extern.name.span);
        if ((w.kind === 'import' || w.kind === 'export') && w.extern?.kind === 'extern-interface') items(w.extern.items);
        if (w.kind === 'typedef' && w.type?.kind === 'resource') for (const f of w.type.funcs) consider(f.kind === 'constructor' ? 'constructor' : f.name.name, f.kind === 'constructor' ? f : f.func, f.span);
      }
    }
  }
  if (!found) return undefined;
  const p = found.func.paramsSpan!;
  // The active parameter: commas before the cursor at the list's own depth.
  let depth = 0;
  let active = 0;
  for (let i = p.start + 1; i < Math.min(offset, p.end); i++) {
    const c = text[i];
    if (c === '<' || c === '(') depth++;
    else if (c === '>' || c === ')') depth--;
    else if (c === ',' && depth === 0) active++;
  }
  const params = found.func.params.map((q) => {
    const span = q.type ? exprSpan(q.type) : undefined;
    return `${witName(q.name.name)}: ${span ? text.slice(span.start, span.end) : '…'}`;
  });
  const head = `${found.name}: func(`;
  const ranges: { start: number; end: number }[] = [];
  let label = head;
  params.forEach((s, i) => {
    if (i) label += ', ';
    ranges.push({ start: label.length, end: label.length + s.length });
    label += s;
  });
  label += ')';
  // The resolved function, when there is one here, adds its result and docs.
  const occ = index?.at(file, found.span.start);
  let documentation: string | undefined;
  if (occ?.symbol.kind === 'function') {
    const f = index!.func(occ.symbol);
    if (f) {
      if (f.result !== undefined) label += ` -> ${typeText(index!.resolve!, f.result)}`;
      documentation = f.docs.contents;
    }
  }
  return { label, parameters: ranges, active: Math.min(active, Math.max(0, ranges.length - 1)), documentation };
}

/** The whole text of a type expression (compound types record their full span apart). */
export function exprSpan(t: A.TypeExpr): A.Span {
  return 'full' in t ? t.full : t.span;
}
