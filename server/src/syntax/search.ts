// Binary search over things sorted by where they start (tokens, comments, lines, units).

/** The first index whose item starts at or after `offset`; `items.length` when none does. */
export function lowerBound<T>(items: readonly T[], offset: number, startOf: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (startOf(items[mid]) < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
