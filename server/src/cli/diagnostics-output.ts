// Printing diagnostics for terminals and machines: the JSON contract of `wit-tools check` and a
// rustc/wit-parser-like human format with the source line and a caret under the span.
import * as nodePath from 'node:path';
import type { Diagnostic } from '../syntax/index.js';
import { LineIndex, utf8Length } from '../workspace/text.js';

export interface JsonDiagnostic {
  severity: string;
  code: string;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  related?: { message: string; file: string; line: number; column: number }[];
}

/** Looks up file texts to turn offsets into lines and columns. */
export type TextLookup = (file: string) => string | undefined;

export function relativeFile(file: string, cwd = process.cwd()): string {
  if (!nodePath.isAbsolute(file)) return file;
  const rel = nodePath.relative(cwd, file);
  return rel === '' ? '.' : rel;
}

function place(text: string | undefined, offset: number): { line: number; column: number } {
  if (text === undefined) return { line: 1, column: 1 };
  return indexFor(text).byteLineColumn(offset);
}

const indexCache = new Map<string, LineIndex>();
function indexFor(text: string): LineIndex {
  let ix = indexCache.get(text);
  if (!ix) {
    if (indexCache.size > 64) indexCache.clear();
    ix = new LineIndex(text);
    indexCache.set(text, ix);
  }
  return ix;
}

export function toJsonDiagnostic(d: Diagnostic, texts: TextLookup, cwd?: string): JsonDiagnostic {
  const text = texts(d.file);
  const a = place(text, d.span.start);
  const b = place(text, d.span.end);
  const out: JsonDiagnostic = {
    severity: d.severity,
    code: d.code,
    message: d.message,
    file: relativeFile(d.file, cwd),
    line: a.line,
    column: a.column,
    endLine: b.line,
    endColumn: b.column,
  };
  if (d.related?.length) {
    out.related = d.related.map((r) => {
      const p = place(texts(r.location.file), r.location.span.start);
      return { message: r.message, file: relativeFile(r.location.file, cwd), line: p.line, column: p.column };
    });
  }
  return out;
}

export interface Style {
  color: boolean;
}

const paint = (on: boolean, code: string, s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

/** `error[code]: message`, `--> file:line:col`, the line, and a caret under the span. */
export function formatHuman(d: Diagnostic, texts: TextLookup, style: Style, cwd?: string): string {
  const text = texts(d.file);
  const sevColor = d.severity === 'error' ? '1;31' : d.severity === 'warning' ? '1;33' : '1;36';
  const head = `${paint(style.color, sevColor, `${d.severity}[${d.code}]`)}${paint(style.color, '1', `: ${d.message}`)}`;
  const file = relativeFile(d.file, cwd);
  if (text === undefined) return `${head}\n  --> ${file}\n`;
  const ix = indexFor(text);
  const line = ix.line(Math.min(d.span.start, text.length));
  const lc = ix.byteLineColumn(d.span.start);
  const lineText = ix.lineText(line).replace(/\r$/, '');
  const gutter = String(line + 1).length;
  const pad = ' '.repeat(gutter);
  const startCol = Math.min(d.span.start - ix.lineStart(line), lineText.length);
  const endOnLine = Math.min(Math.max(d.span.end, d.span.start + 1), ix.lineStart(line) + lineText.length);
  const width = Math.max(1, endOnLine - ix.lineStart(line) - startCol);
  const lead = lineText.slice(0, startCol).replace(/[^\t]/g, ' ');
  const shown = lineText.length > 400 ? `${lineText.slice(Math.max(0, startCol - 60), startCol + 100)}` : lineText;
  const caretLead = lineText.length > 400 ? ' '.repeat(Math.min(60, startCol)) : lead;
  let out = `${head}\n${pad}${paint(style.color, '1;34', '-->')} ${file}:${lc.line}:${lc.column}\n`;
  out += `${pad} ${paint(style.color, '1;34', '|')}\n`;
  out += `${paint(style.color, '1;34', `${line + 1} |`)} ${shown}\n`;
  out += `${pad} ${paint(style.color, '1;34', '|')} ${caretLead}${paint(style.color, sevColor, '^'.repeat(Math.min(width, 200)))}\n`;
  for (const r of d.related ?? []) {
    const rt = texts(r.location.file);
    const p = place(rt, r.location.span.start);
    out += `${pad} ${paint(style.color, '1;34', '=')} note: ${r.message}: ${relativeFile(r.location.file, cwd)}:${p.line}:${p.column}\n`;
  }
  return out;
}

export { utf8Length };
