// The sandbox: runs in a child process started by sandbox.ts (with `--max-old-space-size`,
// `--wasm-max-mem-pages` and a kill timer on the parent side). Each call or run instantiates the
// component afresh with preview2-shim's WASIShim, granting only what the parent says, and works
// around the shim's known holes:
//   - the host working directory leaks through `initial-cwd` (→ `_setCwd(undefined)`);
//   - `enableNetwork: false` makes a guest `fetch` crash the host with "invalid variant tag"
//     (→ an outgoing-handler that answers `HTTP-request-denied`);
//   - `read-directory` and `stat` on a preopened directory itself answer `bad-descriptor`/`invalid`
//     (→ done through `open-at(".")`);
//   - preopens are always writable (→ read-only unless granted `:rw`).
// Messages come over IPC (advanced serialization); the guest's stdout and stderr are this
// process's own.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/* eslint-disable @typescript-eslint/no-explicit-any -- jco's and preview2-shim's objects are untyped here */
type Loose = any;

// The part of the WebAssembly JS API used here (the project's `lib` has no DOM typings).
interface WasmMemory { buffer: ArrayBuffer }
type WasmModule = object;
interface WasmApi {
  compile(bytes: Uint8Array): Promise<WasmModule>;
  instantiate(module: WasmModule, imports: object): Promise<{ exports: Record<string, unknown> }>;
  Memory: abstract new (...args: never[]) => WasmMemory;
  RuntimeError: abstract new (...args: never[]) => Error;
}
const WebAssembly = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

export interface SandboxGrants {
  dirs: { host: string; guest: string; writable: boolean }[];
  env: [string, string][];
  args: string[];
  allowNetwork: boolean;
}

/**
 * Components linked to the one called (link.ts made the plan): each instantiated in `order`, with
 * the exports of those it imports from as its imports, all under the one set of grants.
 */
export interface LinkedSet {
  /** Index 0 is the component called or run; its `jsDir` is the request's. */
  components: { jsDir: string; imports: { name: string; provider: number; export: string }[] }[];
  order: number[];
}

export type HostRequestBody =
  /** `prepareNext`: this host will be asked again; instantiate the next instance while idle. */
  | { type: 'call'; jsDir: string; jsPath: string[]; args: unknown[]; returnsResult: boolean; grants: SandboxGrants; prepareNext?: boolean; links?: LinkedSet }
  | { type: 'run'; jsDir: string; grants: SandboxGrants; links?: LinkedSet };

export type HostRequest = HostRequestBody & { id: number };

export type Outcome =
  | { kind: 'value'; value: unknown }
  | { kind: 'error-result'; payload: unknown }
  | { kind: 'trap'; message: string; memoryBytes: number }
  | { kind: 'failed'; message: string };

export type HostReply = { type: 'ready' } | { type: 'done'; id: number; outcome: Outcome };

const send = (m: HostReply) => process.send?.(m);

let shimModules: Promise<{ WASIShim: Loose; Descriptor: Loose }> | undefined;

/** Loads preview2-shim once and closes the process-wide holes. */
function shim(): Promise<{ WASIShim: Loose; Descriptor: Loose }> {
  shimModules ??= (async () => {
    const [{ WASIShim }, cli, fsShim] = await Promise.all([
      import('@bytecodealliance/preview2-shim/instantiation') as Promise<Loose>,
      import('@bytecodealliance/preview2-shim/cli') as Promise<Loose>,
      import('@bytecodealliance/preview2-shim/filesystem') as Promise<Loose>,
    ]);
    // Process-wide defaults, in case anything reaches the global shim rather than the sandbox's.
    cli._setCwd(undefined);
    cli._setEnv({});
    cli._setArgs([]);
    fsShim._clearPreopens();
    const Descriptor = fsShim.types.Descriptor;
    patchDescriptor(Descriptor);
    // Network access is decided per instance (the sandbox's `enableNetwork` and the
    // outgoing-handler below), since a warm host serves calls with different grants.
    return { WASIShim, Descriptor };
  })();
  return shimModules;
}

/** Descriptors of preopened directories, and every descriptor reached through a read-only one. */
const roots = new WeakSet<object>();
const readOnly = new WeakSet<object>();

function patchDescriptor(Descriptor: Loose): void {
  const proto = Descriptor.prototype;
  const original = { ...Object.fromEntries(Object.getOwnPropertyNames(proto).map((k) => [k, proto[k]])) } as Record<string, (...a: unknown[]) => unknown>;
  const denyIfReadOnly = (name: string) => {
    proto[name] = function (this: object, ...args: unknown[]) {
      if (readOnly.has(this)) throw 'read-only';
      return original[name].apply(this, args);
    };
  };
  for (const name of ['writeViaStream', 'appendViaStream', 'write', 'setSize', 'setTimes', 'setTimesAt', 'createDirectoryAt', 'removeDirectoryAt', 'unlinkFileAt', 'symlinkAt', 'renameAt', 'linkAt', 'syncData', 'sync']) {
    if (typeof original[name] === 'function') denyIfReadOnly(name);
  }
  proto.openAt = function (this: object, pathFlags: unknown, path: unknown, openFlags: Loose, descriptorFlags: Loose) {
    const ro = readOnly.has(this);
    if (ro && (openFlags?.create || openFlags?.truncate || descriptorFlags?.write || descriptorFlags?.mutateDirectory)) throw 'read-only';
    const d = original.openAt.call(this, pathFlags, path, openFlags, descriptorFlags) as object;
    if (ro) readOnly.add(d);
    return d;
  };
  const throughDot = (name: 'readDirectory' | 'stat') => {
    proto[name] = function (this: Loose, ...args: unknown[]) {
      if (!roots.has(this)) return original[name].apply(this, args);
      const self = original.openAt.call(this, { symlinkFollow: true }, '.', { directory: true }, { read: true }) as Loose;
      if (readOnly.has(this)) readOnly.add(self);
      return original[name].apply(self, args);
    };
  };
  throughDot('readDirectory');
  throughDot('stat');
}

const components = new Map<string, Promise<Loose>>();
const coreModules = new Map<string, Promise<WasmModule>>();

function loadComponent(jsDir: string): Promise<Loose> {
  let m = components.get(jsDir);
  if (!m) {
    m = import(pathToFileURL(join(jsDir, 'component.js')).href);
    components.set(jsDir, m);
  }
  return m;
}

function coreModule(jsDir: string, name: string): Promise<WasmModule> {
  const key = join(jsDir, name);
  let m = coreModules.get(key);
  if (!m) {
    m = WebAssembly.compile(readFileSync(key));
    coreModules.set(key, m);
  }
  return m;
}

interface Instance {
  exports: Loose;
  memoryBytes(): number;
}

/** jco looks an import up without its version (`demo:math/ops`); give it both ways. */
function linkedImports(base: Record<string, unknown>, links: LinkedSet, index: number, instances: Loose[]): Record<string, unknown> {
  const imports: Record<string, unknown> = { ...base };
  for (const i of links.components[index].imports) {
    const value = property(instances[i.provider], i.export);
    imports[i.name] = value;
    imports[i.name.replace(/@[^/]*$/, '')] = value;
  }
  return imports;
}

async function instantiate(jsDir: string, grants: SandboxGrants, links?: LinkedSet): Promise<Instance> {
  // V8 compiles the core modules on background threads: start them now, so that compiling the
  // 12 MB engine of a componentize-js component overlaps the parsing of jco's bindings.
  // One component alone is a set of one.
  const set: LinkedSet = links ?? { components: [{ jsDir, imports: [] }], order: [0] };
  const dirs = set.components.map((c, i) => (i === 0 ? jsDir : c.jsDir));
  for (const dir of dirs) for (const f of readdirSync(dir)) if (f.endsWith('.wasm')) coreModule(dir, f).catch(() => undefined);
  const { WASIShim } = await shim();
  const wasi = new WASIShim({
    sandbox: {
      preopens: Object.fromEntries(grants.dirs.map((d) => [d.guest, d.host])),
      env: Object.fromEntries(grants.env),
      args: grants.args,
      enableNetwork: grants.allowNetwork,
    },
  });
  const imports = wasi.getImportObject();
  const writable = new Map(grants.dirs.map((d) => [d.guest, d.writable]));
  for (const [descriptor, guest] of imports['wasi:filesystem/preopens'].getDirectories() as [object, string][]) {
    roots.add(descriptor);
    if (!writable.get(guest)) readOnly.add(descriptor);
  }
  if (!grants.allowNetwork) {
    imports['wasi:http/outgoing-handler'] = {
      handle() {
        // A variant case, as `error-code` wants (the shim throws a bare string here, which jco
        // cannot lower and which brings the whole host down).
        throw { tag: 'HTTP-request-denied' };
      },
    };
  }
  const memories: WasmMemory[] = [];
  const instantiateCore = async (module: WasmModule, imp: object) => {
    const instance = await WebAssembly.instantiate(module, imp);
    for (const v of Object.values(instance.exports)) if (v instanceof WebAssembly.Memory) memories.push(v);
    return instance;
  };
  // Providers first: each component's imports are the exports of those it links to.
  const instances: Loose[] = [];
  for (const index of set.order) {
    const dir = dirs[index];
    const mod = await loadComponent(dir);
    instances[index] = await mod.instantiate((name: string) => coreModule(dir, name), linkedImports(imports, set, index, instances), instantiateCore);
  }
  const exports = instances[0];
  return { exports, memoryBytes: () => Math.max(0, ...memories.map((m) => m.buffer.byteLength)) };
}

const normalize = (k: string) => k.toLowerCase().replace(/[^a-z0-9]/g, '');

/** `obj[key]`, or the property whose name differs only in case and punctuation (jco's renames). */
function property(obj: Loose, key: string): Loose {
  if (obj == null) return undefined;
  if (key in obj) return obj[key];
  const want = normalize(key);
  const unversioned = normalize(key.replace(/@[^/]*$/, ''));
  for (const k of Object.keys(obj)) if (normalize(k) === want || normalize(k) === unversioned) return obj[k];
  const short = /\/([^/@]+)(@.*)?$/.exec(key)?.[1];
  if (short && short in obj) return obj[short];
  return undefined;
}

function describeError(e: unknown): string {
  if (e instanceof Error) return e.message.split('\n')[0];
  return String(e);
}

function isComponentError(e: unknown): e is { payload: unknown } {
  return typeof e === 'object' && e !== null && 'payload' in e && (e as { name?: string }).name !== 'RuntimeError';
}

/**
 * A fresh instance made while the host was idle, for the next call with the same component and
 * grants: jco's instantiation of a StarlingMonkey component runs a very large generated function
 * (150–250 ms), more than the call itself. Every call still gets an instance of its own.
 */
let spare: { key: string; instance: Promise<Instance> } | undefined;

const keyOf = (jsDir: string, grants: SandboxGrants, links?: LinkedSet) => `${jsDir}\0${JSON.stringify(grants)}\0${JSON.stringify(links ?? null)}`;

function obtain(jsDir: string, grants: SandboxGrants, links?: LinkedSet): Promise<Instance> {
  const key = keyOf(jsDir, grants, links);
  if (spare?.key === key) {
    const s = spare;
    spare = undefined;
    return s.instance.catch(() => instantiate(jsDir, grants, links));
  }
  return instantiate(jsDir, grants, links);
}

function prepareSpare(jsDir: string, grants: SandboxGrants, links?: LinkedSet): void {
  const instance = instantiate(jsDir, grants, links);
  instance.catch(() => undefined);
  spare = { key: keyOf(jsDir, grants, links), instance };
}

async function handle(req: HostRequest): Promise<Outcome> {
  let inst: Instance;
  try {
    inst = await obtain(req.jsDir, req.grants, req.links);
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError) return { kind: 'trap', message: `while starting: ${describeError(e)}`, memoryBytes: 0 };
    return { kind: 'failed', message: `could not instantiate the component: ${describeError(e)}` };
  }
  try {
    if (req.type === 'run') {
      const run = property(inst.exports, 'wasi:cli/run') ?? property(inst.exports, 'run');
      if (typeof run?.run !== 'function') return { kind: 'failed', message: 'the component does not export `wasi:cli/run`' };
      await run.run();
      return { kind: 'value', value: undefined };
    }
    let target: Loose = inst.exports;
    let self: Loose;
    for (const key of req.jsPath) {
      self = target;
      target = property(target, key);
    }
    if (typeof target !== 'function') return { kind: 'failed', message: `jco's bindings have no \`${req.jsPath.join('.')}\`` };
    const value = await target.apply(self, req.args);
    return { kind: 'value', value };
  } catch (e) {
    if (isComponentError(e)) {
      if (req.type === 'run' || req.returnsResult) return { kind: 'error-result', payload: e.payload };
    }
    if (e instanceof WebAssembly.RuntimeError) return { kind: 'trap', message: describeError(e), memoryBytes: inst.memoryBytes() };
    if (e instanceof RangeError && /stack/i.test(e.message)) return { kind: 'trap', message: 'stack overflow', memoryBytes: inst.memoryBytes() };
    return { kind: 'trap', message: describeError(e), memoryBytes: inst.memoryBytes() };
  }
}

/** Resolves once everything written to `s` so far has gone to the pipe (writes to a pipe are asynchronous). */
function flushed(s: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => (s.writableLength === 0 ? resolve() : s.write('', () => resolve())));
}

process.on('message', (msg: HostRequest) => {
  handle(msg)
    .catch((e): Outcome => ({ kind: 'failed', message: describeError(e) }))
    // The guest's output goes out before the answer: the parent may kill this process on it.
    .then(async (outcome) => { await Promise.all([flushed(process.stdout), flushed(process.stderr)]); return outcome; })
    .then((outcome) => {
      send({ type: 'done', id: msg.id, outcome });
      if (msg.type === 'call' && msg.prepareNext && outcome.kind !== 'trap' && outcome.kind !== 'failed') setImmediate(() => prepareSpare(msg.jsDir, msg.grants, msg.links));
    });
});
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
