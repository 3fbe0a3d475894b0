// WAC (bytecodealliance/wac, LANGUAGE.md): WIT's package header plus `let`, `new`, access, spread
// and `export`, which say how component instances are wired. This parser reads the composition
// statements — `package`, `let`, `export`, `new` with named, inferred, spread (`...x`) and fill
// (`...`) arguments, `.name` and `["name"]` access, parentheses — and `import` statements, whose
// name, `as` name and type (a package path, a name, or a `func`/`interface` written out) it reads.
// It never throws: a syntax error becomes a diagnostic and parsing resumes at the next `;`. Type
// statements (`interface`, `world`, `type`, `record`, …) are WIT: this parser only finds their
// extent; their meaning is the WIT analyzer's (wac/declarations.ts).
import type { SyntaxError } from '../syntax/diagnostic.js';

export interface Span {
  start: number;
  end: number;
}

export interface Ident extends Span {
  name: string;
}

/** `demo:math`, `demo:math@1.0.0`, `demo:math/ops`: as written, with its parts. */
export interface PackagePath extends Span {
  text: string;
  /** `demo:math`. */
  package: string;
  version?: string;
  /** `ops` in `demo:math/ops`. */
  path?: string;
}

export type Expr =
  | ({ kind: 'new'; package: PackagePath; args: Arg[]; fill?: Span } & Span)
  | ({ kind: 'name'; ident: Ident } & Span)
  | ({ kind: 'access'; target: Expr; member: Ident; bracket: boolean } & Span)
  | ({ kind: 'paren'; inner: Expr } & Span)
  | ({ kind: 'missing' } & Span);

export type Arg =
  | ({ kind: 'named'; name: Ident; value: Expr } & Span)
  | ({ kind: 'inferred'; name: Ident } & Span)
  | ({ kind: 'spread'; name: Ident } & Span);

/** What an `import` statement imports: `ns:pkg/iface@v`, a declared name, or a WIT type written out. */
export type ImportType =
  | ({ kind: 'path'; path: PackagePath } & Span)
  | ({ kind: 'name'; ident: Ident } & Span)
  | ({ kind: 'func' | 'interface' } & Span);

export type Statement =
  | ({ kind: 'let'; name: Ident; value: Expr } & Span)
  | ({ kind: 'export'; value: Expr; as?: Ident; spread?: Span } & Span)
  /** `import greeter as "my-greeter": example:greeter/greeter;` */
  | ({ kind: 'import'; name: Ident; as?: Ident; type: ImportType } & Span)
  /** A WIT declaration: `interface i { … }`, `world w { … }`, `record r { … }`, `type t = …;`. */
  | ({ kind: 'declaration'; keyword: string; name?: Ident } & Span);

export interface WacDocument {
  package?: PackagePath;
  /** The whole `package …;` directive, `targets` clause included. */
  directive?: Span;
  /** `wasi:cli/command` in `package x:y targets wasi:cli/command;`: the world the composition must fit. */
  targets?: PackagePath;
  statements: Statement[];
  diagnostics: SyntaxError[];
}

type TokenKind = 'ident' | 'string' | 'package' | 'number' | 'punct' | 'eof';

interface Token extends Span {
  kind: TokenKind;
  text: string;
}

/** Keywords that start a WIT declaration (a type statement). */
const DECLARATIONS = new Set(['interface', 'world', 'type', 'record', 'variant', 'enum', 'flags', 'resource']);

const KEYWORDS = new Set(['package', 'let', 'new', 'export', 'as', 'import', 'interface', 'world', 'type', 'record', 'variant', 'enum', 'flags', 'resource', 'targets', 'with', 'use', 'include']);

function lex(text: string, errors: SyntaxError[]): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') { i++; continue; }
    if (c === '/' && text[i + 1] === '/') { while (i < n && text[i] !== '\n') i++; continue; }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) { errors.push({ code: 'unterminated-comment', message: 'unterminated block comment', start: i, end: n }); i = n; continue; }
      i = end + 2;
      continue;
    }
    const start = i;
    if (c === '"') {
      i++;
      while (i < n && text[i] !== '"' && text[i] !== '\n') i++;
      if (text[i] !== '"') { errors.push({ code: 'unterminated-string', message: 'unterminated string literal', start, end: i }); tokens.push({ kind: 'string', text: text.slice(start + 1, i), start, end: i }); continue; }
      i++;
      tokens.push({ kind: 'string', text: text.slice(start + 1, i - 1), start, end: i });
      continue;
    }
    if (/[A-Za-z%]/.test(c)) {
      // An identifier, or a package path `ns:name[/path][@version]`.
      i++;
      while (i < n && /[A-Za-z0-9-]/.test(text[i])) i++;
      if (text[i] === ':' && /[A-Za-z]/.test(text[i + 1] ?? '')) {
        i++;
        while (i < n && /[A-Za-z0-9-:]/.test(text[i])) i++;
        while (text[i] === '/' && /[A-Za-z]/.test(text[i + 1] === '%' ? text[i + 2] ?? '' : text[i + 1] ?? '')) { i += text[i + 1] === '%' ? 2 : 1; while (i < n && /[A-Za-z0-9-]/.test(text[i])) i++; }
        if (text[i] === '@') { i++; while (i < n && /[0-9A-Za-z.+-]/.test(text[i])) i++; }
        tokens.push({ kind: 'package', text: text.slice(start, i), start, end: i });
        continue;
      }
      tokens.push({ kind: 'ident', text: text.slice(start, i).replace(/^%/, ''), start, end: i });
      continue;
    }
    if (/[0-9]/.test(c)) {
      while (i < n && /[0-9A-Za-z._-]/.test(text[i])) i++;
      tokens.push({ kind: 'number', text: text.slice(start, i), start, end: i });
      continue;
    }
    if (text.startsWith('...', i)) { tokens.push({ kind: 'punct', text: '...', start, end: i + 3 }); i += 3; continue; }
    if (text.startsWith('->', i)) { tokens.push({ kind: 'punct', text: '->', start, end: i + 2 }); i += 2; continue; }
    if ('{}()[],;:.=@<>_*'.includes(c)) { tokens.push({ kind: 'punct', text: c, start, end: i + 1 }); i++; continue; }
    errors.push({ code: 'unexpected-character', message: `unexpected character \`${c}\``, start, end: i + 1 });
    i++;
  }
  tokens.push({ kind: 'eof', text: '', start: n, end: n });
  return tokens;
}

function packagePath(t: Token): PackagePath {
  const m = /^([^/@]+)((?:\/[^/@]+)*)(?:@(.*))?$/.exec(t.text);
  if (!m) return { text: t.text, package: t.text.split(/[/@]/)[0], start: t.start, end: t.end };
  return { text: t.text, package: m[1], path: m[2] ? m[2].slice(1) : undefined, version: m[3], start: t.start, end: t.end };
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[], readonly errors: SyntaxError[]) {}

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)];
  }

  next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  is(text: string, kind: TokenKind = 'punct'): boolean {
    const t = this.peek();
    return t.kind === kind && t.text === text;
  }

  keyword(word: string): boolean {
    return this.is(word, 'ident');
  }

  fail(expected: string): never {
    const t = this.peek();
    const found = t.kind === 'eof' ? 'end of file' : `\`${t.text}\``;
    throw Object.assign(new Error('syntax'), { diagnostic: { code: 'unexpected-token', message: `expected ${expected}, found ${found}`, start: t.start, end: Math.max(t.end, t.start + 1) } satisfies SyntaxError });
  }

  expect(text: string): Token {
    if (!this.is(text)) this.fail(`\`${text}\``);
    return this.next();
  }

  ident(what = 'an identifier'): Ident {
    const t = this.peek();
    if (t.kind !== 'ident') this.fail(what);
    this.next();
    return { name: t.text, start: t.start, end: t.end };
  }

  /** Skips to just after the next `;` (or to the end). */
  recover(): void {
    while (this.peek().kind !== 'eof' && !this.is(';')) this.next();
    if (this.is(';')) this.next();
  }

  document(): WacDocument {
    const doc: WacDocument = { statements: [], diagnostics: this.errors };
    try {
      if (this.keyword('package')) {
        const start = this.next().start;
        const t = this.peek();
        if (t.kind !== 'package') this.fail('a package name like `example:composition`');
        this.next();
        doc.package = packagePath(t);
        if (this.keyword('targets')) {
          this.next();
          if (this.peek().kind === 'package') doc.targets = packagePath(this.next());
          else this.fail('a world like `ns:pkg/world`');
        }
        doc.directive = { start, end: this.expect(';').end };
      } else {
        this.fail('`package` keyword');
      }
    } catch (e) {
      this.report(e);
      this.recover();
    }
    while (this.peek().kind !== 'eof') {
      try {
        doc.statements.push(this.statement());
      } catch (e) {
        this.report(e);
        this.recover();
      }
    }
    return doc;
  }

  report(e: unknown): void {
    const d = (e as { diagnostic?: SyntaxError }).diagnostic;
    if (!d) throw e;
    this.errors.push(d);
  }

  statement(): Statement {
    const t = this.peek();
    if (this.keyword('let')) {
      this.next();
      const name = this.ident();
      this.expect('=');
      const value = this.expr();
      const end = this.expect(';').end;
      return { kind: 'let', name, value, start: t.start, end };
    }
    if (this.keyword('export')) {
      this.next();
      const value = this.expr();
      let spread: Span | undefined;
      let as: Ident | undefined;
      if (this.is('...')) {
        const s = this.next();
        spread = { start: s.start, end: s.end };
      } else as = this.asName();
      const end = this.expect(';').end;
      return { kind: 'export', value, as, spread, start: t.start, end };
    }
    if (this.keyword('import')) {
      this.next();
      const name = this.ident('a name for the import');
      const as = this.asName();
      this.expect(':');
      const type = this.importType();
      const end = this.expect(';').end;
      return { kind: 'import', name, as, type, start: t.start, end };
    }
    if (t.kind === 'ident' && DECLARATIONS.has(t.text)) {
      // A WIT declaration: its extent only (braces matched; `;` after a block is optional).
      this.next();
      const name = this.peek().kind === 'ident' ? { name: this.peek().text, start: this.peek().start, end: this.peek().end } : undefined;
      let depth = 0;
      let end = t.end;
      while (this.peek().kind !== 'eof') {
        const x = this.next();
        end = x.end;
        if (x.text === '{') depth++;
        else if (x.text === '}') { depth--; if (depth <= 0) { if (this.is(';')) end = this.next().end; break; } }
        else if (x.text === ';' && depth === 0) break;
      }
      if (depth > 0) this.fail('`}`');
      return { kind: 'declaration', keyword: t.text, name, start: t.start, end };
    }
    return this.fail('either `let`, `export` or `import` keyword');
  }

  /** `as name` or `as "name"`, when it is there. */
  asName(): Ident | undefined {
    if (!this.keyword('as')) return undefined;
    this.next();
    const n = this.peek();
    if (n.kind !== 'string') return this.ident('a name or a string');
    this.next();
    return { name: n.text, start: n.start, end: n.end };
  }

  /** `ns:pkg/iface`, a name, `func(…) -> …` or `interface { … }`: up to (not including) the `;`. */
  importType(): ImportType {
    const t = this.peek();
    if (t.kind === 'package') {
      this.next();
      const path = packagePath(t);
      if (!path.path) this.fail('an interface like `ns:pkg/iface`');
      return { kind: 'path', path, start: t.start, end: t.end };
    }
    if (this.keyword('func') || this.keyword('interface')) {
      const kind = t.text as 'func' | 'interface';
      this.next();
      let depth = 0;
      let end = t.end;
      while (this.peek().kind !== 'eof') {
        if (depth === 0 && this.is(';')) break;
        const x = this.next();
        end = x.end;
        if (x.text === '{') depth++;
        else if (x.text === '}' && --depth <= 0) break; // an interface ends with its `}`
      }
      return { kind, start: t.start, end };
    }
    if (t.kind === 'ident') {
      const ident = this.ident();
      return { kind: 'name', ident, start: ident.start, end: ident.end };
    }
    return this.fail('a package path, a name, `func` or `interface`');
  }

  expr(): Expr {
    let e = this.primary();
    for (;;) {
      if (this.is('.')) {
        this.next();
        const member = this.ident('an export name');
        e = { kind: 'access', target: e, member, bracket: false, start: e.start, end: member.end };
      } else if (this.is('[')) {
        this.next();
        const s = this.peek();
        if (s.kind !== 'string') this.fail('a string');
        this.next();
        const close = this.expect(']');
        e = { kind: 'access', target: e, member: { name: s.text, start: s.start, end: s.end }, bracket: true, start: e.start, end: close.end };
      } else return e;
    }
  }

  primary(): Expr {
    const t = this.peek();
    if (this.keyword('new')) {
      this.next();
      const p = this.peek();
      if (p.kind !== 'package') this.fail('a package name like `demo:math`');
      this.next();
      const pkg = packagePath(p);
      this.expect('{');
      const args: Arg[] = [];
      let fill: Span | undefined;
      while (!this.is('}')) {
        if (this.peek().kind === 'eof') this.fail('`}`');
        if (this.is('...')) {
          const dots = this.next();
          if (this.peek().kind === 'ident') {
            const name = this.ident();
            args.push({ kind: 'spread', name, start: dots.start, end: name.end });
          } else fill = { start: dots.start, end: dots.end };
        } else {
          const n = this.peek();
          let name: Ident;
          if (n.kind === 'string') {
            this.next();
            name = { name: n.text, start: n.start, end: n.end };
          } else if (n.kind === 'package') {
            this.next();
            name = { name: n.text, start: n.start, end: n.end };
          } else name = this.ident('an argument name');
          if (this.is(':')) {
            this.next();
            const value = this.expr();
            args.push({ kind: 'named', name, value, start: name.start, end: value.end });
          } else args.push({ kind: 'inferred', name, start: name.start, end: name.end });
        }
        if (!this.is('}')) this.expect(',');
      }
      const close = this.expect('}');
      return { kind: 'new', package: pkg, args, fill, start: t.start, end: close.end };
    }
    if (this.is('(')) {
      this.next();
      const inner = this.expr();
      const close = this.expect(')');
      return { kind: 'paren', inner, start: t.start, end: close.end };
    }
    if (t.kind === 'ident' && !KEYWORDS.has(t.text)) {
      const ident = this.ident();
      return { kind: 'name', ident, start: ident.start, end: ident.end };
    }
    return this.fail('an expression (`new pkg { … }` or a name)');
  }
}

/** Parses a .wac file: the statements, and every syntax error. Never throws. */
export function parseWac(text: string): WacDocument {
  const errors: SyntaxError[] = [];
  const tokens = lex(text, errors);
  return new Parser(tokens, errors).document();
}
