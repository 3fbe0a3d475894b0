// The formatter's benchmark (wired into `npm run bench`): the time to format a generated
// 5,000-line file written the way WASI's packages are (doc comments, gates, resources, records,
// long signatures), messily indented so that there is work to do, and the ratio to the 100 ms
// budget. A figure, never a pass/fail test.
import { formatWit } from 'wit-tools/server/ide/format.js';

/** A WASI-like package of about `lines` lines, indented with 4 spaces and tabs. */
export function generateWit(lines: number): string {
  const out: string[] = ['// Generated for the formatter benchmark.', 'package bench:format@0.2.0;', ''];
  for (let k = 0; out.length < lines; k++) {
    out.push(
      `/// Interface number ${k}: documentation that runs`,
      '/// over more than one line, like WASI\'s.',
      '@since(version = 0.2.0)',
      `interface iface-${k} {`,
      k > 0 ? `    use iface-${k - 1}.{point, shape};` : '    type placeholder = u32;',
      '',
      '    /// A point, with a trailing comment on a field.',
      '    @since(version = 0.2.0)',
      `    record point { x: s32, y: s32, /* no z */ label: option<string> }`,
      '',
      '    /// Shapes.',
      '\tvariant shape { circle(f64), square(tuple<f32, f32>), none }',
      '    enum color { red, green, blue, }',
      '    flags perms { read, write, exec }',
      '',
      '    /// A resource with methods.',
      '    resource blob {',
      '        /// Makes a blob.',
      '        constructor(init: list<u8>);',
      '        read: func(n: u32) -> result<list<u8>, string>; // trailing',
      '        write:   func( data : list<u8> ) ->result<_, string>;',
      '        // a comment before the closing brace',
      '    }',
      '',
      '    /// A signature too long for one line, so its parameters go one per line.',
      `    move-somewhere-far-away: func(p: point, by: list<point>, options: option<list<string>>) -> result<point, string>;`,
      '    @unstable(feature = experimental)',
      '    measure: async func(s: shape) -> f64;',
      '}',
      '',
    );
  }
  return out.join('\n');
}

/** Median and fastest of repeated runs, in ms (the fastest is the least disturbed by other load). */
function time(fn: () => void, minMs = 2000): { median: number; best: number } {
  fn(); // warm-up
  const runs: number[] = [];
  const t0 = performance.now();
  while (performance.now() - t0 < minMs || runs.length < 5) {
    const t = performance.now();
    fn();
    runs.push(performance.now() - t);
  }
  runs.sort((a, b) => a - b);
  return { median: runs[runs.length >> 1], best: runs[0] };
}

export function benchFormat(): void {
  const text = generateWit(5000);
  const lines = text.split('\n').length;
  const r = formatWit(text);
  if ('error' in r) throw new Error(r.error);
  const first = time(() => formatWit(text));
  const again = time(() => formatWit(r.text));
  const show = (t: { median: number; best: number }) => `median ${t.median.toFixed(1)} ms = ${(t.median / 100).toFixed(2)} × the 100 ms budget (best ${t.best.toFixed(1)} ms)`;
  console.log(`format generated ${lines} lines (${(text.length / 1024).toFixed(0)} KB): ${show(first)}`);
  console.log(`format the same, already formatted: ${show(again)}`);
}
