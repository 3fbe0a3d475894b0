// Formats a .wac file: one statement per line, `new` arguments on one line when they fit and one
// per line (with a trailing comma) when they do not, single spaces around `=` and after `:`/`,`.
// Every comment is kept: comments between statements keep their place (a blank line before one
// is kept as one blank line); a comment at the end of a statement's line stays there; a
// statement with a comment inside it is kept as written. WIT declarations (`interface`, `world`,
// `import`, …) are kept as written. A file with syntax errors is not formatted.
import type { Arg, Expr, Span, Statement, WacDocument } from './parse.js';
import { parseWac } from './parse.js';

export interface WacFormatOptions {
  /** Spaces per indentation level (default 2, as wac's examples). */
  indent?: number;
  /** A `new` longer than this puts one argument per line (default 100). */
  maxWidth?: number;
}

export type WacFormatResult = { text: string; changed: boolean } | { error: string };

interface Comment extends Span {
  text: string;
}

/** The comments of a .wac text (outside strings), in order. */
function comments(text: string): Comment[] {
  const out: Comment[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"' && text[i] !== '\n') i++;
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      const start = i;
      while (i < text.length && text[i] !== '\n') i++;
      out.push({ start, end: i, text: text.slice(start, i).replace(/\s+$/, '') });
    } else if (c === '/' && text[i + 1] === '*') {
      const start = i;
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
      out.push({ start, end: i, text: text.slice(start, i) });
    } else i++;
  }
  return out;
}

export function formatWac(text: string, options: WacFormatOptions = {}): WacFormatResult {
  const doc = parseWac(text);
  if (doc.diagnostics.length) {
    const d = doc.diagnostics[0];
    return { error: `${doc.diagnostics.length === 1 ? 'a syntax error' : `${doc.diagnostics.length} syntax errors`} (first: ${d.message})` };
  }
  const out = new WacPrinter(text, doc, options).print();
  return { text: out, changed: out !== text };
}

class WacPrinter {
  private readonly unit: string;
  private readonly maxWidth: number;
  private readonly comments: Comment[];

  constructor(private readonly text: string, private readonly doc: WacDocument, options: WacFormatOptions) {
    this.unit = ' '.repeat(options.indent ?? 2);
    this.maxWidth = options.maxWidth ?? 100;
    this.comments = comments(text);
  }

  print(): string {
    const items: { span: Span; format: () => string }[] = [];
    if (this.doc.directive) {
      const d = this.doc.directive;
      items.push({ span: d, format: () => this.directive(d) });
    }
    for (const s of this.doc.statements) items.push({ span: s, format: () => this.statement(s) });
    const lines: string[] = [];
    let pos = 0;
    let used = 0; // comments consumed
    const blankBefore = (at: number) => lines.length > 0 && /\n[ \t]*\r?\n/.test(this.text.slice(pos, at));
    for (const item of items) {
      // Comments before the item, each on its line.
      while (used < this.comments.length && this.comments[used].end <= item.span.start) {
        const c = this.comments[used++];
        if (lines.length && !this.text.slice(pos, c.start).includes('\n')) {
          lines[lines.length - 1] += ` ${c.text}`; // at the end of the previous line
        } else {
          if (blankBefore(c.start)) lines.push('');
          lines.push(...c.text.split('\n').map((l, i) => (i === 0 ? l : l.replace(/\r$/, ''))));
        }
        pos = c.end;
      }
      if (blankBefore(item.span.start)) lines.push('');
      const inner = this.comments.filter((c) => c.start >= item.span.start && c.end <= item.span.end);
      lines.push(...(inner.length ? this.text.slice(item.span.start, item.span.end) : item.format()).split('\n'));
      used += inner.length;
      pos = item.span.end;
    }
    while (used < this.comments.length) {
      const c = this.comments[used++];
      if (lines.length && !this.text.slice(pos, c.start).includes('\n')) lines[lines.length - 1] += ` ${c.text}`;
      else {
        if (blankBefore(c.start)) lines.push('');
        lines.push(...c.text.split('\n'));
      }
      pos = c.end;
    }
    return lines.length ? lines.map((l) => l.replace(/[ \t]+$/, '')).join('\n') + '\n' : '';
  }

  private src(s: Span): string {
    return this.text.slice(s.start, s.end);
  }

  /** `package a:b;` or `package a:b targets c:d/w;`, its words single-spaced. */
  private directive(d: Span): string {
    return this.src(d).replace(/\s+/g, ' ').replace(/\s*;$/, ';');
  }

  private statement(s: Statement): string {
    switch (s.kind) {
      case 'let': return `let ${this.src(s.name)} = ${this.expr(s.value, 0, `let ${this.src(s.name)} = `.length)};`;
      case 'export': {
        const tail = `${s.spread ? '...' : ''}${s.as ? ` as ${this.src(s.as)}` : ''};`;
        return `export ${this.expr(s.value, 0, 'export '.length, tail.length)}${tail}`;
      }
      default: return this.src(s);
    }
  }

  /** An expression at indentation `depth`, starting `column` characters into its line. */
  private expr(e: Expr, depth: number, column: number, after = 1): string {
    switch (e.kind) {
      case 'name': return this.src(e.ident);
      case 'paren': return `(${this.expr(e.inner, depth, column + 1, after + 1)})`;
      case 'access': {
        const target = this.expr(e.target, depth, column, after);
        return e.bracket ? `${target}[${this.src(e.member)}]` : `${target}.${this.src(e.member)}`;
      }
      case 'new': {
        const head = `new ${e.package.text} {`;
        const parts = e.args.map((a) => this.arg(a, depth + 1));
        if (e.fill) parts.push('...');
        if (parts.length === 0) return `${head}}`;
        const flat = `${head} ${parts.join(', ')} }`;
        if (!flat.includes('\n') && column + flat.length + after <= this.maxWidth) return flat;
        const pad = this.unit.repeat(depth + 1);
        const multi = e.args.map((a) => `${pad}${this.arg(a, depth + 1)},`);
        if (e.fill) multi.push(`${pad}...`);
        return `${head}\n${multi.join('\n')}\n${this.unit.repeat(depth)}}`;
      }
      default: return this.src(e);
    }
  }

  private arg(a: Arg, depth: number): string {
    switch (a.kind) {
      case 'named': {
        const name = this.src(a.name);
        return `${name}: ${this.expr(a.value, depth, depth * this.unit.length + name.length + 2, 1)}`;
      }
      case 'inferred': return this.src(a.name);
      case 'spread': return `...${this.src(a.name)}`;
    }
  }
}
