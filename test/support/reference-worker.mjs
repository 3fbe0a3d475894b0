// Asks the reference WIT parser (wit-parser inside jco) for its verdict on WIT sources.
// Runs in its own process: a wasm panic poisons the instance for the rest of the process.
// stdin: JSON [{ source } | { files: {path: text}, root }, features?: string[] | 'all' }]
// stdout: JSON [{ ok, message? }].
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { componentEmbed } from '@bytecodealliance/jco-transpile/wasm-tools';
import { generateHostTypes } from '@bytecodealliance/jco-transpile';
import { _setPreopens } from '@bytecodealliance/preview2-shim/filesystem';

const input = JSON.parse(await new Promise((resolve) => {
  let s = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (d) => (s += d));
  process.stdin.on('end', () => resolve(s));
}));

/** The innermost cause of an anyhow chain ("Caused by: 0: … 1: msg") as wit-parser's message. */
function innermost(message) {
  const lines = message.split('\n');
  const i = lines.findIndex((l) => l.startsWith('Caused by:'));
  if (i < 0) return message;
  const causes = lines.slice(i + 1).join('\n').split(/\n\s+\d+: /).map((s) => s.replace(/^\s+(\d+: )?/, ''));
  return causes[causes.length - 1].trim();
}

const scratch = mkdtempSync(join(tmpdir(), 'wit-oracle-'));
_setPreopens({ '/': '/' });
const out = [];
try {
  for (const item of input) {
    const features = item.features ?? [];
    try {
      if (item.source !== undefined) {
        const f = features === 'all' ? { tag: 'all' } : { tag: 'list', val: features };
        await componentEmbed({ witSource: item.source, dummy: true, features: f });
      } else {
        const dir = mkdtempSync(join(scratch, 'case-'));
        for (const [p, text] of Object.entries(item.files)) {
          mkdirSync(dirname(join(dir, p)), { recursive: true });
          writeFileSync(join(dir, p), text);
        }
        await generateHostTypes(join(dir, item.root), { features });
      }
      out.push({ ok: true });
    } catch (e) {
      const raw = String(e?.message ?? e);
      const message = innermost(raw);
      // A package without worlds is valid WIT that embedding cannot use.
      if (/contains no worlds|multiple worlds|no world/.test(message)) out.push({ ok: true, note: message });
      else if (/unreachable|RuntimeError|panicked|cannot enter component/.test(raw)) { out.push({ ok: false, panic: true, message: raw }); break; }
      else out.push({ ok: false, message });
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(out));
