// Binary-encoded WIT packages (`.wasm`, `.wat`) in a root are decoded to WIT text before analysis,
// with wit-parser's own decoder inside jco, in a child process (see decode-worker.ts).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PackageSource, RootSource } from './loader.js';

const worker = fileURLToPath(new URL('./decode-worker.js', import.meta.url));

/** Decodes every binary package of `root` in place; failures become diagnostics. */
export function decodeBinaryPackages(root: RootSource): void {
  const pending = [root.main, ...root.deps].filter((p): p is PackageSource => !!p && p.kind === 'binary' && !!p.bytes && p.files.length === 0);
  if (pending.length === 0) return;
  const requests = pending.map((p) => ({ path: p.path, base64: Buffer.from(p.bytes!).toString('base64'), wat: !isBinary(p.bytes!) }));
  let answers: ({ text: string } | { error: string })[];
  if (!existsSync(worker)) {
    answers = pending.map(() => ({ error: 'the WIT package decoder is not available in this installation' }));
  } else {
    const r = spawnSync(process.execPath, [worker], { input: JSON.stringify(requests), encoding: 'utf8', maxBuffer: 1 << 28, timeout: 60_000 });
    try {
      answers = JSON.parse(r.stdout);
    } catch {
      answers = pending.map(() => ({ error: `the WIT package decoder failed: ${(r.stderr || r.error?.message || 'no output').split('\n')[0]}` }));
    }
  }
  pending.forEach((p, i) => {
    const a = answers[i] ?? { error: 'no answer from the decoder' };
    if ('text' in a) p.files.push({ path: p.path, text: a.text });
    else root.diagnostics.push({ severity: 'error', code: 'invalid-binary-package', message: `failed to decode WIT package [${p.path}]: ${a.error}`, file: p.path, span: { start: 0, end: 0 } });
  });
}

function isBinary(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d;
}
