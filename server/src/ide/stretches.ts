// A document's text taken a stretch at a time — each top-level item, and the text between two —
// for what the editor asks of a whole file after each keystroke (semantic tokens, comments for
// folding). Each stretch's result, relative to the stretch's start, is kept by the stretch's
// text: a keystroke changes one stretch, and finds the others, moved or not. The stretches'
// ends are token boundaries, so each lexes as it does within the whole text.
import type * as A from '../syntax/index.js';

/** Per-stretch results of one document, by the stretch's text. */
export type StretchCache<T> = Map<string, readonly T[]>;

/**
 * The stretches from `from` to `to` (the text between `items`, and each of them), in order:
 * `each(value, stretchStart)` for every value `make(start, end, itemsIn)` gave for a stretch,
 * or that `cache` holds for its text. Returns what it used, the cache to keep for next time.
 */
export function byStretches<T>(
  text: string,
  items: readonly A.TopItem[],
  from: number,
  to: number,
  cache: StretchCache<T> | undefined,
  make: (start: number, end: number, items: readonly A.TopItem[]) => readonly T[],
  each: (value: T, stretchStart: number) => void,
): StretchCache<T> {
  const used: StretchCache<T> = new Map();
  const stretch = (start: number, end: number, within: readonly A.TopItem[]) => {
    if (end <= start) return;
    // An item's text starts with a keyword or a gate; the text between items holds neither.
    const key = text.slice(start, end);
    let values = used.get(key) ?? cache?.get(key);
    if (!values) values = make(start, end, within);
    used.set(key, values);
    for (const v of values) each(v, start);
  };
  let at = from;
  for (const item of items) {
    stretch(at, item.span.start, []);
    stretch(item.span.start, item.span.end, [item]);
    at = item.span.end;
  }
  stretch(at, to, []);
  return used;
}
