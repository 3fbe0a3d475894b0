// parseWit: text → (AST, syntax errors). Never throws. Builds the immutable AST of ast.ts from
// chevrotain's CST, attaches comments as docs the way wit-parser does, and checks what wit-parser
// checks while parsing (identifier spelling, versions, attribute arguments, list sizes).
import { EOF, type CstElement, type CstNode, type IRecognitionException, type IToken } from './chevrotain.js';
import type * as A from './ast.js';
import { noDocs } from './ast.js';
import type { SyntaxError } from './diagnostic.js';
import { WitGrammar } from './grammar.js';
import { decodeStringLiteral, tokenize, validateId } from './lexer.js';
import { lowerBound } from './search.js';
import { lexedFrom, lexWit, type Lexed } from './lex.js';
import { continueFast, parseFast, parseFastBodyItems, parseFastItems, type CleanPrefix } from './fast.js';
import { checkSemver } from './semver.js';
import * as T from './tokens.js';

export interface ParseResult {
  file: A.WitFile;
  /** Syntax errors, the one wit-parser would report first at the front. */
  errors: SyntaxError[];
}

let grammar: WitGrammar | undefined;

/** Parses one `.wit` file. */
export function parseWit(text: string): ParseResult;
/** Parses one `.wit` file and also returns its tokens and comments (what `lexWit` gives). */
export function parseWit(text: string, options: { tokens: true }): ParseResult & { lexed: Lexed };
export function parseWit(text: string, options: { tokens?: boolean } = {}): ParseResult & { lexed?: Lexed } {
  // Input without a problem (nearly every file, nearly always) takes the fast path; the grammar
  // below, with its recovery and wit-parser's words, runs when there is something to report.
  const { file, prefix } = parseFast(text);
  if (file) return options.tokens ? { file, errors: [], lexed: lexWit(text) } : { file, errors: [] };
  if (prefix && prefix.end > 0) {
    const rest = grammarParse(text, prefix).result;
    const result = options.tokens ? { ...rest, lexed: lexWit(text) } : rest;
    cleanItems.set(result, prefix.items.length);
    return result;
  }
  return parseWithGrammar(text, options);
}

/**
 * How many of a parse's first top-level items the fast path read (each clean: what any parse of
 * a text that begins the same way begins with). Kept beside the results of parses with errors;
 * an item the grammar read may look whole yet be a recovery's (a `}` it made up).
 */
const cleanItems = new WeakMap<ParseResult, number>();

/** A top-level item `reparseWit` made by moving one of the old parse's: which, and how. */
export interface MovedItem {
  /** The old parse's item. */
  old: A.TopItem;
  /** Where the edit ended in the old text: offsets from there on moved by `delta`. */
  at: number;
  delta: number;
}

/**
 * Each moved copy's old item, held weakly: a copy is made from the copy before it at every edit,
 * and a strong hold would keep every version of the tree alive. The old item lives as long as
 * what compares with it (the last resolution's trace) does.
 */
const moved = new WeakMap<A.TopItem, { old: WeakRef<A.TopItem>; at: number; delta: number }>();

/** The old item `item` is a moved copy of, when `reparseWit` made it so (everything else about it is the old item's). */
export function movedFrom(item: A.TopItem): MovedItem | undefined {
  const m = moved.get(item);
  const old = m?.old.deref();
  return m && old ? { old, at: m.at, delta: m.delta } : undefined;
}

/** parseWit by the chevrotain grammar alone (the fast path's tests compare the two). */
export function parseWithGrammar(text: string, options: { tokens?: boolean } = {}): ParseResult & { lexed?: Lexed } {
  const { result, lexed } = grammarParse(text);
  return options.tokens ? { ...result, lexed: lexedFrom(lexed) } : result;
}

/**
 * The grammar's parse of `text` whole, or of what follows `prefix`: the header and items the fast
 * path read cleanly, where they end (a place between tokens). That gives what the grammar alone
 * gives, since it parses top-level items one at a time and the clean part holds nothing it would report.
 */
function grammarParse(text: string, prefix?: CleanPrefix): { result: ParseResult; lexed: ReturnType<typeof tokenize> } {
  const lexed = tokenize(text, prefix?.end ?? 0);
  grammar ??= new WitGrammar();
  const g = grammar;
  g.start(lexed.tokens);
  const errors: SyntaxError[] = [...lexed.errors];
  const builder = new AstBuilder(text, lexed.tokens, lexed.comments, errors);
  let header: CstNode | undefined;
  const items: A.TopItem[] = prefix ? [...prefix.items] : [];
  let seenErrors = 0;
  let seenNotes = 0;
  // The tree builder looks at the errors of what it builds (version checks do).
  const collect = () => {
    for (; seenErrors < g.errors.length; seenErrors++) errors.push(fromException(g.errors[seenErrors], text));
    for (; seenNotes < g.notes.length; seenNotes++) {
      const n = g.notes[seenNotes];
      errors.push({ code: n.code, message: n.message, start: smi(n.token.startOffset), end: smi(n.token.startOffset + n.token.image.length) });
    }
  };
  // Items are parsed one at a time and each is turned into AST at once, so the CST of a large
  // file is never held whole (its garbage made parsing superlinear in the file's size). One item
  // rather than a batch: a CST that dies before the next scavenge is never copied, which makes
  // parsing a third faster (a generated 5,000-line file: 29 ms rather than 45 ms).
  try {
    if (!prefix) header = g.header();
    parseItems(g, builder, lexed.tokens.length, items, collect);
  } catch (e) {
    // chevrotain should not throw with recovery on; if it does, keep what we have.
    errors.push({ code: 'internal-error', message: `parser failure: ${(e as Error).message}`, start: 0, end: 0 });
  }
  collect();
  const file: A.WitFile = prefix
    ? { kind: 'file', span: { start: 0, end: text.length }, package: prefix.package, packageDocs: prefix.packageDocs, items }
    : builder.file(header, items);
  sortErrors(errors);
  return { result: { file, errors: dedupe(errors) }, lexed };
}

/**
 * `newText` parsed again from `old`, the parse of `oldText`, re-parsing only the top-level items
 * the edit touches (rust-analyzer reparses the smallest enclosing block; a WIT file's blocks are
 * its items): only the stretch of the items in between is lexed and parsed, the items before the
 * edit are reused as they are, those after it with their offsets moved. The result is the one `parseWit(newText)` gives — when it could differ
 * (either text has a syntax error, the edit reaches the package header, a token or a comment
 * crosses the re-parsed stretch's ends) this is `parseWit(newText)`.
 */
export function reparseWit(oldText: string, old: ParseResult, newText: string): ParseResult {
  const full = () => parseWit(newText);
  const items = old.file.items;
  if (items.length === 0) return full();
  // The changed stretch: [p, oldEnd) of the old text is [p, newEnd) of the new.
  const max = Math.min(oldText.length, newText.length);
  const p = commonPrefix(oldText, newText, max);
  if (old.errors.length) return reparseBroken(old, newText, p);
  const s = commonSuffix(oldText, newText, max - p);
  const oldEnd = oldText.length - s;
  const delta = newText.length - oldText.length;
  if (p === oldText.length && delta === 0) return old;
  const inside = reparseBody(old, newText, p, oldEnd, delta);
  if (inside) return inside;
  const headerEnd = old.file.package ? old.file.package.span.end : 0;
  const { before: a, after: b } = untouched(items, p, oldEnd, headerEnd);
  const from = a === 0 ? -1 : items[a - 1].span.end;
  if (from < 0 || from < headerEnd) return full(); // the edit reaches the header (or what precedes the first item)
  const toOld = b === items.length ? oldText.length : items[b - 1].span.end;
  if (b < items.length && toOld < oldEnd) return full();
  const to = b === items.length ? newText.length : toOld + delta;
  // Only the stretch is lexed and parsed, by the fast path: anything it would leave to the
  // grammar (an error, a token running on past the stretch's end) means a fresh parse.
  const middle = parseFastItems(newText, from, to);
  if (!middle) return full();
  const file: A.WitFile = { ...old.file, span: { start: 0, end: newText.length }, items: [...items.slice(0, a), ...middle, ...movedItems(items.slice(b), oldEnd, delta)] };
  return { file, errors: [] };
}

/**
 * The edit parsed again within the body of the interface or world that holds it, braces untouched:
 * as for top-level items, the body's items before the edit are kept, those after it moved, and
 * the stretch between is parsed by the fast path (a keystroke in wasi:http's `interface types`,
 * all of types.wit, parses one of its items, not the whole). Undefined when the edit is not inside
 * one body, or the stretch has anything the fast path leaves to the grammar.
 */
function reparseBody(old: ParseResult, newText: string, p: number, oldEnd: number, delta: number): ParseResult | undefined {
  const items = old.file.items;
  let k = 0;
  while (k < items.length && items[k].span.end <= p) k++;
  const item = items[k];
  if (!item || (item.kind !== 'interface' && item.kind !== 'world') || !item.bodySpan) return undefined;
  // Inside the braces: `{` at bodySpan.start and `}` just before bodySpan.end stay as they are.
  const open = item.bodySpan.start + 1;
  const close = item.bodySpan.end - 1;
  if (p < open || oldEnd > close) return undefined;
  const inner: readonly (A.InterfaceItem | A.WorldItem)[] = item.items;
  const kept = untouched(inner, p, oldEnd, open);
  const a = kept.before;
  let b = kept.after;
  if (b === a && b < inner.length) b++; // text typed right after `{`: the first item's docs may have grown
  const from = a === 0 ? open : inner[a - 1].span.end;
  const toOld = b === inner.length ? close : inner[b - 1].span.end;
  if (toOld < oldEnd) return undefined;
  const middle = parseFastBodyItems(newText, from, toOld + delta, item.kind);
  if (!middle) return undefined;
  const body = [...inner.slice(0, a), ...middle, ...movedBy(inner.slice(b), delta)];
  const span = { start: item.span.start, end: item.span.end + delta };
  const bodySpan = { start: item.bodySpan.start, end: item.bodySpan.end + delta };
  const edited = (item.kind === 'interface'
    ? { ...item, span, bodySpan, items: body as A.InterfaceItem[] }
    : { ...item, span, bodySpan, items: body as A.WorldItem[] }) as A.TopItem;
  const file: A.WitFile = { ...old.file, span: { start: 0, end: newText.length }, items: [...items.slice(0, k), edited, ...movedItems(items.slice(k + 1), oldEnd, delta)] };
  return { file, errors: [] };
}

/**
 * Which of `items` (in order; spans in the old text) an edit of [p, oldEnd) leaves as they are: the
 * first `before`, which end before it (the gap after the last of them is parsed again: its
 * comments are the next item's docs), and those from `after` on, whose gap before them starts
 * after it (the first item's gap starts at `gapStart`).
 */
function untouched(items: readonly { span: A.Span }[], p: number, oldEnd: number, gapStart: number): { before: number; after: number } {
  let a = 0;
  while (a < items.length && items[a].span.end < p) a++;
  let b = items.length;
  while (b > a && (b - 1 === 0 ? gapStart : items[b - 2].span.end) >= oldEnd) b--;
  return { before: a, after: b };
}

/** Nodes after an edit, their spans moved by `delta`. */
function movedBy<T>(nodes: T[], delta: number): T[] {
  return delta === 0 ? nodes : nodes.map((n) => shiftSpans(n, delta));
}

/** Top-level items after an edit that ended at `at` of the old text, moved by `delta`, each remembered with the item it was (`movedFrom`). */
function movedItems(items: A.TopItem[], at: number, delta: number): A.TopItem[] {
  const copies = movedBy(items, delta);
  if (copies !== items) copies.forEach((copy, i) => moved.set(copy, { old: new WeakRef(items[i]), at, delta }));
  return copies;
}

/** How many code units `a` and `b` agree on from their start (at most `max`): strings compared a block at a time. */
function commonPrefix(a: string, b: string, max: number): number {
  const block = 256;
  let p = 0;
  while (p + block <= max && a.slice(p, p + block) === b.slice(p, p + block)) p += block;
  while (p < max && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  return p;
}

/** How many code units `a` and `b` agree on back from their end (at most `max`). */
function commonSuffix(a: string, b: string, max: number): number {
  const block = 256;
  let s = 0;
  while (s + block <= max && a.slice(a.length - s - block, a.length - s) === b.slice(b.length - s - block, b.length - s)) s += block;
  while (s < max && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  return s;
}

/**
 * `newText` parsed again from `old`, a parse with errors, where the texts agree up to `p`: the old
 * items that the fast path read cleanly and that end before the edit are what any parse of the
 * new text begins with; the rest is parsed as parseWit parses it, by the fast path and then the
 * grammar from the first item with a problem.
 */
function reparseBroken(old: ParseResult, newText: string, p: number): ParseResult {
  const clean = cleanItems.get(old) ?? 0;
  const items = old.file.items;
  let a = 0;
  while (a < clean && items[a].span.end < p) a++;
  if (a === 0) return parseWit(newText);
  const { prefix, complete } = continueFast(newText, { package: old.file.package, packageDocs: old.file.packageDocs, items: items.slice(0, a), end: items[a - 1].span.end });
  if (complete) return { file: { kind: 'file', span: { start: 0, end: newText.length }, package: prefix.package, packageDocs: prefix.packageDocs, items: prefix.items }, errors: [] };
  const result = grammarParse(newText, prefix).result;
  cleanItems.set(result, prefix.items.length);
  return result;
}

/**
 * The top-level items of the tokens `g` was started on, one at a time, each turned into AST at
 * once (`parsed` runs between: the builder looks at the errors of what it builds).
 */
function parseItems(g: WitGrammar, builder: AstBuilder, tokenCount: number, out: A.TopItem[], parsed?: () => void): void {
  while (g.position < tokenCount - 1) {
    const before = g.position;
    const chunk = g.chunk(1);
    parsed?.();
    builder.topItems(chunk, out);
    if (g.position === before) break;
  }
}

/**
 * A copy of an AST node with every span moved by `delta`. What holds no offset is shared with the
 * old tree (a comment's texts; docs without a span), which the tree's immutability allows.
 */
function shiftSpans<T>(node: T, delta: number): T {
  if (Array.isArray(node)) {
    if (node.length === 0) return node; // holds no offset (most items' attributes: one shared empty list)
    const out = new Array(node.length);
    for (let i = 0; i < node.length; i++) {
      const v = node[i];
      out[i] = v !== null && typeof v === 'object' ? shiftSpans(v, delta) : v;
    }
    return out as T;
  }
  const o = node as Record<string, unknown>;
  // Docs are `{ comments, span? }`; a span is `{ start, end }` and nothing else (nodes have a `kind`).
  if (o.comments !== undefined) {
    const span = o.span as A.Span | undefined;
    return (span === undefined ? o : { comments: o.comments, span: { start: span.start + delta, end: span.end + delta } }) as T;
  }
  if (o.kind === undefined && typeof o.start === 'number') return { start: (o.start as number) + delta, end: (o.end as number) + delta } as T;
  const out: Record<string, unknown> = {};
  for (const k in o) {
    const v = o[k];
    out[k] = v !== null && typeof v === 'object' ? shiftSpans(v, delta) : v;
  }
  return out as T;
}

function fromException(e: IRecognitionException, text: string): SyntaxError {
  const tok = e.token;
  const eof = tok.tokenType === EOF || Number.isNaN(tok.startOffset);
  const start = eof ? text.length : smi(tok.startOffset);
  const end = eof ? text.length : smi(tok.startOffset + tok.image.length);
  return { code: 'unexpected-token', message: e.message, start, end };
}

/** The order wit-parser would meet them: whole-file problems first, then by position. */
export function sortErrors(errors: SyntaxError[]): void {
  errors.sort((a, b) => Number(!!b.wholeFile) - Number(!!a.wholeFile) || (a.order ?? a.start) - (b.order ?? b.start));
}

/** One error per position: recovery often trips again on the token that was already reported. */
function dedupe(errors: SyntaxError[]): SyntaxError[] {
  const seen = new Set<number>();
  return errors.filter((e) => {
    if (seen.has(e.start)) return false;
    seen.add(e.start);
    return true;
  });
}

type Children = Record<string, CstElement[] | undefined>;

const tokenStart = (t: IToken) => t.startOffset;

/**
 * An offset read from chevrotain (a CST node's location, a token it made) as a small integer.
 * Chevrotain starts locations at NaN, so V8 keeps its offsets as boxed doubles; stored as they
 * are into a span, one such value turns every `{ start, end }` in the program into a shape with
 * two boxed doubles (72 bytes instead of 40, two more objects each), the fast path's too. NaN
 * stays NaN.
 */
function smi(n: number): number {
  return (n | 0) === n ? n | 0 : n;
}

function isNode(e: CstElement | undefined): e is CstNode {
  return !!e && 'children' in e;
}

function real(t: IToken | undefined): t is IToken {
  return !!t && !t.isInsertedInRecovery && !Number.isNaN(t.startOffset);
}

class AstBuilder {
  constructor(
    private readonly text: string,
    private readonly tokens: IToken[],
    private readonly comments: IToken[],
    private readonly errors: SyntaxError[],
  ) {}

  // ---- helpers ----

  private tok(node: CstNode | undefined, label: string, i = 0): IToken | undefined {
    const e = (node?.children as Children | undefined)?.[label]?.[i];
    return e && !isNode(e) && real(e) ? e : undefined;
  }

  private toks(node: CstNode | undefined, label: string): IToken[] {
    return ((node?.children as Children | undefined)?.[label] ?? []).filter((e): e is IToken => !isNode(e) && real(e));
  }

  private sub(node: CstNode | undefined, label: string, i = 0): CstNode | undefined {
    const e = (node?.children as Children | undefined)?.[label]?.[i];
    return isNode(e) ? e : undefined;
  }

  private subs(node: CstNode | undefined, label: string): CstNode[] {
    return ((node?.children as Children | undefined)?.[label] ?? []).filter(isNode);
  }

  private span(node: CstNode): A.Span {
    const loc = node.location;
    if (!loc || Number.isNaN(loc.startOffset)) {
      const first = this.firstToken(node);
      return first ? this.tokSpan(first) : { start: 0, end: 0 };
    }
    const end = Number.isNaN(loc.endOffset ?? NaN) ? loc.startOffset : loc.endOffset! + 1;
    return { start: smi(loc.startOffset), end: smi(end) };
  }

  private tokSpan(t: IToken): A.Span {
    return { start: smi(t.startOffset), end: smi(t.startOffset + t.image.length) };
  }

  /** The first real token of a node: found by offset, without walking the subtree. */
  private firstToken(node: CstNode): IToken | undefined {
    const start = node.location?.startOffset;
    if (start === undefined || Number.isNaN(start)) return undefined;
    const i = lowerBound(this.tokens, start, tokenStart);
    const t = this.tokens[i];
    return t && t.startOffset === start ? t : undefined;
  }

  private error(code: string, message: string, span: A.Span): void {
    this.errors.push({ code, message, start: span.start, end: span.end });
  }

  private id(t: IToken | undefined): A.Id | undefined {
    if (!t) return undefined;
    const explicit = t.tokenType === T.ExplicitId;
    const name = explicit ? t.image.slice(1) : t.image;
    const span = this.tokSpan(t);
    const problem = validateId(name);
    if (problem) this.error('invalid-identifier', problem, span);
    return { kind: 'id', name, span, explicit };
  }

  /** Comments between the previous significant token and `first`, as wit-parser's `parse_docs`. */
  private docsBefore(first: IToken | undefined): A.Docs {
    if (!first || this.comments.length === 0) return noDocs;
    const i = lowerBound(this.tokens, first.startOffset, tokenStart);
    const prevEnd = i > 0 ? this.tokens[i - 1].startOffset + this.tokens[i - 1].image.length : 0;
    let c = lowerBound(this.comments, prevEnd, tokenStart);
    const texts: string[] = [];
    let start = -1;
    let end = -1;
    for (; c < this.comments.length && this.comments[c].startOffset < first.startOffset; c++) {
      const comment = this.comments[c];
      if (start < 0) start = comment.startOffset;
      const trimmed = comment.image.trimEnd();
      end = comment.startOffset + trimmed.length;
      texts.push(comment.image);
    }
    return texts.length ? { comments: texts, span: { start, end } } : noDocs;
  }

  private docsOf(node: CstNode | undefined): A.Docs {
    return node ? this.docsBefore(this.firstToken(node)) : noDocs;
  }

  // ---- file and packages ----

  file(headerNode: CstNode | undefined, items: A.TopItem[]): A.WitFile {
    const header = this.sub(headerNode, 'packageHeader');
    const pkg = header ? this.packageName(this.sub(header, 'packageName')) : undefined;
    const packageDocs = header ? this.docsOf(header) : noDocs;
    return { kind: 'file', span: { start: 0, end: this.text.length }, package: pkg, packageDocs, items };
  }

  topItems(chunk: CstNode, out: A.TopItem[]): void {
    for (const n of this.subs(chunk, 'topItem')) {
      const item = this.topItem(n);
      if (item) out.push(item);
    }
  }

  private packageName(node: CstNode | undefined): A.PackageName | undefined {
    if (!node) return undefined;
    return {
      kind: 'package-name',
      span: this.span(node),
      namespace: this.id(this.tok(node, 'namespace')),
      name: this.id(this.tok(node, 'name')),
      version: this.version(this.sub(node, 'version')),
    };
  }

  private version(node: CstNode | undefined): A.Version | undefined {
    if (!node) return undefined;
    const span = this.span(node);
    const text = this.text.slice(span.start, span.end);
    // A version cut short by a syntax error has already been reported by the parser.
    const broken = node.recoveredNode || hasInsertedToken(node) || this.errors.some((e) => e.start >= span.start && e.start < span.end);
    const problem = broken ? undefined : checkSemver(text);
    if (problem) this.error('invalid-version', problem, span);
    return { text, span };
  }

  private topItem(node: CstNode): A.TopItem | undefined {
    const attributes = this.attributes(this.sub(node, 'attributes'));
    const docs = this.docsOf(node);
    const iface = this.sub(node, 'interfaceDecl');
    if (iface) return this.interfaceDecl(iface, docs, attributes, node);
    const world = this.sub(node, 'worldDecl');
    if (world) return this.worldDecl(world, docs, attributes, node);
    const use = this.sub(node, 'toplevelUse');
    if (use) {
      const kw = this.tok(use, 'Kw_use');
      return {
        kind: 'toplevel-use',
        span: this.span(node),
        keywordSpan: kw ? this.tokSpan(kw) : this.span(use),
        attributes,
        path: this.usePath(this.sub(use, 'usePath')),
        as: this.id(this.tok(use, 'as')),
      };
    }
    const nested = this.sub(node, 'nestedPackage');
    if (nested) {
      const kw = this.tok(nested, 'Kw_package');
      const keywordSpan = kw ? this.tokSpan(kw) : this.span(nested);
      if (attributes.length) this.error('invalid-attribute', 'cannot place attributes on nested packages', keywordSpan);
      return {
        kind: 'nested-package',
        span: this.span(node),
        docs,
        attributes,
        keywordSpan,
        name: this.packageName(this.sub(nested, 'packageName')),
        items: this.subs(nested, 'topItem').map((n) => this.topItem(n)).filter((x): x is A.TopItem => !!x),
      };
    }
    return undefined;
  }

  // ---- attributes ----

  private attributes(node: CstNode | undefined): A.Attribute[] {
    const out: A.Attribute[] = [];
    for (const a of this.subs(node, 'attribute')) {
      const nameTok = this.tok(a, 'name');
      if (!nameTok) continue;
      const name = this.id(nameTok)!;
      const span = name.span;
      const key = this.id(this.tok(a, 'key'));
      const expectKey = (want: string) => {
        if (key && key.name !== want) this.error('invalid-attribute', `expected \`${want}\`, found \`${key.name}\``, key.span);
      };
      switch (name.name) {
        case 'since':
          expectKey('version');
          out.push({ kind: 'since', span, version: this.version(this.sub(a, 'version')) });
          break;
        case 'deprecated':
          expectKey('version');
          out.push({ kind: 'deprecated', span, version: this.version(this.sub(a, 'version')) });
          break;
        case 'unstable':
          expectKey('feature');
          out.push({ kind: 'unstable', span, feature: this.id(this.tok(a, 'feature')) });
          break;
        case 'external-id': {
          const lit = this.tok(a, 'StringLiteral');
          const value = lit ? decodeStringLiteral(lit.image, lit.startOffset).value : undefined;
          out.push({ kind: 'external-id', span, value, valueSpan: lit ? this.tokSpan(lit) : undefined });
          break;
        }
        default:
          this.error('unknown-attribute', `unknown attribute \`${name.name}\``, span);
      }
    }
    return out;
  }

  // ---- interfaces ----

  private interfaceDecl(node: CstNode, docs: A.Docs, attributes: A.Attribute[], outer: CstNode): A.InterfaceDecl {
    const body = this.sub(node, 'interfaceBody');
    return {
      kind: 'interface',
      span: this.span(outer),
      docs,
      attributes,
      name: this.id(this.tok(node, 'name')),
      items: this.interfaceItems(body),
      bodySpan: body ? this.span(body) : undefined,
    };
  }

  private interfaceItems(body: CstNode | undefined): A.InterfaceItem[] {
    const out: A.InterfaceItem[] = [];
    for (const item of this.subs(body, 'interfaceItem')) {
      const x = this.interfaceItem(item);
      if (x) out.push(x);
    }
    return out;
  }

  private interfaceItem(node: CstNode): A.InterfaceItem | undefined {
    const attributes = this.attributes(this.sub(node, 'attributes'));
    const docs = this.docsOf(node);
    const td = this.typeDef(node, docs, attributes);
    if (td) return td;
    const nf = this.sub(node, 'namedFunc');
    if (nf) {
      const name = this.id(this.tok(nf, 'name'));
      if (!name) return undefined;
      return { kind: 'func', span: this.span(node), docs, attributes, name, func: this.func(this.sub(nf, 'func')) };
    }
    const use = this.sub(node, 'use');
    if (use) return this.use(use, attributes, node);
    return undefined;
  }

  private use(node: CstNode, attributes: A.Attribute[], outer: CstNode): A.Use {
    return {
      kind: 'use',
      span: this.span(outer),
      attributes,
      path: this.usePath(this.sub(node, 'usePath')),
      names: this.subs(node, 'useName')
        .map((n): A.UseName | undefined => {
          const name = this.id(this.tok(n, 'name'));
          return name ? { name, as: this.id(this.tok(n, 'as')) } : undefined;
        })
        .filter((x): x is A.UseName => !!x),
    };
  }

  private usePath(node: CstNode | undefined): A.UsePath | undefined {
    if (!node) return undefined;
    const first = this.id(this.tok(node, 'first'));
    if (!first) return undefined;
    const tail = this.sub(node, 'packagePathTail');
    if (!tail) return { kind: 'local-path', span: first.span, name: first };
    return this.packagePath(first, tail);
  }

  private packagePath(namespace: A.Id, tail: CstNode): A.UsePath {
    const pkgName = this.id(this.tok(tail, 'package'));
    const name = this.id(this.tok(tail, 'name'));
    const version = this.version(this.sub(tail, 'version'));
    const pkgSpan = { start: namespace.span.start, end: (pkgName ?? namespace).span.end };
    const end = version?.span.end ?? name?.span.end ?? pkgSpan.end;
    return {
      kind: 'package-path',
      span: { start: namespace.span.start, end },
      package: { kind: 'package-name', span: pkgSpan, namespace, name: pkgName, version },
      name,
    };
  }

  private func(node: CstNode | undefined): A.Func | undefined {
    if (!node) return undefined;
    const funcTok = this.tok(node, 'Kw_func');
    const params = this.sub(node, 'paramList');
    const span = this.span(node);
    return {
      span,
      funcSpan: funcTok ? this.tokSpan(funcTok) : span,
      async: !!this.tok(node, 'Kw_async'),
      params: this.params(params),
      result: this.type(this.sub(node, 'result')),
      paramsSpan: params ? this.span(params) : undefined,
    };
  }

  private params(node: CstNode | undefined): A.Param[] {
    return this.subs(node, 'param')
      .map((p): A.Param | undefined => {
        const name = this.id(this.tok(p, 'name'));
        return name ? { name, type: this.type(this.sub(p, 'type')) } : undefined;
      })
      .filter((x): x is A.Param => !!x);
  }

  // ---- worlds ----

  private worldDecl(node: CstNode, docs: A.Docs, attributes: A.Attribute[], outer: CstNode): A.WorldDecl {
    const body = this.sub(node, 'worldBody');
    const items: A.WorldItem[] = [];
    for (const item of this.subs(body, 'worldItem')) {
      const x = this.worldItem(item);
      if (x) items.push(x);
    }
    return {
      kind: 'world',
      span: this.span(outer),
      docs,
      attributes,
      name: this.id(this.tok(node, 'name')),
      items,
      bodySpan: body ? this.span(body) : undefined,
    };
  }

  private worldItem(node: CstNode): A.WorldItem | undefined {
    const attributes = this.attributes(this.sub(node, 'attributes'));
    const docs = this.docsOf(node);
    const imp = this.tok(node, 'Kw_import');
    const exp = this.tok(node, 'Kw_export');
    if (imp || exp) {
      const ek = this.sub(node, 'externKind');
      return { kind: imp ? 'import' : 'export', span: this.span(node), docs, attributes, extern: ek ? this.externKind(ek) : undefined };
    }
    const td = this.typeDef(node, docs, attributes);
    if (td) return td;
    const use = this.sub(node, 'use');
    if (use) return this.use(use, attributes, node);
    const inc = this.sub(node, 'include');
    if (inc) {
      return {
        kind: 'include',
        span: this.span(node),
        attributes,
        path: this.usePath(this.sub(inc, 'usePath')),
        names: this.subs(inc, 'includeName')
          .map((n): A.IncludeName | undefined => {
            const name = this.id(this.tok(n, 'name'));
            return name ? { name, as: this.id(this.tok(n, 'as')) } : undefined;
          })
          .filter((x): x is A.IncludeName => !!x),
      };
    }
    return undefined;
  }

  private externKind(node: CstNode): A.ExternKind | undefined {
    const first = this.id(this.tok(node, 'first'));
    if (!first) return undefined;
    const span = this.span(node);
    const func = this.sub(node, 'func');
    if (func) return { kind: 'extern-func', span, name: first, func: this.func(func) };
    const body = this.sub(node, 'interfaceBody');
    if (body || this.tok(node, 'Kw_interface')) {
      return { kind: 'extern-interface', span, name: first, items: this.interfaceItems(body), bodySpan: body ? this.span(body) : undefined };
    }
    if (this.tok(node, 'labelColon')) return { kind: 'extern-named-path', span, name: first, path: this.usePath(this.sub(node, 'usePath')) };
    const tail = this.sub(node, 'packagePathTail');
    const path: A.UsePath = tail ? this.packagePath(first, tail) : { kind: 'local-path', span: first.span, name: first };
    return { kind: 'extern-path', span, path };
  }

  // ---- type definitions ----

  private typeDef(node: CstNode, docs: A.Docs, attributes: A.Attribute[]): A.TypeDef | undefined {
    const span = this.span(node);
    const alias = this.sub(node, 'typeAlias');
    if (alias) {
      return { kind: 'typedef', keyword: 'type', span, docs, attributes, name: this.id(this.tok(alias, 'name')), type: this.type(this.sub(alias, 'type')) };
    }
    const rec = this.sub(node, 'recordDecl');
    if (rec) {
      const name = this.id(this.tok(rec, 'name'));
      const fields = this.subs(rec, 'field')
        .map((f): A.Field | undefined => {
          const n = this.id(this.tok(f, 'name'));
          return n ? { docs: this.docsOf(f), name: n, type: this.type(this.sub(f, 'type')), span: this.span(f) } : undefined;
        })
        .filter((x): x is A.Field => !!x);
      return { kind: 'typedef', keyword: 'record', span, docs, attributes, name, type: name && { kind: 'record', span: name.span, fields } };
    }
    const variant = this.sub(node, 'variantDecl');
    if (variant) {
      const name = this.id(this.tok(variant, 'name'));
      const cases = this.subs(variant, 'variantCase')
        .map((c): A.Case | undefined => {
          const n = this.id(this.tok(c, 'name'));
          return n ? { docs: this.docsOf(c), name: n, type: this.type(this.sub(c, 'type')), span: this.span(c) } : undefined;
        })
        .filter((x): x is A.Case => !!x);
      return { kind: 'typedef', keyword: 'variant', span, docs, attributes, name, type: name && { kind: 'variant', span: name.span, cases } };
    }
    const en = this.sub(node, 'enumDecl') ?? this.sub(node, 'flagsDecl');
    if (en) {
      const isFlags = en.name === 'flagsDecl';
      const name = this.id(this.tok(en, 'name'));
      const cases = this.toks(en, 'case').map((t): A.EnumCase => {
        const n = this.id(t)!;
        return { docs: this.docsBefore(t), name: n, span: n.span };
      });
      const type: A.TypeExpr | undefined = name && (isFlags ? { kind: 'flags', span: name.span, flags: cases } : { kind: 'enum', span: name.span, cases });
      return { kind: 'typedef', keyword: isFlags ? 'flags' : 'enum', span, docs, attributes, name, type };
    }
    const res = this.sub(node, 'resourceDecl');
    if (res) {
      const name = this.id(this.tok(res, 'name'));
      const body = this.sub(res, 'resourceBody');
      const funcs = this.subs(body, 'resourceFunc').map((f) => this.resourceFunc(f)).filter((x): x is A.ResourceFunc => !!x);
      return {
        kind: 'typedef',
        keyword: 'resource',
        span,
        docs,
        attributes,
        name,
        type: name && { kind: 'resource', span: name.span, funcs, bodySpan: body ? this.span(body) : undefined },
      };
    }
    return undefined;
  }

  private resourceFunc(node: CstNode): A.ResourceFunc | undefined {
    const attributes = this.attributes(this.sub(node, 'attributes'));
    const docs = this.docsOf(node);
    const span = this.span(node);
    const ctor = this.tok(node, 'Kw_constructor');
    if (ctor) {
      const params = this.sub(node, 'paramList');
      return {
        kind: 'constructor',
        span,
        docs,
        attributes,
        keywordSpan: this.tokSpan(ctor),
        params: this.params(params),
        result: this.type(this.sub(node, 'result')),
        paramsSpan: params ? this.span(params) : undefined,
      };
    }
    const name = this.id(this.tok(node, 'name'));
    if (!name) return undefined;
    return { kind: this.tok(node, 'Kw_static') ? 'static' : 'method', span, docs, attributes, name, func: this.func(this.sub(node, 'func')) };
  }

  // ---- type expressions ----

  private type(node: CstNode | undefined): A.TypeExpr | undefined {
    if (!node) return undefined;
    const prim = this.tok(node, 'primitive');
    if (prim) return { kind: 'primitive', span: this.tokSpan(prim), name: prim.image as A.PrimitiveName };
    const name = this.tok(node, 'name');
    if (name) {
      const id = this.id(name)!;
      return { kind: 'name', span: id.span, id };
    }
    for (const [label, kind] of [['optionType', 'option'], ['futureType', 'future'], ['streamType', 'stream']] as const) {
      const n = this.sub(node, label);
      if (n) {
        const kw = this.firstToken(n)!;
        return { kind, span: this.tokSpan(kw), full: this.span(n), element: this.type(this.sub(n, 'type')) };
      }
    }
    const list = this.sub(node, 'listType');
    if (list) {
      const kw = this.firstToken(list)!;
      const sizeTok = this.tok(list, 'size');
      let size: number | undefined;
      if (sizeTok) {
        size = Number(sizeTok.image);
        if (!Number.isSafeInteger(size) || size > 0xffffffff) {
          this.error('invalid-list-size', 'invalid list size: number too large to fit in target type', this.tokSpan(sizeTok));
          size = undefined;
        }
      }
      return { kind: 'list', span: this.tokSpan(kw), full: this.span(list), element: this.type(this.sub(list, 'type')), size, sizeSpan: sizeTok && this.tokSpan(sizeTok) };
    }
    const map = this.sub(node, 'mapType');
    if (map) {
      const kw = this.firstToken(map)!;
      return { kind: 'map', span: this.tokSpan(kw), full: this.span(map), key: this.type(this.sub(map, 'key')), value: this.type(this.sub(map, 'value')) };
    }
    const tuple = this.sub(node, 'tupleType');
    if (tuple) {
      const kw = this.firstToken(tuple)!;
      return { kind: 'tuple', span: this.tokSpan(kw), full: this.span(tuple), types: this.subs(tuple, 'type').map((t) => this.type(t)).filter((x): x is A.TypeExpr => !!x) };
    }
    const result = this.sub(node, 'resultType');
    if (result) {
      const kw = this.firstToken(result)!;
      return { kind: 'result', span: this.tokSpan(kw), full: this.span(result), ok: this.type(this.sub(result, 'ok')), err: this.type(this.sub(result, 'err')) };
    }
    const handle = this.sub(node, 'handleType');
    if (handle) {
      const kw = this.tok(handle, 'handle');
      const resource = this.id(this.tok(handle, 'name'));
      const which = kw?.image === 'borrow' ? 'borrow' : 'own';
      // wit-parser spans a handle by its resource name.
      return { kind: 'handle', span: resource?.span ?? this.span(handle), full: this.span(handle), handle: which, resource };
    }
    return undefined;
  }
}

/** A node where recovery made up a missing token (the version `1.2.` lacks its patch). */
function hasInsertedToken(node: CstNode): boolean {
  for (const list of Object.values(node.children as Children)) {
    for (const e of list ?? []) {
      if (isNode(e) ? hasInsertedToken(e) : e.isInsertedInRecovery) return true;
    }
  }
  return false;
}

