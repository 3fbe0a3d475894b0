// `// wit-lint: ignore RULE[, RULE…]`: on the line of a finding (after the code) or alone on the
// line directly above it, it silences those rules there; with no rule it silences every rule.
import { lexWit, type Diagnostic } from '../syntax/index.js';
import type { LintFix } from './types.js';

const directive = /^\/\/\s*wit-lint:\s*ignore\b(.*)$/;

/** Per 0-based line: the rules silenced there (`'*'` for all). */
export type IgnoreMap = Map<number, Set<string>>;

export function ignoreDirectives(text: string): IgnoreMap {
  const out: IgnoreMap = new Map();
  const starts = lineStarts(text);
  for (const c of lexWit(text).comments) {
    if (c.block) continue;
    const m = directive.exec(c.text.replace(/\r?\n$/, '').trimEnd());
    if (!m) continue;
    const rules = m[1].split(/[\s,]+/).filter(Boolean);
    const line = lineOf(starts, c.start);
    const alone = text.slice(starts[line], c.start).trim() === '';
    const target = alone ? line + 1 : line;
    const set = out.get(target) ?? new Set<string>();
    if (rules.length === 0) set.add('*');
    for (const r of rules) set.add(r);
    out.set(target, set);
  }
  return out;
}

/** `starts`: the line starts of the finding's file (`lineStarts(text)`). */
export function isIgnored(map: IgnoreMap, starts: readonly number[], d: Diagnostic): boolean {
  const set = map.get(lineOf(starts, d.span.start));
  return !!set && (set.has('*') || set.has(d.code));
}

/** The fix inserting `// wit-lint: ignore RULE` on the line above the finding, indented alike. */
export function ignoreCommentFix(finding: Diagnostic, text: string): LintFix {
  const starts = lineStarts(text);
  const line = lineOf(starts, finding.span.start);
  const start = starts[line];
  const indent = /^[ \t]*/.exec(text.slice(start))![0];
  const title = `Ignore \`${finding.code}\` on this line`;
  // A directive already alone on the line above takes one more rule.
  if (line > 0) {
    const prevStart = starts[line - 1];
    const prev = text.slice(prevStart, start).replace(/\r?\n$/, '');
    const m = /^([ \t]*)(\/\/\s*wit-lint:\s*ignore\b)(.*)$/.exec(prev);
    if (m && m[3].trim() !== '') {
      const end = prevStart + prev.trimEnd().length;
      return { title, edits: [{ file: finding.file, span: { start: end, end }, newText: `, ${finding.code}` }] };
    }
  }
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return { title, edits: [{ file: finding.file, span: { start, end: start }, newText: `${indent}// wit-lint: ignore ${finding.code}${eol}` }] };
}

export function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) out.push(i + 1);
  return out;
}

/** 0-based line of `offset`. */
export function lineOf(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid; else hi = mid - 1;
  }
  return lo;
}
