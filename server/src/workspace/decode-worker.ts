// Runs in its own process: turns binary-encoded WIT packages (`.wasm`, or `.wat` text) into WIT
// text with the reference tooling inside jco. A separate process because a wasm trap poisons the
// jco instance for the rest of the process.
// stdin: JSON [{ path, base64, wat }]; stdout: JSON [{ text } | { error }].
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { unpackWit } from '@bytecodealliance/jco-transpile';

interface Request { path: string; base64: string; wat: boolean }

async function decode(req: Request): Promise<{ text: string } | { error: string }> {
  try {
    const raw = Buffer.from(req.base64, 'base64');
    const bytes = req.wat ? await parse(raw.toString('utf8')) : new Uint8Array(raw);
    const files = await unpackWit(undefined, bytes);
    const text = [...files.values()].join('\n');
    return { text };
  } catch (e) {
    const err = e as { message?: string; payload?: unknown };
    const payload = err.payload as { tag?: string; val?: unknown } | undefined;
    if (payload?.tag === 'component-artifact') return { error: 'found an actual component instead of an encoded WIT package in wasm' };
    const detail = payload?.val !== undefined ? String(typeof payload.val === 'object' ? JSON.stringify(payload.val) : payload.val) : err.message ?? String(e);
    return { error: detail };
  }
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', async () => {
  const out = [];
  for (const req of JSON.parse(input) as Request[]) out.push(await decode(req));
  process.stdout.write(JSON.stringify(out));
});
