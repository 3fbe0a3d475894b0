// Drives one instance of a transpiled component through several calls — what `wit-tools call`
// (a fresh instance per call) cannot do — so that tests can use the resources a component exports.
// Run as `node --experimental-wasm-extended-const instance-driver.js JS_DIR SCENARIO`, it
// instantiates with nothing granted (preview2-shim's sandbox: no files, env, args or network),
// runs the scenario and prints its JSON result on stdout.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/* eslint-disable @typescript-eslint/no-explicit-any -- jco's generated bindings are untyped here */
type Loose = any;

const [jsDir, scenario] = process.argv.slice(2);

const scenarios: Record<string, (exports: Loose) => unknown> = {
  // examples/notes-py: the `book` resource keeps notes between calls; errors come back as results.
  notes(exports) {
    const { Book } = exports.notebook;
    const book = new Book('ada');
    const first = book.add('buy milk', ['home', 'errand'], 'high', 20n);
    const second = book.add('write report', ['work'], 'normal', undefined);
    let invalid: unknown;
    try {
      book.add('  ', [], 'low', undefined);
    } catch (e) {
      invalid = (e as Loose).payload;
    }
    const found = book.find({ tag: 'tagged', val: 'work' }).map((n: Loose) => n.title);
    const atLeast = book.find({ tag: 'at-least', val: 'high' }).map((n: Loose) => n.id);
    const got = book.get(first);
    book.remove(second);
    let missing: unknown;
    try {
      book.remove(second);
    } catch (e) {
      missing = (e as Loose).payload;
    }
    return {
      owner: book.owner(), ids: [first, second], invalid, found, atLeast, tags: got.tags, due: String(got.due),
      stamped: typeof got.created === 'bigint' && got.created > 1_600_000_000n, afterRemove: book.find({ tag: 'all' }).length, missing,
    };
  },
  // examples/shapes-rust: the `canvas` resource sums the areas of what was added to it.
  shapes(exports) {
    const { Canvas } = exports.geometry;
    const canvas = new Canvas();
    canvas.add({ tag: 'rect', val: [{ x: 0, y: 0 }, { x: 2, y: 3 }] });
    const n = canvas.add({ tag: 'polygon', val: [{ x: 0, y: 0 }, { x: 4, y: 0 }, { x: 0, y: 3 }] });
    const other = new Canvas();
    return { n, count: canvas.count(), total: canvas.totalArea(), other: other.count() };
  },
};

async function main(): Promise<void> {
  const run = scenarios[scenario];
  if (!run) throw new Error(`unknown scenario ${scenario}`);
  const { WASIShim } = (await import('@bytecodealliance/preview2-shim/instantiation')) as Loose;
  const wasi = new WASIShim({ sandbox: { preopens: {}, env: {}, args: [], enableNetwork: false } });
  const mod = (await import(pathToFileURL(join(jsDir, 'component.js')).href)) as Loose;
  const exports = await mod.instantiate((name: string) => (globalThis as Loose).WebAssembly.compile(readFileSync(join(jsDir, name))), wasi.getImportObject());
  process.stdout.write(JSON.stringify(run(exports), (_k, v) => (typeof v === 'bigint' ? Number(v) : v)) + '\n');
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
