// Go: mainline Go, no TinyGo needed.
//   reactor (a world with exports): `wit-bindgen go` writes the bindings into the module (the
//     exports call functions the user writes in `export_*` packages); `GOOS=wasip1 GOARCH=wasm go
//     build -buildmode=c-shared` makes a preview1 reactor module with `go:wasmexport` exports;
//     jco embeds the WIT and wraps it with the preview1 reactor adapter;
//   command (a world that exports only `wasi:cli/run`): a plain `main` built for wasip1, wrapped
//     with the preview1 command adapter (as C commands are);
//   TinyGo (`-target=wasip2`) for modules written against go.bytecodealliance.org/cm, where it is
//     installed.
// The bindings import go.bytecodealliance.org/pkg (the runtime of the component ABI). Where the
// module proxy does not serve it, the copy inside the wit-bindgen-go crate is used through a Go
// workspace, with its `go` line lowered to the Go at hand (docs/toolchains.md says why).
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { firstError, runJob } from '../build-jobs.js';
import { cacheRoot, writeAtomic } from '../cache-files.js';
import { parseCompilerOutput } from '../compiler-output.js';
import { throwIfAborted } from '../errors.js';
import { generatorMarkers, syncGenerated, type GeneratedFiles } from '../generated.js';
import { MIN_GO, toolsHome } from '../toolchains.js';
import { missingTool, runTool, which } from '../tools.js';
import { commandLine, withTempDir, type BuildContext } from './context.js';
import { findWitBindgen, generateWithWitBindgen, witBindgenVersion, type GenerateOptions } from './wit-bindgen.js';

const RUNTIME_MODULE = 'go.bytecodealliance.org/pkg';

interface GoTool {
  go: string;
  version: string;
}

const goVersions = new Map<string, Promise<string | undefined>>();

async function findGo(purpose: string): Promise<GoTool> {
  const go = which('go');
  if (!go) throw missingTool('go', purpose);
  let v = goVersions.get(go);
  if (!v) {
    v = runTool(go, ['env', 'GOVERSION']).then((r) => /go(\d+\.\d+(?:\.\d+)?)/.exec(r.stdout)?.[1], () => undefined);
    goVersions.set(go, v);
  }
  const version = await v;
  const [major, minor] = (version ?? '0.0').split('.').map(Number);
  if (major < MIN_GO[0] || (major === MIN_GO[0] && minor < MIN_GO[1])) {
    throw missingTool('go', `${purpose} (found Go ${version ?? 'of an unknown version'} at ${go})`);
  }
  return { go, version: version! };
}

/** Go bindings for `world`: what `wit-bindgen go` writes (go.mod, wit_exports.go, a package per interface). */
export function generateGoBindings(witDir: string, world: string, options: GenerateOptions = {}): Promise<GeneratedFiles> {
  return generateWithWitBindgen('go', witDir, world, { ...options, purpose: 'generating Go bindings' });
}

/** The version of go.bytecodealliance.org/pkg that generated bindings require, from their go.mod. */
function runtimeVersion(goMod: string): string | undefined {
  return new RegExp(`${RUNTIME_MODULE.replaceAll('.', '\\.')}\\s+(v[\\w.+-]+)`).exec(goMod)?.[1];
}

/** Adds or updates `require go.bytecodealliance.org/pkg VERSION` in the module's go.mod text. */
export function requireRuntime(goMod: string, version: string): string {
  const re = new RegExp(`(${RUNTIME_MODULE.replaceAll('.', '\\.')}\\s+)v[\\w.+-]+`);
  if (re.test(goMod)) return goMod.replace(re, `$1${version}`);
  return `${goMod.replace(/\s*$/, '')}\n\nrequire ${RUNTIME_MODULE} ${version}\n`;
}

/**
 * A folder holding go.bytecodealliance.org/pkg at `version`: the Go module cache's, the tools
 * home's copy of the wit-bindgen-go crate, or cargo's registry copy of it (what
 * `cargo install wit-bindgen-cli` downloaded).
 */
function findRuntimeSource(version: string, crateVersion: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const home = os.homedir();
  const modCache = env.GOMODCACHE || path.join((env.GOPATH || path.join(home, 'go')).split(path.delimiter)[0], 'pkg', 'mod');
  const candidates = [path.join(modCache, 'go.bytecodealliance.org', `pkg@${version}`)];
  if (crateVersion) {
    const crate = `wit-bindgen-go-${crateVersion}`;
    candidates.push(path.join(toolsHome(env), 'go', crate, 'src', 'pkg'));
    const registry = path.join(env.CARGO_HOME || path.join(home, '.cargo'), 'registry', 'src');
    try {
      for (const index of fs.readdirSync(registry)) candidates.push(path.join(registry, index, crate, 'src', 'pkg'));
    } catch {
      // no registry
    }
  }
  return candidates.find((c) => {
    try {
      return new RegExp(`^module ${RUNTIME_MODULE.replaceAll('.', '\\.')}\\s*$`, 'm').test(fs.readFileSync(path.join(c, 'go.mod'), 'utf8'));
    } catch {
      return false;
    }
  });
}

/**
 * The runtime package, copied once per version and Go into the cache with a `go` line the Go at
 * hand accepts. The folder stays put from build to build: Go's build cache keys packages by their
 * folder, so a fresh copy would be compiled again every time.
 */
function runtimeCopy(source: string, version: string, goVersion: string): string {
  const dest = path.join(cacheRoot(), 'go-runtime', `pkg@${version}-go${goVersion}`);
  if (fs.existsSync(path.join(dest, 'go.mod'))) return dest;
  const tmp = `${dest}.${process.pid}.${Date.now()}`;
  fs.cpSync(source, tmp, { recursive: true, filter: (s) => !/[/\\](\.github|docs)$/.test(s) });
  const goMod = path.join(tmp, 'go.mod');
  fs.chmodSync(tmp, 0o755);
  fs.chmodSync(goMod, 0o644);
  const text = fs.readFileSync(goMod, 'utf8');
  const have = /^go (\d+\.\d+(?:\.\d+)?)/m.exec(text)?.[1];
  if (have && compareVersions(have, goVersion) > 0) fs.writeFileSync(goMod, text.replace(/^go .*$/m, `go ${goVersion.split('.').slice(0, 2).join('.')}`));
  try {
    fs.renameSync(tmp, dest);
  } catch {
    fs.rmSync(tmp, { recursive: true, force: true }); // another build got there first
  }
  return dest;
}

function compareVersions(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

/**
 * The project's own folder in the cache, for what `go build` should find where it left it: the
 * workspace file and the core module. Go relinks when either is new to it — a fresh go.work or a
 * fresh output path per build cost ~70 and ~100 ms of a 330 ms build that had nothing to relink.
 */
function goProjectCache(projectDir: string): string {
  const dir = path.join(cacheRoot(), 'go-project', createHash('sha1').update(path.resolve(projectDir)).digest('hex').slice(0, 16));
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** A Go workspace of the project and the runtime copy, in the project's cache folder, rewritten only when it would change. */
function goWorkspace(projectDir: string, runtime: string, goVersion: string): string {
  const file = path.join(goProjectCache(projectDir), 'go.work');
  const text = `go ${goVersion}\n\nuse (\n\t${JSON.stringify(projectDir)}\n\t${JSON.stringify(runtime)}\n)\n`;
  let current: string | undefined;
  try {
    current = fs.readFileSync(file, 'utf8');
  } catch {
    // not written yet
  }
  if (current !== text) writeAtomic(file, text); // whole, for a build running beside this one
  return file;
}

/** Whether the module's go.sum already pins the runtime (then the Go module cache serves it). */
function sumPinned(projectDir: string, version: string): boolean {
  try {
    return fs.readFileSync(path.join(projectDir, 'go.sum'), 'utf8').includes(`${RUNTIME_MODULE} ${version}`);
  } catch {
    return false;
  }
}

export async function buildGo(ctx: BuildContext): Promise<void> {
  const { project: p, options } = ctx;
  const goMod = fs.readFileSync(path.join(p.dir, 'go.mod'), 'utf8');
  if (/go\.bytecodealliance\.org\/cm\b/.test(goMod)) return buildTinyGo(ctx);
  const { go, version } = await findGo('building a Go component');
  const command = ctx.world.command && ctx.world.exports.length === 1;
  const env: NodeJS.ProcessEnv = { ...process.env, GOOS: 'wasip1', GOARCH: 'wasm' };

  await withTempDir('go', async (tmp) => {
    if (!command) {
      const wbg = findWitBindgen('building a Go component');
      ctx.progress('bindings', `wit-bindgen go -w ${ctx.world.world} (bindings into ${path.relative(process.cwd(), p.dir) || '.'})`);
      const files = await generateGoBindings(p.witDir, ctx.world.world, { signal: options.signal, onOutput: options.onOutput });
      const generatedMod = files.get('go.mod')?.toString('utf8') ?? '';
      files.delete('go.mod');
      syncGenerated(files, p.dir, true, generatorMarkers.witBindgen);
      const runtime = runtimeVersion(generatedMod);
      if (runtime) {
        const updated = requireRuntime(goMod, runtime);
        if (updated !== goMod) fs.writeFileSync(path.join(p.dir, 'go.mod'), updated);
        // The runtime from a workspace, unless the project has its own workspace or go.sum pins it.
        const ownWork = !!process.env.GOWORK || fs.existsSync(path.join(p.dir, 'go.work'));
        if (!ownWork && !sumPinned(p.dir, runtime)) {
          const source = findRuntimeSource(runtime, await witBindgenVersion(wbg), process.env);
          if (source) env.GOWORK = goWorkspace(p.dir, runtimeCopy(source, runtime, version), version);
        }
      }
    }
    // Built where the last build of the project left its module (`go build` then skips a link
    // that would give the same file), and copied out at once: the wrap reads a copy of its own.
    const built = path.join(goProjectCache(p.dir), command ? 'command.wasm' : 'reactor.wasm');
    const core = path.join(tmp, 'core.wasm');
    const args = ['build', ...(command ? [] : ['-buildmode=c-shared', '-ldflags=-checklinkname=0']), '-o', built, '.'];
    ctx.progress('compile', `GOOS=wasip1 GOARCH=wasm ${commandLine(go, args)}`);
    const r = await runTool(go, args, { cwd: p.dir, env, signal: options.signal, onOutput: options.onOutput });
    throwIfAborted(options.signal);
    const found = parseCompilerOutput(r.stderr, p.dir, 'go');
    if (r.code !== 0) {
      if (found.length === 0 && new RegExp(`${RUNTIME_MODULE.replaceAll('.', '\\.')}[^\\n]*(403|not available|missing go\\.sum|no matching versions|dial tcp)`).test(r.stderr)) {
        throw missingTool('go-wit-runtime', 'building a Go component');
      }
      throw ctx.fail(`go build failed: ${firstError(r.stderr)}`, found);
    }
    ctx.diagnostics.push(...found);
    fs.copyFileSync(built, core);
    ctx.progress('componentize', `wrapping the core module as a component (preview1 ${command ? 'command' : 'reactor'} adapter)`);
    const result = await runJob({ kind: 'wrap-core', core, witDir: p.witDir, world: ctx.world.world, out: ctx.out, command, projectDir: p.dir }, options);
    if (!result.ok && result.missing) throw missingTool(result.missing, 'making a component of a Go module');
    if (!result.ok) throw ctx.fail(`making the component failed: ${result.message.split('\n')[0]}`);
  });
}

async function buildTinyGo(ctx: BuildContext): Promise<void> {
  const { project: p, options } = ctx;
  const tinygo = which('tinygo');
  if (!tinygo) throw missingTool('tinygo', 'building a Go component written against go.bytecodealliance.org/cm');
  const args = ['build', '-target=wasip2', '--wit-package', p.witDir, '--wit-world', ctx.world.world, '-o', ctx.out, '.'];
  ctx.progress('compile', commandLine(tinygo, args));
  const r = await runTool(tinygo, args, { cwd: p.dir, signal: options.signal, onOutput: options.onOutput });
  const found = parseCompilerOutput(r.stderr + r.stdout, p.dir, 'tinygo');
  if (r.code !== 0) throw ctx.fail(`tinygo failed: ${firstError(r.stderr || r.stdout)}`, found);
  ctx.diagnostics.push(...found);
}
