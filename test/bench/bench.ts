// `npm run bench`: timings, printed as figures and ratios — never pass/fail.
//   parse:   throughput over all WIT found (the shared corpus when present, generated WIT otherwise),
//            and the time ratio between an 8 MB and a 1 MB generated file (linear ≈ 8).
//   resolve: every WASI root of the shared corpus and examples/ checked by us and by the reference
//            (wit-parser inside jco), warm, in this process; the ratio; and cost per package as
//            `deps/` grows (linear ≈ flat).
//   format:  a generated 5,000-line file, first and already formatted, against the 100 ms budget.
//   pipeline: calls (warm, per process, cold), run and build against jco (see pipeline-bench.ts).
//   languages: `wit-tools build` of the Python, Rust, Go and C examples against their tool chains by hand.
//   link:    a warm call through a run-time link against one of a single (composed) component.
//   lsp:     through a real client over stdio: keystroke → diagnostics, completion, hover,
//            formatting, start-up, and memory with the whole shared corpus open (lsp-bench.ts).
// `npm run bench -- format lsp` runs some; each section runs in a fresh process.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parseWit } from 'wit-tools/server/syntax/index.js';
import { analyzeRoot } from 'wit-tools/server/semantic/analyze.js';
import { MemoryFileSystem, nodeFileSystem } from 'wit-tools/server/workspace/fs.js';
import { loadRoot } from 'wit-tools/server/workspace/loader.js';
import { benchLsp } from './lsp-bench.js';
import { benchFormat } from './format-bench.js';
import { benchPipeline } from './pipeline-bench.js';
import { benchLanguages } from './languages-bench.js';
import { benchLink } from './link-bench.js';
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

async function benchResolve(): Promise<void> {
  const roots: string[] = [];
  if (sharedCorpus) {
    const tsv = readFileSync(join(sharedCorpus, 'wasi-expected.tsv'), 'utf8').trim().split('\n').slice(1);
    for (const line of tsv) roots.push(join(sharedCorpus, 'wasi', line.split('\t')[0]));
  }
  for (const name of readdirSync(join(repoRoot, 'examples'))) roots.push(join(repoRoot, 'examples', name));
  const ours = () => { for (const r of roots) analyzeRoot(loadRoot(nodeFileSystem, r), { allFeatures: true }); };
  const tOurs = time(ours, 2000);
  const { _setPreopens } = await import('@bytecodealliance/preview2-shim/filesystem' as string) as { _setPreopens(p: Record<string, string>): void };
  const { componentEmbed } = await import('@bytecodealliance/jco-transpile/wasm-tools' as string) as { componentEmbed(o: object): Promise<Uint8Array> };
  _setPreopens({ '/': '/' });
  const reference = async () => {
    for (const r of roots) {
      try { await componentEmbed({ witPath: r, dummy: true, features: { tag: 'all' } }); } catch { /* verdicts are the conformance suite's business */ }
    }
  };
  await reference();
  let runs = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 2000 || runs < 3) { await reference(); runs++; }
  const tRef = (performance.now() - t0) / runs;
  console.log(`resolve ${roots.length} roots (WASI of the shared corpus${sharedCorpus ? '' : ': absent'} + examples/), warm: ours ${tOurs.toFixed(1)} ms, reference ${tRef.toFixed(1)} ms, ratio ${(tRef / tOurs).toFixed(2)}× (goal ≥ 3×)`);

  // Cold, from a shell: a new process each, checking the WASI roots — `wit-tools check ROOT…`
  // against a Node process that loads the reference (wit-parser in jco) and resolves the same
  // roots. Alternating, medians of 5.
  const wasiRoots = roots.filter((r) => !r.startsWith(join(repoRoot, 'examples')));
  if (wasiRoots.length) {
    const dir = mkdtempSync(join(tmpdir(), 'wit-bench-cold-'));
    const script = join(dir, 'reference-cold.mjs');
    writeFileSync(script, [
      `import { _setPreopens } from ${JSON.stringify(import.meta.resolve('@bytecodealliance/preview2-shim/filesystem'))};`,
      `import { componentEmbed } from ${JSON.stringify(import.meta.resolve('@bytecodealliance/jco-transpile/wasm-tools'))};`,
      "_setPreopens({ '/': '/' });",
      'for (const r of JSON.parse(process.argv[2])) { try { await componentEmbed({ witPath: r, dummy: true, features: { tag: \'all\' } }); } catch {} }',
    ].join('\n'));
    const cli = join(repoRoot, 'bin', 'wit-tools.js');
    const run = (args: string[]) => { const t0 = performance.now(); spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 }); return performance.now() - t0; };
    const oursCold: number[] = [];
    const refCold: number[] = [];
    run([cli, 'check', ...wasiRoots]);
    run([script, JSON.stringify(wasiRoots)]);
    for (let i = 0; i < 5; i++) {
      oursCold.push(run([cli, 'check', '--all-features', ...wasiRoots]));
      refCold.push(run([script, JSON.stringify(wasiRoots)]));
    }
    rmSync(dir, { recursive: true, force: true });
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    console.log(`check  ${wasiRoots.length} WASI roots, cold (a new process each, from a shell): ours ${med(oursCold).toFixed(0)} ms, reference ${med(refCold).toFixed(0)} ms, ratio ${(med(refCold) / med(oursCold)).toFixed(2)}× (goal ≥ 4×)`);
  }

  // N packages that each use a shared base package (a star, as real `deps/` folders look); the
  // root uses every one of them.
  const withDeps = (n: number) => {
    const uses = Array.from({ length: n }, (_, k) => `  use d:p${k}/i.{r as r${k}};`).join('\n');
    const files: Record<string, string> = {
      '/b/a.wit': `package a:a;\ninterface i {\n${uses}\n}\nworld root { export i; }\n`,
      '/b/deps/base/base.wit': 'package d:base;\ninterface types { type t = u32; resource h; }\n',
    };
    for (let k = 0; k < n; k++) {
      files[`/b/deps/p${k}/p.wit`] = `package d:p${k};\ninterface i {\n  use d:base/types.{t, h};\n  record r { a: t, b: list<string> }\n  f: func(x: r, y: borrow<h>) -> result<r, string>;\n}\nworld w { export i; }\n`;
    }
    return new MemoryFileSystem(files);
  };
  const line: string[] = [];
  for (const n of [100, 200, 400, 800]) {
    const fs = withDeps(n);
    const t = time(() => analyzeRoot(loadRoot(fs, '/b')), 1000);
    line.push(`${n}: ${t.toFixed(1)} ms (${(t / n * 1000).toFixed(0)} µs/package)`);
  }
  console.log(`resolve with N packages in deps/: ${line.join(', ')}`);
}

const sections: Record<string, () => void | Promise<void>> = { parse: benchParse, resolve: benchResolve, format: benchFormat, lsp: benchLsp, pipeline: benchPipeline, languages: benchLanguages, link: benchLink };
const asked = process.argv.slice(2);
const unknown = asked.filter((a) => !(a in sections));
if (unknown.length) {
  console.error(`unknown section ${unknown.join(', ')}; the sections are ${Object.keys(sections).join(', ')}`);
  process.exit(2);
}
if (asked.length === 1) {
  await sections[asked[0]]();
} else {
  // Each section in a process of its own: what one leaves on the heap (the 8 MB parse's, say)
  // must not show up as garbage-collection time in the next one's figures.
  for (const name of asked.length ? asked : Object.keys(sections)) {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), name], { stdio: 'inherit' });
    if (r.status !== 0) process.exitCode = r.status ?? 1;
  }
}
