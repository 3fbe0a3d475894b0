// The WIT formatter. Pure: text in, text (or edits) out.
//
// How it works. The syntax tree says what the file means and where each construct starts and
// ends; the token stream (lexWit) says exactly what was written, comments included. The printer
// walks the tree and, for every token the tree implies, *consumes* the next source token (checking
// that it is the expected one) and writes it as written (`%foo` stays `%foo`). Only the whitespace
// between tokens is decided by the printer. Comments are never attached to nodes: whenever a
// token is consumed, the comments that sit before it in the source are written first, so every
// comment stays between the same two tokens it was between. That is what keeps doc comments
// meaning the same thing: wit-parser takes every comment between an item's previous token and its
// first token as that item's docs.
//
// Where a comment goes:
// - on the same line as the token before it in the source ("trailing"): after that token, one
//   space between (`f: func(); // note`, `{ // note`);
// - on its own line: on its own line, indented like the token that follows it (like the body when
//   the next token closes a body); at most one blank line above it is kept, as written;
// - a line comment always ends its line; a block comment that ended its line still does;
// - a comment text is never changed, except that trailing whitespace of a line comment is dropped
//   (wit-parser drops it from docs too). Multi-line block comments are written verbatim.
//
// The style: 2-space indent; one item per line; `name: func(a: u32) -> r;`; a blank line between
// top-level items (consecutive top-level `use`s keep theirs as written); inside bodies, at most one
// blank line between items, as written; record/variant/enum/flags bodies one case per line with a
// trailing comma; `@since(...)`-style gates on their own lines between the docs and the item;
// `use a.{b, c}` and parameter lists on one line unless they hold a comment or the line would be
// longer than `maxWidth` (100), then one per line with a trailing comma; empty bodies as `{}`.
// The line ending of the input (CRLF or LF, by its first line break) and a leading BOM are kept.
//
// Syntax errors. The file is cut into top-level units (the package header, each top-level item,
// and any run of tokens no item claims). A unit that holds a syntax error — or sits beside an error
// between units — is left byte-for-byte as written (its source from its first token to its last
// token, widened to cover the error); the rest is formatted. `skipped` lists those regions. As a
// safety net, a unit whose tree does not match its tokens is also left as written, and the result
// is re-lexed and compared with the input (tokens, comments, lexer errors); if that ever failed the
// formatter refuses with an error rather than return text that lost something.
import { lexWit, lowerBound, parseWit, type Comment, type Lexed, type SyntaxError, type Token } from '../syntax/index.js';
import type * as A from '../syntax/ast.js';

const byStart = (x: { start: number }) => x.start;

export interface FormatOptions {
  /** Spaces per indentation level (default 2). */
  indent?: number;
  /** Lines longer than this break their parameter or `use` list, one entry per line (default 100). */
  maxWidth?: number;
}

export interface Span {
  start: number;
  end: number;
}

export interface Formatted {
  text: string;
  changed: boolean;
  /** Regions of the input left as written because they hold syntax errors (input offsets). */
  skipped: Span[];
}

export interface FormatFailure {
  error: string;
}

export type FormatResult = Formatted | FormatFailure;

/** A replacement of `[start, end)` of the input (UTF-16 offsets) by `newText`. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export function isFormatFailure(r: FormatResult): r is FormatFailure {
  return 'error' in r;
}

/** Formats a whole file. Never throws; never returns text that lost a token or a comment. */
export function formatWit(text: string, options: FormatOptions = {}): FormatResult {
  const r = formatInternal(text, options);
  return 'error' in r ? r : { text: r.text, changed: r.text !== text, skipped: r.skipped };
}

/** The edits that format the whole file: one per gap between tokens whose whitespace changes. */
export function formatEdits(text: string, options: FormatOptions = {}): TextEdit[] {
  const r = formatInternal(text, options);
  if ('error' in r) return [];
  return r.text === text ? [] : diffWhitespace(text, r.lexed, r.text, r.outLexed);
}

/**
 * The edits that format the top-level items that `range` touches (an item owns the gap before it,
 * with its doc comments). Other items are not changed. An internal failure gives no edits.
 */
export function formatRange(text: string, range: Span, options: FormatOptions = {}): TextEdit[] {
  const r = formatInternal(text, options);
  if ('error' in r || r.text === text) return [];
  let from = -1;
  let to = -1;
  let prevEnd = 0;
  for (const u of r.units) {
    // A unit's zone runs from the end of the previous unit to its own last token.
    if (range.start <= u.end && range.end >= prevEnd) {
      if (from < 0) from = prevEnd;
      to = u.end;
    }
    prevEnd = u.end;
  }
  if (from < 0) return [];
  return diffWhitespace(text, r.lexed, r.text, r.outLexed).filter((e) => e.start >= from && e.end <= to);
}

// ---- internals ----

interface Internal {
  text: string;
  skipped: Span[];
  lexed: Lexed;
  /** The output's tokens and comments (lexed once, to check it, and kept for the edits). */
  outLexed: Lexed;
  /** Source extents of the top-level units, in order. */
  units: Span[];
}

function formatInternal(text: string, options: FormatOptions): Internal | FormatFailure {
  try {
    return formatChecked(text, options);
  } catch (e) {
    // Parsing never throws; this is a last guard so that an editor request never fails.
    return { error: `internal formatter error: ${(e as Error).message}` };
  }
}

function formatChecked(text: string, options: FormatOptions): Internal | FormatFailure {
  const { file, errors, lexed } = parseWit(text, { tokens: true });
  const units = segment(text, file, lexed, errors);
  const o = { indent: options.indent ?? 2, maxWidth: options.maxWidth ?? 100 };
  let out = new Printer(text, lexed, o, file).file(units);
  if (out.bailed.length) {
    // A unit whose tree did not match its tokens is left as written; print again so that it
    // joins neighbouring units left as written, with the text between them.
    for (const u of out.bailed) u.broken = true;
    out = new Printer(text, lexed, o, file).file(units);
  }
  const outLexed = lexWit(out.text);
  const problem = compareAtoms(lexed, outLexed);
  if (problem) return { error: `internal formatter error: the output would differ from the input (${problem}); the file is left as it is` };
  return { text: out.text, skipped: out.skipped, lexed, outLexed, units: units.map((u) => ({ start: u.start, end: u.end })) };
}

/** A top-level unit: the header, an item, or tokens no item claims (always left as written). */
interface Unit {
  kind: 'header' | 'item' | 'junk';
  item?: A.TopItem;
  /** Token indexes, inclusive. */
  first: number;
  last: number;
  /** Source extent: from the first token's start to the last token's end, widened over errors. */
  start: number;
  end: number;
  broken: boolean;
}

/** Cuts the file into units and marks those that a syntax error touches. */
function segment(text: string, file: A.WitFile, lexed: Lexed, errors: readonly SyntaxError[]): Unit[] {
  const tokens = lexed.tokens;
  const claimed: Unit[] = [];
  const add = (kind: Unit['kind'], first: number, last: number, item?: A.TopItem) => {
    if (first > last || first < 0 || last >= tokens.length) return;
    const prev = claimed[claimed.length - 1];
    if (prev && first <= prev.last) {
      // Overlapping claims only come from a confused tree: keep both as written.
      prev.last = Math.max(prev.last, last);
      prev.end = tokens[prev.last].end;
      prev.broken = true;
      return;
    }
    claimed.push({ kind, item, first, last, start: tokens[first].start, end: tokens[last].end, broken: false });
  };
  if (file.package) {
    // `package` name `;`; anything else is left to the junk rule below.
    const name = lowerBound(tokens, file.package.span.start, byStart);
    const semi = lowerBound(tokens, file.package.span.end, byStart);
    if (tokens[name - 1]?.text === 'package' && tokens[semi]?.text === ';') add('header', name - 1, semi);
  }
  for (const item of file.items) add('item', lowerBound(tokens, item.span.start, byStart), lowerBound(tokens, item.span.end, byStart) - 1, item);

  // Tokens between claimed units (junk that recovery skipped) form units of their own.
  const units: Unit[] = [];
  let next = 0;
  const junk = (upTo: number) => {
    if (upTo > next) units.push({ kind: 'junk', first: next, last: upTo - 1, start: tokens[next].start, end: tokens[upTo - 1].end, broken: true });
  };
  for (const u of claimed) {
    junk(u.first);
    units.push(u);
    next = u.last + 1;
  }
  junk(tokens.length);
  return markErrors(units, errors, text, lexed);
}

/**
 * Marks the units that hold a syntax error. An error between units becomes a unit of its own
 * (a stray character, with the comment around it if it sits in one), and so does any text between
 * tokens and comments that is not whitespace (characters the lexer skipped); an error at the end
 * of the file (`expected …, found eof`) belongs to the last unit.
 */
function markErrors(units: Unit[], errors: readonly SyntaxError[], text: string, lexed: Lexed): Unit[] {
  const comments = lexed.comments;
  const strays: Unit[] = strayText(text, lexed);
  for (const e of errors) {
    const i = lowerBound(units, e.start + 1, byStart) - 1;
    if (i >= 0 && e.start <= units[i].end) units[i].broken = true;
    else if (e.start >= text.length && units.length) units[units.length - 1].broken = true;
    else {
      const stray = trimmed(text, e.start, Math.max(e.end, e.start + 1));
      if (stray) strays.push(enclosingComment(stray, comments));
    }
  }
  const all = strays.length ? [...units, ...strays].sort((a, b) => a.start - b.start) : units;
  for (let i = 0; i + 1 < all.length; i++) {
    if (all[i].end > all[i + 1].start) all[i].broken = all[i + 1].broken = true;
  }
  // A unit left as written must not end inside a comment.
  for (const u of all) {
    if (!u.broken) continue;
    for (let c = lowerBound(comments, u.end, byStart) - 1; c >= 0 && comments[c].end > u.end; c--) {
      if (comments[c].start < u.end) u.end = comments[c].end;
    }
  }
  return all;
}

/** Whitespace as the lexer sees it: a `\r` only as part of `\r\n`. */
function isBlank(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c === 32 || c === 9 || c === 10 || (c === 13 && text.charCodeAt(i + 1) === 10);
}

/** `[start, end)` without surrounding whitespace, as a unit left as written; none if blank. */
function trimmed(text: string, start: number, end: number): Unit | undefined {
  while (start < end && isBlank(text, start)) start++;
  while (end > start && isBlank(text, end - 1)) end--;
  return start < end ? { kind: 'junk', first: -1, last: -1, start, end, broken: true } : undefined;
}

/** Runs of non-whitespace text between tokens and comments (a leading BOM aside). */
function strayText(text: string, lexed: Lexed): Unit[] {
  const out: Unit[] = [];
  const { tokens, comments } = lexed;
  let prevEnd = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let i = 0;
  let j = 0;
  const gap = (end: number) => {
    for (let k = prevEnd; k < end; k++) {
      if (!isBlank(text, k)) {
        const u = trimmed(text, k, end);
        if (u) out.push(u);
        return;
      }
    }
  };
  while (i < tokens.length || j < comments.length) {
    const atom = j >= comments.length || (i < tokens.length && tokens[i].start < comments[j].start) ? tokens[i++] : comments[j++];
    gap(atom.start);
    prevEnd = atom.end;
  }
  gap(text.length);
  return out;
}

/** A stray error inside a comment (a control character) takes the whole comment with it. */
function enclosingComment(u: Unit, comments: readonly Comment[]): Unit {
  const i = lowerBound(comments, u.start + 1, byStart) - 1;
  const c = comments[i];
  if (c && c.start <= u.start && c.end > u.start) {
    u.start = c.start;
    u.end = Math.max(u.end, c.end);
  }
  return u;
}


// ---- the printer ----

class Bail extends Error {}

/** Whether a blank line goes before an own-line comment or the next token: never, as written, always. */
type Blank = 'never' | 'keep' | 'always';

/**
 * What goes before the next token. For `line`: `first` rules the break before the first own-line
 * comment of the gap, `middle` the breaks between comments, `last` the break before the token
 * (with no own-line comment, the stronger of `first` and `last`); own-line comments are indented
 * at `commentLevel` (default: the token's level).
 */
type Sep =
  | { kind: 'none' }
  | { kind: 'space' }
  | { kind: 'line'; first: Blank; middle: Blank; last: Blank; commentLevel?: number };

const NONE: Sep = { kind: 'none' };
const SPACE: Sep = { kind: 'space' };

const lineSeps = new Map<number, Sep>();
const blankCode: Record<Blank, number> = { never: 0, keep: 1, always: 2 };

/** A line break before the next token (separators are shared: one is made per distinct shape). */
function line(first: Blank, middle: Blank = 'keep', last: Blank = 'keep', commentLevel?: number): Sep {
  const key = blankCode[first] + 3 * blankCode[middle] + 9 * blankCode[last] + 27 * ((commentLevel ?? -1) + 1);
  let sep = lineSeps.get(key);
  if (!sep) lineSeps.set(key, (sep = { kind: 'line', first, middle, last, commentLevel }));
  return sep;
}

function combine(a: Blank, b: Blank): Blank {
  if (a === 'always' || b === 'always') return 'always';
  if (a === 'never' || b === 'never') return 'never';
  return 'keep';
}

interface Snapshot {
  out: number;
  col: number;
  maxCol: number;
  level: number;
  ti: number;
  ci: number;
  lastEnd: number;
  lastWasLineComment: boolean;
  mustBreak: boolean;
  started: boolean;
  next: Sep;
  pendingBreaks: number;
  pendingIndent: number;
  pendingSpace: boolean;
  lastChar: string;
}

class Printer {
  private readonly out: string[] = [];
  private readonly eol: string;
  private readonly tokens: Token[];
  private readonly comments: Comment[];
  private readonly bom: boolean;
  /** Column of the output cursor, and the widest token end since `fitOrBreak` started measuring. */
  private col = 0;
  private maxCol = 0;
  private level = 0;
  /** Next source token and comment to consume. */
  private ti = 0;
  private ci = 0;
  /** Source offset where the last consumed token or comment ended. */
  private lastEnd = 0;
  private lastWasLineComment = false;
  /** The last comment ended its line: the next token starts a new one. */
  private mustBreak = false;
  private started = false;
  /** The separator before the next consumed token. */
  private next: Sep = NONE;
  private pendingBreaks = 0;
  private pendingIndent = 0;
  private pendingSpace = false;
  /** Last character written, to refuse gluing two words together. */
  private lastChar = '';
  /** Tokens at or after this offset belong to the next unit. */
  private limit = Infinity;
  /** The file's `package` header name. */
  private readonly headerName: A.PackageName | undefined;
  /** The file ends inside a block comment that is never closed. */
  private readonly openComment: boolean;

  constructor(
    private readonly text: string,
    lexed: Lexed,
    private readonly o: { indent: number; maxWidth: number },
    file: A.WitFile,
  ) {
    this.headerName = file.package;
    this.tokens = lexed.tokens;
    this.comments = lexed.comments;
    this.openComment = lexed.errors.some((e) => e.code === 'unterminated-comment');
    this.bom = text.charCodeAt(0) === 0xfeff;
    this.lastEnd = this.bom ? 1 : 0;
    const nl = text.indexOf('\n');
    this.eol = nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
  }

  // ---- file ----

  file(units: Unit[]): { text: string; skipped: Span[]; bailed: Unit[] } {
    const skipped: Span[] = [];
    const bailed: Unit[] = [];
    let prev: Unit | undefined;
    for (let k = 0; k < units.length; k++) {
      let u = units[k];
      const sep = prev ? line(this.blankBetween(prev, u)) : line('never');
      if (u.broken) {
        // Neighbouring units left as written are one region, gaps included.
        let end = u.end;
        while (k + 1 < units.length && units[k + 1].broken) end = Math.max(end, units[++k].end);
        const region = { start: u.start, end };
        this.verbatim(region, sep);
        skipped.push(region);
        u = units[k];
      } else {
        const snap = this.snapshot();
        try {
          this.unit(u, sep);
        } catch (e) {
          if (!(e instanceof Bail)) throw e;
          this.restore(snap);
          this.verbatim(u, sep);
          skipped.push({ start: u.start, end: u.end });
          bailed.push(u);
        }
      }
      prev = u;
    }
    this.limit = Infinity;
    this.gap(line('keep'), this.text.length, 0);
    let text = this.out.join('');
    // A final line break, except after a block comment left open at the end of the file (it would
    // swallow it) or a stray `\r` (it would become part of a line break).
    const lastComment = this.comments[this.comments.length - 1];
    const endsInOpenComment = this.openComment && lastComment?.block && lastComment.end === this.text.length;
    if (text.length && !/[\r\n]$/.test(text) && !endsInOpenComment) text += this.eol;
    return { text: (this.bom ? '\ufeff' : '') + text, skipped, bailed };
  }

  /** A blank line between top-level items; consecutive top-level `use`s keep what was written. */
  private blankBetween(a: Unit, b: Unit): Blank {
    return a.item?.kind === 'toplevel-use' && b.item?.kind === 'toplevel-use' ? 'keep' : 'always';
  }

  private unit(u: Unit, sep: Sep): void {
    this.limit = u.end;
    this.next = sep;
    if (u.kind === 'header') this.header();
    else if (u.item) this.topItem(u.item);
    else throw new Bail('unit without a tree');
    if (this.ti !== u.last + 1) throw new Bail('unit not consumed');
    this.limit = Infinity;
  }

  private verbatim(region: Span, sep: Sep): void {
    this.limit = Infinity;
    this.gap(sep, region.start, this.level);
    this.next = NONE;
    this.write(this.text.slice(region.start, region.end));
    while (this.ti < this.tokens.length && this.tokens[this.ti].start < region.end) this.ti++;
    while (this.ci < this.comments.length && this.comments[this.ci].start < region.end) this.ci++;
    this.lastEnd = region.end;
    this.lastWasLineComment = false;
    this.lastChar = ' '; // what follows is separated by the gap rules, never glued
  }

  private header(): void {
    this.tok('package');
    this.space();
    this.packageName(this.headerName);
    this.tok(';');
  }

  private topItem(item: A.TopItem): void {
    switch (item.kind) {
      case 'interface':
      case 'world':
        this.attributes(item.attributes);
        this.tok(item.kind);
        this.space();
        this.id(item.name);
        this.space();
        if (item.kind === 'interface') this.statementBody(item.items, (x) => this.interfaceItem(x));
        else this.statementBody(item.items, (x) => this.worldItem(x));
        return;
      case 'toplevel-use':
        this.attributes(item.attributes);
        this.tok('use');
        this.space();
        this.usePath(item.path);
        if (item.as) this.alias(item.as);
        this.tok(';');
        return;
      case 'nested-package':
        this.attributes(item.attributes);
        this.tok('package');
        this.space();
        this.packageName(item.name);
        this.space();
        this.statementBody(item.items, (x) => this.topItem(x), (a, b) => (a.kind === 'toplevel-use' && b.kind === 'toplevel-use' ? 'keep' : 'always'));
        return;
    }
  }

  // ---- interfaces and worlds ----

  private interfaceItem(item: A.InterfaceItem): void {
    switch (item.kind) {
      case 'typedef': return this.typeDef(item);
      case 'use': return this.use(item);
      case 'func':
        this.attributes(item.attributes);
        this.signature(item.func?.paramsSpan, item.func?.params.length ?? 0, (broken) => {
          this.id(item.name);
          this.tok(':');
          this.space();
          this.func(item.func, broken);
          this.tok(';');
        });
        return;
    }
  }

  private worldItem(item: A.WorldItem): void {
    switch (item.kind) {
      case 'typedef': return this.typeDef(item);
      case 'use': return this.use(item);
      case 'import':
      case 'export':
        this.attributes(item.attributes);
        return this.extern(item.kind, item.extern);
      case 'include':
        this.attributes(item.attributes);
        this.tok('include');
        this.space();
        this.usePath(item.path);
        if (this.peek()?.text === 'with') {
          this.space();
          this.tok('with');
          this.space();
          this.nameList(item.names, (n) => {
            this.id(n.name);
            this.alias(n.as);
          }, true);
        } else {
          this.tok(';');
        }
        return;
    }
  }

  private extern(keyword: 'import' | 'export', ek: A.ExternKind | undefined): void {
    if (!ek) throw new Bail('missing import');
    switch (ek.kind) {
      case 'extern-interface':
        this.label(keyword, ek.name);
        this.tok('interface');
        this.space();
        this.statementBody(ek.items, (x) => this.interfaceItem(x));
        return;
      case 'extern-path':
        this.tok(keyword);
        this.space();
        this.usePath(ek.path);
        this.tok(';');
        return;
      case 'extern-named-path':
        this.label(keyword, ek.name);
        this.usePath(ek.path);
        this.tok(';');
        return;
      case 'extern-func':
        this.signature(ek.func?.paramsSpan, ek.func?.params.length ?? 0, (broken) => {
          this.label(keyword, ek.name);
          this.func(ek.func, broken);
          this.tok(';');
        });
        return;
    }
  }

  /** `import name: ` (or `export`). */
  private label(keyword: 'import' | 'export', name: A.Id | undefined): void {
    this.tok(keyword);
    this.space();
    this.id(name);
    this.tok(':');
    this.space();
  }

  private use(u: A.Use): void {
    this.attributes(u.attributes);
    this.tok('use');
    this.space();
    this.usePath(u.path);
    this.tok('.');
    this.nameList(u.names, (n) => {
      this.id(n.name);
      if (n.as) this.alias(n.as);
    });
    this.tok(';');
  }

  /** ` as name`. */
  private alias(name: A.Id | undefined): void {
    this.space();
    this.tok('as');
    this.space();
    this.id(name);
  }

  /**
   * `{a, b as c}` (`{ a as b }` with `pad`, as `include … with` is written), or one name per line
   * when the list holds a comment or its line would be too wide.
   */
  private nameList<T>(names: readonly T[], print: (x: T) => void, pad = false): void {
    const open = this.peek();
    if (open?.text !== '{') throw new Bail('expected `{`');
    const comments = this.hasBreakingComments(open.end, this.closing(this.ti));
    this.fitOrBreak(comments, names.length > 0, (broken) => this.delimited('{', '}', names, print, broken, pad));
  }

  // ---- type definitions ----

  private typeDef(td: A.TypeDef): void {
    this.attributes(td.attributes);
    this.tok(td.keyword);
    this.space();
    this.id(td.name);
    const t = td.type;
    switch (td.keyword) {
      case 'type':
        this.space();
        this.tok('=');
        this.space();
        this.type(t);
        this.tok(';');
        return;
      case 'record':
        if (t?.kind !== 'record') throw new Bail('record');
        this.space();
        return this.caseBody(t.fields, (f) => {
          this.id(f.name);
          this.tok(':');
          this.space();
          this.type(f.type);
        });
      case 'variant':
        if (t?.kind !== 'variant') throw new Bail('variant');
        this.space();
        return this.caseBody(t.cases, (c) => {
          this.id(c.name);
          if (c.type) {
            this.tok('(');
            this.type(c.type);
            this.tok(')');
          }
        });
      case 'enum':
        if (t?.kind !== 'enum') throw new Bail('enum');
        this.space();
        return this.caseBody(t.cases, (c) => this.id(c.name));
      case 'flags':
        if (t?.kind !== 'flags') throw new Bail('flags');
        this.space();
        return this.caseBody(t.flags, (c) => this.id(c.name));
      case 'resource':
        if (t?.kind !== 'resource') throw new Bail('resource');
        if (!t.bodySpan) return this.tok(';');
        this.space();
        return this.statementBody(t.funcs, (f) => this.resourceFunc(f));
    }
  }

  private resourceFunc(f: A.ResourceFunc): void {
    this.attributes(f.attributes);
    if (f.kind === 'constructor') {
      this.signature(f.paramsSpan, f.params.length, (broken) => {
        this.tok('constructor');
        this.params(f.params, broken);
        if (f.result) {
          this.space();
          this.tok('->');
          this.space();
          this.type(f.result);
        }
        this.tok(';');
      });
      return;
    }
    this.signature(f.func?.paramsSpan, f.func?.params.length ?? 0, (broken) => {
      this.id(f.name);
      this.tok(':');
      this.space();
      if (f.kind === 'static') {
        this.tok('static');
        this.space();
      }
      this.func(f.func, broken);
      this.tok(';');
    });
  }

  // ---- functions ----

  /** A statement with a parameter list: inline when it fits and holds no comment, else broken. */
  private signature(params: A.Span | undefined, count: number, print: (broken: boolean) => void): void {
    const comments = params ? this.hasBreakingComments(params.start + 1, params.end - 1) : false;
    this.fitOrBreak(comments, count > 0, print);
  }

  private func(f: A.Func | undefined, broken: boolean): void {
    if (!f) throw new Bail('missing function');
    if (f.async) {
      this.tok('async');
      this.space();
    }
    this.tok('func');
    this.params(f.params, broken);
    if (f.result) {
      this.space();
      this.tok('->');
      this.space();
      this.type(f.result);
    }
  }

  private params(params: readonly A.Param[], broken: boolean): void {
    this.delimited('(', ')', params, (p) => {
      this.id(p.name);
      this.tok(':');
      this.space();
      this.type(p.type);
    }, broken);
  }

  /**
   * A comma-separated list between `open` and `close`: `(a, b)` inline (a trailing comma is
   * dropped), or broken: one entry per line, one level deeper, each with a comma.
   */
  private delimited<T>(open: string, close: string, items: readonly T[], print: (x: T) => void, broken: boolean, pad = false): void {
    this.tok(open);
    if (!broken) {
      items.forEach((x, i) => {
        if (i > 0) {
          this.tok(',');
          this.space();
        } else if (pad) {
          this.space();
        }
        print(x);
      });
      if (this.peek()?.text === ',') this.skip();
      if (pad && items.length) this.space();
      this.tok(close);
      return;
    }
    this.level++;
    items.forEach((x, i) => {
      this.next = line(i === 0 ? 'never' : 'keep');
      print(x);
      this.comma();
    });
    this.level--;
    this.next = line(items.length ? 'keep' : 'never', 'keep', 'never', this.level + 1);
    this.tok(close);
  }

  // ---- bodies ----

  /** `{ items }` of statements (interface, world, resource, package): one per line. */
  private statementBody<T>(items: readonly T[], print: (x: T) => void, blank: (a: T, b: T) => Blank = () => 'keep'): void {
    this.tok('{');
    if (items.length === 0 && this.emptyBody()) return;
    this.level++;
    items.forEach((x, i) => {
      this.next = line(i === 0 ? 'never' : blank(items[i - 1], x));
      print(x);
    });
    this.level--;
    this.next = line(items.length ? 'keep' : 'never', 'keep', 'never', this.level + 1);
    this.tok('}');
  }

  /** `{ cases }` of a record, variant, enum or flags: one per line, each with a comma. */
  private caseBody<T>(items: readonly T[], print: (x: T) => void): void {
    this.tok('{');
    if (items.length === 0 && this.emptyBody()) return;
    this.level++;
    items.forEach((x, i) => {
      this.next = line(i === 0 ? 'never' : 'keep');
      print(x);
      this.comma();
    });
    this.level--;
    this.next = line(items.length ? 'keep' : 'never', 'keep', 'never', this.level + 1);
    this.tok('}');
  }

  /** `{}` when the body is empty and holds no comment (consumes the `}`). */
  private emptyBody(): boolean {
    const close = this.peek();
    if (close?.text !== '}' || this.hasCommentsBetween(this.lastEnd, close.start)) return false;
    this.tok('}');
    return true;
  }

  /** The comma after a list entry: the written one, or one added. */
  private comma(): void {
    if (this.peek()?.text === ',') this.tok(',');
    else this.write(',');
  }

  // ---- attributes, paths, types ----

  /** Each gate on its own line; the item follows on the next line. */
  private attributes(attrs: readonly A.Attribute[]): void {
    for (const a of attrs) {
      this.tok('@');
      this.take((t) => t.start === a.span.start, 'attribute name');
      this.tok('(');
      switch (a.kind) {
        case 'since':
        case 'deprecated':
          this.word();
          this.space();
          this.tok('=');
          this.space();
          this.version(a.version);
          break;
        case 'unstable':
          this.word();
          this.space();
          this.tok('=');
          this.space();
          this.id(a.feature);
          break;
        case 'external-id':
          this.take((t) => t.kind === 'string', 'string literal');
          break;
      }
      this.tok(')');
      this.next = line('never', 'never', 'never');
    }
  }

  /** `ns:name@1.2.3` after `package`. */
  private packageName(p: A.PackageName | undefined): void {
    if (!p) throw new Bail('missing package name');
    this.id(p.namespace);
    this.tok(':');
    this.id(p.name);
    if (p.version) {
      this.tok('@');
      this.version(p.version);
    }
  }

  private usePath(p: A.UsePath | undefined): void {
    if (!p) throw new Bail('missing path');
    if (p.kind === 'local-path') return this.id(p.name);
    this.id(p.package.namespace);
    this.tok(':');
    this.id(p.package.name);
    this.tok('/');
    this.id(p.name);
    if (p.package.version) {
      this.tok('@');
      this.version(p.package.version);
    }
  }

  /** A version's tokens (`1`, `.`, `2`, …, `-`, `rc`), written as they were: glued. */
  private version(v: A.Version | undefined): void {
    if (!v || this.peek()?.start !== v.span.start) throw new Bail('missing version');
    for (let t = this.peek(); t && t.start < v.span.end; t = this.peek()) this.take(() => true, 'version');
  }

  /**
   * A type expression, from its tokens: `list<u8>`, `result<_, e>`, `tuple<a, b>`. Inside a type
   * only a comma is followed by a space; a trailing comma (`tuple<a,>`) is dropped.
   */
  private type(t: A.TypeExpr | undefined): void {
    if (!t) throw new Bail('missing type');
    const span = 'full' in t ? t.full : t.span;
    if (this.peek()?.start !== span.start) throw new Bail('type not at its token');
    let afterComma = false;
    for (let tk = this.peek(); tk && tk.start < span.end; tk = this.peek()) {
      if (tk.text === ',' && this.tokens[this.ti + 1]?.text === '>') {
        this.skip();
        continue;
      }
      if (afterComma) this.space();
      this.take(() => true, 'type');
      afterComma = tk.text === ',';
    }
  }

  // ---- consuming tokens ----

  private peek(): Token | undefined {
    const t = this.tokens[this.ti];
    return t && t.start < this.limit ? t : undefined;
  }

  private space(): void {
    this.next = SPACE;
  }

  private tok(text: string): void {
    this.take((t) => t.text === text, `\`${text}\``);
  }

  private id(id: A.Id | undefined): void {
    if (!id) throw new Bail('missing name');
    this.take((t) => t.start === id.span.start, 'name');
  }

  private word(): void {
    this.take((t) => t.kind === 'id' || t.kind === 'explicit-id' || t.kind === 'keyword', 'word');
  }

  /** Consumes the next token, which must satisfy `ok`: writes the comments before it, then it. */
  private take(ok: (t: Token) => boolean, what: string): void {
    const t = this.peek();
    if (!t || !ok(t)) throw new Bail(`expected ${what} at ${t?.start ?? 'end'}`);
    // Tokens written glued must not merge: only those glued in the source may stay glued.
    const gluedInSource = t.start === this.lastEnd;
    this.gap(this.next, t.start, this.level);
    this.next = NONE;
    this.write(t.text, !gluedInSource);
    this.maxCol = Math.max(this.maxCol, this.col);
    this.ti++;
    this.lastEnd = t.end;
    this.lastWasLineComment = false;
  }

  /** Drops the next token (a trailing comma): the comments before it are written. */
  private skip(): void {
    const t = this.peek()!;
    this.gap(this.next, t.start, this.level);
    this.next = NONE;
    this.pendingBreaks = 0;
    this.pendingSpace = false;
    this.ti++;
    this.lastEnd = t.end;
  }

  /** The offset of the token that closes the bracket opened by token `i`. */
  private closing(i: number): number {
    const open = this.tokens[i].text;
    const close = open === '{' ? '}' : open === '(' ? ')' : '>';
    let depth = 0;
    for (let j = i; j < this.tokens.length; j++) {
      const x = this.tokens[j].text;
      if (x === open) depth++;
      else if (x === close && --depth === 0) return this.tokens[j].start;
    }
    return this.text.length;
  }

  /**
   * Whether a comment between `start` and `end` cannot sit inside a one-line list: a line comment,
   * or a block comment that starts or ends a line.
   */
  private hasBreakingComments(start: number, end: number): boolean {
    for (let i = lowerBound(this.comments, start, byStart); i < this.comments.length && this.comments[i].start < end; i++) {
      const c = this.comments[i];
      if (!c.block || this.newlineAround(c)) return true;
    }
    return false;
  }

  /** Whether the whitespace right before or right after comment `c` holds a line break. */
  private newlineAround(c: Comment): boolean {
    for (let i = c.start - 1; i >= 0; i--) {
      const ch = this.text.charCodeAt(i);
      if (ch === 10) return true;
      if (ch !== 32 && ch !== 9 && ch !== 13) break;
    }
    for (let i = c.end; i < this.text.length; i++) {
      const ch = this.text.charCodeAt(i);
      if (ch === 10 || ch === 13) return true;
      if (ch !== 32 && ch !== 9) break;
    }
    return false;
  }

  private hasCommentsBetween(start: number, end: number): boolean {
    const i = lowerBound(this.comments, start, byStart);
    return i < this.comments.length && this.comments[i].start < end;
  }

  /**
   * Prints `print(false)`; if that made a line wider than `maxWidth` (and breaking is possible),
   * prints `print(true)` in its place. `force` breaks at once.
   */
  private fitOrBreak(force: boolean, canBreak: boolean, print: (broken: boolean) => void): void {
    if (force) return print(true);
    const snap = this.snapshot();
    this.maxCol = 0;
    print(false);
    if (canBreak && this.maxCol > this.o.maxWidth) {
      this.restore(snap);
      print(true);
    }
  }

  // ---- gaps: comments and whitespace between tokens ----

  /**
   * Writes the comments before source offset `nextStart` and prepares the whitespace before the
   * token there, as `sep` asks (`level`: the token's indentation).
   */
  private gap(sep: Sep, nextStart: number, level: number): void {
    let broke = false;
    let wrote = false;
    while (this.ci < this.comments.length && this.comments[this.ci].start < nextStart) {
      const c = this.comments[this.ci++];
      this.assertBlank(this.lastEnd, c.start);
      const ownLine = !this.started || this.lastWasLineComment || this.hasNewline(this.lastEnd, c.start);
      if (ownLine) {
        const policy = sep.kind === 'line' ? (broke ? sep.middle : sep.first) : 'never';
        const at = sep.kind === 'line' ? sep.commentLevel ?? level : this.level + 1;
        this.breakLine(this.breaks(policy, c.start), at);
        broke = true;
      } else {
        // Trailing: stays on the line of what precedes it.
        this.pendingSpace = !c.block || this.lastEnd < c.start;
      }
      this.write(c.block ? c.text : c.text.replace(/\s+$/, ''));
      this.lastEnd = c.end;
      this.lastWasLineComment = !c.block;
      const after = this.ci < this.comments.length && this.comments[this.ci].start < nextStart ? this.comments[this.ci].start : nextStart;
      this.mustBreak = !c.block || this.hasNewline(c.end, after);
      wrote = true;
    }
    this.assertBlank(this.lastEnd, nextStart);
    if (sep.kind === 'line') {
      this.breakLine(this.breaks(broke ? sep.last : combine(sep.first, sep.last), nextStart), level);
    } else if (this.mustBreak) {
      this.breakLine(1, this.level + 1); // a comment ended the line inside a statement: continue it
    } else if (sep.kind === 'space' || (wrote && this.lastEnd < nextStart)) {
      this.pendingSpace = true;
    }
    this.mustBreak = false;
  }

  /** Line breaks before the atom at `start`: 2 for a blank line, else 1. */
  private breaks(policy: Blank, start: number): number {
    if (policy === 'always') return 2;
    if (policy === 'never') return 1;
    let n = this.lastWasLineComment ? 1 : 0;
    for (let i = this.lastEnd; i < start && n < 2; i++) if (this.text.charCodeAt(i) === 10) n++;
    return n >= 2 ? 2 : 1;
  }

  private breakLine(n: number, level: number): void {
    this.pendingBreaks = Math.max(this.pendingBreaks, n);
    this.pendingIndent = level;
    this.pendingSpace = false;
  }

  private hasNewline(start: number, end: number): boolean {
    const i = this.text.indexOf('\n', start);
    return i >= 0 && i < end;
  }

  /** Between atoms there must be nothing but whitespace (else something would be lost). */
  private assertBlank(start: number, end: number): void {
    for (let i = start; i < end; i++) {
      if (!isBlank(this.text, i) && !(i === 0 && this.bom)) throw new Bail(`unexpected text at ${i}`);
    }
  }

  // ---- output ----

  /** Writes `s` after the pending whitespace; `checkGlue`: refuse to run two words together. */
  private write(s: string, checkGlue = false): void {
    if (this.pendingBreaks > 0) {
      if (this.started) {
        this.out.push(this.pendingBreaks > 1 ? this.eol + this.eol : this.eol);
        const indent = this.indentation(this.pendingIndent);
        this.out.push(indent);
        this.col = indent.length;
        this.lastChar = ' ';
      }
    } else if (this.pendingSpace && this.started) {
      this.out.push(' ');
      this.col++;
      this.lastChar = ' ';
    } else if (checkGlue && isWordChar(this.lastChar) && isWordChar(s[0])) {
      throw new Bail(`two words would run together at \`${s}\``);
    }
    this.pendingBreaks = 0;
    this.pendingSpace = false;
    this.out.push(s);
    this.started = true;
    const nl = s.lastIndexOf('\n');
    this.col = nl >= 0 ? s.length - nl - 1 : this.col + s.length;
    this.lastChar = s[s.length - 1];
  }

  private readonly indents: string[] = [];

  private indentation(level: number): string {
    return (this.indents[level] ??= ' '.repeat(level * this.o.indent));
  }

  private snapshot(): Snapshot {
    return {
      out: this.out.length, col: this.col, maxCol: this.maxCol, level: this.level, ti: this.ti, ci: this.ci,
      lastEnd: this.lastEnd, lastWasLineComment: this.lastWasLineComment, mustBreak: this.mustBreak,
      started: this.started, next: this.next, pendingBreaks: this.pendingBreaks, pendingIndent: this.pendingIndent,
      pendingSpace: this.pendingSpace, lastChar: this.lastChar,
    };
  }

  private restore(s: Snapshot): void {
    this.out.length = s.out;
    this.col = s.col;
    this.maxCol = s.maxCol;
    this.level = s.level;
    this.ti = s.ti;
    this.ci = s.ci;
    this.lastEnd = s.lastEnd;
    this.lastWasLineComment = s.lastWasLineComment;
    this.mustBreak = s.mustBreak;
    this.started = s.started;
    this.next = s.next;
    this.pendingBreaks = s.pendingBreaks;
    this.pendingIndent = s.pendingIndent;
    this.pendingSpace = s.pendingSpace;
    this.lastChar = s.lastChar;
  }
}

function isWordChar(c: string | undefined): boolean {
  return !!c && /[\p{XID_Continue}%"\-]/u.test(c);
}


// ---- checking and diffing ----

/**
 * Why `after` does not carry the same text as `before`, if it does not: the same tokens (commas
 * aside: the formatter adds and drops trailing ones), the same comments in the same order (line
 * comments without trailing whitespace), and the same lexer errors (characters that are no token).
 */
function compareAtoms(before: Lexed, after: Lexed): string | undefined {
  const words = (l: Lexed) => l.tokens.filter((t) => t.text !== ',');
  const a = words(before);
  const b = words(after);
  if (a.length !== b.length) return `${a.length} tokens became ${b.length}`;
  for (let i = 0; i < a.length; i++) if (a[i].text !== b[i].text) return `token \`${a[i].text}\` became \`${b[i].text}\``;
  if (before.comments.length !== after.comments.length) return `${before.comments.length} comments became ${after.comments.length}`;
  for (let i = 0; i < before.comments.length; i++) {
    if (commentText(before.comments[i]) !== commentText(after.comments[i])) return `comment ${i + 1} changed`;
  }
  if (before.errors.length !== after.errors.length) return 'the stray characters changed';
  return undefined;
}

function commentText(c: Comment): string {
  return c.block ? c.text : c.text.replace(/\s+$/, '');
}

/**
 * Walks the tokens and comments of a file in order, one at a time, without building a list
 * (the edits of a 5,000-line file pass some 45,000 of them).
 */
class Atoms {
  private i = 0;
  private j = 0;
  done = false;
  text = '';
  start = 0;
  /** End of what is compared (a line comment without its trailing whitespace). */
  end = 0;
  comma = false;

  constructor(private readonly l: Lexed) {
    this.next();
  }

  next(): void {
    const { tokens, comments } = this.l;
    if (this.i < tokens.length && (this.j >= comments.length || tokens[this.i].start < comments[this.j].start)) {
      const t = tokens[this.i++];
      this.text = t.text;
      this.start = t.start;
      this.end = t.end;
      this.comma = t.text === ',';
    } else if (this.j < comments.length) {
      const c = comments[this.j++];
      this.text = commentText(c);
      this.start = c.start;
      this.end = c.start + this.text.length;
      this.comma = false;
    } else {
      this.done = true;
    }
  }
}

/**
 * Minimal edits turning `before` into `after` when they differ only in whitespace and commas:
 * the two atom sequences are walked side by side, and each gap whose text differs becomes one
 * edit (an added or dropped comma joins the gap it sits in).
 */
function diffWhitespace(before: string, lexedBefore: Lexed, after: string, lexedAfter: Lexed): TextEdit[] {
  const x = new Atoms(lexedBefore);
  const y = new Atoms(lexedAfter);
  const edits: TextEdit[] = [];
  let gapA = 0;
  let gapB = 0;
  const same = (endA: number, endB: number) => {
    if (endA - gapA !== endB - gapB) return false;
    for (let k = 0; k < endA - gapA; k++) if (before.charCodeAt(gapA + k) !== after.charCodeAt(gapB + k)) return false;
    return true;
  };
  const flush = (endA: number, endB: number) => {
    if (!same(endA, endB)) edits.push({ start: gapA, end: endA, newText: after.slice(gapB, endB) });
  };
  while (!x.done || !y.done) {
    if (!x.done && !y.done && x.text === y.text) {
      flush(x.start, y.start);
      gapA = x.end;
      gapB = y.end;
      x.next();
      y.next();
    } else if (!x.done && x.comma) {
      x.next(); // dropped: the gap runs on over it
    } else if (!y.done && y.comma) {
      y.next(); // added
    } else {
      // Cannot happen for formatter output (compareAtoms checked it); replace the rest whole.
      return [{ start: gapA, end: before.length, newText: after.slice(gapB) }];
    }
  }
  flush(before.length, after.length);
  return edits;
}
