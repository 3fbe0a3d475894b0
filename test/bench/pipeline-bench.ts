// The pipeline's benchmark (wired into `npm run bench`): figures, never pass/fail.
//   call:  one export called again and again — ours warm (cache filled, the sandbox kept warm, as
//          the editor's Call command does; and a new `wit-tools call` process each time, as a
//          shell does) against jco (transpile + instantiate + call in a fresh process, which is
//          what calling an export with jco takes: `jco run` only runs commands); ours cold (empty
//          cache) too. Goal: ≥ 10× faster than jco, ≤ 100 ms.
//   run:   a command: `wit-tools run` (warm cache) against `jco run`.
//   build: `wit-tools build` against `jco componentize --bundle` called directly on the same
//          sources (our build bundles too: relative imports, npm dependencies, syntax errors with
//          their place), a new process each, alternating, five of each; goal: overhead ≤ 5 %.
//          TypeScript type-checked (our default) is compared with `tsc --noEmit` then jco.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildProject, callComponent, disposeSandboxes } from 'wit-tools/server/pipeline/index.js';
import { repoRoot } from '../support/paths.js';

const require = createRequire(import.meta.url);
const bin = path.join(repoRoot, 'bin', 'wit-tools.js');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`);

function timeProcess(args: string[], env: NodeJS.ProcessEnv = {}, cwd = repoRoot, input = ''): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', input });
  const t = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return t;
}

/** A module that grants jco's copy of preview2-shim the whole file system (jco's preopen trap). */
function preopenModule(dir: string): string {
  const shim = createRequire(require.resolve('@bytecodealliance/jco')).resolve('@bytecodealliance/preview2-shim/filesystem');
  const file = path.join(dir, 'preopen.mjs');
  fs.writeFileSync(file, `import { _setPreopens } from ${JSON.stringify(pathToFileURL(shim).href)};\n_setPreopens({ '/': '/' });\n`);
  return file;
}

/** What calling one export costs with jco: transpile, import, instantiate, call — in a fresh process. */
function jcoCallScript(dir: string, component: string, exportName: string, arg: string): string {
  const file = path.join(dir, 'jco-call.mjs');
  const jco = pathToFileURL(require.resolve('@bytecodealliance/jco')).href;
  const shim = pathToFileURL(createRequire(require.resolve('@bytecodealliance/jco')).resolve('@bytecodealliance/preview2-shim/instantiation')).href;
  fs.writeFileSync(file, `
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { transpile } from ${JSON.stringify(jco)};
import { WASIShim } from ${JSON.stringify(shim)};
const out = mkdtempSync(join(tmpdir(), 'jco-call-'));
const { files } = await transpile(readFileSync(${JSON.stringify(component)}), { name: 'c', instantiation: 'async', noTypescript: true, quiet: true });
for (const [n, c] of Object.entries(files)) { mkdirSync(dirname(join(out, n)), { recursive: true }); writeFileSync(join(out, n), c); }
writeFileSync(join(out, 'package.json'), '{"type":"module"}');
const mod = await import(pathToFileURL(join(out, 'c.js')).href);
const inst = await mod.instantiate(async (n) => WebAssembly.compile(readFileSync(join(out, n))), new WASIShim().getImportObject());
const r = inst[${JSON.stringify(exportName)}](${arg});
if (typeof r !== 'string') process.exit(1);
rmSync(out, { recursive: true, force: true });
`);
  return file;
}

export async function benchPipeline(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'wit-tools-bench-'));
  const cache = path.join(work, 'cache');
  const savedCache = process.env.WIT_TOOLS_CACHE;
  process.env.WIT_TOOLS_CACHE = cache;
  try {
    console.log('pipeline (componentize-js components are ~12 MB; every figure is a median)');
    const greeterDir = path.join(repoRoot, 'examples', 'greeter');
    const greeter = (await buildProject({ dir: greeterDir, out: path.join(work, 'greeter.wasm') })).component;

    // ---- call ----
    const jcoScript = jcoCallScript(work, greeter, 'greet', '"bench"');
    const jco = [0, 1, 2].map(() => timeProcess([jcoScript]));
    const cliCold = timeProcess([bin, 'call', greeter, 'greet("bench")']);
    const apiCold = await (async () => {
      fs.rmSync(cache, { recursive: true, force: true });
      const t0 = performance.now();
      await callComponent({ component: greeter, call: 'greet("bench")' });
      return performance.now() - t0;
    })();
    const cliWarm = [0, 1, 2, 3, 4].map(() => timeProcess([bin, 'call', greeter, 'greet("bench")'], { WIT_TOOLS_NO_DAEMON: '1' }));
    // The same from a shell with `wit-tools daemon` running (its own socket here).
    const daemonEnv = { WIT_TOOLS_DAEMON_SOCKET: path.join(work, 'run', 'daemon.sock') };
    const daemon = spawn(process.execPath, [bin, 'daemon', '--idle-timeout', '120'], { env: { ...process.env, ...daemonEnv }, stdio: ['ignore', 'ignore', 'pipe'] });
    let daemonLog = '';
    daemon.stderr!.on('data', (b: Buffer) => { daemonLog += b.toString('utf8'); });
    for (let i = 0; !daemonLog.includes('listening at'); i++) {
      if (i > 400) throw new Error(`the daemon did not start: ${daemonLog}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    timeProcess([bin, 'call', greeter, 'greet("warm-up")'], daemonEnv);
    const cliDaemon: number[] = [];
    for (let i = 0; i < 7; i++) {
      await new Promise((r) => setTimeout(r, 200));
      cliDaemon.push(timeProcess([bin, 'call', greeter, `greet("${i}")`], daemonEnv));
    }
    daemon.kill('SIGTERM');
    const warmPaced: number[] = [];
    const warmBackToBack: number[] = [];
    await callComponent({ component: greeter, call: 'greet("warm-up")', keepWarm: true });
    for (let i = 0; i < 10; i++) {
      await new Promise((r) => setTimeout(r, 400));
      const t0 = performance.now();
      await callComponent({ component: greeter, call: `greet("${i}")`, keepWarm: true });
      warmPaced.push(performance.now() - t0);
    }
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      await callComponent({ component: greeter, call: `greet("${i}")`, keepWarm: true });
      warmBackToBack.push(performance.now() - t0);
    }
    disposeSandboxes();
    const j = median(jco);
    const row = (name: string, t: number) => console.log(`  ${name.padEnd(58)} ${ms(t).padStart(9)}   ${(j / t).toFixed(1).padStart(5)}× faster than jco`);
    console.log(`call greet("…") on examples/greeter (${(fs.statSync(greeter).size / 1048576).toFixed(1)} MB):`);
    console.log(`  ${'jco: transpile + instantiate + call, fresh process'.padEnd(58)} ${ms(j).padStart(9)}`);
    row('ours, warm sandbox, calls 400 ms apart (editor)', median(warmPaced));
    row('ours, warm sandbox, calls back to back', median(warmBackToBack));
    row('ours, `wit-tools call` process, cache warm (shell)', median(cliWarm));
    row('ours, `wit-tools call` from a shell, `wit-tools daemon` up', median(cliDaemon));
    row('ours, first call, empty cache (API: transpile included)', apiCold);
    row('ours, first `wit-tools call` after a build (transpile)', cliCold);

    // ---- run ----
    const cliTool = (await buildProject({ dir: path.join(repoRoot, 'examples', 'cli-tool'), out: path.join(work, 'cli-tool.wasm') })).component;
    const preopen = preopenModule(work);
    const jcoBin = path.join(path.dirname(require.resolve('@bytecodealliance/jco')), 'jco.js');
    timeProcess([bin, 'run', cliTool], {}, repoRoot, 'a b c');
    const ourRun = median([0, 1, 2].map(() => timeProcess([bin, 'run', cliTool], {}, repoRoot, 'a b c')));
    const jcoRun = median([0, 1, 2].map(() => timeProcess(['--import', preopen, jcoBin, 'run', cliTool], {}, repoRoot, 'a b c')));
    console.log('run examples/cli-tool (wasi:cli/run):');
    console.log(`  ${'jco run'.padEnd(58)} ${ms(jcoRun).padStart(9)}`);
    console.log(`  ${'ours, `wit-tools run`, cache warm'.padEnd(58)} ${ms(ourRun).padStart(9)}   ${(jcoRun / ourRun).toFixed(1).padStart(5)}× faster than jco`);

    // ---- build ----
    console.log('build (alternating, new processes; ours includes detection, the WIT check and, for TypeScript, the type check):');
    // Like for like: jco strips TypeScript's types without checking them, so `--no-typecheck` is
    // compared with jco alone, and our default (checked alongside) with `tsc --noEmit` followed
    // by jco, as a package script that wants the check would run them.
    const tsc = path.join(path.dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
    for (const [name, dir, entry, world, extra, theirName, check] of [
      ['cli-tool (JavaScript)', 'cli-tool', 'index.js', 'cli-tool', [], 'jco componentize', false],
      ['greeter, --no-typecheck', 'greeter', 'src/index.ts', 'greeter', ['--no-typecheck'], 'jco componentize', false],
      ['greeter (type-checked)', 'greeter', 'src/index.ts', 'greeter', [], 'tsc --noEmit; jco', true],
    ] as [string, string, string, string, string[], string, boolean][]) {
      const projectDir = path.join(repoRoot, 'examples', dir);
      const ours: number[] = [];
      const theirs: number[] = [];
      for (let i = 0; i < 5; i++) {
        const checking = check ? timeProcess([tsc, '--noEmit', '-p', '.'], {}, projectDir) : 0;
        theirs.push(checking + timeProcess(['--import', preopen, jcoBin, 'componentize', entry, '--bundle', '--wit', '.', '-n', world, '-o', path.join(work, `jco-${dir}.wasm`)], {}, projectDir));
        ours.push(timeProcess([bin, 'build', projectDir, '-o', path.join(work, `ours-${dir}.wasm`), '--quiet', ...extra]));
      }
      const o = median(ours);
      const t = median(theirs);
      console.log(`  ${name.padEnd(24)} ${theirName.padEnd(18)} ${ms(t).padStart(8)}   wit-tools build ${ms(o).padStart(8)}   overhead ${(((o - t) / t) * 100).toFixed(1).padStart(5)} % (${(o - t).toFixed(0)} ms)`);
    }
  } finally {
    disposeSandboxes();
    if (savedCache === undefined) delete process.env.WIT_TOOLS_CACHE;
    else process.env.WIT_TOOLS_CACHE = savedCache;
    fs.rmSync(work, { recursive: true, force: true });
  }
}

// `node test/out/bench/pipeline-bench.js` runs it alone.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchPipeline();
