// `npm run bench`: timings, printed as figures and ratios — never pass/fail.
//   parse: throughput over all WIT found (the shared corpus when present, generated WIT otherwise),
//          and the time ratio between an 8 MB and a 1 MB generated file (linear ≈ 8).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseWit } from 'wit-tools/server/syntax/index.js';
import { sharedCorpus, repoRoot } from '../support/paths.js';
import { witFilesUnder } from '../support/wit-files.js';

function time(fn: () => void, minMs = 300): number {
  fn(); // warm-up
  let runs = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < minMs || runs < 3) { fn(); runs++; }
  return (performance.now() - t0) / runs;
}

function generated(bytes: number): string {
  let s = 'package bench:gen@1.0.0;\n';
  for (let k = 0; s.length < bytes; k++) {
    s += `/// Interface number ${k}, with docs.\ninterface iface-${k} {\n  use iface-${Math.max(0, k - 1)}.{point};\n  record point { x: s32, y: s32, label: option<string> }\n` +
      `  variant shape { circle(f64), square(tuple<f32, f32>), none }\n  enum color { red, green, blue }\n  flags perms { read, write }\n` +
      `  resource blob { constructor(init: list<u8>); read: func(n: u32) -> result<list<u8>, string>; }\n` +
      `  move: func(p: point, by: list<point>) -> result<point, string>;\n}\n`;
  }
  return s;
}

const mb = (n: number) => (n / (1024 * 1024)).toFixed(2);

function benchParse(): void {
  const dirs = sharedCorpus ? [sharedCorpus] : [];
  const files = [...dirs.flatMap((d) => witFilesUnder(d)), ...witFilesUnder(join(repoRoot, 'examples'))];
  const texts = files.map((f) => readFileSync(f, 'utf8'));
  const corpusBytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
  const source = sharedCorpus ? `${files.length} files of the shared corpus and examples/` : `${files.length} files of examples/`;
  const tCorpus = time(() => { for (const t of texts) parseWit(t); });
  console.log(`parse  ${source}: ${mb(corpusBytes)} MB in ${tCorpus.toFixed(1)} ms = ${(corpusBytes / 1048576 / (tCorpus / 1000)).toFixed(1)} MB/s`);
  const one = generated(1 << 20);
  const eight = generated(8 << 20);
  const t1 = time(() => parseWit(one), 2000);
  const t8 = time(() => parseWit(eight), 4000);
  console.log(`parse  generated 1 MB: ${t1.toFixed(1)} ms (${(Buffer.byteLength(one) / 1048576 / (t1 / 1000)).toFixed(1)} MB/s)`);
  console.log(`parse  generated 8 MB: ${t8.toFixed(1)} ms (${(Buffer.byteLength(eight) / 1048576 / (t8 / 1000)).toFixed(1)} MB/s)`);
  console.log(`parse  ratio 8 MB / 1 MB: ${(t8 / t1).toFixed(2)} (linear ≈ 8)`);
}

const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);
if (want('parse')) benchParse();
