// The syntax layer's public face: nothing chevrotain-typed crosses this line.
export * from './ast.js';
export type { Severity, SyntaxError, Diagnostic, Location } from './diagnostic.js';
export { movedFrom, parseWit, reparseWit, type MovedItem, type ParseResult } from './parse.js';
export { validateId, decodeStringLiteral } from './lexer.js';
export { parseSemver, checkSemver, compareSemver, formatSemver, type SemVer } from './semver.js';
export { lexWit, lexWitStretch, isDocComment, type Token, type Comment, type Lexed } from './lex.js';
export { lowerBound } from './search.js';
export type { TokenKind } from './tokens.js';
