// Runs in a child process started by build.ts, one job per process:
//   componentize  jco's componentize (componentize-js, StarlingMonkey) on a JS or TS entry;
//   wrap-core     a preview1 core module (from clang or Go) → a component with jco's adapter, the
//                 WIT embedded first for a reactor (jco-transpile's wasm-tools: no jco needed);
//   typecheck     TypeScript's checker on the project, with jco's guest types for the world;
//   guest-types   jco's guest types for the world, written into a folder (`wit-tools bindings`).
// Why a process: componentize peaks near 800 MB, writes to stdout, changes the working directory,
// and a wasm panic in jco's tools poisons them for the rest of the process. Before any jco tool
// reads WIT from disk, the preview2-shim copies it uses get preopens for the folders it must read
// (preview2-shim ≥ 0.25 starts with none: "No such file or directory (os error 44)").
// The request comes as JSON in argv[2]; the answer as one IPC message.
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { embedWorld, emptyModule } from './embed-world.js';
import type { BuildDiagnostic } from './compiler-output.js';

export type BuildJob =
  | { kind: 'componentize'; entry: string; witDir: string; world: string; out: string; projectDir: string }
  | { kind: 'wrap-core'; core: string; witDir: string; world: string; out: string; command: boolean; projectDir: string }
  | { kind: 'typecheck'; projectDir: string; entry: string; witDir: string; world: string }
  | { kind: 'guest-types'; witDir: string; world: string; outDir: string; projectDir: string };

export type BuildJobResult =
  | { ok: true; diagnostics?: BuildDiagnostic[]; note?: string }
  | { ok: false; message: string; diagnostics?: BuildDiagnostic[]; missing?: 'jco' };

const require = createRequire(import.meta.url);

/** Where a package is: the project's own copy first, else the one beside wit-tools. */
function resolveFor(projectDir: string, spec: string): string | undefined {
  for (const req of [createRequire(path.join(projectDir, 'package.json')), require]) {
    try {
      return req.resolve(spec);
    } catch {
      // try the next
    }
  }
  return undefined;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- jco's internal modules are untyped */
type Loose = any;

/** Grants `dirs` to every copy of preview2-shim that the tools found from `roots` resolve. */
async function preopen(dirs: string[], roots: string[]): Promise<void> {
  const preopens = Object.fromEntries([...new Set(dirs.map((d) => path.resolve(d)))].map((d) => [d, d]));
  const seen = new Set<string>();
  const bases = ['@bytecodealliance/jco', '@bytecodealliance/componentize-js', '@bytecodealliance/jco-transpile'];
  const found = new Set<string>();
  for (const root of roots) {
    for (const base of bases) {
      try {
        found.add(createRequire(root).resolve(base));
      } catch {
        // not there
      }
    }
  }
  for (const from of found) {
    for (const req of [createRequire(from), require]) {
      let shimPath: string;
      try {
        shimPath = req.resolve('@bytecodealliance/preview2-shim/filesystem');
      } catch {
        continue;
      }
      if (seen.has(shimPath)) continue;
      seen.add(shimPath);
      const shim = (await import(pathToFileURL(shimPath).href)) as Loose;
      shim._setPreopens(preopens);
    }
  }
}

const noJco = (what: string): BuildJobResult => ({ ok: false, missing: 'jco', message: `${what} needs @bytecodealliance/jco (with componentize-js), found neither in the project nor beside wit-tools` });

async function componentize(job: Extract<BuildJob, { kind: 'componentize' }>): Promise<BuildJobResult> {
  const api = resolveFor(job.projectDir, '@bytecodealliance/jco');
  if (!api) return noJco('building a JavaScript component');
  await preopen([job.witDir, job.projectDir, os.tmpdir()], [api, import.meta.url]);
  const { componentize } = (await import(pathToFileURL(path.join(path.dirname(api), 'cmd', 'componentize.js')).href)) as Loose;
  fs.mkdirSync(path.dirname(job.out), { recursive: true });
  // Bundled (rolldown): relative imports and npm dependencies become one module, and a syntax
  // error is reported with its place (componentize-js alone only counts them).
  try {
    await componentize(job.entry, { wit: job.witDir, worldName: job.world, out: job.out, bundle: true });
  } catch (e) {
    const bundleErrors = (e as { errors?: { message?: string; loc?: { line: number; column: number; file?: string } }[] }).errors;
    if (!Array.isArray(bundleErrors) || bundleErrors.length === 0) throw e;
    // Rolldown's errors (syntax errors, unresolved imports) carry their place.
    const diagnostics: BuildDiagnostic[] = bundleErrors.filter((x) => x.loc?.file).map((x) => ({
      severity: 'error', file: path.resolve(x.loc!.file!), line: x.loc!.line, column: x.loc!.column + 1,
      message: (x.message ?? 'error').split('\n')[0].replace(/^\[[A-Z_]+\]\s*/, ''), source: 'rolldown',
    }));
    const first = (bundleErrors[0].message ?? String(e)).split('\n')[0];
    return { ok: false, message: first, diagnostics };
  }
  return { ok: true };
}

/**
 * jco's preview1 adapter (command or reactor): the copy bundled beside this module (the .vsix), else
 * jco's own. Only these 50 KB files of jco are needed: the wrapping itself is jco-transpile's.
 */
function adapterPath(command: boolean): string | undefined {
  const name = `wasi_snapshot_preview1.${command ? 'command' : 'reactor'}.wasm`;
  const bundled = fileURLToPath(new URL(`./adapters/${name}`, import.meta.url));
  if (fs.existsSync(bundled)) return bundled;
  try {
    return path.join(path.dirname(require.resolve('@bytecodealliance/jco')), '..', 'lib', name);
  } catch {
    return undefined;
  }
}

/** Whether a core module already carries a world (`component-type…` custom section: wit-bindgen c's `_component_type.o`). */
export function hasComponentType(bytes: Uint8Array): boolean {
  let pos = 8;
  const leb = () => {
    let v = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[pos++];
      v += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (b < 0x80 || pos >= bytes.length) return v;
    }
  };
  while (pos < bytes.length) {
    const id = bytes[pos++];
    const size = leb();
    const end = pos + size;
    if (id === 0) {
      const len = leb();
      if (new TextDecoder().decode(bytes.subarray(pos, pos + len)).startsWith('component-type')) return true;
    }
    pos = end;
  }
  return false;
}

/** Loads jco-transpile's wasm-tools and runs it once on an empty module, so that its first real job is warm. */
async function warmWasmTools(): Promise<void> {
  const tools = (await import('@bytecodealliance/jco-transpile/wasm-tools')) as Loose;
  await tools.componentNew(await tools.componentEmbed({ binary: emptyModule, witSource: 'package warm:up;\nworld w {}\n', world: 'w' }));
}

async function wrapCore(job: Extract<BuildJob, { kind: 'wrap-core' }>): Promise<BuildJobResult> {
  // jco-transpile's wasm-tools (a runtime dependency of wit-tools, in the .vsix too): no jco needed
  // in a C or Go project.
  await preopen([job.witDir], [import.meta.url]);
  const tools = (await import('@bytecodealliance/jco-transpile/wasm-tools')) as Loose;
  const adapter = adapterPath(job.command);
  if (!adapter || !fs.existsSync(adapter)) return noJco('making a component of a core module (the preview1 adapter)');
  let bytes: Uint8Array = fs.readFileSync(job.core);
  // A reactor's world goes in first, unless its bindings put it there already.
  if (!job.command && !hasComponentType(bytes)) bytes = await embedWorld(tools, bytes, job.witDir, job.world);
  const component: Uint8Array = await tools.componentNew(bytes, [['wasi_snapshot_preview1', fs.readFileSync(adapter)]]);
  fs.mkdirSync(path.dirname(job.out), { recursive: true });
  fs.writeFileSync(job.out, component);
  return { ok: true };
}

/**
 * TypeScript with its compiler API: the project's own copy, else the one beside wit-tools.
 * TypeScript 7 (the native port) has no such API in JavaScript, so it is passed over.
 */
function loadTypeScript(projectDir: string): Loose | undefined {
  for (const req of [createRequire(path.join(projectDir, 'package.json')), require]) {
    try {
      const ts = req('typescript') as Loose;
      if (typeof ts?.createProgram === 'function' && ts.sys) return ts;
    } catch {
      // try the next
    }
  }
  return undefined;
}

async function typecheck(job: Extract<BuildJob, { kind: 'typecheck' }>): Promise<BuildJobResult> {
  const ts = loadTypeScript(job.projectDir);
  if (!ts) return { ok: true, note: 'TypeScript 5 is not installed (run `npm install --save-dev typescript@5` in the project; TypeScript 7 has no compiler API to check with): the types were not checked' };
  await preopen([job.witDir], [import.meta.url]);
  const { generateGuestTypes } = (await import('@bytecodealliance/jco-transpile')) as Loose;
  const typesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wit-tools-types-'));
  try {
    const files: Record<string, Uint8Array> = await generateGuestTypes(job.witDir, { worldName: job.world });
    const typeFiles: string[] = [];
    for (const [name, contents] of Object.entries(files)) {
      const file = path.join(typesDir, name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, contents);
      typeFiles.push(file);
    }
    const configPath = ts.findConfigFile(job.projectDir, ts.sys.fileExists, 'tsconfig.json') as string | undefined;
    let rootNames: string[] = [job.entry];
    let options: Loose = {
      target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler,
      strict: true, skipLibCheck: true, types: [], lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    };
    const diagnostics: BuildDiagnostic[] = [];
    const convert = (d: Loose) => {
      if (!d.file || d.start === undefined) return;
      const a = d.file.getLineAndCharacterOfPosition(d.start);
      const b = d.file.getLineAndCharacterOfPosition(d.start + (d.length ?? 0));
      diagnostics.push({
        severity: d.category === ts.DiagnosticCategory.Error ? 'error' : d.category === ts.DiagnosticCategory.Warning ? 'warning' : 'information',
        file: path.resolve(d.file.fileName), line: a.line + 1, column: a.character + 1, endLine: b.line + 1, endColumn: b.character + 1,
        message: ts.flattenDiagnosticMessageText(d.messageText, '\n'), code: `TS${d.code}`, source: 'tsc',
      });
    };
    if (configPath && path.dirname(path.resolve(configPath)).startsWith(path.resolve(job.projectDir))) {
      const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: convert });
      if (parsed) {
        rootNames = parsed.fileNames.length ? parsed.fileNames : rootNames;
        options = parsed.options;
        parsed.errors.forEach(convert);
      }
    }
    const program = ts.createProgram({ rootNames: [...rootNames, ...typeFiles], options: { ...options, noEmit: true } });
    ts.getPreEmitDiagnostics(program).forEach(convert);
    const errors = diagnostics.filter((d) => d.severity === 'error' && !d.file.startsWith(typesDir));
    const own = diagnostics.filter((d) => !d.file.startsWith(typesDir));
    if (errors.length) return { ok: false, message: `TypeScript found ${errors.length} error${errors.length === 1 ? '' : 's'}`, diagnostics: own };
    return { ok: true, diagnostics: own };
  } finally {
    fs.rmSync(typesDir, { recursive: true, force: true });
  }
}

async function guestTypes(job: Extract<BuildJob, { kind: 'guest-types' }>): Promise<BuildJobResult> {
  await preopen([job.witDir], [import.meta.url]);
  const { generateGuestTypes } = (await import('@bytecodealliance/jco-transpile')) as Loose;
  const files: Record<string, Uint8Array> = await generateGuestTypes(job.witDir, { worldName: job.world });
  for (const [name, contents] of Object.entries(files)) {
    const file = path.join(job.outDir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, contents);
  }
  return { ok: true };
}

function describe(e: unknown): string {
  const err = e as { message?: string; payload?: { val?: unknown } };
  if (err?.payload?.val !== undefined) return String(err.payload.val);
  return err?.message ?? String(e);
}

/**
 * Wrapping a core module runs jco-transpile's wasm-tools once, on a few MB: V8's optimizing tier
 * would compile in the background while it runs and steals the second core, so the baseline
 * compiler alone is faster here (a 2.6 MB Go module: 380 → 260 ms). Unknown to a later V8, the
 * flag is ignored.
 */
function baselineOnly(): void {
  v8.setFlagsFromString('--liftoff-only');
}

async function main(): Promise<void> {
  // A worker that warms up on a job first wants the optimizing tier: the warm-up pays for it.
  if (process.argv[2] === '--wait' ? process.argv[4] === 'wrap-core' && !process.argv[5] : /"kind":"wrap-core"/.test(process.argv[2] ?? '')) baselineOnly();
  if (process.argv[2] === '--wait') return wait(process.argv[3], process.argv[4] === 'wrap-core' ? 'wrap-core' : 'componentize', process.argv[5]);
  await runAndAnswer(JSON.parse(process.argv[2]) as BuildJob);
}

/**
 * Started ahead of its job (build-spare.ts): loads jco's componentize (or, for a core module to
 * wrap, jco's API) for the project while the parent reads it, then takes the job from the first
 * message. Leaves when the parent does. With `warmUpFile` (a wrap-core job kept by the last build
 * of a long-lived parent) it runs that job up to three times while no job has come, so that the
 * real one runs on optimized code.
 */
function wait(projectDir: string, kind: 'componentize' | 'wrap-core', warmUpFile?: string): void {
  let warm: Promise<unknown> = Promise.resolve();
  let came = false;
  // The job waits for the warm-up, so that its own preopens are the last ones set.
  process.once('message', (job: BuildJob) => {
    came = true;
    void warm.then(() => runAndAnswer(job));
  });
  process.once('disconnect', () => process.exit(0));
  if (kind === 'wrap-core') {
    warm = preopen([projectDir, os.tmpdir()], [import.meta.url]).then(warmWasmTools).then(async () => {
      if (!warmUpFile) return;
      const job = JSON.parse(fs.readFileSync(warmUpFile, 'utf8')) as Extract<BuildJob, { kind: 'wrap-core' }>;
      for (let i = 0; i < 3 && !came; i++) await wrapCore(job);
    }).catch(() => undefined);
    return;
  }
  const api = resolveFor(projectDir, '@bytecodealliance/jco');
  if (!api) return;
  warm = preopen([projectDir, os.tmpdir()], [api, import.meta.url])
    .then(() => import(pathToFileURL(path.join(path.dirname(api), 'cmd', 'componentize.js')).href))
    .catch(() => undefined); // the job reports what is wrong
}

async function runAndAnswer(job: BuildJob): Promise<void> {
  let result: BuildJobResult;
  try {
    switch (job.kind) {
      case 'componentize': result = await componentize(job); break;
      case 'wrap-core': result = await wrapCore(job); break;
      case 'typecheck': result = await typecheck(job); break;
      case 'guest-types': result = await guestTypes(job); break;
    }
  } catch (e) {
    result = { ok: false, message: describe(e) };
  }
  process.send!(result, () => process.exit(0));
}

void main();
