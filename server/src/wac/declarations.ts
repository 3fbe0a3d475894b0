// The WIT inside a .wac file, as one WIT document the analyzer reads like any other: the file's
// `interface` and `world` declarations stay where they are (everything else is blanked, line
// breaks kept, so an offset in the WIT is the same offset in the .wac), and a world appended at
// the end holds the composition's own types (`record`, `type`, … at the top level) and one
// `import` per import statement — `import greeter: interface { … };` is WIT as it stands, and
// `import f: ns:pkg/iface;` is WIT's named interface import. The analyzer then resolves names,
// `use`s, packages from deps/ and WASI, and reports errors in wit-parser's words; `toWac` maps
// their places back.
import type { Span, Statement, WacDocument } from './parse.js';

/** The world holding the composition's imports (a name no .wac declares: it is not a WAC id). */
export const importsWorld = 'wac-composition-imports';

export interface WacImportDecl {
  statement: Extract<Statement, { kind: 'import' }>;
  /** The name it is imported under: the `as` name, else the path for a package path, else the local name. */
  name: string;
}

export interface WacWit {
  text: string;
  /** An offset in `text` as an offset in the .wac file. */
  toWac(offset: number): number;
  /** Whether an offset of `text` is in the world of the imports (what is appended). */
  inImports(offset: number): boolean;
  imports: WacImportDecl[];
  /** Every package the declarations name other than the composition's own: `ns:name` and the version written. */
  packages: { package: string; version?: string }[];
}

interface Segment {
  at: number;
  from: number;
  length: number;
}

/** Undefined when the file has no import statement and no declaration. */
export function wacWit(text: string, doc: WacDocument): WacWit | undefined {
  const decls = doc.statements.filter((s) => s.kind === 'declaration' || s.kind === 'import');
  if (decls.length === 0 || !doc.package || !doc.directive) return undefined;
  const chars = text.replace(/[^\n]/g, ' ').split('');
  const keep = (s: Span) => { for (let i = s.start; i < s.end; i++) chars[i] = text[i]; };
  // `package ns:name@v;` — the directive without its `targets` clause.
  keep(doc.package);
  const pkgStart = doc.directive!.start;
  for (let i = 0; i < 'package'.length; i++) chars[pkgStart + i] = text[pkgStart + i];
  chars[doc.directive!.end - 1] = ';';
  /** `type f = func(…);` (WAC's own: WIT has no function types): the name → the `func(…)` it stands for, or another alias. */
  const funcAliases = new Map<string, Span>();
  const aliasBody = (def: Span, source: string): Span | undefined => {
    const m = /^type\s+%?[A-Za-z][\w-]*\s*=\s*/.exec(source);
    if (!m) return undefined;
    const rest = source.slice(m[0].length).replace(/\s*;\s*$/, '');
    return { start: def.start + m[0].length, end: def.start + m[0].length + rest.length };
  };
  const isFuncAlias = (body: Span, known: Map<string, Span>) => {
    const target = text.slice(body.start, body.end).trim();
    return /^func\b/.test(target) || known.has(target.replace(/^%/, ''));
  };
  for (const s of decls) {
    if (s.kind !== 'declaration' || s.keyword !== 'type' || !s.name) continue;
    const body = aliasBody(s, text.slice(s.start, s.end));
    if (body && isFuncAlias(body, funcAliases)) funcAliases.set(s.name.name, body);
  }
  /** The `func(…)` an alias stands for, through aliases of aliases. */
  const funcOf = (name: string, known: Map<string, Span>): Span | undefined => {
    let span = known.get(name);
    for (let k = 0; span && k < 100; k++) {
      const next = known.get(text.slice(span.start, span.end).trim().replace(/^%/, ''));
      if (!next) return span;
      span = next;
    }
    return span;
  };
  const worldItems: Span[] = [];
  /** Declarations that name a function alias: written after the file with the `func(…)` in its place. */
  const moved: { decl: Span; edits: { span: Span; with?: Span }[] }[] = [];
  for (const s of decls) {
    if (s.kind !== 'declaration') continue;
    if (s.keyword === 'interface' || s.keyword === 'world') {
      const source = text.slice(s.start, s.end);
      const known = new Map(funcAliases);
      const edits: { span: Span; with?: Span }[] = [];
      for (const m of source.matchAll(/\btype\s+(%?[A-Za-z][\w-]*)\s*=\s*[^;{}]*;/g)) {
        const def = { start: s.start + m.index, end: s.start + m.index + m[0].length };
        const body = aliasBody(def, m[0]);
        if (body && isFuncAlias(body, known)) { known.set(m[1].replace(/^%/, ''), body); edits.push({ span: def }); }
      }
      for (const m of source.matchAll(/:\s*(%?[A-Za-z][\w-]*)\s*;/g)) {
        const name = m[1].replace(/^%/, '');
        const at = s.start + m.index + m[0].indexOf(m[1]);
        const f = known.has(name) ? funcOf(name, known) : undefined;
        if (f && !edits.some((e) => e.span.start <= at && at < e.span.end)) edits.push({ span: { start: at, end: at + m[1].length }, with: f });
      }
      if (edits.length) moved.push({ decl: s, edits: edits.sort((a, b) => a.span.start - b.span.start) });
      else keep(s);
    } else if (!(s.keyword === 'type' && s.name && funcAliases.has(s.name.name))) worldItems.push(s);
  }
  const segments: Segment[] = [];
  let out = chars.join('');
  const append = (piece: string, from?: number) => {
    if (from !== undefined) segments.push({ at: out.length, from, length: piece.length });
    out += piece;
  };
  for (const { decl, edits } of moved) {
    append('\n');
    let at = decl.start;
    for (const e of edits) {
      append(text.slice(at, e.span.start), at);
      if (e.with) append(text.slice(e.with.start, e.with.end), e.with.start);
      at = e.span.end;
    }
    append(text.slice(at, decl.end), at);
    append('\n');
  }
  append(`\nworld ${importsWorld} {\n`);
  for (const s of worldItems) { append(text.slice(s.start, s.end), s.start); append('\n'); }
  const imports: WacImportDecl[] = [];
  for (const s of decls) {
    if (s.kind !== 'import') continue;
    const t = s.type;
    // A function type alias: the `func(…)` it stands for, written in its place.
    let type: Span = t;
    for (let seen = 0; type !== undefined && seen < 100; seen++) {
      const name = text.slice(type.start, type.end).trim().replace(/^%/, '');
      const alias = funcAliases.get(name);
      if (!alias) break;
      type = alias;
    }
    imports.push({ statement: s, name: s.as?.name ?? (t.kind === 'path' ? t.path.text : s.name.name) });
    append('import ');
    append('%');
    append(s.name.name, s.name.end - s.name.name.length);
    append(': ');
    append(text.slice(type.start, type.end), type.start);
    // WIT ends an inline interface with its `}`, everything else with `;`.
    append(t.kind === 'interface' ? '\n' : ';\n');
  }
  append('}\n');
  const own = doc.package.package;
  const packages = new Map<string, { package: string; version?: string }>();
  for (const m of out.matchAll(/(?<![\w%-])([a-z][a-z0-9-]*):([a-z][a-z0-9-]*)\/[a-z][\w-]*(?:@([0-9][0-9A-Za-z.+-]*[0-9A-Za-z]))?/g)) {
    const pkg = `${m[1]}:${m[2]}`;
    if (pkg !== own && !packages.has(`${pkg}@${m[3] ?? ''}`)) packages.set(`${pkg}@${m[3] ?? ''}`, { package: pkg, ...(m[3] ? { version: m[3] } : {}) });
  }
  const prefix = text.length;
  const toWac = (offset: number): number => {
    if (offset <= prefix) return offset;
    for (const seg of segments) if (offset >= seg.at && offset <= seg.at + seg.length) return Math.max(0, seg.from + (offset - seg.at));
    // Generated text: the `%` before a name is the name's; anything else, the nearest segment before it.
    const next = segments.find((seg) => seg.at > offset);
    if (next && next.at - offset <= 1) return next.from;
    const before = segments.filter((seg) => seg.at <= offset).pop();
    return before ? before.from : 0;
  };
  return { text: out, toWac, inImports: (offset) => offset > prefix, imports, packages: [...packages.values()] };
}

