// Arrays the resolution copies from its last run at every keystroke (a big package's types:
// tens of thousands of entries), made at once with room for what it appends after them.

/** Room left at the end of a copy for what is appended to it: a push into a full array copies it whole again. */
const room = 256;

/**
 * `head` followed by `from[a..b)`, in a new array with room for `extra` more entries (and a
 * little besides) before it grows.
 */
export function withRange<T>(head: readonly T[], from: readonly T[], a: number, b: number, extra = 0): T[] {
  const n = head.length + (b - a);
  // A presized array: `slice` makes one exactly as long, which the first push copies again.
  const out = new Array<T>(n + extra + room);
  let k = 0;
  for (let i = 0; i < head.length; i++) out[k++] = head[i];
  for (let i = a; i < b; i++) out[k++] = from[i];
  out.length = n;
  return out;
}

/** Appends `from[a..b)` to `to`. */
export function pushRange<T>(to: T[], from: readonly T[], a: number, b: number): void {
  for (let i = a; i < b; i++) to.push(from[i]);
}
