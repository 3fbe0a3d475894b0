// WAVE, the WebAssembly Value Encoding (what `wasmtime run --invoke` reads and prints): a lexer
// and parser that keep every value's place in the text, a checker that turns a parsed value into
// the JavaScript value jco passes to a component (given the WIT type), and a printer for results.
//
// jco's JavaScript shapes (checked against jco 1.35 transpiled components):
//   bool → boolean; u8…u32, s8…s32, f32, f64 → number; u64, s64 → bigint; char, string → string;
//   list, fixed list, tuple → array (numeric lists come back as typed arrays);
//   record → object with lowerCamelCase keys; flags → object of booleans, lowerCamelCase keys;
//   enum → the case name; variant → { tag: case, val? }; result → { tag: 'ok' | 'err', val? };
//   option<T> → T | undefined, except when T is itself an option: then { tag: 'some', val } | { tag: 'none' }.
import { PipelineError } from './errors.js';
import { describeType, formatType, integerRange, isInteger, jsName, type IntegerKind, type ValType } from './types.js';

// ---------------------------------------------------------------------------------------------
// Syntax

export interface Span {
  start: number;
  end: number;
}

export type WaveNode = Span &
  (
    | { kind: 'number'; text: string }
    | { kind: 'char'; value: string }
    | { kind: 'string'; value: string }
    /** A label with an optional payload: bools, enum cases, variant cases, some/none/ok/err, nan/inf. */
    | { kind: 'label'; name: string; escaped: boolean; payload?: WaveNode; labelEnd: number }
    | { kind: 'tuple'; items: WaveNode[] }
    | { kind: 'list'; items: WaveNode[] }
    /** `{a: 1}` (record), `{a, b}` (flags), `{}` (flags), `{:}` (empty record). */
    | { kind: 'braces'; entries: { label: string; span: Span; value?: WaveNode }[]; form: 'record' | 'flags' }
  );

export const waveKeywords = new Set(['true', 'false', 'inf', 'nan', 'some', 'none', 'ok', 'err']);

type Tok = Span & { kind: 'punct' | 'number' | 'char' | 'string' | 'label' | 'eof'; text: string; value?: string; escaped?: boolean };

/** A syntax error in WAVE text, at `start`. */
export class WaveSyntaxError extends Error {
  constructor(message: string, readonly start: number, readonly end: number) {
    super(message);
  }
}

const labelWord = /^(?:[a-z][a-z0-9]*|[A-Z][A-Z0-9]*)$/;

export function isValidLabel(name: string): boolean {
  return name.length > 0 && name.split('-').every((w) => labelWord.test(w));
}

class Lexer {
  pos = 0;
  constructor(readonly text: string) {}

  fail(message: string, start = this.pos, end = start + 1): never {
    throw new WaveSyntaxError(message, start, Math.min(end, this.text.length));
  }

  skipTrivia(): void {
    for (;;) {
      const c = this.text[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.pos++;
      else if (c === '/' && this.text[this.pos + 1] === '/') {
        while (this.pos < this.text.length && this.text[this.pos] !== '\n') this.pos++;
      } else break;
    }
  }

  next(): Tok {
    this.skipTrivia();
    const start = this.pos;
    const t = this.text;
    if (start >= t.length) return { kind: 'eof', text: '', start, end: start };
    const c = t[start];
    if ('()[]{},:'.includes(c)) {
      this.pos++;
      return { kind: 'punct', text: c, start, end: this.pos };
    }
    if (c === '-' || (c >= '0' && c <= '9')) return this.number(start);
    if (c === "'") return this.char(start);
    if (c === '"') return t.startsWith('"""', start) ? this.multiline(start) : this.string(start);
    if (c === '%' || /[A-Za-z]/.test(c)) {
      const escaped = c === '%';
      let p = escaped ? start + 1 : start;
      while (p < t.length && /[A-Za-z0-9-]/.test(t[p])) p++;
      const name = t.slice(escaped ? start + 1 : start, p);
      this.pos = p;
      if (!isValidLabel(name)) this.fail(`invalid label \`${t.slice(start, p)}\` (labels are kebab-case: lowercase or uppercase words joined by \`-\`)`, start, p);
      return { kind: 'label', text: t.slice(start, p), value: name, escaped, start, end: p };
    }
    const cp = t.codePointAt(start)!;
    return this.fail(`unexpected character \`${String.fromCodePoint(cp)}\``, start, start + (cp > 0xffff ? 2 : 1));
  }

  number(start: number): Tok {
    const t = this.text;
    let p = start;
    if (t[p] === '-') p++;
    if (t.startsWith('inf', p) && !/[A-Za-z0-9-]/.test(t[p + 3] ?? '')) {
      this.pos = p + 3;
      return { kind: 'number', text: t.slice(start, this.pos), start, end: this.pos };
    }
    const digits = () => {
      const s = p;
      while (p < t.length && t[p] >= '0' && t[p] <= '9') p++;
      return p - s;
    };
    const intStart = p;
    if (digits() === 0) this.fail('expected a digit after `-`', p);
    if (t[intStart] === '0' && p - intStart > 1) this.fail('numbers cannot have leading zeros', intStart, p);
    if (t[p] === '.') {
      p++;
      if (digits() === 0) this.fail('expected a digit after `.`', p);
    }
    if (t[p] === 'e' || t[p] === 'E') {
      p++;
      if (t[p] === '+' || t[p] === '-') p++;
      if (digits() === 0) this.fail('expected a digit in the exponent', p);
    }
    if (/[A-Za-z_]/.test(t[p] ?? '')) this.fail(`unexpected \`${t[p]}\` after a number`, p);
    this.pos = p;
    return { kind: 'number', text: t.slice(start, p), start, end: p };
  }

  /** One `<char>` inside a char or string literal: a scalar value or an escape. */
  charAt(p: number, quote: string): { value: string; next: number } {
    const t = this.text;
    const c = t[p];
    if (c === undefined) this.fail(`unterminated ${quote === '"' ? 'string' : 'char'}`, p);
    if (c === '\n') this.fail(`a newline in a ${quote === '"' ? 'string' : 'char'} must be written \`\\n\``, p);
    if (c === '\\') {
      const e = t[p + 1];
      switch (e) {
        case "'": case '"': case '\\': return { value: e, next: p + 2 };
        case 't': return { value: '\t', next: p + 2 };
        case 'n': return { value: '\n', next: p + 2 };
        case 'r': return { value: '\r', next: p + 2 };
        case 'u': {
          const m = /^u\{([0-9a-fA-F]{1,8})\}/.exec(t.slice(p + 1, p + 13));
          if (!m) this.fail('expected `\\u{…}` with hexadecimal digits', p, p + 2);
          const cp = parseInt(m[1], 16);
          if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) this.fail(`\\u{${m[1]}} is not a Unicode scalar value`, p, p + 1 + m[0].length);
          return { value: String.fromCodePoint(cp), next: p + 1 + m[0].length };
        }
        default: this.fail(`unknown escape \`\\${e ?? ''}\``, p, p + 2);
      }
    }
    const cp = t.codePointAt(p)!;
    if (cp >= 0xd800 && cp <= 0xdfff) this.fail('text is not valid Unicode (a lone surrogate)', p);
    const value = String.fromCodePoint(cp);
    return { value, next: p + value.length };
  }

  char(start: number): Tok {
    const t = this.text;
    if (t[start + 1] === "'") this.fail('empty char literal', start, start + 2);
    const { value, next } = this.charAt(start + 1, "'");
    if (t[next] !== "'") this.fail(t[next] === undefined ? 'unterminated char' : 'a char literal holds exactly one character', start, next + 1);
    this.pos = next + 1;
    return { kind: 'char', text: t.slice(start, this.pos), value, start, end: this.pos };
  }

  string(start: number): Tok {
    const t = this.text;
    let p = start + 1;
    let value = '';
    while (t[p] !== '"') {
      if (p >= t.length) this.fail('unterminated string', start, p);
      const r = this.charAt(p, '"');
      value += r.value;
      p = r.next;
    }
    this.pos = p + 1;
    return { kind: 'string', text: t.slice(start, this.pos), value, start, end: this.pos };
  }

  multiline(start: number): Tok {
    const t = this.text;
    let p = start + 3;
    if (t.startsWith('\r\n', p)) p += 2;
    else if (t[p] === '\n') p += 1;
    else this.fail('a multiline string starts with `"""` and a line break', start, start + 3);
    const close = t.indexOf('"""', p);
    if (close < 0) this.fail('unterminated multiline string', start, start + 3);
    // The closing line: a line break, spaces, `"""`.
    let indentStart = close;
    while (indentStart > p && t[indentStart - 1] === ' ') indentStart--;
    if (t[indentStart - 1] !== '\n') this.fail('the closing `"""` of a multiline string must be on its own line', close, close + 3);
    const indent = close - indentStart;
    const bodyEnd = indentStart - 1 - (t[indentStart - 2] === '\r' ? 1 : 0);
    const lines = t.slice(p, Math.max(p, bodyEnd)).split(/\r?\n/);
    if (bodyEnd < p) lines.length = 0;
    let value = '';
    let offset = p;
    lines.forEach((line, i) => {
      if (line.length > 0 && !line.startsWith(' '.repeat(indent))) this.fail(`this line is indented less than the closing \`"""\` (${indent} spaces)`, offset, offset + line.length);
      let q = offset + Math.min(indent, line.length);
      const lineEnd = offset + line.length;
      while (q < lineEnd) {
        if (t[q] === '"' && t.startsWith('"""', q)) this.fail('`"""` inside a multiline string must be broken up with `\\"`', q, q + 3);
        const r = this.charAt(q, '"');
        value += r.value;
        q = r.next;
      }
      if (i < lines.length - 1) value += '\n';
      offset = lineEnd + (t[lineEnd] === '\r' ? 2 : 1);
    });
    this.pos = close + 3;
    return { kind: 'string', text: t.slice(start, this.pos), value, start, end: this.pos };
  }
}

class Parser {
  private lexer: Lexer;
  private tok: Tok;

  constructor(readonly text: string, start = 0) {
    this.lexer = new Lexer(text);
    this.lexer.pos = start;
    this.tok = this.lexer.next();
  }

  get current(): Tok {
    return this.tok;
  }

  advance(): Tok {
    const t = this.tok;
    this.tok = this.lexer.next();
    return t;
  }

  fail(message: string, tok: Span = this.tok): never {
    throw new WaveSyntaxError(message, tok.start, Math.max(tok.end, tok.start + 1));
  }

  describe(t: Tok): string {
    return t.kind === 'eof' ? 'the end of the text' : `\`${t.text}\``;
  }

  expect(p: string): Tok {
    if (this.tok.kind !== 'punct' || this.tok.text !== p) this.fail(`expected \`${p}\`, found ${this.describe(this.tok)}`);
    return this.advance();
  }

  isPunct(p: string): boolean {
    return this.tok.kind === 'punct' && this.tok.text === p;
  }

  /** Values separated by commas up to `close` (trailing comma allowed). */
  sequence(close: string): WaveNode[] {
    const items: WaveNode[] = [];
    while (!this.isPunct(close)) {
      items.push(this.value());
      if (this.isPunct(',')) this.advance();
      else if (!this.isPunct(close)) this.fail(`expected \`,\` or \`${close}\`, found ${this.describe(this.tok)}`);
    }
    return items;
  }

  value(): WaveNode {
    const t = this.tok;
    switch (t.kind) {
      case 'number': this.advance(); return { kind: 'number', text: t.text, start: t.start, end: t.end };
      case 'char': this.advance(); return { kind: 'char', value: t.value!, start: t.start, end: t.end };
      case 'string': this.advance(); return { kind: 'string', value: t.value!, start: t.start, end: t.end };
      case 'label': {
        this.advance();
        if (this.isPunct('(')) {
          this.advance();
          const payload = this.value();
          const close = this.expect(')');
          return { kind: 'label', name: t.value!, escaped: !!t.escaped, payload, labelEnd: t.end, start: t.start, end: close.end };
        }
        return { kind: 'label', name: t.value!, escaped: !!t.escaped, labelEnd: t.end, start: t.start, end: t.end };
      }
      case 'punct':
        if (t.text === '(') {
          this.advance();
          const items = this.sequence(')');
          const close = this.advance();
          if (items.length === 0) this.fail('a tuple needs at least one value', { start: t.start, end: close.end });
          return { kind: 'tuple', items, start: t.start, end: close.end };
        }
        if (t.text === '[') {
          this.advance();
          const items = this.sequence(']');
          const close = this.advance();
          return { kind: 'list', items, start: t.start, end: close.end };
        }
        if (t.text === '{') return this.braces();
        break;
      default:
        break;
    }
    return this.fail(`expected a value, found ${this.describe(t)}`);
  }

  braces(): WaveNode {
    const open = this.advance();
    if (this.isPunct(':')) {
      this.advance();
      const close = this.expect('}');
      return { kind: 'braces', entries: [], form: 'record', start: open.start, end: close.end };
    }
    const entries: { label: string; span: Span; value?: WaveNode }[] = [];
    let form: 'record' | 'flags' | undefined;
    while (!this.isPunct('}')) {
      const l = this.tok;
      if (l.kind !== 'label') this.fail(`expected a ${form === 'flags' ? 'flag' : form === 'record' ? 'field' : 'field or flag'} name, found ${this.describe(l)}`);
      this.advance();
      const isRecord = this.isPunct(':');
      if (form === undefined) form = isRecord ? 'record' : 'flags';
      else if ((form === 'record') !== isRecord) this.fail(form === 'record' ? `expected \`:\` after field \`${l.value}\`` : 'flags are written without values (`{read, write}`)', isRecord ? this.tok : l);
      let value: WaveNode | undefined;
      if (isRecord) {
        this.advance();
        value = this.value();
      }
      entries.push({ label: l.value!, span: { start: l.start, end: l.end }, value });
      if (this.isPunct(',')) this.advance();
      else if (!this.isPunct('}')) this.fail(`expected \`,\` or \`}\`, found ${this.describe(this.tok)}`);
    }
    const close = this.advance();
    return { kind: 'braces', entries, form: form ?? 'flags', start: open.start, end: close.end };
  }

  end(): void {
    if (this.tok.kind !== 'eof') this.fail(`unexpected ${this.describe(this.tok)} after the value`);
  }
}

/** Parses one WAVE value (surrounding whitespace and comments allowed). Throws `WaveSyntaxError`. */
export function parseWave(text: string): WaveNode {
  const p = new Parser(text);
  const v = p.value();
  p.end();
  return v;
}

export interface WaveCall {
  /** The function as written: `greet`, `formatting/format-greeting`, `pkg:ns/iface@1.0.0/f`. */
  name: string;
  nameSpan: Span;
  args: WaveNode[];
  /** Where the argument list starts and ends (the parentheses), for "missing argument" messages. */
  argsSpan: Span;
}

/**
 * Parses a call: `name(arg, …)` (or a bare `name` for no arguments). The name runs up to the
 * first `(`; it may contain `:`, `/`, `@`, `.`.
 */
export function parseWaveCall(text: string): WaveCall {
  const open = text.indexOf('(');
  const rawName = open < 0 ? text : text.slice(0, open);
  const lead = rawName.length - rawName.trimStart().length;
  const name = rawName.trim();
  const nameSpan = { start: lead, end: lead + name.length };
  if (name === '') throw new WaveSyntaxError('expected a function name before `(`', 0, Math.max(1, open));
  const bad = /[\s,)[\]{}"']/.exec(name);
  if (bad) throw new WaveSyntaxError(`unexpected \`${bad[0].trim() || 'whitespace'}\` in the function name`, lead + bad.index, lead + bad.index + 1);
  if (open < 0) return { name, nameSpan, args: [], argsSpan: { start: text.length, end: text.length } };
  const p = new Parser(text, open + 1);
  const args = p.sequence(')');
  const close = p.advance();
  p.end();
  return { name, nameSpan, args, argsSpan: { start: open, end: close.end } };
}

// ---------------------------------------------------------------------------------------------
// Checking a parsed value against a type: WAVE → jco's JavaScript value

/** A value that does not fit its type: where (in the text), what was expected, what was found. */
export class ValueError extends Error {
  constructor(
    readonly reason: string,
    readonly span: Span | undefined,
    /** Field and case names from the argument down to the offending value: `options.repeat`. */
    readonly path: string[],
  ) {
    super(reason);
  }
}

function found(n: WaveNode): string {
  switch (n.kind) {
    case 'number': return `the number \`${n.text}\``;
    case 'char': return `a char`;
    case 'string': return `a string`;
    case 'label': return n.payload ? `\`${n.escaped ? '%' : ''}${n.name}(…)\`` : `\`${n.escaped ? '%' : ''}${n.name}\``;
    case 'tuple': return `a tuple of ${n.items.length}`;
    case 'list': return `a list`;
    case 'braces': return n.form === 'record' ? 'a record' : n.entries.length ? 'flags' : '`{}`';
  }
}

function mismatch(t: ValType, n: WaveNode, path: string[], extra = ''): ValueError {
  return new ValueError(`expected ${describeType(t)}, found ${found(n)}${extra}`, n, path);
}

/** Whether a type is an option or a result (payloads of those cannot be written "flat"). */
function isOptionOrResult(t: ValType): boolean {
  return t.kind === 'option' || t.kind === 'result';
}

/** The JavaScript value jco expects for `node` as a `type`. Throws `ValueError`. */
export function waveToHost(node: WaveNode, type: ValType, path: string[] = []): unknown {
  const t = type;
  const plainLabel = (n: WaveNode, name: string) => n.kind === 'label' && !n.escaped && n.name === name;
  switch (t.kind) {
    case 'bool':
      if (node.kind === 'label' && !node.escaped && !node.payload && (node.name === 'true' || node.name === 'false')) return node.name === 'true';
      throw mismatch(t, node, path);
    case 'u8': case 'u16': case 'u32': case 'u64': case 's8': case 's16': case 's32': case 's64':
      if (node.kind !== 'number' || /inf/.test(node.text)) throw mismatch(t, node, path);
      return integer(node.text, t.kind, node, path);
    case 'f32': case 'f64':
      if (node.kind === 'number') return Number(node.text.replace(/^(-?)inf$/, '$1Infinity'));
      if (node.kind === 'label' && !node.escaped && !node.payload && (node.name === 'nan' || node.name === 'inf')) return node.name === 'nan' ? NaN : Infinity;
      throw mismatch(t, node, path);
    case 'char':
      if (node.kind === 'char') return node.value;
      throw mismatch(t, node, path, node.kind === 'string' ? ' (chars are written in single quotes)' : '');
    case 'string':
      if (node.kind === 'string') return node.value;
      throw mismatch(t, node, path, node.kind === 'char' ? ' (strings are written in double quotes)' : '');
    case 'list':
      if (node.kind !== 'list') throw mismatch(t, node, path);
      return node.items.map((item, i) => waveToHost(item, t.element, [...path, `[${i}]`]));
    case 'fixed-list':
      if (node.kind !== 'list') throw mismatch(t, node, path);
      if (node.items.length !== t.size) throw new ValueError(`expected ${describeType(t)}: exactly ${t.size} element${t.size === 1 ? '' : 's'}, found ${node.items.length}`, node, path);
      return node.items.map((item, i) => waveToHost(item, t.element, [...path, `[${i}]`]));
    case 'tuple':
      if (node.kind !== 'tuple') throw mismatch(t, node, path);
      if (node.items.length !== t.types.length) throw new ValueError(`expected ${describeType(t)} of ${t.types.length}, found a tuple of ${node.items.length}`, node, path);
      return node.items.map((item, i) => waveToHost(item, t.types[i], [...path, `.${i}`]));
    case 'record': {
      if (node.kind !== 'braces' || (node.form === 'flags' && node.entries.length > 0)) throw mismatch(t, node, path);
      const out: Record<string, unknown> = {};
      const given = new Map<string, { span: Span; value?: WaveNode }>();
      for (const e of node.entries) {
        const field = t.fields.find((f) => f.name === e.label);
        if (!field) throw new ValueError(`${describeType(t)} has no field \`${e.label}\` (its fields: ${t.fields.map((f) => f.name).join(', ')})`, e.span, path);
        if (given.has(e.label)) throw new ValueError(`field \`${e.label}\` is given twice`, e.span, path);
        given.set(e.label, e);
      }
      for (const f of t.fields) {
        const e = given.get(f.name);
        if (!e) {
          if (f.type.kind === 'option') {
            out[jsName(f.name)] = f.type.type.kind === 'option' ? { tag: 'none' } : undefined;
            continue;
          }
          throw new ValueError(`missing field \`${f.name}\` (${describeType(f.type)}) of ${describeType(t)}`, { start: node.end - 1, end: node.end }, path);
        }
        out[jsName(f.name)] = waveToHost(e.value!, f.type, [...path, `.${f.name}`]);
      }
      return out;
    }
    case 'flags': {
      if (node.kind !== 'braces' || node.form === 'record') throw mismatch(t, node, path);
      const out: Record<string, boolean> = {};
      for (const f of t.flags) out[jsName(f)] = false;
      const seen = new Set<string>();
      for (const e of node.entries) {
        if (!t.flags.includes(e.label)) throw new ValueError(`${describeType(t)} has no flag \`${e.label}\` (its flags: ${t.flags.join(', ')})`, e.span, path);
        if (seen.has(e.label)) throw new ValueError(`flag \`${e.label}\` is given twice`, e.span, path);
        seen.add(e.label);
        out[jsName(e.label)] = true;
      }
      return out;
    }
    case 'enum':
      if (node.kind !== 'label' || node.payload) throw mismatch(t, node, path);
      if (!t.cases.includes(node.name)) throw new ValueError(`${describeType(t)} has no case \`${node.name}\` (its cases: ${t.cases.join(', ')})`, node, path);
      return node.name;
    case 'variant': {
      if (node.kind !== 'label') throw mismatch(t, node, path);
      const c = t.cases.find((x) => x.name === node.name);
      if (!c) throw new ValueError(`${describeType(t)} has no case \`${node.name}\` (its cases: ${t.cases.map((x) => x.name).join(', ')})`, { start: node.start, end: node.labelEnd }, path);
      if (c.type && !node.payload) throw new ValueError(`case \`${c.name}\` of ${describeType(t)} carries ${describeType(c.type)}: write \`${c.name}(…)\``, node, path);
      if (!c.type && node.payload) throw new ValueError(`case \`${c.name}\` of ${describeType(t)} carries no value`, node.payload, path);
      return c.type ? { tag: c.name, val: waveToHost(node.payload!, c.type, [...path, `(${c.name})`]) } : { tag: c.name };
    }
    case 'option': {
      const tagged = t.type.kind === 'option';
      if (plainLabel(node, 'none')) {
        if (node.kind === 'label' && node.payload) throw new ValueError('`none` carries no value', node.payload, path);
        return tagged ? { tag: 'none' } : undefined;
      }
      let payload: WaveNode = node;
      if (plainLabel(node, 'some')) {
        if (node.kind !== 'label' || !node.payload) throw new ValueError(`\`some\` needs a value: \`some(…)\``, node, path);
        payload = node.payload;
      } else if (isOptionOrResult(t.type)) {
        throw new ValueError(`expected ${describeType(t)}: write \`some(…)\` or \`none\` (the payload is itself an option or result)`, node, path);
      }
      const v = waveToHost(payload, t.type, [...path, '(some)']);
      return tagged ? { tag: 'some', val: v } : v;
    }
    case 'result': {
      for (const tag of ['ok', 'err'] as const) {
        if (!plainLabel(node, tag) || node.kind !== 'label') continue;
        const ty = tag === 'ok' ? t.ok : t.err;
        if (ty && !node.payload) throw new ValueError(`\`${tag}\` of ${describeType(t)} carries ${describeType(ty)}: write \`${tag}(…)\``, node, path);
        if (!ty && node.payload) throw new ValueError(`\`${tag}\` of ${describeType(t)} carries no value`, node.payload, path);
        return ty ? { tag, val: waveToHost(node.payload!, ty, [...path, `(${tag})`]) } : { tag };
      }
      if (t.ok && !isOptionOrResult(t.ok)) {
        try {
          return { tag: 'ok', val: waveToHost(node, t.ok, [...path, '(ok)']) };
        } catch (e) {
          if (e instanceof ValueError && e.span === node) throw mismatch(t, node, path, ' (write `ok(…)` or `err(…)`)');
          throw e;
        }
      }
      throw mismatch(t, node, path, ' (write `ok(…)` or `err(…)`)');
    }
    default:
      throw new ValueError(`a ${formatType(t)} cannot be written as a value`, node, path);
  }
}

function integer(text: string, kind: IntegerKind, node: WaveNode, path: string[]): number | bigint {
  if (/[.eE]/.test(text)) {
    // 1e3 and 2.0 name integers exactly only in the float syntax: WAVE integers are plain digits.
    throw new ValueError(`expected \`${kind}\`, found \`${text}\` (not an integer)`, node, path);
  }
  const v = BigInt(text);
  const [lo, hi] = integerRange[kind];
  if (v < lo || v > hi) throw new ValueError(`expected \`${kind}\`, found \`${text}\` (out of range ${lo}..=${hi})`, node, path);
  return kind === 'u64' || kind === 's64' ? v : Number(v);
}

// ---------------------------------------------------------------------------------------------
// Printing jco's JavaScript values as WAVE

const printLabel = (name: string) => (waveKeywords.has(name) ? `%${name}` : name);

function escapeChar(ch: string): string {
  switch (ch) {
    case '\\': return '\\\\';
    case '"': return '\\"';
    case "'": return "\\'";
    case '\t': return '\\t';
    case '\n': return '\\n';
    case '\r': return '\\r';
    default: {
      const cp = ch.codePointAt(0)!;
      if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0xd800 && cp <= 0xdfff)) return `\\u{${cp.toString(16)}}`;
      return ch;
    }
  }
}

export function printWaveString(s: string): string {
  let out = '"';
  for (const ch of s) out += escapeChar(ch);
  return out + '"';
}

/** The shortest decimal that reads back as the same f32. */
export function formatF32(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (Object.is(x, -0)) return '-0';
  const f = Math.fround(x);
  for (let p = 1; p <= 9; p++) {
    const s = Number(f.toPrecision(p));
    if (Math.fround(s) === f) return jsonNumber(s);
  }
  return jsonNumber(f);
}

export function formatF64(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (Object.is(x, -0)) return '-0';
  return jsonNumber(x);
}

function jsonNumber(x: number): string {
  // JavaScript prints 1e21 as "1e+21", which is also valid WAVE/JSON.
  return String(x);
}

/** Values jco returns for list elements may be typed arrays. */
function items(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<unknown>);
  throw new TypeError(`expected a list, got ${typeof v}`);
}

/** The WAVE text of a value jco returned for `type`. */
export function printWave(v: unknown, type: ValType): string {
  const t = type;
  switch (t.kind) {
    case 'bool': return v ? 'true' : 'false';
    case 'u8': case 'u16': case 'u32': case 's8': case 's16': case 's32': case 'u64': case 's64': return String(v);
    case 'f32': return formatF32(Number(v));
    case 'f64': return formatF64(Number(v));
    case 'char': return `'${escapeChar(String(v))}'`;
    case 'string': return printWaveString(String(v));
    case 'list': case 'fixed-list': return `[${items(v).map((x) => printWave(x, t.element)).join(', ')}]`;
    case 'tuple': { const xs = items(v); return `(${t.types.map((ty, i) => printWave(xs[i], ty)).join(', ')})`; }
    case 'record': {
      const o = v as Record<string, unknown>;
      const parts: string[] = [];
      for (const f of t.fields) {
        const x = o[jsName(f.name)];
        if (f.type.kind === 'option' && isNone(x, f.type)) continue;
        parts.push(`${f.name}: ${printWave(x, f.type)}`);
      }
      return parts.length ? `{${parts.join(', ')}}` : '{:}';
    }
    case 'flags': {
      const o = v as Record<string, unknown>;
      return `{${t.flags.filter((f) => o[jsName(f)]).join(', ')}}`;
    }
    case 'enum': return printLabel(String(v));
    case 'variant': {
      const o = v as { tag: string; val?: unknown };
      const c = t.cases.find((x) => x.name === o.tag);
      if (!c) throw new TypeError(`unknown case ${o.tag}`);
      return c.type ? `${printLabel(c.name)}(${printWave(o.val, c.type)})` : printLabel(c.name);
    }
    case 'option': {
      if (isNone(v, t)) return 'none';
      const inner = t.type.kind === 'option' ? (v as { val: unknown }).val : v;
      return `some(${printWave(inner, t.type)})`;
    }
    case 'result': {
      const o = v as { tag: 'ok' | 'err'; val?: unknown };
      const ty = o.tag === 'ok' ? t.ok : t.err;
      return ty ? `${o.tag}(${printWave(o.val, ty)})` : o.tag;
    }
    default:
      return `<${formatType(t)}>`;
  }
}

function isNone(v: unknown, t: ValType & { kind: 'option' }): boolean {
  return t.type.kind === 'option' ? (v as { tag?: string })?.tag !== 'some' : v === undefined || v === null;
}
