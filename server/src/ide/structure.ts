// Document outline, workspace symbols, folding ranges and selection ranges: the file's structure.
import type * as A from '../syntax/index.js';
import { lexWit, type Comment } from '../syntax/index.js';
import type { Resolve } from '../semantic/model.js';
import { formatPackageName } from '../semantic/model.js';
import { shortFuncName } from './render.js';
import { byStretches, type StretchCache } from './stretches.js';

export type SymbolKind = 'package' | 'interface' | 'world' | 'record' | 'variant' | 'enum' | 'flags' | 'resource' | 'type' | 'function'
  | 'method' | 'constructor' | 'field' | 'case' | 'import' | 'export' | 'use' | 'include';

export interface DocumentSymbol {
  name: string;
  detail?: string;
  kind: SymbolKind;
  /** The whole item. */
  start: number;
  end: number;
  /** Its name. */
  nameStart: number;
  nameEnd: number;
  children: DocumentSymbol[];
}

function sym(name: string, kind: SymbolKind, span: A.Span, nameSpan: A.Span, detail?: string, children: DocumentSymbol[] = []): DocumentSymbol {
  return { name, kind, detail, start: span.start, end: Math.max(span.end, nameSpan.end), nameStart: nameSpan.start, nameEnd: nameSpan.end, children };
}

function typeSymbols(td: A.TypeDef): DocumentSymbol | undefined {
  if (!td.name) return undefined;
  const t = td.type;
  const children: DocumentSymbol[] = [];
  if (t?.kind === 'record') for (const f of t.fields) children.push(sym(f.name.name, 'field', f.span, f.name.span));
  if (t?.kind === 'variant') for (const c of t.cases) children.push(sym(c.name.name, 'case', c.span, c.name.span));
  if (t?.kind === 'enum') for (const c of t.cases) children.push(sym(c.name.name, 'case', c.span, c.name.span));
  if (t?.kind === 'flags') for (const c of t.flags) children.push(sym(c.name.name, 'case', c.span, c.name.span));
  if (t?.kind === 'resource') {
    for (const f of t.funcs) {
      if (f.kind === 'constructor') children.push(sym('constructor', 'constructor', f.span, f.keywordSpan));
      else children.push(sym(f.name.name, 'method', f.span, f.name.span, f.kind === 'static' ? 'static' : undefined));
    }
  }
  const kind: SymbolKind = td.keyword === 'type' ? 'type' : td.keyword;
  return sym(td.name.name, kind, td.span, td.name.span, td.keyword === 'type' ? 'type' : undefined, children);
}

function interfaceItems(items: readonly A.InterfaceItem[]): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  for (const i of items) {
    if (i.kind === 'typedef') { const s = typeSymbols(i); if (s) out.push(s); }
    else if (i.kind === 'func') out.push(sym(i.name.name, 'function', i.span, i.name.span, i.func?.async ? 'async func' : 'func'));
    else if (i.kind === 'use' && i.path) for (const n of i.names) out.push(sym((n.as ?? n.name).name, 'use', n.name.span, (n.as ?? n.name).span, 'use'));
  }
  return out;
}

function topItems(items: readonly A.TopItem[]): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  for (const item of items) {
    if (item.kind === 'interface' && item.name) out.push(sym(item.name.name, 'interface', item.span, item.name.span, 'interface', interfaceItems(item.items)));
    else if (item.kind === 'world' && item.name) {
      const children: DocumentSymbol[] = [];
      for (const w of item.items) {
        if (w.kind === 'import' || w.kind === 'export') {
          const ek = w.extern;
          if (!ek) continue;
          const name = ek.kind === 'extern-path' ? (ek.path.kind === 'local-path' ? ek.path.name.name : `${ek.path.package.namespace?.name}:${ek.path.package.name?.name}/${ek.path.name?.name ?? ''}`) : ek.name.name;
          const nameSpan = ek.kind === 'extern-path' ? ek.path.span : ek.name.span;
          const inner = ek.kind === 'extern-interface' ? interfaceItems(ek.items) : [];
          children.push(sym(name, w.kind, w.span, nameSpan, ek.kind === 'extern-func' ? `${w.kind} func` : w.kind, inner));
        } else if (w.kind === 'typedef') { const s = typeSymbols(w); if (s) children.push(s); }
        else if (w.kind === 'include' && w.path) children.push(sym(w.path.kind === 'local-path' ? w.path.name.name : `${w.path.package.namespace?.name}:${w.path.package.name?.name}/${w.path.name?.name ?? ''}`, 'include', w.span, w.path.span, 'include'));
      }
      out.push(sym(item.name.name, 'world', item.span, item.name.span, 'world', children));
    } else if (item.kind === 'nested-package' && item.name) {
      const n = item.name;
      out.push(sym(`${n.namespace?.name ?? '?'}:${n.name?.name ?? '?'}${n.version ? `@${n.version.text}` : ''}`, 'package', item.span, n.span, 'package', topItems(item.items)));
    }
  }
  return out;
}

/** The outline of one file: package, interfaces (types, functions, fields), worlds. */
export function documentSymbols(file: A.WitFile): DocumentSymbol[] {
  const items = topItems(file.items);
  if (!file.package) return items;
  const p = file.package;
  const name = `${p.namespace?.name ?? '?'}:${p.name?.name ?? '?'}${p.version ? `@${p.version.text}` : ''}`;
  return [sym(name, 'package', { start: 0, end: file.span.end }, p.span, 'package', items)];
}

export interface WorkspaceSymbol {
  name: string;
  kind: SymbolKind;
  container?: string;
  file: string;
  start: number;
  end: number;
}

/** Interfaces, worlds, named types and functions whose name contains every letter of `query` in order. */
export function workspaceSymbols(resolves: Resolve[], query: string, limit = 500): WorkspaceSymbol[] {
  const q = query.toLowerCase();
  const matches = (name: string) => {
    let i = 0;
    for (const c of name.toLowerCase()) if (c === q[i]) i++;
    return i === q.length;
  };
  const out: WorkspaceSymbol[] = [];
  const seen = new Set<string>();
  const push = (s: WorkspaceSymbol) => {
    const key = `${s.file}\0${s.start}`;
    if (seen.has(key) || out.length >= limit || !matches(s.name)) return;
    seen.add(key);
    out.push(s);
  };
  for (const r of resolves) {
    r.interfaces.forEach((i) => {
      const pkg = i.package !== null ? formatPackageName(r.packages[i.package].name) : undefined;
      if (i.name && i.loc) push({ name: i.name, kind: 'interface', container: pkg, ...i.loc });
      for (const f of i.functions.values()) if (f.loc) push({ name: shortFuncName(f.name), kind: 'function', container: i.name ?? undefined, ...f.loc });
    });
    r.worlds.forEach((w) => {
      if (w.loc) push({ name: w.name, kind: 'world', container: w.package !== null ? formatPackageName(r.packages[w.package].name) : undefined, ...w.loc });
    });
    r.types.forEach((t) => {
      if (t.name === null || !t.loc || t.fromUse) return;
      const container = t.owner.kind === 'interface' ? r.interfaces[t.owner.id]?.name ?? undefined : t.owner.kind === 'world' ? r.worlds[t.owner.id]?.name : undefined;
      const kind: SymbolKind = t.kind.kind === 'record' || t.kind.kind === 'variant' || t.kind.kind === 'enum' || t.kind.kind === 'flags' || t.kind.kind === 'resource' ? t.kind.kind : 'type';
      push({ name: t.name, kind, container, ...t.loc });
    });
  }
  return out;
}

export interface FoldingRange {
  start: number;
  end: number;
  kind?: 'comment' | 'imports' | 'region';
}

/**
 * The comments of `text` (parsed as `ast`), lexed a stretch at a time (`byStretches`): with
 * `cache`, a stretch seen the last time is not lexed again, and the cache keeps this time's.
 * Folding asks for them after each keystroke; lexing all of a 1 MB file took 25–40 ms.
 */
export function commentsOf(text: string, ast: A.WitFile, cache?: { stretches: StretchCache<Comment> }): Comment[] {
  const out: Comment[] = [];
  const used = byStretches(text, ast.items, 0, text.length, cache?.stretches, (start, end) => lexWit(text.slice(start, end)).comments, (c, base) => {
    out.push({ text: c.text, start: c.start + base, end: c.end + base, doc: c.doc, block: c.block });
  });
  if (cache) cache.stretches = used;
  return out;
}

/** Bodies that span lines, runs of comments, and runs of `use` lines. */
export function foldingRanges(file: A.WitFile, comments: Comment[], text: string): FoldingRange[] {
  const out: FoldingRange[] = [];
  const body = (span: A.Span | undefined) => { if (span) out.push({ start: span.start, end: span.end }); };
  const inType = (t: A.TypeExpr | undefined) => {
    if (!t) return;
    if (t.kind === 'record' || t.kind === 'variant' || t.kind === 'enum' || t.kind === 'flags') return; // spanned by their item
    if (t.kind === 'resource') body(t.bodySpan);
  };
  const inItems = (items: readonly A.InterfaceItem[]) => {
    for (const i of items) {
      if (i.kind === 'typedef') { out.push({ start: i.span.start, end: i.span.end }); inType(i.type); }
    }
    const uses = items.filter((i) => i.kind === 'use');
    if (uses.length > 1) out.push({ start: uses[0].span.start, end: uses[uses.length - 1].span.end, kind: 'imports' });
  };
  const top = (items: readonly A.TopItem[]) => {
    for (const item of items) {
      if (item.kind === 'interface') { body(item.bodySpan); inItems(item.items); }
      else if (item.kind === 'world') {
        body(item.bodySpan);
        for (const w of item.items) {
          if ((w.kind === 'import' || w.kind === 'export') && w.extern?.kind === 'extern-interface') { body(w.extern.bodySpan); inItems(w.extern.items); }
          if (w.kind === 'typedef') { out.push({ start: w.span.start, end: w.span.end }); inType(w.type); }
        }
      } else if (item.kind === 'nested-package') { out.push({ start: item.span.start, end: item.span.end }); top(item.items); }
    }
    const uses = items.filter((i) => i.kind === 'toplevel-use');
    if (uses.length > 1) out.push({ start: uses[0].span.start, end: uses[uses.length - 1].span.end, kind: 'imports' });
  };
  top(file.items);
  // Runs of adjacent comments, and block comments.
  let run: Comment[] = [];
  const flush = () => {
    if (run.length > 1 || (run.length === 1 && run[0].block)) out.push({ start: run[0].start, end: run[run.length - 1].end, kind: 'comment' });
    run = [];
  };
  for (const c of comments) {
    // Comments on consecutive lines (a line comment ends with its newline) fold together.
    if (run.length && !/^[ \t]*\n?[ \t]*$/.test(text.slice(run[run.length - 1].end, c.start))) flush();
    run.push(c);
  }
  flush();
  return out;
}

/** The nested spans around `offset`, innermost first (for "expand selection"). */
export function selectionRanges(file: A.WitFile, offset: number): A.Span[] {
  const chain: A.Span[] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) { for (const n of node) visit(n); return; }
    const n = node as Record<string, unknown>;
    const span = n.span as A.Span | undefined;
    // Some nodes are spanned by their name only (a record's type), so keep looking inside.
    if (span && typeof span.start === 'number' && offset >= span.start && offset <= span.end) chain.push(span);
    for (const [k, v] of Object.entries(n)) {
      if (k === 'span' || k === 'docs') continue;
      if (v && typeof v === 'object') visit(v);
    }
  };
  visit(file.items);
  const unique = new Map<string, A.Span>();
  for (const s of chain) unique.set(`${s.start}:${s.end}`, s);
  return [...unique.values()].sort((a, b) => (a.end - a.start) - (b.end - b.start)).concat([{ start: 0, end: file.span.end }]);
}
