// Offsets ↔ lines and columns. The analysis speaks UTF-16 offsets; the CLI prints lines and
// columns the way wit-parser does (lines split at `\n`, columns counted in UTF-8 bytes, 1-based).
import { lowerBound } from '../syntax/search.js';

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** 0-based line containing `offset`. */
  line(offset: number): number {
    // The last line that starts at or before `offset` (offsets are whole numbers).
    return Math.max(0, lowerBound(this.starts, offset + 1, (s) => s) - 1);
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }

  lineCount(): number {
    return this.starts.length;
  }

  /** The text of a 0-based line, without its `\n`. */
  lineText(line: number): string {
    const start = this.lineStart(line);
    const next = line + 1 < this.starts.length ? this.starts[line + 1] - 1 : this.text.length;
    return this.text.slice(start, next);
  }

  /** 1-based line and 1-based UTF-8 byte column, as wit-parser reports them. */
  byteLineColumn(offset: number): { line: number; column: number } {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const line = this.line(o);
    return { line: line + 1, column: utf8Length(this.text, this.lineStart(line), o) + 1 };
  }
}

/** UTF-8 length of `text[start, end)` without allocating. */
export function utf8Length(text: string, start = 0, end = text.length): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) { n += 4; i++; }
    else n += 3;
  }
  return n;
}
