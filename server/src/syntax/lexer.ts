// The WIT lexer: chevrotain's Lexer driven by patterns that reproduce wit-parser's tokenizer
// (crates/wit-parser/src/ast/lex.rs): kebab words with Unicode XID classes, `%`-escaped words,
// nested block comments, string literals with escapes, CRLF folded into whitespace. Errors use
// wit-parser's words and never stop the lexer: a bad character is reported and skipped.
import { createToken, Lexer, type IToken, type TokenType, type CustomPatternMatcherFunc } from './chevrotain.js';
import * as T from './tokens.js';
import type { SyntaxError } from './diagnostic.js';

const idStart = /[\p{XID_Start}_]/u;
const idRest = /[\p{XID_Continue}-]*/uy;
const explicitIdRe = /%(?:[\p{XID_Start}_][\p{XID_Continue}-]*)?/uy;
const wordRe = /[\p{XID_Start}_][\p{XID_Continue}-]*/uy;

function sticky(re: RegExp): CustomPatternMatcherFunc {
  return (text, offset) => {
    re.lastIndex = offset;
    return re.exec(text);
  };
}

/** `/* … *\/` with nesting, as wit-parser lexes it; an unterminated comment runs to the end. */
const matchBlockComment: CustomPatternMatcherFunc = (text, offset) => {
  if (text.charCodeAt(offset) !== 0x2f || text.charCodeAt(offset + 1) !== 0x2a) return null;
  let depth = 1;
  let i = offset + 2;
  const n = text.length;
  while (i < n && depth > 0) {
    const c = text.charCodeAt(i);
    if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a) { depth++; i += 2; }
    else if (c === 0x2a && text.charCodeAt(i + 1) === 0x2f) { depth--; i += 2; }
    else i++;
  }
  return [text.slice(offset, i)] as unknown as RegExpExecArray;
};

/** `"…"` up to the closing quote; stops before a line break so one bad literal spoils one line. */
const matchString: CustomPatternMatcherFunc = (text, offset) => {
  if (text.charCodeAt(offset) !== 0x22) return null;
  let i = offset + 1;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22) { i++; break; }
    if (c === 0x0a || c === 0x0d) break;
    if (c === 0x5c && i + 1 < n && text.charCodeAt(i + 1) !== 0x0a) i += 2;
    else i++;
  }
  return [text.slice(offset, i)] as unknown as RegExpExecArray;
};

// Start-character hints let chevrotain keep its per-character dispatch table. Characters above
// 255 fall into buckets of 255 code units, so one hint per bucket routes every non-ASCII
// character to the word pattern, which then decides with the real XID classes.
const wordStartHints: (string | number)[] = ['_'];
for (let c = 0x41; c <= 0x5a; c++) wordStartHints.push(c, c + 0x20);
for (let c = 0x80; c < 256; c++) wordStartHints.push(c);
for (let c = 256; c < 65536; c += 255) wordStartHints.push(c);
wordStartHints.push(65535);

const LexWhitespace = createToken({ name: 'LexWhitespace', pattern: /(?:[ \t\n]|\r\n)+/, group: Lexer.SKIPPED, line_breaks: true });
const LexLineComment = createToken({ name: 'LexLineComment', pattern: /\/\/[^\n]*\n?/, group: 'comments', line_breaks: true });
const LexBlockComment = createToken({ name: 'LexBlockComment', pattern: { exec: matchBlockComment }, start_chars_hint: ['/'], group: 'comments', line_breaks: true });
const LexString = createToken({ name: 'LexString', pattern: { exec: matchString }, start_chars_hint: ['"'], line_breaks: false });
const LexWord = createToken({ name: 'LexWord', pattern: { exec: sticky(wordRe) }, start_chars_hint: wordStartHints, line_breaks: false });
const LexExplicit = createToken({ name: 'LexExplicit', pattern: { exec: sticky(explicitIdRe) }, start_chars_hint: ['%'], line_breaks: false });

function punct(t: TokenType, text: string): TokenType {
  return createToken({ name: `Lex${t.name}`, pattern: text });
}

/** Lexer token type → parser token type. */
const retype = new Map<TokenType, TokenType>();
const lexerTokens: TokenType[] = [LexWhitespace, LexLineComment, LexBlockComment];
for (const [t, text] of [
  [T.RArrow, '->'], [T.Equals, '='], [T.Comma, ','], [T.Colon, ':'], [T.Period, '.'], [T.Semicolon, ';'],
  [T.LParen, '('], [T.RParen, ')'], [T.LBrace, '{'], [T.RBrace, '}'], [T.LAngle, '<'], [T.RAngle, '>'],
  [T.Star, '*'], [T.At, '@'], [T.Slash, '/'], [T.Plus, '+'], [T.Minus, '-'],
] as const) {
  const lt = punct(t, text);
  retype.set(lt, t);
  lexerTokens.push(lt);
}
const LexInteger = createToken({ name: 'LexInteger', pattern: /[0-9]+/ });
lexerTokens.push(LexString, LexInteger, LexWord, LexExplicit);
retype.set(LexString, T.StringLiteral);
retype.set(LexInteger, T.Integer);
retype.set(LexExplicit, T.ExplicitId);

const chevrotainLexer = new Lexer(lexerTokens, {
  positionTracking: 'onlyOffset',
  ensureOptimizations: true,
  skipValidations: true,
  recoveryEnabled: true,
});

export interface LexResult {
  /** Significant tokens, with parser token types (keywords re-typed). */
  tokens: IToken[];
  /** Line and block comments, in order. */
  comments: IToken[];
  errors: SyntaxError[];
}

/** Tokenizes `text`. Never throws. Offsets are UTF-16 code unit offsets into `text`. */
export function tokenize(text: string): LexResult {
  const errors: SyntaxError[] = [];
  detectInvalidInput(text, errors);
  let input = text;
  let bom = false;
  if (input.charCodeAt(0) === 0xfeff) {
    // wit-parser eats a leading BOM; keep offsets by lexing a space in its place.
    input = ' ' + input.slice(1);
    bom = true;
  }
  const result = chevrotainLexer.tokenize(input);
  for (const e of result.errors) {
    const ch = String.fromCodePoint(text.codePointAt(e.offset) ?? 0xfffd);
    if (isInvalidInputChar(ch.codePointAt(0)!)) continue; // already reported by detectInvalidInput
    errors.push({ code: 'unexpected-character', message: `unexpected character ${rustCharDebug(ch)}`, start: e.offset, end: e.offset + ch.length });
  }
  const tokens = result.tokens;
  for (const tok of tokens) {
    tok.endOffset = tok.startOffset + tok.image.length - 1;
    if (tok.tokenType === LexWord) {
      const kw = T.keywords.get(tok.image);
      setType(tok, kw ?? T.Id);
    } else {
      const t = retype.get(tok.tokenType);
      if (t) setType(tok, t);
      if (tok.tokenType === T.StringLiteral) checkStringLiteral(tok, text, errors);
    }
  }
  const comments = (result.groups.comments ?? []) as IToken[];
  for (const c of comments) {
    if (c.image.startsWith('/*') && !blockCommentClosed(c.image)) {
      errors.push({ code: 'unterminated-comment', message: 'unterminated block comment', start: c.startOffset, end: c.startOffset + 2 });
    }
  }
  void bom;
  return { tokens, comments, errors };
}

function setType(tok: IToken, t: TokenType): void {
  tok.tokenType = t;
  tok.tokenTypeIdx = t.tokenTypeIdx!;
}

function blockCommentClosed(image: string): boolean {
  let depth = 1;
  for (let i = 2; i < image.length; i++) {
    const c = image.charCodeAt(i);
    if (c === 0x2f && image.charCodeAt(i + 1) === 0x2a) { depth++; i++; }
    else if (c === 0x2a && image.charCodeAt(i + 1) === 0x2f) { depth--; i++; if (depth === 0) return i === image.length - 1; }
  }
  return false;
}

// ---- whole-input checks (wit-parser's `detect_invalid_input`) ----

const bidi = new Set([0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);
const deprecated = new Set([0x149, 0x673, 0xf77, 0xf79, 0x17a3, 0x17a4, 0x17b4, 0x17b5]);

function isControl(cp: number): boolean {
  return (cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f)) && cp !== 0x0a && cp !== 0x0d && cp !== 0x09;
}

function isInvalidInputChar(cp: number): boolean {
  return isControl(cp) || bidi.has(cp) || deprecated.has(cp);
}

const invalidInputRe = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u0149\u0673\u0f77\u0f79\u17a3\u17a4\u17b4\u17b5]/g;

function detectInvalidInput(text: string, errors: SyntaxError[]): void {
  invalidInputRe.lastIndex = 0;
  for (let m = invalidInputRe.exec(text); m; m = invalidInputRe.exec(text)) {
    const cp = m[0].codePointAt(0)!;
    const at = m.index;
    const esc = `\\u{${cp.toString(16)}}`;
    if (bidi.has(cp)) {
      errors.push({ code: 'forbidden-codepoint', message: `Input contains bidirectional override codepoint EscapeUnicode(EscapeIterInner('${esc}'))`, start: at, end: at + 1, wholeFile: true });
    } else if (deprecated.has(cp)) {
      errors.push({ code: 'forbidden-codepoint', message: `Codepoint EscapeUnicode(EscapeIterInner('${esc}')) is discouraged by Unicode`, start: at, end: at + 1, wholeFile: true });
    } else {
      errors.push({ code: 'control-code', message: `Control code '${esc}'`, start: at, end: at + 1, wholeFile: true });
    }
  }
}

// ---- string literals (wit-parser's `expect_string_literal`) ----

/** Decodes a string literal token's value; reports the first error the way wit-parser does. */
export function decodeStringLiteral(image: string, start: number, next?: string): { value: string; error?: SyntaxError } {
  const bytes: number[] = [];
  const err = (code: string, message: string, at: number, len = 1) => ({ value: utf8Decode(bytes) ?? '', error: { code, message, start: at, end: at + len } });
  let i = 1; // past the opening quote
  const n = image.length;
  const pushChar = (cp: number) => {
    const s = String.fromCodePoint(cp);
    for (const b of Buffer.from(s, 'utf8')) bytes.push(b);
  };
  for (;;) {
    if (i >= n) {
      // The literal stopped at a line break (or the end of the text) without its closing quote.
      if (next) return err('invalid-string', `invalid string character ${rustCharDebug(next)}`, start + n);
      return err('invalid-string', 'unexpected end of file', start + n, 0);
    }
    const cp = image.codePointAt(i)!;
    const w = cp > 0xffff ? 2 : 1;
    if (cp === 0x22) break;
    if (cp === 0x5c) {
      const at = i + 1;
      if (at >= n) return err('invalid-string', 'unexpected end of file', start + n, 0);
      const c = image.codePointAt(at)!;
      i = at + (c > 0xffff ? 2 : 1);
      switch (c) {
        case 0x22: bytes.push(0x22); continue;
        case 0x27: bytes.push(0x27); continue;
        case 0x74: bytes.push(0x09); continue;
        case 0x6e: bytes.push(0x0a); continue;
        case 0x72: bytes.push(0x0d); continue;
        case 0x5c: bytes.push(0x5c); continue;
        case 0x75: { // \u{…}
          if (i >= n) return err('invalid-string', 'unexpected end of file', start + n, 0);
          if (image[i] !== '{') return err('invalid-string', "expected character '{'", start + i);
          i++;
          const hex = readHexNum(image, i);
          if ('error' in hex) return err('invalid-string', hex.error, start + hex.at);
          i = hex.end;
          if (hex.value > 0x10ffff || (hex.value >= 0xd800 && hex.value <= 0xdfff)) {
            return err('invalid-string', `invalid unicode value 0x${hex.value.toString(16)}`, start + at);
          }
          pushChar(hex.value);
          if (i >= n) return err('invalid-string', 'unexpected end of file', start + n, 0);
          if (image[i] !== '}') return err('invalid-string', "expected character '}'", start + i);
          i++;
          continue;
        }
        default:
          if (isHex(c)) {
            if (i >= n) return err('invalid-string', 'unexpected end of file', start + n, 0);
            const c2 = image.codePointAt(i)!;
            if (!isHex(c2)) return err('invalid-string', `invalid hex digit ${rustCharDebug(String.fromCodePoint(c2))}`, start + i);
            i += 1;
            bytes.push(hexVal(c) * 16 + hexVal(c2));
            continue;
          }
          return err('invalid-string', `invalid string escape ${rustCharDebug(String.fromCodePoint(c))}`, start + at);
      }
    }
    if (cp < 0x20 || cp === 0x7f) {
      return err('invalid-string', `invalid string character ${rustCharDebug(String.fromCodePoint(cp))}`, start + i);
    }
    pushChar(cp);
    i += w;
  }
  const value = utf8Decode(bytes);
  if (value === null) {
    return { value: Buffer.from(bytes).toString('utf8'), error: { code: 'invalid-string', message: `invalid UTF-8: ${utf8ErrorText(bytes)}`, start, end: start + 1 } };
  }
  return { value };
}

function checkStringLiteral(tok: IToken, text: string, errors: SyntaxError[]): void {
  const end = tok.startOffset + tok.image.length;
  // wit-parser folds `\r\n` into `\n` before it looks at characters.
  const next = end >= text.length ? undefined : text[end] === '\r' && text[end + 1] === '\n' ? '\n' : text[end];
  const { error } = decodeStringLiteral(tok.image, tok.startOffset, next);
  if (error) errors.push({ ...error, order: tok.startOffset - 0.5 });
}

function readHexNum(s: string, i: number): { value: number; end: number } | { error: string; at: number } {
  if (i >= s.length) return { error: 'unexpected end of file', at: s.length };
  if (!isHex(s.charCodeAt(i))) return { error: `invalid hex digit ${rustCharDebug(String.fromCodePoint(s.codePointAt(i)!))}`, at: i };
  let n = hexVal(s.charCodeAt(i));
  i++;
  let lastUnderscore = false;
  for (;;) {
    if (s[i] === '_') { lastUnderscore = true; i++; continue; }
    if (i >= s.length) return { error: 'unexpected end of file', at: s.length };
    const c = s.charCodeAt(i);
    if (!isHex(c)) break;
    lastUnderscore = false;
    n = n * 16 + hexVal(c);
    if (n > 0xffffffff) return { error: 'number is too big to fit in a u32', at: i };
    i++;
  }
  if (lastUnderscore) return { error: 'trailing underscore in number', at: i - 1 };
  return { value: n, end: i };
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}
function hexVal(c: number): number {
  return c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x61 + 10;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
function utf8Decode(bytes: number[]): string | null {
  try { return strictUtf8.decode(Uint8Array.from(bytes)); } catch { return null; }
}

/** Rust's `Utf8Error` display for the first bad sequence in `bytes`. */
export function utf8ErrorText(bytes: ArrayLike<number>): string {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return `invalid utf-8 sequence of 1 bytes from index ${i}`;
    let ok = 0;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) return `incomplete utf-8 byte sequence from index ${i}`;
      const lo = k === 1 && b === 0xe0 ? 0xa0 : k === 1 && b === 0xf0 ? 0x90 : 0x80;
      const hi = k === 1 && b === 0xed ? 0x9f : k === 1 && b === 0xf4 ? 0x8f : 0xbf;
      if (c < lo || c > hi) return `invalid utf-8 sequence of ${ok + 1} bytes from index ${i}`;
      ok++;
    }
    i += need + 1;
  }
  return `invalid utf-8 sequence of 1 bytes from index ${i}`;
}

// ---- identifiers (wit-parser's `validate_id`) ----

/** Kebab-case: a letter first; parts of digits and letters of one case, joined by single `-`. */
const wellFormedId = /^(?=[A-Za-z])(?:[a-z0-9]+|[A-Z0-9]+)(?:-(?:[a-z0-9]+|[A-Z0-9]+))*$/;

/** Checks a kebab-case name; returns wit-parser's message for the first problem, if any. */
export function validateId(id: string): string | undefined {
  // Nearly every name is fine: one test, and the walk below only for a name with a problem.
  if (wellFormedId.test(id)) return undefined;
  if (id.length === 0) return "identifiers must have characters between '-'s";
  const parts = id.split('-');
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p];
    if (part.length === 0) return "identifiers must have characters between '-'s";
    const first = part[0];
    if (p === 0 && !/[A-Za-z]/.test(first)) return `invalid character in identifier ${rustCharDebug(String.fromCodePoint(part.codePointAt(0)!))}`;
    let upper: boolean | undefined;
    for (const ch of part) {
      if (ch >= '0' && ch <= '9') continue;
      const isUpper = ch >= 'A' && ch <= 'Z';
      const isLower = ch >= 'a' && ch <= 'z';
      if (!isUpper && !isLower) return `invalid character in identifier ${rustCharDebug(ch)}`;
      if (upper === undefined) upper = isUpper;
      else if (upper !== isUpper) return `invalid character in identifier ${rustCharDebug(ch)}`;
    }
  }
  return undefined;
}

/** Formats a character the way Rust's `{:?}` does for `char`. */
export function rustCharDebug(ch: string): string {
  switch (ch) {
    case '\0': return "'\\0'";
    case '\t': return "'\\t'";
    case '\n': return "'\\n'";
    case '\r': return "'\\r'";
    case "'": return "'\\''";
    case '\\': return "'\\\\'";
  }
  if (/^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Mn}\p{Me}]$/u.test(ch) || (/^\p{Zs}$/u.test(ch) && ch !== ' ')) {
    return `'\\u{${ch.codePointAt(0)!.toString(16)}}'`;
  }
  return `'${ch}'`;
}

export { idStart, idRest };
