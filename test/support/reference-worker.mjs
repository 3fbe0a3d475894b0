// Asks the reference WIT parser (wit-parser inside jco) for its verdict on WIT sources.
// Runs in its own process: a wasm panic poisons the instance for the rest of the process.
// stdin: JSON [{ source, features?: string[] | 'all' }]; stdout: JSON [{ ok, message? }].
import { componentEmbed } from '@bytecodealliance/jco-transpile/wasm-tools';

const input = JSON.parse(await new Promise((resolve) => {
  let s = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (d) => (s += d));
  process.stdin.on('end', () => resolve(s));
}));
const out = [];
for (const { source, features } of input) {
  const f = features === 'all' ? { tag: 'all' } : { tag: 'list', val: features ?? [] };
  try {
    await componentEmbed({ witSource: source, dummy: true, features: f });
    out.push({ ok: true });
  } catch (e) {
    const message = String(e?.message ?? e);
    // A package without worlds is valid WIT that embedding cannot use.
    if (/contains no worlds|multiple worlds|no world/.test(message)) out.push({ ok: true, note: message });
    else if (/unreachable|RuntimeError|panicked/.test(message)) { out.push({ ok: false, panic: true, message }); break; }
    else out.push({ ok: false, message });
  }
}
process.stdout.write(JSON.stringify(out));
