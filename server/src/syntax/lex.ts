// The token stream of a file as plain data, for features that work on text rather than on the
// tree (semantic tokens, completion context, the formatter). Comments are included.
import { isDocComment } from './doc-comment.js';
import { lexFast } from './fast.js';
import { tokenize } from './lexer.js';
import { tokenKindOf, type TokenKind } from './tokens.js';
import type { SyntaxError } from './diagnostic.js';

export interface Token {
  /** `keyword`, `id`, `explicit-id`, `integer`, `string`, `punct`. */
  kind: TokenKind;
  /** The token's text as written (`%foo`, `->`, `"…"`). */
  text: string;
  start: number;
  end: number;
}

export interface Comment {
  text: string;
  start: number;
  end: number;
  /** `///` or `/** … *\/` (but not `////` or `/**\/`). */
  doc: boolean;
  block: boolean;
}

export interface Lexed {
  tokens: Token[];
  comments: Comment[];
  errors: SyntaxError[];
}

export { isDocComment } from './doc-comment.js';

/** Every token and comment of `text`, in order. Never throws. Text that lexes without a problem is scanned by the fast path's scanner. */
export function lexWit(text: string): Lexed {
  return lexFast(text) ?? lexedFrom(tokenize(text));
}

/**
 * The tokens and comments of `text` from `from` to `to`, at their places in the whole. The caller
 * starts and ends the stretch at token boundaries (a top-level item's ends), where it lexes as
 * it does within the whole text.
 */
export function lexWitStretch(text: string, from: number, to: number): Lexed {
  if (from === 0 && to === text.length) return lexWit(text);
  const lexed = lexWit(text.slice(from, to));
  if (from === 0) return lexed;
  for (const t of lexed.tokens) { t.start += from; t.end += from; }
  for (const c of lexed.comments) { c.start += from; c.end += from; }
  for (const e of lexed.errors) { e.start += from; e.end += from; }
  return lexed;
}

/** The plain-data form of the lexer's output (parseWit hands it out too, to save a second lex). */
export function lexedFrom(r: ReturnType<typeof tokenize>): Lexed {
  return {
    tokens: r.tokens.map((t) => ({ kind: tokenKindOf(t.tokenType), text: t.image, start: t.startOffset, end: t.startOffset + t.image.length })),
    comments: r.comments.map((c) => ({ text: c.image, start: c.startOffset, end: c.startOffset + c.image.length, doc: isDocComment(c.image), block: c.image.startsWith('/*') })),
    errors: r.errors,
  };
}
