// A topological sort that keeps source order where it can, as wit-parser's (ast/toposort.rs):
// among the nodes whose dependencies are all placed, the earliest in the input comes first.
// Missing dependencies and cycles are reported and then set aside, so sorting always finishes.

export interface DepRef {
  name: string;
  loc: { file: string; start: number; end: number };
}

export type SortProblem =
  | { kind: 'missing'; dep: DepRef }
  | { kind: 'cycle'; dep: DepRef };

/** Sorts `deps` (node → the names it depends on). Problems come back in wit-parser's order. */
export function toposort(deps: Map<string, DepRef[]>): { order: string[]; problems: SortProblem[] } {
  const names = [...deps.keys()];
  const index = new Map(names.map((n, i) => [n, i]));
  if (inOrder(deps, index)) return { order: names, problems: [] };
  const remaining = new Array<number>(names.length).fill(0);
  const reverse: number[][] = names.map(() => []);
  const problems: SortProblem[] = [];
  const edges: (number | undefined)[][] = names.map(() => []);
  names.forEach((name, i) => {
    for (const dep of deps.get(name)!) {
      const j = index.get(dep.name);
      if (j === undefined) {
        problems.push({ kind: 'missing', dep });
        edges[i].push(undefined);
        continue;
      }
      edges[i].push(j);
      remaining[i]++;
      reverse[j].push(i);
    }
  });
  const order: string[] = [];
  const placed = new Array<boolean>(names.length).fill(false);
  // A min-heap on the input index: the first node in source order among the ready ones.
  const heap: number[] = [];
  const push = (i: number) => {
    heap.push(i);
    let k = heap.length - 1;
    while (k > 0) {
      const p = (k - 1) >> 1;
      if (heap[p] <= heap[k]) break;
      [heap[p], heap[k]] = [heap[k], heap[p]];
      k = p;
    }
  };
  const pop = (): number => {
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length) {
      heap[0] = last;
      let k = 0;
      for (;;) {
        const l = 2 * k + 1;
        const r = l + 1;
        let m = k;
        if (l < heap.length && heap[l] < heap[m]) m = l;
        if (r < heap.length && heap[r] < heap[m]) m = r;
        if (m === k) break;
        [heap[m], heap[k]] = [heap[k], heap[m]];
        k = m;
      }
    }
    return top;
  };
  const drain = () => {
    while (heap.length) {
      const i = pop();
      placed[i] = true;
      order.push(names[i]);
      for (const r of reverse[i]) if (--remaining[r] === 0) push(r);
    }
  };
  names.forEach((_, i) => { if (remaining[i] === 0) push(i); });
  drain();
  // Cycles: report the first edge into an unplaced node, as wit-parser does, then break it.
  while (order.length < names.length) {
    let broke = false;
    for (let i = 0; i < names.length && !broke; i++) {
      if (placed[i] || remaining[i] === 0) continue;
      const list = deps.get(names[i])!;
      for (let e = 0; e < list.length; e++) {
        const j = edges[i][e];
        if (j === undefined || placed[j]) continue;
        problems.push({ kind: 'cycle', dep: list[e] });
        // Break the cycle at this node: it goes next, its remaining deps are ignored.
        remaining[i] = 0;
        push(i);
        broke = true;
        break;
      }
    }
    if (!broke) break;
    drain();
  }
  return { order, problems };
}

/**
 * Whether every node depends only on nodes before it (the usual case: a type is defined before
 * the types that use it). Then the sort is the input order, with nothing to report: each node is
 * ready once those before it are placed, and it is the earliest of the ready ones.
 */
function inOrder(deps: Map<string, DepRef[]>, index: Map<string, number>): boolean {
  let i = 0;
  for (const list of deps.values()) {
    for (let e = 0; e < list.length; e++) {
      const j = index.get(list[e].name);
      if (j === undefined || j >= i) return false;
    }
    i++;
  }
  return true;
}
