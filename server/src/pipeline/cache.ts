// A cache of prepared components, keyed by the SHA-256 of the component's bytes, in
// `~/.cache/wit-tools` (or `$WIT_TOOLS_CACHE`, or the OS temp dir): the decoded signature, the
// printed WIT and jco's transpiled JavaScript. A repeated call skips hashing (a file's identity
// and modification time map to its hash), decoding and transpilation.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeComponent } from './binary.js';
import { PipelineError, throwIfAborted } from './errors.js';
import type { ComponentSignature, ExternItem, FuncType, ValType } from './types.js';
import { printComponentWit } from './wit-print.js';
import { cacheRoot, jcoTranspileVersion, writeAtomic } from './cache-files.js';

export { cacheRoot, writeAtomic } from './cache-files.js';

/**
 * Transpiled output depends on the transpiler's version, the stored signature and WIT on the
 * decoder's (v4: types of instantiated components are their arguments', aliases keep their names;
 * v5: the stored signature keeps what an alias names; v6: the WIT is the analyzer's printer's and
 * a `use` names the interface the type came through):
 * either change gets a new cache.
 */
const transpileVersion = jcoTranspileVersion();
const CACHE_VERSION = transpileVersion === undefined ? 'v1' : `v6-transpile${transpileVersion}`;

export interface PreparedComponent {
  /** The component file. */
  path: string;
  /** SHA-256 of its bytes. */
  hash: string;
  size: number;
  signature: ComponentSignature;
  /** The component's WIT (root world, then every interface it imports or exports). */
  wit: string;
  /** The cache folder of this component. */
  dir: string;
}

export interface PrepareOptions {
  onLog?: (line: string) => void;
  signal?: AbortSignal;
}

const memo = new Map<string, { key: string; prepared: PreparedComponent }>();

function statKey(st: fs.Stats): string {
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`;
}

/** Reads, hashes and decodes a component (or takes all of that from the cache). */
export async function prepareComponent(file: string, options: PrepareOptions = {}): Promise<PreparedComponent> {
  const abs = path.resolve(file);
  let st: fs.Stats;
  try {
    st = fs.statSync(abs);
  } catch {
    throw new PipelineError('no-such-file', `no such file: ${file}`);
  }
  if (!st.isFile()) throw new PipelineError('no-such-file', `not a file: ${file}`);
  const key = statKey(st);
  const hit = memo.get(abs);
  if (hit && hit.key === key) return hit.prepared;

  const root = path.join(cacheRoot(), CACHE_VERSION);
  const pathMemo = path.join(root, 'paths', `${createHash('sha1').update(abs).digest('hex')}.json`);
  let hash: string | undefined;
  try {
    const m = JSON.parse(fs.readFileSync(pathMemo, 'utf8')) as { key: string; hash: string };
    if (m.key === key) hash = m.hash;
  } catch {
    // not cached yet
  }
  let bytes: Uint8Array | undefined;
  if (!hash) {
    bytes = fs.readFileSync(abs);
    hash = createHash('sha256').update(bytes).digest('hex');
    writeAtomic(pathMemo, JSON.stringify({ key, hash }));
  }
  const dir = path.join(root, 'components', hash);
  let signature: ComponentSignature | undefined;
  let wit: string | undefined;
  try {
    signature = parseSignature(fs.readFileSync(path.join(dir, 'signature.json'), 'utf8'));
    wit = fs.readFileSync(path.join(dir, 'component.wit'), 'utf8');
  } catch {
    bytes ??= fs.readFileSync(abs);
    signature = decodeComponent(bytes);
    wit = printComponentWit(signature);
    writeAtomic(path.join(dir, 'signature.json'), serializeSignature(signature));
    writeAtomic(path.join(dir, 'component.wit'), wit);
  }
  throwIfAborted(options.signal);
  const prepared: PreparedComponent = { path: abs, hash, size: st.size, signature, wit, dir };
  memo.set(abs, { key, prepared });
  return prepared;
}

/** The folder holding jco's transpiled JavaScript for the component, transpiling it if needed. */
export async function transpiledDir(prepared: PreparedComponent, options: PrepareOptions = {}): Promise<string> {
  const js = path.join(prepared.dir, 'js');
  if (fs.existsSync(path.join(js, 'ready'))) return js;
  options.onLog?.(`transpiling ${path.basename(prepared.path)} with jco (once per component version)`);
  const tmp = `${js}.${process.pid}.${randomBytes(4).toString('hex')}`;
  fs.mkdirSync(tmp, { recursive: true });
  try {
    await runTranspileWorker(prepared.path, tmp, options.signal);
    fs.writeFileSync(path.join(tmp, 'package.json'), JSON.stringify({ type: 'module' }));
    fs.writeFileSync(path.join(tmp, 'ready'), '');
    try {
      fs.renameSync(tmp, js);
    } catch {
      // Another process finished first: use its output.
      if (!fs.existsSync(path.join(js, 'ready'))) throw new PipelineError('transpile-failed', `could not store the transpiled component in ${js}`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return js;
}

const transpileWorker = fileURLToPath(new URL('./transpile-worker.js', import.meta.url));

function runTranspileWorker(component: string, outDir: string, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--no-warnings', transpileWorker, component, outDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.resume();
    const abort = () => child.kill('SIGKILL');
    signal?.addEventListener('abort', abort, { once: true });
    child.on('error', (e) => reject(new PipelineError('transpile-failed', `could not start the transpiler: ${e.message}`)));
    child.on('close', (code) => {
      signal?.removeEventListener('abort', abort);
      if (signal?.aborted) return reject(new PipelineError('cancelled', 'cancelled'));
      if (code === 0) return resolve();
      const line = stderr.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? `exit code ${code}`;
      reject(new PipelineError('transpile-failed', `jco could not transpile the component: ${line}`));
    });
  });
}

// ---- the signature as JSON: every type once, referred to by index ----

type Encoded = Record<string, unknown>;

export function serializeSignature(sig: ComponentSignature): string {
  const table: Encoded[] = [];
  const ids = new Map<ValType, number>();
  const ref = (t: ValType): number => {
    let id = ids.get(t);
    if (id !== undefined) return id;
    id = table.length;
    ids.set(t, id);
    table.push({});
    const e: Encoded = { kind: t.kind };
    if (t.name !== undefined) e.name = t.name;
    if (t.owner !== undefined) e.owner = t.owner;
    if (t.aliasOf !== undefined) e.aliasOf = ref(t.aliasOf);
    switch (t.kind) {
      case 'list': e.element = ref(t.element); break;
      case 'fixed-list': e.element = ref(t.element); e.size = t.size; break;
      case 'map': e.key = ref(t.key); e.value = ref(t.value); break;
      case 'tuple': e.types = t.types.map(ref); break;
      case 'record': e.fields = t.fields.map((f) => ({ name: f.name, type: ref(f.type) })); break;
      case 'variant': e.cases = t.cases.map((c) => (c.type ? { name: c.name, type: ref(c.type) } : { name: c.name })); break;
      case 'enum': e.cases = t.cases; break;
      case 'flags': e.flags = t.flags; break;
      case 'option': e.type = ref(t.type); break;
      case 'result': if (t.ok) e.ok = ref(t.ok); if (t.err) e.err = ref(t.err); break;
      case 'own': case 'borrow': e.resource = ref(t.resource); break;
      case 'future': case 'stream': if (t.type) e.type = ref(t.type); break;
      default: break;
    }
    table[id] = e;
    return id;
  };
  const func = (f: FuncType) => ({ params: f.params.map((p) => ({ name: p.name, type: ref(p.type) })), result: f.result ? ref(f.result) : undefined, async: f.async });
  const item = (x: ExternItem): Encoded => {
    if (x.kind === 'function') return { kind: 'function', name: x.name, func: func(x.func) };
    if (x.kind === 'type') return { kind: 'type', name: x.name, type: ref(x.type) };
    return { kind: 'interface', name: x.name, ...(x.implements ? { implements: x.implements } : {}), functions: x.functions.map((f) => ({ name: f.name, type: func(f.type) })), types: x.types.map((t) => ({ name: t.name, type: ref(t.type), ...(t.via ? { via: t.via } : {}) })) };
  };
  const imports = sig.imports.map(item);
  const exports = sig.exports.map(item);
  return JSON.stringify({ types: table, imports, exports });
}

export function parseSignature(text: string): ComponentSignature {
  const data = JSON.parse(text) as { types: Encoded[]; imports: Encoded[]; exports: Encoded[] };
  const types: ValType[] = data.types.map((e) => ({ ...e }) as unknown as ValType);
  const get = (i: unknown) => types[i as number];
  types.forEach((t, i) => {
    const e = data.types[i] as Record<string, unknown>;
    const o = t as unknown as Record<string, unknown>;
    for (const k of ['element', 'key', 'value', 'type', 'ok', 'err', 'resource', 'aliasOf']) if (typeof e[k] === 'number') o[k] = get(e[k]);
    if (Array.isArray(e.types)) o.types = (e.types as number[]).map(get);
    if (Array.isArray(e.fields)) o.fields = (e.fields as { name: string; type: number }[]).map((f) => ({ name: f.name, type: get(f.type) }));
    if (e.kind === 'variant') o.cases = (e.cases as { name: string; type?: number }[]).map((c) => (c.type !== undefined ? { name: c.name, type: get(c.type) } : { name: c.name }));
  });
  const func = (f: Encoded): FuncType => {
    const r: FuncType = { params: (f.params as { name: string; type: number }[]).map((p) => ({ name: p.name, type: get(p.type) })), async: !!f.async };
    if (typeof f.result === 'number') r.result = get(f.result);
    return r;
  };
  const item = (x: Encoded): ExternItem => {
    if (x.kind === 'function') return { kind: 'function', name: x.name as string, func: func(x.func as Encoded) };
    if (x.kind === 'type') return { kind: 'type', name: x.name as string, type: get(x.type) };
    return {
      kind: 'interface',
      name: x.name as string,
      ...(typeof x.implements === 'string' ? { implements: x.implements } : {}),
      functions: (x.functions as Encoded[]).map((f) => ({ name: f.name as string, type: func(f.type as Encoded) })),
      types: (x.types as { name: string; type: number; via?: string }[]).map((t) => ({ name: t.name, type: get(t.type), ...(t.via ? { via: t.via } : {}) })),
    };
  };
  return { imports: data.imports.map(item), exports: data.exports.map(item) };
}
