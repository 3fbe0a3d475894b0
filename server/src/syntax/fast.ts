// The fast path of parseWit: a strict recursive-descent parser by hand, over tokens kept in typed
// arrays, that builds the AST of ast.ts directly — no token objects, no CST. It accepts only input
// without a single problem: at the first thing it does not take as it stands (a syntax error, a
// character wit-parser refuses, a misspelt name, a bad version, an unknown attribute, nesting past
// wit-parser's limit) it gives up, and parseWit runs the chevrotain grammar, whose recovery and
// wit-parser's words report every error, on the rest of the file from the top-level item where
// it gave up. What it builds is, node for node and span for span, what
// the chevrotain path builds (test/syntax/fast.test.ts compares the two on every file we have and
// on thousands of edits of them); the rules below mirror grammar.ts's, gate for gate.
import type * as A from './ast.js';
import { noDocs } from './ast.js';
import { isDocComment } from './doc-comment.js';
import type { Comment, Lexed, Token } from './lex.js';
import { MAX_NESTING } from './grammar.js';
import { blockCommentEnd, charAfter, decodeStringLiteral, hasInvalidInput, stringLiteralEnd, validateId, wordEnd, wordEndUnicode, wordStart } from './lexer.js';
import { checkSemver } from './semver.js';

// ---- token kinds ----
const EOF = 0, ID = 1, EXPLICIT = 2, INTEGER = 3, STRING = 4;
/** Where lexing met a problem: the tokens end here, and no rule accepts it. */
const BAD = 31;
const EQUALS = 5, COMMA = 6, COLON = 7, PERIOD = 8, SEMI = 9, LPAREN = 10, RPAREN = 11, LBRACE = 12, RBRACE = 13;
const LANGLE = 14, RANGLE = 15, ARROW = 16, STAR = 17, AT = 18, SLASH = 19, PLUS = 20, MINUS = 21;

/** Keywords, numbered from 32 in this order. */
const keywordList = [
  'use', 'type', 'func', 'u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64', 'f32', 'f64', 'char', 'resource', 'own',
  'borrow', 'record', 'flags', 'variant', 'enum', 'bool', 'string', 'option', 'result', 'future', 'stream', 'error-context',
  'list', 'map', '_', 'as', 'from', 'static', 'interface', 'tuple', 'import', 'export', 'world', 'package', 'constructor',
  'include', 'with', 'async',
] as const;
const kw = (word: (typeof keywordList)[number]) => 32 + keywordList.indexOf(word);
const keywordKinds = new Map<string, number>(keywordList.map((w, k) => [w, 32 + k]));
const USE = kw('use'), TYPE = kw('type'), FUNC = kw('func'), RESOURCE = kw('resource'), OWN = kw('own'), BORROW = kw('borrow');
const RECORD = kw('record'), FLAGS = kw('flags'), VARIANT = kw('variant'), ENUM = kw('enum'), OPTION = kw('option');
const RESULT = kw('result'), FUTURE = kw('future'), STREAM = kw('stream'), LIST = kw('list'), MAP = kw('map');
const UNDERSCORE = kw('_'), AS = kw('as'), STATIC = kw('static'), INTERFACE = kw('interface'), TUPLE = kw('tuple');
const IMPORT = kw('import'), EXPORT = kw('export'), WORLD = kw('world'), PACKAGE = kw('package');
const CONSTRUCTOR = kw('constructor'), INCLUDE = kw('include'), WITH = kw('with'), ASYNC = kw('async');

/** The primitive type's name by kind (`error-context` included, as the grammar takes it). */
const primitiveName: (A.PrimitiveName | undefined)[] = [];
for (const p of ['u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64', 'f32', 'f64', 'char', 'bool', 'string', 'error-context'] as const) primitiveName[kw(p)] = p;

/** Punctuation by character code (`-` is `->` when `>` follows). */
const punct = new Uint8Array(128);
for (const [ch, k] of [['=', EQUALS], [',', COMMA], [':', COLON], ['.', PERIOD], [';', SEMI], ['(', LPAREN], [')', RPAREN], ['{', LBRACE],
  ['}', RBRACE], ['<', LANGLE], ['>', RANGLE], ['*', STAR], ['@', AT], ['/', SLASH], ['+', PLUS], ['-', MINUS]] as const) punct[ch.charCodeAt(0)] = k;

/** Most items have no attributes: they share one empty list (the tree is immutable). */
const noAttributes: readonly A.Attribute[] = Object.freeze([]);

/** Thrown (one object, never built again) when the fast path gives up. */
const GIVE_UP = { giveUp: true };
function giveUp(): never {
  throw GIVE_UP;
}

/** The tokens of a text as parallel arrays; comments apart, with how many precede each token. */
class Tokens {
  kinds: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  /** Comments before token i: indices [commentsBefore[i - 1], commentsBefore[i]) (from 0 for the first). */
  commentsBefore: Int32Array;
  /** A word token's text (a name, an integer, a string's value) by token index: its index in `wordList`. */
  wordIds: Int32Array;
  /**
   * Each distinct word once: a big file says `point` or `s32` thousands of times, and the tree
   * keeps every name, so each copy would outlive the parse (and be copied by every scavenge).
   */
  wordList: string[] = [];
  /** By word index: 1 once the word is known to be a well-formed name, 2 once known not to be. */
  wordChecked: Uint8Array;
  private readonly wordIndex = new Map<string, number>();
  commentStarts: number[] = [];
  commentEnds: number[] = [];
  count = 0;

  constructor(capacity: number) {
    this.kinds = new Uint8Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.commentsBefore = new Int32Array(capacity);
    this.wordIds = new Int32Array(capacity);
    this.wordChecked = new Uint8Array(64);
  }

  push(kind: number, start: number, end: number): void {
    if (this.count === this.kinds.length) this.grow();
    const k = this.count++;
    this.kinds[k] = kind;
    this.starts[k] = start;
    this.ends[k] = end;
    this.commentsBefore[k] = this.commentStarts.length;
  }

  /** Pushes a word token: `word`'s index is kept for it. */
  pushWord(kind: number, start: number, end: number, word: string): void {
    let id = this.wordIndex.get(word);
    if (id === undefined) {
      id = this.wordList.length;
      this.wordList.push(word);
      this.wordIndex.set(word, id);
    }
    this.push(kind, start, end);
    this.wordIds[this.count - 1] = id;
  }

  word(k: number): string {
    return this.wordList[this.wordIds[k]];
  }

  /** Whether token `k`'s word is a well-formed name (validateId), checked once per distinct word. */
  validWord(k: number): boolean {
    const id = this.wordIds[k];
    if (id >= this.wordChecked.length) {
      const more = new Uint8Array(Math.max(id + 1, this.wordChecked.length * 2));
      more.set(this.wordChecked);
      this.wordChecked = more;
    }
    let checked = this.wordChecked[id];
    if (checked === 0) this.wordChecked[id] = checked = validateId(this.wordList[id]) === undefined ? 1 : 2;
    return checked === 1;
  }

  /** Ends the tokens at a lexing problem at `at` (the parser gives up when it gets there). */
  stop(at: number): Tokens {
    this.push(BAD, at, at);
    return this;
  }

  /** Empties the tokens to lex another text with the same arrays. */
  reset(): void {
    this.count = 0;
    this.wordList = [];
    this.wordIndex.clear();
    this.wordChecked.fill(0);
    this.commentStarts = [];
    this.commentEnds = [];
  }

  private grow(): void {
    const n = this.kinds.length * 2;
    const kinds = new Uint8Array(n); kinds.set(this.kinds); this.kinds = kinds;
    const starts = new Int32Array(n); starts.set(this.starts); this.starts = starts;
    const ends = new Int32Array(n); ends.set(this.ends); this.ends = ends;
    const before = new Int32Array(n); before.set(this.commentsBefore); this.commentsBefore = before;
    const words = new Int32Array(n); words.set(this.wordIds); this.wordIds = words;
  }
}

/**
 * One set of token arrays kept between parses (every keystroke lexes a stretch), up to this many
 * tokens (~1.2 MB of arrays); bigger texts get arrays of their own.
 */
const KEEP_TOKENS = 1 << 16;
let spareTokens: Tokens | undefined;

function tokensFor(length: number): Tokens {
  const wanted = Math.max(64, Math.ceil(length / 3));
  const spare = spareTokens;
  if (spare && spare.kinds.length >= Math.min(wanted, KEEP_TOKENS)) {
    spareTokens = undefined;
    spare.reset();
    return spare;
  }
  return new Tokens(wanted);
}

/** Gives a parse's tokens back once nothing reads them. */
function release(tokens: Tokens): void {
  if (tokens.kinds.length <= KEEP_TOKENS) spareTokens = tokens;
}

/**
 * The lexer of lexer.ts over `text` from `from` to `to`. At the first lexing problem the tokens end
 * with a `BAD` one there (the parser gives up when it reaches it, and keeps what came before).
 * Undefined when `text` holds a character wit-parser refuses anywhere, or when a token or comment
 * runs on past `to` (then the stretch does not end between tokens).
 */
function scan(text: string, from = 0, to = text.length): Tokens | undefined {
  if (hasInvalidInput(from === 0 && to === text.length ? text : text.slice(from, to))) return undefined;
  const n = text.length;
  const out = tokensFor(to - from);
  let i = from === 0 && text.charCodeAt(0) === 0xfeff ? 1 : from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x09) { i++; continue; }
    if (c === 0x0d) {
      if (text.charCodeAt(i + 1) !== 0x0a) return out.stop(i);
      i += 2;
      continue;
    }
    const start = i;
    if (c === 0x2f) {
      const d = text.charCodeAt(i + 1);
      if (d === 0x2f) {
        const nl = text.indexOf('\n', i + 2);
        i = nl < 0 ? n : nl + 1;
        out.commentStarts.push(start);
        out.commentEnds.push(i);
        continue;
      }
      if (d === 0x2a) {
        const end = blockCommentEnd(text, i);
        if (end < 0) return out.stop(start);
        i = end;
        out.commentStarts.push(start);
        out.commentEnds.push(i);
        continue;
      }
    }
    if (c < 128) {
      if (wordStart[c]) {
        i = wordEnd(text, i + 1, false);
        const word = text.slice(start, i);
        const k = keywordKinds.get(word);
        if (k === undefined) out.pushWord(ID, start, i, word);
        else out.push(k, start, i);
        continue;
      }
      if (c === 0x2d && text.charCodeAt(i + 1) === 0x3e) { out.push(ARROW, start, i + 2); i += 2; continue; }
      const p = punct[c];
      if (p) { out.push(p, start, i + 1); i++; continue; }
      if (c >= 0x30 && c <= 0x39) {
        i++;
        while (i < n && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
        out.pushWord(INTEGER, start, i, text.slice(start, i));
        continue;
      }
      if (c === 0x25) {
        i = wordEnd(text, i + 1, true);
        out.pushWord(EXPLICIT, start, i, text.slice(start + 1, i));
        continue;
      }
      if (c === 0x22) {
        i = stringLiteralEnd(text, i);
        const literal = decodeStringLiteral(text.slice(start, i), start, charAfter(text, i));
        if (literal.error) return out.stop(start);
        out.pushWord(STRING, start, i, literal.value);
        continue;
      }
      return out.stop(start); // a character that starts no token
    }
    const end = wordEndUnicode(text, i);
    if (end < 0) return out.stop(start);
    i = end;
    out.pushWord(ID, start, i, text.slice(start, i));
  }
  if (i > to) {
    release(out);
    return undefined;
  }
  out.push(EOF, to, to);
  return out;
}

/**
 * lexWit's tokens and comments by this scanner, for a text it lexes without a problem (the
 * chevrotain lexer's output, token for token: test/syntax/lex.test.ts compares them); undefined
 * otherwise, and lexWit asks chevrotain, which reports what is wrong. Two to four times faster
 * (1 MB: 24-40 against 62-146 ms, most of it the token objects), for the features that lex the
 * whole text on every request (folding, semantic tokens, hover).
 */
export function lexFast(text: string): Lexed | undefined {
  const t = scan(text);
  if (!t) return undefined;
  try {
    const n = t.count - 1; // the last is EOF, or BAD where a problem stopped the scan
    if (t.kinds[n] !== EOF) return undefined;
    const tokens: Token[] = new Array(n);
    for (let k = 0; k < n; k++) {
      const kind = t.kinds[k];
      const start = t.starts[k], end = t.ends[k];
      tokens[k] = { kind: kind >= 32 ? 'keyword' : kind === ID ? 'id' : kind === EXPLICIT ? 'explicit-id' : kind === INTEGER ? 'integer' : kind === STRING ? 'string' : 'punct', text: text.slice(start, end), start, end };
    }
    const comments: Comment[] = new Array(t.commentStarts.length);
    for (let c = 0; c < comments.length; c++) {
      const start = t.commentStarts[c], end = t.commentEnds[c];
      const image = text.slice(start, end);
      comments[c] = { text: image, start, end, doc: isDocComment(image), block: image.startsWith('/*') };
    }
    return { tokens, comments, errors: [] };
  } finally {
    release(t);
  }
}

/** The parse of a file's beginning: its header and the top-level items before the first with a problem. */
export interface CleanPrefix {
  package?: A.PackageName;
  packageDocs: A.Docs;
  items: A.TopItem[];
  /** Where the clean part ends: after the last clean item (or the header); the rest is the grammar's. */
  end: number;
}

/**
 * Parses `text` when it has no problem at all: `{ file }`. Otherwise what came before the problem,
 * `{ prefix }` (the header and the items before the first with a problem; the grammar parses the
 * rest, from `prefix.end`, as it would have in a parse of the whole: it parses top-level items one
 * at a time), or nothing usable (a problem in the header, a character refused anywhere).
 */
export function parseFast(text: string): { file?: A.WitFile; prefix?: CleanPrefix } {
  const tokens = scan(text);
  if (!tokens) return {};
  const parser = new FastParser(text, tokens);
  try {
    return { file: parser.file() };
  } catch (e) {
    if (e !== GIVE_UP) throw e;
    return parser.prefix ? { prefix: parser.prefix } : {};
  } finally {
    release(tokens);
  }
}

/**
 * The top-level items of `text` from `from` to `to` (a stretch that starts and ends between items,
 * as reparseWit cuts it), offsets those of `text`; undefined when the stretch has any problem.
 */
export function parseFastItems(text: string, from: number, to: number): A.TopItem[] | undefined {
  const { prefix, complete } = continueFast(text, { packageDocs: noDocs, items: [], end: from }, to);
  return complete ? prefix.items : undefined;
}

/**
 * The items of an interface's or a world's body in `text` from `from` to `to` (a stretch inside
 * its braces that starts and ends between items, as reparseWit cuts it); undefined when the
 * stretch has any problem.
 */
export function parseFastBodyItems(text: string, from: number, to: number, body: 'interface' | 'world'): A.InterfaceItem[] | A.WorldItem[] | undefined {
  const tokens = scan(text, from, to);
  if (!tokens) return undefined;
  const parser = new FastParser(text, tokens);
  try {
    return parser.bodyItems(body);
  } catch (e) {
    if (e !== GIVE_UP) throw e;
    return undefined;
  } finally {
    release(tokens);
  }
}

/**
 * `prefix` (a clean beginning of `text`) continued by the fast path from where it ends up to `to`:
 * every item there when the rest has no problem (`complete`), else the longer clean beginning.
 */
export function continueFast(text: string, prefix: CleanPrefix, to = text.length): { prefix: CleanPrefix; complete: boolean } {
  const tokens = scan(text, prefix.end, to);
  if (!tokens) return { prefix, complete: false };
  const parser = new FastParser(text, tokens);
  const more: CleanPrefix = { ...prefix, items: [...prefix.items] };
  parser.prefix = more;
  try {
    parser.items();
    return { prefix: more, complete: true };
  } catch (e) {
    if (e !== GIVE_UP) throw e;
    return { prefix: more, complete: false };
  } finally {
    release(tokens);
  }
}

class FastParser {
  private i = 0;
  /** What is known clean so far (set once the header is read; grows with each top-level item). */
  prefix?: CleanPrefix;
  private readonly kinds: Uint8Array;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;

  /**
   * The lists being built, innermost last: each list's elements are pushed here and taken off as
   * one array of exactly their number (a list pushed into from empty keeps room for 17).
   */
  private readonly stack: unknown[] = [];

  constructor(private readonly text: string, private readonly t: Tokens) {
    this.kinds = t.kinds;
    this.starts = t.starts;
    this.ends = t.ends;
  }

  // ---- helpers ----

  /** The elements pushed on the stack since `base`, as one array of their number. */
  private take<T>(base: number): T[] {
    return this.stack.length === base ? [] : this.stack.splice(base) as T[];
  }

  private at(kind: number, k = 0): boolean {
    return this.kinds[this.i + k] === kind;
  }

  private atId(k = 0): boolean {
    const kind = this.kinds[this.i + k];
    return kind === ID || kind === EXPLICIT;
  }

  /** Consumes a token of `kind` and returns its index; gives up on any other. */
  private expect(kind: number): number {
    if (this.kinds[this.i] !== kind) giveUp();
    return this.i++;
  }

  /** The span from the start of token `a` to the end of the last token consumed. */
  private spanFrom(a: number): A.Span {
    return { start: this.starts[a], end: this.ends[this.i - 1] };
  }

  private tokSpan(k: number): A.Span {
    return { start: this.starts[k], end: this.ends[k] };
  }

  /** `foo` or `%foo`, a well-formed name. */
  private id(): A.Id {
    const k = this.i;
    const kind = this.kinds[k];
    if (kind !== ID && kind !== EXPLICIT) giveUp();
    this.i++;
    if (!this.t.validWord(k)) giveUp();
    const name = this.t.word(k);
    return { kind: 'id', name, span: this.tokSpan(k), explicit: kind === EXPLICIT };
  }

  /** The comments between token `k` and the one before it, as the chevrotain path's `docsBefore`. */
  private docs(k: number): A.Docs {
    const before = this.t.commentsBefore;
    const from = k === 0 ? 0 : before[k - 1];
    const to = before[k];
    if (from === to) return noDocs;
    const comments = new Array<string>(to - from);
    const { commentStarts, commentEnds } = this.t;
    for (let c = from; c < to; c++) comments[c - from] = this.text.slice(commentStarts[c], commentEnds[c]);
    const last = comments[comments.length - 1];
    return { comments, span: { start: commentStarts[from], end: commentStarts[to - 1] + last.trimEnd().length } };
  }

  // ---- file and packages ----

  file(): A.WitFile {
    let pkg: A.PackageName | undefined;
    let packageDocs = noDocs;
    if (this.at(PACKAGE)) {
      // A header when the name is followed by `;`, else a nested package (grammar.ts `isHeader`).
      this.i++;
      const name = this.packageName();
      if (this.at(SEMI)) {
        this.i++;
        pkg = name;
        packageDocs = this.docs(0);
      } else {
        this.i = 0;
      }
    }
    this.prefix = { package: pkg, packageDocs, items: [], end: this.i === 0 ? 0 : this.ends[this.i - 1] };
    return { kind: 'file', span: { start: 0, end: this.text.length }, package: pkg, packageDocs, items: this.items() };
  }

  /** The top-level items up to the end of the tokens, added to `prefix` with its end moved past each. */
  items(): A.TopItem[] {
    const prefix = this.prefix!;
    while (!this.at(EOF)) {
      prefix.items.push(this.topItem(0));
      prefix.end = this.ends[this.i - 1];
    }
    return prefix.items;
  }

  private packageName(): A.PackageName {
    const a = this.i;
    const namespace = this.id();
    this.expect(COLON);
    const name = this.id();
    let version: A.Version | undefined;
    if (this.at(AT)) {
      this.i++;
      version = this.version();
    }
    return { kind: 'package-name', span: this.spanFrom(a), namespace, name, version };
  }

  /** `1.2.3`, then `-pre` and `+build` parts as grammar.ts's `version` chomps them; valid semver only. */
  private version(): A.Version {
    const a = this.i;
    this.expect(INTEGER); this.expect(PERIOD); this.expect(INTEGER); this.expect(PERIOD); this.expect(INTEGER);
    for (const sign of [MINUS, PLUS]) {
      if (!this.at(sign)) continue;
      this.i++;
      for (;;) {
        if (this.atVersionPart(0)) this.i++;
        else if (this.at(PERIOD) && this.atVersionPart(1)) this.i += 2;
        else break;
      }
    }
    const span = this.spanFrom(a);
    const text = this.text.slice(span.start, span.end);
    if (checkSemver(text) !== undefined) giveUp();
    return { text, span };
  }

  private atVersionPart(k: number): boolean {
    const kind = this.kinds[this.i + k];
    return kind === ID || kind === INTEGER || kind === MINUS;
  }

  private topItem(depth: number): A.TopItem {
    const a = this.i;
    const attributes = this.attributes();
    const docs = this.docs(a);
    const kind = this.kinds[this.i];
    if (kind === INTERFACE) {
      this.i++;
      const name = this.id();
      const { items, bodySpan } = this.interfaceBody();
      return { kind: 'interface', span: this.spanFrom(a), docs, attributes, name, items, bodySpan };
    }
    if (kind === WORLD) return this.world(a, docs, attributes);
    if (kind === USE) {
      const kwTok = this.i++;
      const path = this.usePath();
      let as: A.Id | undefined;
      if (this.at(AS)) {
        this.i++;
        as = this.id();
      }
      this.expect(SEMI);
      return { kind: 'toplevel-use', span: this.spanFrom(a), keywordSpan: this.tokSpan(kwTok), attributes, path, as };
    }
    if (kind === PACKAGE) {
      if (depth >= MAX_NESTING || attributes.length) giveUp();
      const kwTok = this.i++;
      const name = this.packageName();
      this.expect(LBRACE);
      const base = this.stack.length;
      while (!this.at(RBRACE) && !this.at(EOF)) this.stack.push(this.topItem(depth + 1));
      const items = this.take<A.TopItem>(base);
      this.expect(RBRACE);
      return { kind: 'nested-package', span: this.spanFrom(a), docs, attributes, keywordSpan: this.tokSpan(kwTok), name, items };
    }
    giveUp();
  }

  // ---- attributes ----

  private attributes(): readonly A.Attribute[] {
    if (!this.at(AT)) return noAttributes;
    const out: A.Attribute[] = [];
    while (this.at(AT)) {
      this.i++;
      const name = this.id();
      this.expect(LPAREN);
      const span = name.span;
      switch (name.name) {
        case 'since':
        case 'deprecated': {
          if (this.id().name !== 'version') giveUp();
          this.expect(EQUALS);
          out.push({ kind: name.name, span, version: this.version() });
          break;
        }
        case 'unstable': {
          if (this.id().name !== 'feature') giveUp();
          this.expect(EQUALS);
          out.push({ kind: 'unstable', span, feature: this.id() });
          break;
        }
        case 'external-id': {
          const lit = this.expect(STRING);
          out.push({ kind: 'external-id', span, value: this.t.word(lit), valueSpan: this.tokSpan(lit) });
          break;
        }
        default:
          giveUp(); // an unknown attribute is an error
      }
      this.expect(RPAREN);
    }
    return out;
  }

  /** A body's items up to the end of the tokens (parseFastBodyItems). */
  bodyItems(body: 'interface' | 'world'): A.InterfaceItem[] | A.WorldItem[] {
    if (body === 'interface') {
      const base = this.stack.length;
      while (!this.at(EOF)) this.stack.push(this.interfaceItem());
      return this.take<A.InterfaceItem>(base);
    }
    const base = this.stack.length;
    while (!this.at(EOF)) this.stack.push(this.worldItem());
    return this.take<A.WorldItem>(base);
  }

  // ---- interfaces ----

  private interfaceBody(): { items: A.InterfaceItem[]; bodySpan: A.Span } {
    const a = this.expect(LBRACE);
    const base = this.stack.length;
    while (!this.at(RBRACE) && !this.at(EOF)) this.stack.push(this.interfaceItem());
    const items = this.take<A.InterfaceItem>(base);
    this.expect(RBRACE);
    return { items, bodySpan: this.spanFrom(a) };
  }

  private interfaceItem(): A.InterfaceItem {
    const a = this.i;
    const attributes = this.attributes();
    const docs = this.docs(a);
    const kind = this.kinds[this.i];
    if (kind === ID || kind === EXPLICIT) {
      const name = this.id();
      this.expect(COLON);
      const func = this.func();
      this.expect(SEMI);
      return { kind: 'func', span: this.spanFrom(a), docs, attributes, name, func };
    }
    if (kind === USE) return this.use(a, attributes);
    return this.typeDef(a, docs, attributes) ?? giveUp();
  }

  private use(a: number, attributes: readonly A.Attribute[]): A.Use {
    this.i++; // `use`
    const path = this.usePath();
    this.expect(PERIOD);
    this.expect(LBRACE);
    const base = this.stack.length;
    this.list(RBRACE, () => {
      const name = this.id();
      let as: A.Id | undefined;
      if (this.at(AS)) {
        this.i++;
        as = this.id();
      }
      this.stack.push({ name, as });
    });
    const names = this.take<A.UseName>(base);
    this.expect(RBRACE);
    this.expect(SEMI);
    return { kind: 'use', span: this.spanFrom(a), attributes, path, names };
  }

  /**
   * `item (, item)* ,?` or nothing, before `end` (which is left for the caller): the grammar's
   * OPTION / MANY with `is(Comma) && !is(end, 2)` / OPTION2(Comma).
   */
  private list(end: number, item: () => void): void {
    if (this.at(end)) return;
    item();
    while (this.at(COMMA) && !this.at(end, 1)) {
      this.i++;
      item();
    }
    if (this.at(COMMA)) this.i++;
  }

  private usePath(): A.UsePath {
    const first = this.id();
    if (!this.at(COLON)) return { kind: 'local-path', span: first.span, name: first };
    return this.packagePath(first);
  }

  /** `:pkg/iface@1.2.3` after the namespace `namespace`. */
  private packagePath(namespace: A.Id): A.UsePath {
    this.expect(COLON);
    const pkgName = this.id();
    this.expect(SLASH);
    const name = this.id();
    let version: A.Version | undefined;
    if (this.at(AT)) {
      this.i++;
      version = this.version();
    }
    const pkgSpan = { start: namespace.span.start, end: pkgName.span.end };
    const end = version?.span.end ?? name.span.end;
    return {
      kind: 'package-path',
      span: { start: namespace.span.start, end },
      package: { kind: 'package-name', span: pkgSpan, namespace, name: pkgName, version },
      name,
    };
  }

  private func(): A.Func {
    const a = this.i;
    let async = false;
    if (this.at(ASYNC)) {
      this.i++;
      async = true;
    }
    const funcTok = this.expect(FUNC);
    const { params, paramsSpan } = this.params();
    let result: A.TypeExpr | undefined;
    if (this.at(ARROW)) {
      this.i++;
      result = this.type(0);
    }
    return { span: this.spanFrom(a), funcSpan: this.tokSpan(funcTok), async, params, result, paramsSpan };
  }

  private params(): { params: A.Param[]; paramsSpan: A.Span } {
    const a = this.expect(LPAREN);
    const base = this.stack.length;
    this.list(RPAREN, () => {
      const name = this.id();
      this.expect(COLON);
      this.stack.push({ name, type: this.type(0) });
    });
    const params = this.take<A.Param>(base);
    this.expect(RPAREN);
    return { params, paramsSpan: this.spanFrom(a) };
  }

  // ---- worlds ----

  private world(a: number, docs: A.Docs, attributes: readonly A.Attribute[]): A.WorldDecl {
    this.i++; // `world`
    const name = this.id();
    const body = this.expect(LBRACE);
    const base = this.stack.length;
    while (!this.at(RBRACE) && !this.at(EOF)) this.stack.push(this.worldItem());
    const items = this.take<A.WorldItem>(base);
    this.expect(RBRACE);
    const bodySpan = this.spanFrom(body);
    return { kind: 'world', span: this.spanFrom(a), docs, attributes, name, items, bodySpan };
  }

  private worldItem(): A.WorldItem {
    const a = this.i;
    const attributes = this.attributes();
    const docs = this.docs(a);
    const kind = this.kinds[this.i];
    if (kind === IMPORT || kind === EXPORT) {
      this.i++;
      const extern = this.externKind();
      return { kind: kind === IMPORT ? 'import' : 'export', span: this.spanFrom(a), docs, attributes, extern };
    }
    if (kind === USE) return this.use(a, attributes);
    if (kind === INCLUDE) {
      this.i++;
      const path = this.usePath();
      let names: A.IncludeName[] = [];
      if (this.at(WITH)) {
        this.i++;
        this.expect(LBRACE);
        const base = this.stack.length;
        this.list(RBRACE, () => {
          const name = this.id();
          this.expect(AS);
          this.stack.push({ name, as: this.id() });
        });
        names = this.take<A.IncludeName>(base);
        this.expect(RBRACE);
      } else {
        this.expect(SEMI);
      }
      return { kind: 'include', span: this.spanFrom(a), attributes, path, names };
    }
    if (kind === ENUM || kind === VARIANT || kind === RECORD || kind === RESOURCE || kind === FLAGS || kind === TYPE) {
      return this.typeDef(a, docs, attributes)!;
    }
    giveUp();
  }

  /** After `import` / `export`: grammar.ts's `externKind`, its gates in its order. */
  private externKind(): A.ExternKind {
    const a = this.i;
    const first = this.id();
    if (this.at(COLON) && (this.at(FUNC, 1) || this.at(ASYNC, 1))) {
      this.i++;
      const func = this.func();
      this.expect(SEMI);
      return { kind: 'extern-func', span: this.spanFrom(a), name: first, func };
    }
    if (this.at(COLON) && this.at(INTERFACE, 1)) {
      this.i += 2;
      const { items, bodySpan } = this.interfaceBody();
      return { kind: 'extern-interface', span: this.spanFrom(a), name: first, items, bodySpan };
    }
    if (this.at(COLON) && this.atId(1) && !this.at(SLASH, 2)) {
      this.i++;
      const path = this.usePath();
      this.expect(SEMI);
      return { kind: 'extern-named-path', span: this.spanFrom(a), name: first, path };
    }
    const path: A.UsePath = this.at(COLON) ? this.packagePath(first) : { kind: 'local-path', span: first.span, name: first };
    this.expect(SEMI);
    return { kind: 'extern-path', span: this.spanFrom(a), path };
  }

  // ---- type definitions ----

  /** `type`, `record`, `variant`, `enum`, `flags` or `resource`; undefined at anything else. */
  private typeDef(a: number, docs: A.Docs, attributes: readonly A.Attribute[]): A.TypeDef | undefined {
    const kind = this.kinds[this.i];
    switch (kind) {
      case TYPE: {
        this.i++;
        const name = this.id();
        this.expect(EQUALS);
        const type = this.type(0);
        this.expect(SEMI);
        return { kind: 'typedef', keyword: 'type', span: this.spanFrom(a), docs, attributes, name, type };
      }
      case RECORD: {
        this.i++;
        const name = this.id();
        this.expect(LBRACE);
        const base = this.stack.length;
        this.list(RBRACE, () => {
          const f = this.i;
          const fieldDocs = this.docs(f);
          const n = this.id();
          this.expect(COLON);
          const type = this.type(0);
          this.stack.push({ docs: fieldDocs, name: n, type, span: this.spanFrom(f) });
        });
        const fields = this.take<A.Field>(base);
        this.expect(RBRACE);
        return { kind: 'typedef', keyword: 'record', span: this.spanFrom(a), docs, attributes, name, type: { kind: 'record', span: name.span, fields } };
      }
      case VARIANT: {
        this.i++;
        const name = this.id();
        this.expect(LBRACE);
        const base = this.stack.length;
        this.list(RBRACE, () => {
          const c = this.i;
          const caseDocs = this.docs(c);
          const n = this.id();
          let type: A.TypeExpr | undefined;
          if (this.at(LPAREN)) {
            this.i++;
            type = this.type(0);
            this.expect(RPAREN);
          }
          this.stack.push({ docs: caseDocs, name: n, type, span: this.spanFrom(c) });
        });
        const cases = this.take<A.Case>(base);
        this.expect(RBRACE);
        return { kind: 'typedef', keyword: 'variant', span: this.spanFrom(a), docs, attributes, name, type: { kind: 'variant', span: name.span, cases } };
      }
      case ENUM:
      case FLAGS: {
        this.i++;
        const name = this.id();
        this.expect(LBRACE);
        const base = this.stack.length;
        this.list(RBRACE, () => {
          const caseDocs = this.docs(this.i);
          const n = this.id();
          this.stack.push({ docs: caseDocs, name: n, span: n.span });
        });
        const cases = this.take<A.EnumCase>(base);
        this.expect(RBRACE);
        const span = this.spanFrom(a);
        if (kind === FLAGS) return { kind: 'typedef', keyword: 'flags', span, docs, attributes, name, type: { kind: 'flags', span: name.span, flags: cases } };
        return { kind: 'typedef', keyword: 'enum', span, docs, attributes, name, type: { kind: 'enum', span: name.span, cases } };
      }
      case RESOURCE: {
        this.i++;
        const name = this.id();
        let funcs: A.ResourceFunc[] = [];
        let bodySpan: A.Span | undefined;
        if (this.at(LBRACE)) {
          const body = this.i++;
          const base = this.stack.length;
          while (!this.at(RBRACE) && !this.at(EOF)) this.stack.push(this.resourceFunc());
          funcs = this.take<A.ResourceFunc>(base);
          this.expect(RBRACE);
          bodySpan = this.spanFrom(body);
        } else {
          this.expect(SEMI);
        }
        return { kind: 'typedef', keyword: 'resource', span: this.spanFrom(a), docs, attributes, name, type: { kind: 'resource', span: name.span, funcs, bodySpan } };
      }
    }
    return undefined;
  }

  private resourceFunc(): A.ResourceFunc {
    const a = this.i;
    const attributes = this.attributes();
    const docs = this.docs(a);
    if (this.at(CONSTRUCTOR)) {
      const ctor = this.i++;
      const { params, paramsSpan } = this.params();
      let result: A.TypeExpr | undefined;
      if (this.at(ARROW)) {
        this.i++;
        result = this.type(0);
      }
      this.expect(SEMI);
      return { kind: 'constructor', span: this.spanFrom(a), docs, attributes, keywordSpan: this.tokSpan(ctor), params, result, paramsSpan };
    }
    const name = this.id();
    this.expect(COLON);
    let isStatic = false;
    if (this.at(STATIC)) {
      this.i++;
      isStatic = true;
    }
    const func = this.func();
    this.expect(SEMI);
    return { kind: isStatic ? 'static' : 'method', span: this.spanFrom(a), docs, attributes, name, func };
  }

  // ---- type expressions ----

  private type(depth: number): A.TypeExpr {
    if (depth >= MAX_NESTING) giveUp();
    const k = this.i;
    const kind = this.kinds[k];
    const prim = primitiveName[kind];
    if (prim !== undefined) {
      this.i++;
      return { kind: 'primitive', span: this.tokSpan(k), name: prim };
    }
    if (kind === ID || kind === EXPLICIT) {
      const id = this.id();
      return { kind: 'name', span: id.span, id };
    }
    this.i++;
    const span = this.tokSpan(k);
    switch (kind) {
      case TUPLE: {
        this.expect(LANGLE);
        const base = this.stack.length;
        this.list(RANGLE, () => this.stack.push(this.type(depth + 1)));
        const types = this.take<A.TypeExpr>(base);
        this.expect(RANGLE);
        return { kind: 'tuple', span, full: this.spanFrom(k), types };
      }
      case LIST: {
        this.expect(LANGLE);
        const element = this.type(depth + 1);
        let size: number | undefined;
        let sizeSpan: A.Span | undefined;
        if (this.at(COMMA)) {
          this.i++;
          const s = this.expect(INTEGER);
          size = Number(this.t.word(s));
          if (!Number.isSafeInteger(size) || size > 0xffffffff) giveUp();
          sizeSpan = this.tokSpan(s);
        }
        this.expect(RANGLE);
        return { kind: 'list', span, full: this.spanFrom(k), element, size, sizeSpan };
      }
      case MAP: {
        this.expect(LANGLE);
        const key = this.type(depth + 1);
        this.expect(COMMA);
        const value = this.type(depth + 1);
        this.expect(RANGLE);
        return { kind: 'map', span, full: this.spanFrom(k), key, value };
      }
      case OPTION: {
        this.expect(LANGLE);
        const element = this.type(depth + 1);
        this.expect(RANGLE);
        return { kind: 'option', span, full: this.spanFrom(k), element };
      }
      case RESULT: {
        let ok: A.TypeExpr | undefined;
        let err: A.TypeExpr | undefined;
        if (this.at(LANGLE)) {
          this.i++;
          if (this.at(UNDERSCORE)) {
            this.i++;
            this.expect(COMMA);
            err = this.type(depth + 1);
          } else {
            ok = this.type(depth + 1);
            if (this.at(COMMA)) {
              this.i++;
              err = this.type(depth + 1);
            }
          }
          this.expect(RANGLE);
        }
        return { kind: 'result', span, full: this.spanFrom(k), ok, err };
      }
      case FUTURE:
      case STREAM: {
        let element: A.TypeExpr | undefined;
        if (this.at(LANGLE)) {
          this.i++;
          element = this.type(depth + 1);
          this.expect(RANGLE);
        }
        return { kind: kind === FUTURE ? 'future' : 'stream', span, full: this.spanFrom(k), element };
      }
      case OWN:
      case BORROW: {
        this.expect(LANGLE);
        const resource = this.id();
        this.expect(RANGLE);
        return { kind: 'handle', span: resource.span, full: this.spanFrom(k), handle: kind === BORROW ? 'borrow' : 'own', resource };
      }
    }
    giveUp();
  }
}
