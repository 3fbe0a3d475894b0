// Runs in its own process (see cache.ts): transpiles a component with jco into ES modules whose
// `instantiate(getCoreModule, imports)` takes every import as an argument, so the sandbox decides
// what the component gets. A process of its own because a wasm panic inside jco's transpiler
// poisons it for the rest of the process.
// argv: COMPONENT OUT_DIR. Exit 0 on success; the reason on stderr otherwise.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
// jco-transpile (what jco's own `transpile` runs), which the packaged extension carries.
import { transpileBytes } from '@bytecodealliance/jco-transpile';

async function main(): Promise<void> {
  const [component, outDir] = process.argv.slice(2);
  const bytes = readFileSync(component);
  const { files } = await transpileBytes(bytes, {
    name: 'component',
    instantiation: 'async',
    emitTypescriptDeclarations: false,
    // A function's `err` comes back as a ComponentError carrying the payload, told apart from a
    // trap (jco's own `transpile` does the same; jco-transpile's default throws the bare payload).
    noComponentErrorWrapping: false,
  });
  for (const [name, contents] of Object.entries(files)) {
    const file = join(outDir, name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, contents);
  }
}

main().catch((e: unknown) => {
  const err = e as { message?: string; payload?: unknown };
  const payload = err.payload as { val?: unknown } | undefined;
  process.stderr.write(`${payload?.val !== undefined ? String(payload.val) : err.message ?? String(e)}\n`);
  process.exitCode = 1;
});
