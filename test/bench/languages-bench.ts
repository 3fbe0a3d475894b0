// `npm run bench -- languages`: for each language's example, `wit-tools build` against the same
// tool chain run by hand on the same inputs — the commands a README would have a user type —
// new processes, alternating, five of each after a warm-up, the source touched before every run
// so that both recompile it — `wit-tools build` run directly, handed to a `wit-tools daemon` (its
// own, on a socket of the bench's), and the language server's wit.build as an editor asks for it
// (the request timed) — and a clean Rust build. Figures, never pass/fail; the goal is an
// overhead ≤ 5 %.
//   Python  componentize-py -d wit -w notes componentize -p . app -o OUT
//   Rust    cargo build --release --target wasm32-wasip2; cp the artifact
//   Go      wit-bindgen go; GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared …; wasm-tools
//           component embed; wasm-tools component new --adapt (jco's reactor adapter)
//   C       wit-bindgen c; clang …; wasm-tools component embed; wasm-tools component new --adapt
// Needs the tool chains (scripts/install-toolchains.sh, with `oracles` for wasm-tools); a language
// whose tools are missing is reported and skipped.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { which } from 'wit-tools/server/pipeline/toolchains.js';
import { LspClient } from '../support/lsp-client.js';
import { repoRoot } from '../support/paths.js';

const bin = path.join(repoRoot, 'bin', 'wit-tools.js');
const require = createRequire(import.meta.url);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`);

/** Runs commands one after another; the time of all of them. */
function timeSteps(steps: [string, string[], NodeJS.ProcessEnv?][], cwd: string): number {
  const t0 = performance.now();
  for (const [cmd, args, env] of steps) {
    const r = spawnSync(cmd, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  }
  return performance.now() - t0;
}

function touch(file: string): void {
  const now = new Date();
  fs.utimesSync(file, now, now);
}

interface Case {
  language: string;
  example: string;
  source: string;
  tools: string[];
  byHand: (work: string, dir: string) => [string, string[], NodeJS.ProcessEnv?][];
}

function reactorAdapter(): string {
  const jco = require('@bytecodealliance/jco') as { preview1AdapterReactorPath(): string };
  return fileURLToPath(jco.preview1AdapterReactorPath());
}

/** The Go workspace that gives the bindings their runtime package (as the build makes it). */
function goWorkspace(work: string, dir: string): string {
  const home = process.env.WIT_TOOLS_HOME ?? path.join(os.homedir(), '.local', 'share', 'wit-tools');
  const source = path.join(home, 'go', 'wit-bindgen-go-0.63.0', 'src', 'pkg');
  const copy = path.join(work, 'go-runtime');
  fs.rmSync(copy, { recursive: true, force: true });
  fs.cpSync(source, copy, { recursive: true });
  const goMod = path.join(copy, 'go.mod');
  fs.writeFileSync(goMod, fs.readFileSync(goMod, 'utf8').replace(/^go .*$/m, 'go 1.25'));
  const version = spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).stdout.trim().replace(/^go/, '');
  const file = path.join(work, 'go.work');
  fs.writeFileSync(file, `go ${version}\n\nuse (\n\t${JSON.stringify(dir)}\n\t${JSON.stringify(copy)}\n)\n`);
  return file;
}

const cases: Case[] = [
  {
    language: 'Python', example: 'notes-py', source: 'app.py', tools: ['componentize-py'],
    byHand: (work) => [[which('componentize-py')!, ['-d', 'wit', '-w', 'notes', 'componentize', '-p', '.', 'app', '-o', path.join(work, 'py.wasm')], { RUST_BACKTRACE: '0' }]],
  },
  {
    language: 'Rust', example: 'shapes-rust', source: 'src/lib.rs', tools: ['cargo'],
    byHand: (work, dir) => [
      [which('cargo')!, ['build', '--release', '--target', 'wasm32-wasip2', '--quiet']],
      ['cp', [path.join(process.env.CARGO_TARGET_DIR ?? path.join(dir, 'target'), 'wasm32-wasip2', 'release', 'shapes.wasm'), path.join(work, 'rs.wasm')]],
    ],
  },
  {
    language: 'Go', example: 'wordfreq-go', source: 'export_example_wordfreq_analyze/analyze.go', tools: ['go', 'wit-bindgen', 'wasm-tools'],
    byHand: (work, dir) => {
      const gen = path.join(work, 'go-gen');
      const wt = which('wasm-tools')!;
      return [
        [which('wit-bindgen')!, ['go', '-w', 'wordfreq', '--out-dir', gen, 'wit']],
        ['sh', ['-c', `cp -r ${JSON.stringify(gen)}/example_wordfreq_analyze ${JSON.stringify(gen)}/wit_exports.go . && rm -rf ${JSON.stringify(gen)}`]],
        [which('go')!, ['build', '-buildmode=c-shared', '-ldflags=-checklinkname=0', '-o', path.join(work, 'go-core.wasm'), '.'], { GOOS: 'wasip1', GOARCH: 'wasm', GOWORK: goWorkspace(work, dir) }],
        [wt, ['component', 'embed', '-w', 'wordfreq', 'wit', path.join(work, 'go-core.wasm'), '-o', path.join(work, 'go-embed.wasm')]],
        [wt, ['component', 'new', '--adapt', `wasi_snapshot_preview1=${reactorAdapter()}`, path.join(work, 'go-embed.wasm'), '-o', path.join(work, 'go.wasm')]],
      ];
    },
  },
  {
    language: 'C', example: 'checksum-c', source: 'checksum.c', tools: ['clang', 'wit-bindgen', 'wasm-tools'],
    byHand: (work) => {
      const wt = which('wasm-tools')!;
      return [
        [which('wit-bindgen')!, ['c', '-w', 'checksum', '--out-dir', 'bindings', 'wit']],
        [which('clang')!, ['--target=wasm32-wasi', '-mexec-model=reactor', '-O2', '-Wall', '-o', path.join(work, 'c-core.wasm'), 'checksum.c', '-I', 'bindings', 'bindings/checksum.c', 'bindings/checksum_component_type.o']],
        [wt, ['component', 'embed', '-w', 'checksum', 'wit', path.join(work, 'c-core.wasm'), '-o', path.join(work, 'c-embed.wasm')]],
        [wt, ['component', 'new', '--adapt', `wasi_snapshot_preview1=${reactorAdapter()}`, path.join(work, 'c-embed.wasm'), '-o', path.join(work, 'c.wasm')]],
      ];
    },
  },
];

/** A `wit-tools daemon` of the bench's own, on a socket in `work`; resolves once it listens. */
async function startDaemon(work: string): Promise<{ env: NodeJS.ProcessEnv; child: ChildProcess }> {
  const env = { WIT_TOOLS_DAEMON_SOCKET: path.join(work, 'daemon', 'd.sock') };
  const child = spawn(process.execPath, [bin, 'daemon', '--idle-timeout', '0'], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (b: Buffer) => { log += b.toString('utf8'); });
  for (let i = 0; !log.includes('listening at'); i++) {
    if (i > 200 || child.exitCode !== null) throw new Error(`the daemon did not start: ${log}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { env, child };
}

export async function benchLanguages(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'wit-tools-bench-lang-'));
  const daemon = await startDaemon(work);
  // "WIT: Build Component" in an editor: the language server's wit.build, the request timed.
  const server = await LspClient.start([path.join(repoRoot, 'examples')]);
  try {
    console.log('build per language (new processes, alternating, source touched each time; medians of 5):');
    const node = [0, 1, 2, 3, 4].map(() => timeSteps([[process.execPath, ['-e', '0']]], work));
    console.log(`  (Node's own start, \`node -e 0\`, the least any wit-tools command costs from a shell: ${ms(median(node))})`);
    for (const c of cases) {
      const missing = c.tools.filter((t) => !which(t));
      if (missing.length) {
        console.log(`  ${c.language.padEnd(7)} skipped: ${missing.join(', ')} not installed (bash scripts/install-toolchains.sh python go rust c oracles)`);
        continue;
      }
      const dir = path.join(repoRoot, 'examples', c.example);
      const steps = c.byHand(work, dir);
      const build = (env: NodeJS.ProcessEnv) => () => timeSteps([[process.execPath, [bin, 'build', dir, '-o', path.join(work, `ours-${c.example}.wasm`), '--quiet'], env]], dir);
      const ours = build({ WIT_TOOLS_NO_DAEMON: '1' });
      const served = build(daemon.env);
      const theirs = () => timeSteps(steps, dir);
      const inEditor = async () => {
        const t0 = performance.now();
        const r = await server.request<{ error?: string }>('workspace/executeCommand', { command: 'wit.build', arguments: [dir] });
        if (r.error) throw new Error(`wit.build of ${dir}: ${r.error}`);
        return performance.now() - t0;
      };
      for (const warm of [ours, theirs, served, inEditor]) {
        touch(path.join(dir, c.source));
        await warm();
      }
      const o: number[] = [];
      const t: number[] = [];
      const d: number[] = [];
      const e: number[] = [];
      for (let i = 0; i < 5; i++) {
        for (const [run, into] of [[theirs, t], [ours, o], [served, d], [inEditor, e]] as const) {
          touch(path.join(dir, c.source));
          // A pause, as between a user's builds: what a daemon or the server does after a build
          // (its next worker's start and rehearsal) is not charged to the next one measured.
          await new Promise((r) => setTimeout(r, 1500));
          into.push(await run());
        }
      }
      const mt = median(t);
      const vs = (x: number) => `${ms(x).padStart(8)} ${`(${(((x - mt) / mt) * 100).toFixed(1)} %, ${(x - mt).toFixed(0)} ms)`.padEnd(20)}`;
      console.log(`  ${c.language.padEnd(7)} ${c.example.padEnd(12)} by hand ${ms(mt).padStart(8)}   wit-tools build ${vs(median(o))}   with \`wit-tools daemon\` ${vs(median(d))}   the server's wit.build ${vs(median(e))}`);
    }
    // A clean Rust build (an empty target folder each time: every dependency compiles), twice each.
    if (which('cargo')) {
      const dir = path.join(repoRoot, 'examples', 'shapes-rust');
      const o: number[] = [];
      const t: number[] = [];
      for (let i = 0; i < 2; i++) {
        const target = path.join(work, `target-${i}`);
        fs.rmSync(target, { recursive: true, force: true });
        t.push(timeSteps([[which('cargo')!, ['build', '--release', '--target', 'wasm32-wasip2', '--quiet'], { CARGO_TARGET_DIR: target }]], dir));
        fs.rmSync(target, { recursive: true, force: true });
        o.push(timeSteps([[process.execPath, [bin, 'build', dir, '-o', path.join(work, 'ours-clean.wasm'), '--quiet'], { CARGO_TARGET_DIR: target, WIT_TOOLS_NO_DAEMON: '1' }]], dir));
      }
      const mo = median(o);
      const mt = median(t);
      console.log(`  ${'Rust'.padEnd(7)} ${'clean build'.padEnd(12)} by hand ${ms(mt).padStart(8)}   wit-tools build ${ms(mo).padStart(8)}   overhead ${(((mo - mt) / mt) * 100).toFixed(1).padStart(5)} % (${(mo - mt).toFixed(0)} ms)`);
    }
  } finally {
    await server.stop();
    daemon.child.kill();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchLanguages();
