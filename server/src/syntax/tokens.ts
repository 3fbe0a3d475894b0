// Token vocabulary of WIT, as wit-parser's lexer (crates/wit-parser/src/ast/lex.rs) defines it.
// Chevrotain token types live here and stay inside syntax/; the rest of the code base sees
// `TokenKind` strings only.
import { createToken, Lexer, type TokenType } from './chevrotain.js';

/** Kinds of tokens, as plain strings (what leaves syntax/). */
export type TokenKind =
  | 'eof'
  | 'id'
  | 'explicit-id'
  | 'integer'
  | 'string'
  | 'punct'
  | 'keyword';

interface Spec {
  name: string;
  /** How wit-parser describes the token in "expected X, found Y" messages. */
  describe: string;
  kind: TokenKind;
}

const specs = new Map<TokenType, Spec>();

function token(name: string, describe: string, kind: TokenKind, config: Partial<Parameters<typeof createToken>[0]> = {}): TokenType {
  const t = createToken({ name, pattern: Lexer.NA, ...config });
  specs.set(t, { name, describe, kind });
  return t;
}

// ---- categories (never produced by the lexer themselves) ----
/** Every real token: used by recovery alternatives that swallow junk. */
export const AnyToken = createToken({ name: 'AnyToken', pattern: Lexer.NA });
/** Tokens that can start a type. */
export const TypeStart = createToken({ name: 'TypeStart', pattern: Lexer.NA });
/** `foo` or `%foo`: what wit-parser's `parse_id` accepts. */
export const AnyId = token('AnyId', 'an identifier or string', 'id', { categories: [AnyToken, TypeStart] });

// ---- trivia ----
export const Whitespace = createToken({ name: 'Whitespace', pattern: Lexer.NA, group: Lexer.SKIPPED });
export const LineComment = createToken({ name: 'LineComment', pattern: Lexer.NA, group: 'comments' });
export const BlockComment = createToken({ name: 'BlockComment', pattern: Lexer.NA, group: 'comments' });

// ---- punctuation ----
export const Equals = token('Equals', "'='", 'punct', { categories: [AnyToken] });
export const Comma = token('Comma', "','", 'punct', { categories: [AnyToken] });
export const Colon = token('Colon', "':'", 'punct', { categories: [AnyToken] });
export const Period = token('Period', "'.'", 'punct', { categories: [AnyToken] });
export const Semicolon = token('Semicolon', "';'", 'punct', { categories: [AnyToken] });
export const LParen = token('LParen', "'('", 'punct', { categories: [AnyToken] });
export const RParen = token('RParen', "')'", 'punct', { categories: [AnyToken] });
export const LBrace = token('LBrace', "'{'", 'punct', { categories: [AnyToken] });
export const RBrace = token('RBrace', "'}'", 'punct', { categories: [AnyToken] });
export const LAngle = token('LAngle', "'<'", 'punct', { categories: [AnyToken] });
export const RAngle = token('RAngle', "'>'", 'punct', { categories: [AnyToken] });
export const RArrow = token('RArrow', '`->`', 'punct', { categories: [AnyToken] });
export const Star = token('Star', '`*`', 'punct', { categories: [AnyToken] });
export const At = token('At', '`@`', 'punct', { categories: [AnyToken] });
export const Slash = token('Slash', '`/`', 'punct', { categories: [AnyToken] });
export const Plus = token('Plus', '`+`', 'punct', { categories: [AnyToken] });
export const Minus = token('Minus', '`-`', 'punct', { categories: [AnyToken] });

// ---- literals and names ----
export const StringLiteral = token('StringLiteral', 'a string literal', 'string', { categories: [AnyToken] });
export const Integer = token('Integer', 'an integer', 'integer', { categories: [AnyToken] });
export const Id = token('Id', 'an identifier', 'id', { categories: [AnyId, AnyToken, TypeStart] });
export const ExplicitId = token('ExplicitId', "an '%' identifier", 'explicit-id', { categories: [AnyId, AnyToken, TypeStart] });

// ---- keywords: the lexer produces `Id` and re-types words found in this table ----
export const keywords = new Map<string, TokenType>();
const typeKeywords = new Set(['u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64', 'f32', 'f64', 'char', 'bool', 'string',
  'error-context', 'list', 'map', 'option', 'result', 'tuple', 'future', 'stream', 'own', 'borrow']);
function keyword(word: string): TokenType {
  const categories = typeKeywords.has(word) ? [AnyToken, TypeStart] : [AnyToken];
  const t = token(`Kw_${word}`, `keyword \`${word}\``, 'keyword', { categories });
  keywords.set(word, t);
  return t;
}
export const Use = keyword('use');
export const Type = keyword('type');
export const Func = keyword('func');
export const U8 = keyword('u8');
export const U16 = keyword('u16');
export const U32 = keyword('u32');
export const U64 = keyword('u64');
export const S8 = keyword('s8');
export const S16 = keyword('s16');
export const S32 = keyword('s32');
export const S64 = keyword('s64');
export const F32 = keyword('f32');
export const F64 = keyword('f64');
export const Char = keyword('char');
export const Resource = keyword('resource');
export const Own = keyword('own');
export const Borrow = keyword('borrow');
export const Record = keyword('record');
export const Flags = keyword('flags');
export const Variant = keyword('variant');
export const Enum = keyword('enum');
export const Bool = keyword('bool');
export const StringKw = keyword('string');
export const OptionKw = keyword('option');
export const ResultKw = keyword('result');
export const Future = keyword('future');
export const Stream = keyword('stream');
export const ErrorContext = keyword('error-context');
export const List = keyword('list');
export const MapKw = keyword('map');
export const Underscore = keyword('_');
export const As = keyword('as');
export const From = keyword('from');
export const Static = keyword('static');
export const Interface = keyword('interface');
export const Tuple = keyword('tuple');
export const Import = keyword('import');
export const Export = keyword('export');
export const World = keyword('world');
export const Package = keyword('package');
export const Constructor = keyword('constructor');
export const Include = keyword('include');
export const With = keyword('with');
export const Async = keyword('async');

/** The primitive type keywords, in the order wit-parser lists them. */
export const primitiveTypes = [U8, U16, U32, U64, S8, S16, S32, S64, F32, F64, Char, Bool, StringKw] as const;

/** Every token type the parser knows (order matters to chevrotain only for categories). */
export const allTokens: TokenType[] = [
  AnyToken, TypeStart, AnyId, Whitespace, LineComment, BlockComment,
  Equals, Comma, Colon, Period, Semicolon, LParen, RParen, LBrace, RBrace, LAngle, RAngle, RArrow, Star, At,
  Slash, Plus, Minus, StringLiteral, Integer, Id, ExplicitId, ...keywords.values(),
];

/** wit-parser's description of a token type, e.g. "keyword `enum`", "';'", "an identifier". */
export function describeTokenType(t: TokenType): string {
  return specs.get(t)?.describe ?? t.name;
}

export function tokenKindOf(t: TokenType): TokenKind {
  return specs.get(t)?.kind ?? 'punct';
}
