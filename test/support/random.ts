/** A small seeded PRNG (mulberry32) so generated inputs are the same on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const snippets = ['{', '}', '(', ')', '<', '>', ';', ':', ',', '.', '@', '/', '->', '%', '"', 'func', 'interface', 'world',
  'type', 'record', 'use', 'import', 'export', 'list<', 'result<_, ', 'package a:b;', '/*', '*/', '//', '\n', ' ', 'x-y', '1.0.0', '\u0000', '\u00e9'];

/** Truncations and random edits (deletes, inserts of WIT-ish snippets, swaps) of `text`. */
export function mutate(text: string, random: () => number): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  const at = () => Math.floor(random() * (text.length + 1));
  const kind = random();
  if (kind < 0.25) return text.slice(0, at());
  let s = text;
  const edits = 1 + Math.floor(random() * 4);
  for (let i = 0; i < edits; i++) {
    const p = Math.floor(random() * (s.length + 1));
    const r = random();
    if (r < 0.35) s = s.slice(0, p) + s.slice(p + 1 + Math.floor(random() * 8));
    else if (r < 0.75) s = s.slice(0, p) + pick(snippets) + s.slice(p);
    else if (r < 0.9) s = s.slice(0, p) + String.fromCharCode(Math.floor(random() * 128)) + s.slice(p + 1);
    else {
      const q = Math.floor(random() * (s.length + 1));
      const [a, b] = p < q ? [p, q] : [q, p];
      s = s.slice(0, a) + s.slice(b) + s.slice(a, b);
    }
  }
  return s;
}
