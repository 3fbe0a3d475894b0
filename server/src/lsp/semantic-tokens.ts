// Semantic tokens in LSP's encoding — five numbers a token, each place relative to the token
// before — and the edits from one such list to the next, for `semanticTokens/full/delta`.
import { tokenModifiers, tokenTypes, type SemanticToken } from '../ide/decorations.js';

const typeIndex = new Map<string, number>(tokenTypes.map((t, i) => [t, i]));
const modifierBit = new Map<string, number>(tokenModifiers.map((m, i) => [m, 1 << i]));

/**
 * `tokens` (sorted, not overlapping; offsets into `text`) encoded for LSP. A token is one line in
 * LSP: one that spans lines (a block comment) is split at each line's end.
 */
export function encodeTokens(tokens: readonly SemanticToken[], text: string): number[] {
  const starts = lineStarts(text);
  const data: number[] = [];
  let line = 0;
  let lastLine = 0;
  let lastChar = 0;
  for (const t of tokens) {
    const type = typeIndex.get(t.type)!;
    let mods = 0;
    for (const m of t.modifiers) mods |= modifierBit.get(m)!;
    let at = t.start;
    while (at < t.end) {
      // Tokens come in order: the line is found by walking forward, not searched for each token.
      while (line + 1 < starts.length && starts[line + 1] <= at) line++;
      const next = line + 1 < starts.length ? starts[line + 1] : text.length;
      // The line's own text ends before its break (`\n`, `\r\n` or `\r`).
      let contentEnd = next;
      if (line + 1 < starts.length) contentEnd -= text.charCodeAt(next - 1) === 10 && text.charCodeAt(next - 2) === 13 ? 2 : 1;
      const end = Math.min(t.end, contentEnd);
      if (end > at) {
        const char = at - starts[line];
        data.push(line - lastLine, line === lastLine ? char - lastChar : char, end - at, type, mods);
        lastLine = line;
        lastChar = char;
      }
      if (t.end <= next) break;
      at = next;
    }
  }
  return data;
}

/** Where each line of `text` starts, lines ending as a `TextDocument`'s do: at `\n`, `\r\n` or `\r`. */
function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      out.push(i + 1);
    } else if (c === 10) out.push(i + 1);
  }
  return out;
}

/** One edit that turns `from` into `to` (LSP's `SemanticTokensEdit`); none when they are equal. */
export function tokenEdits(from: readonly number[], to: readonly number[]): { start: number; deleteCount: number; data?: number[] }[] {
  const max = Math.min(from.length, to.length);
  let p = 0;
  while (p < max && from[p] === to[p]) p++;
  if (p === from.length && p === to.length) return [];
  let s = 0;
  while (s < max - p && from[from.length - 1 - s] === to[to.length - 1 - s]) s++;
  // Whole tokens: an edit starting inside one would still be valid, but VS Code's own diff keeps to
  // token boundaries and so do we.
  p -= p % 5;
  s -= s % 5;
  const data = to.slice(p, to.length - s);
  return [{ start: p, deleteCount: from.length - s - p, ...(data.length ? { data } : {}) }];
}
