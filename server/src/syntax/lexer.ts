// The WIT lexer, by hand, reproducing wit-parser's tokenizer (crates/wit-parser/src/ast/lex.rs):
// kebab words with Unicode XID classes, `%`-escaped words, nested block comments, string literals
// with escapes, CRLF folded into whitespace. It hands chevrotain's parser its tokens (a
// chevrotain Lexer did this at 4 MB/s; the parser never needed its regex machinery). Errors use
// wit-parser's words and never stop the lexer: a bad character is reported and skipped.
import type { IToken, TokenType } from './chevrotain.js';
import * as T from './tokens.js';
import type { SyntaxError } from './diagnostic.js';

const idStart = /[\p{XID_Start}_]/u;
const idRest = /[\p{XID_Continue}-]*/uy;
/** Punctuation by first character: `-` is `->` when `>` follows. */
const punctuation = new Map<number, TokenType>([
  [0x3d, T.Equals], [0x2c, T.Comma], [0x3a, T.Colon], [0x2e, T.Period], [0x3b, T.Semicolon],
  [0x28, T.LParen], [0x29, T.RParen], [0x7b, T.LBrace], [0x7d, T.RBrace], [0x3c, T.LAngle], [0x3e, T.RAngle],
  [0x2a, T.Star], [0x40, T.At], [0x2f, T.Slash], [0x2b, T.Plus], [0x2d, T.Minus],
]);

/** ASCII letters and `_` start a word; letters, digits, `_` and `-` continue it (beyond ASCII, the XID classes decide). */
export const wordStart = new Uint8Array(128);
export const wordPart = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  wordStart[c] = /[A-Za-z_]/.test(ch) ? 1 : 0;
  wordPart[c] = /[A-Za-z0-9_-]/.test(ch) ? 1 : 0;
}

export interface LexResult {
  /** Significant tokens, with parser token types (keywords re-typed). */
  tokens: IToken[];
  /** Line and block comments, in order. */
  comments: IToken[];
  errors: SyntaxError[];
}

function token(image: string, start: number, type: TokenType): IToken {
  return {
    image,
    startOffset: start,
    endOffset: start + image.length - 1,
    tokenType: type,
    tokenTypeIdx: type.tokenTypeIdx!,
  } as IToken;
}

/**
 * Tokenizes `text` (from offset `from`, a place between tokens). Never throws. Offsets are UTF-16
 * code unit offsets into `text`.
 *
 * A scanner by hand, one pass with a switch on the character: wit-parser's tokenizer
 * (whitespace, `//` and nested `/* *\/` comments, punctuation, strings, integers, kebab words
 * and `%`-words with Unicode XID classes). A run of characters that start no token is one
 * `unexpected character` error at its first, and lexing goes on after it.
 */
export function tokenize(text: string, from = 0): LexResult {
  const errors: SyntaxError[] = [];
  detectInvalidInput(text, errors, from);
  const tokens: IToken[] = [];
  const comments: IToken[] = [];
  // Reported in the order the chevrotain lexer reported them, which the tests and fixtures know:
  // bad characters, then string literals, then unterminated comments.
  const unexpected: SyntaxError[] = [];
  const strings: SyntaxError[] = [];
  const unterminated: SyntaxError[] = [];
  const n = text.length;
  // wit-parser eats a leading BOM; offsets stay those of `text`.
  let i = from === 0 && text.charCodeAt(0) === 0xfeff ? 1 : from;
  let badStart = -1;
  const bad = (at: number) => { if (badStart < 0) badStart = at; };
  const flushBad = () => {
    if (badStart < 0) return;
    const ch = String.fromCodePoint(text.codePointAt(badStart) ?? 0xfffd);
    if (!isInvalidInputChar(ch.codePointAt(0)!)) unexpected.push({ code: 'unexpected-character', message: `unexpected character ${rustCharDebug(ch)}`, start: badStart, end: badStart + ch.length });
    badStart = -1;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    // Whitespace: space, tab, newline, and CR only before LF.
    if (c === 0x20 || c === 0x09 || c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) === 0x0a)) {
      flushBad();
      i += c === 0x0d ? 2 : 1;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 0x20 || d === 0x09 || d === 0x0a) i++;
        else if (d === 0x0d && text.charCodeAt(i + 1) === 0x0a) i += 2;
        else break;
      }
      continue;
    }
    const start = i;
    if (c === 0x2f && text.charCodeAt(i + 1) === 0x2f) {
      flushBad();
      const nl = text.indexOf('\n', i + 2);
      i = nl < 0 ? n : nl + 1;
      comments.push(token(text.slice(start, i), start, T.LineComment));
      continue;
    }
    if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a) {
      flushBad();
      const end = blockCommentEnd(text, i);
      i = end < 0 ? n : end;
      comments.push(token(text.slice(start, i), start, T.BlockComment));
      if (end < 0) unterminated.push({ code: 'unterminated-comment', message: 'unterminated block comment', start, end: start + 2 });
      continue;
    }
    if (c === 0x2d && text.charCodeAt(i + 1) === 0x3e) {
      flushBad();
      tokens.push(token('->', start, T.RArrow));
      i += 2;
      continue;
    }
    const p = punctuation.get(c);
    if (p) {
      flushBad();
      tokens.push(token(text[i], start, p));
      i++;
      continue;
    }
    if (c === 0x22) {
      flushBad();
      i = stringLiteralEnd(text, i);
      const tok = token(text.slice(start, i), start, T.StringLiteral);
      tokens.push(tok);
      checkStringLiteral(tok, text, strings);
      continue;
    }
    if (c >= 0x30 && c <= 0x39) {
      flushBad();
      i++;
      while (i < n && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
      tokens.push(token(text.slice(start, i), start, T.Integer));
      continue;
    }
    if (c === 0x25) {
      flushBad();
      i = wordEnd(text, i + 1, true);
      tokens.push(token(text.slice(start, i), start, T.ExplicitId));
      continue;
    }
    const end = c < 128 ? (wordStart[c] ? wordEnd(text, i + 1, false) : -1) : wordEndUnicode(text, i);
    if (end > 0) {
      flushBad();
      i = end;
      const image = text.slice(start, i);
      tokens.push(token(image, start, T.keywords.get(image) ?? T.Id));
      continue;
    }
    // Nothing starts here: one error for the run, at its first character.
    bad(i);
    i++;
  }
  flushBad();
  errors.push(...unexpected, ...strings, ...unterminated);
  return { tokens, comments, errors };
}

/** The end of the (nested) block comment opening at `at`; -1 when it never closes. */
export function blockCommentEnd(text: string, at: number): number {
  const n = text.length;
  let depth = 1;
  let i = at + 2;
  while (i < n && depth > 0) {
    const d = text.charCodeAt(i);
    if (d === 0x2f && text.charCodeAt(i + 1) === 0x2a) { depth++; i += 2; }
    else if (d === 0x2a && text.charCodeAt(i + 1) === 0x2f) { depth--; i += 2; }
    else i++;
  }
  return depth > 0 ? -1 : i;
}

/** The end of the string literal opening at `at`: past its closing quote, or at the line break or end that cuts it short. */
export function stringLiteralEnd(text: string, at: number): number {
  const n = text.length;
  let i = at + 1;
  while (i < n) {
    const d = text.charCodeAt(i);
    if (d === 0x22) return i + 1;
    if (d === 0x0a || d === 0x0d) return i;
    if (d === 0x5c && i + 1 < n && text.charCodeAt(i + 1) !== 0x0a) i += 2;
    else i++;
  }
  return i;
}

/** The character after a string literal ending at `end`, as wit-parser sees it (`\r\n` read as `\n`). */
export function charAfter(text: string, end: number): string | undefined {
  return end >= text.length ? undefined : text[end] === '\r' && text[end + 1] === '\n' ? '\n' : text[end];
}

const wordTail = /[\p{XID_Continue}-]*/uy;
const wordWhole = /[\p{XID_Start}_][\p{XID_Continue}-]*/uy;

/** The end of a word whose first character was at `from - 1` (or, for `%`, the optional word at `from`). */
export function wordEnd(text: string, from: number, optionalStart: boolean): number {
  let i = from;
  if (optionalStart) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      if (!wordStart[c]) return i;
      i++;
    } else {
      const e = wordEndUnicode(text, i);
      return e < 0 ? i : e;
    }
  }
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      if (!wordPart[c]) return i;
      i++;
    } else {
      wordTail.lastIndex = i;
      wordTail.exec(text);
      return wordTail.lastIndex;
    }
  }
  return i;
}

/** A word starting at `at` with a character beyond ASCII, by the XID classes; -1 when none starts there. */
export function wordEndUnicode(text: string, at: number): number {
  wordWhole.lastIndex = at;
  return wordWhole.exec(text) ? wordWhole.lastIndex : -1;
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

/** Whether `text` has a character wit-parser refuses anywhere (a control code, a bidi override, …). */
export function hasInvalidInput(text: string): boolean {
  invalidInputRe.lastIndex = 0;
  return invalidInputRe.test(text);
}

function detectInvalidInput(text: string, errors: SyntaxError[], from = 0): void {
  invalidInputRe.lastIndex = from;
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

// The web platform's codecs (no `Buffer`: the server also runs in a browser's web worker).
const utf8 = new TextEncoder();
const lossyUtf8 = new TextDecoder('utf-8', { fatal: false });

/** Decodes a string literal token's value; reports the first error the way wit-parser does. */
export function decodeStringLiteral(image: string, start: number, next?: string): { value: string; error?: SyntaxError } {
  const bytes: number[] = [];
  const err = (code: string, message: string, at: number, len = 1) => ({ value: utf8Decode(bytes) ?? '', error: { code, message, start: at, end: at + len } });
  let i = 1; // past the opening quote
  const n = image.length;
  const pushChar = (cp: number) => {
    const s = String.fromCodePoint(cp);
    for (const b of utf8.encode(s)) bytes.push(b);
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
    return { value: lossyUtf8.decode(Uint8Array.from(bytes)), error: { code: 'invalid-string', message: `invalid UTF-8: ${utf8ErrorText(bytes)}`, start, end: start + 1 } };
  }
  return { value };
}

function checkStringLiteral(tok: IToken, text: string, errors: SyntaxError[]): void {
  // wit-parser folds `\r\n` into `\n` before it looks at characters.
  const { error } = decodeStringLiteral(tok.image, tok.startOffset, charAfter(text, tok.startOffset + tok.image.length));
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
