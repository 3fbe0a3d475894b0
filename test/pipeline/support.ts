// Shared by the pipeline tests: real components, built once per test run (one at a time: a
// componentize-js build peaks near 800 MB), into a temporary folder, with a cache of their own.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot, fixtures } from '../support/paths.js';
import { runCli } from '../support/cli.js';
import { buildProject, disposeSandboxes, PipelineError, type BuildOptions, type BuildResult } from 'wit-tools/server/pipeline/index.js';
import { which } from 'wit-tools/server/pipeline/tools.js';

export const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'wit-tools-pipeline-test-'));
// The transpile cache of these tests starts empty, so first calls really transpile.
process.env.WIT_TOOLS_CACHE = path.join(scratch, 'cache');
process.on('exit', () => {
  disposeSandboxes();
  fs.rmSync(scratch, { recursive: true, force: true });
});

export const examples = path.join(repoRoot, 'examples');
export const pipelineFixtures = path.join(fixtures, 'pipeline');
export { cliBin as bin } from '../support/cli.js';

/** Minutes, for mocha: builds are slow. */
export const BUILD_TIMEOUT = 10 * 60_000;

let queue: Promise<unknown> = Promise.resolve();
const built = new Map<string, Promise<BuildResult>>();

/** Builds a project once per test run, one build at a time. */
export function buildOnce(dir: string, options: Omit<BuildOptions, 'dir'> = {}): Promise<BuildResult> {
  const key = `${dir}\0${JSON.stringify(options)}`;
  let p = built.get(key);
  if (!p) {
    const out = path.join(scratch, 'built', `${path.basename(dir)}-${built.size}.wasm`);
    p = queue.then(() => buildProject({ dir, out, ...options }));
    queue = p.catch(() => undefined);
    built.set(key, p);
  }
  return p;
}

export const example = (name: string) => buildOnce(path.join(examples, name));
export const fixture = (name: string) => buildOnce(path.join(pipelineFixtures, name));

/**
 * Whether clang can build for wasm32-wasi here. CI sets WIT_TOOLS_REQUIRE_C=1 after running
 * scripts/install-c-toolchain.sh, so that a missing toolchain fails there instead of being skipped.
 */
export function hasClang(): boolean {
  const ok = !!which('clang') && !!which('wasm-ld');
  if (!ok && process.env.WIT_TOOLS_REQUIRE_C) throw new Error('WIT_TOOLS_REQUIRE_C is set but clang/wasm-ld are not installed');
  return ok;
}

/** The tools each language's build needs (what `wit-tools doctor` checks). */
const toolchainTools: Record<string, string[]> = {
  ts: [], js: [], python: ['componentize-py'], go: ['go', 'wit-bindgen'], rust: ['cargo'], c: ['clang', 'wasm-ld', 'wit-bindgen'],
};

/**
 * Whether a language's tool chain is here. CI installs every one (scripts/install-toolchains.sh)
 * and sets WIT_TOOLS_REQUIRE_TOOLCHAINS=1, so that a missing one fails there instead of skipping.
 */
export function hasToolchain(language: string): boolean {
  const missing = (toolchainTools[language] ?? []).filter((t) => !which(t));
  if (missing.length && process.env.WIT_TOOLS_REQUIRE_TOOLCHAINS) throw new Error(`WIT_TOOLS_REQUIRE_TOOLCHAINS is set but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not installed (bash scripts/install-toolchains.sh)`);
  return missing.length === 0;
}

/** wasm-tools, the reference's own CLI, when installed (scripts/install-toolchains.sh oracles). */
export function wasmTools(): string | undefined {
  const found = which('wasm-tools');
  if (!found && process.env.WIT_TOOLS_REQUIRE_TOOLCHAINS) throw new Error('WIT_TOOLS_REQUIRE_TOOLCHAINS is set but wasm-tools is not installed (bash scripts/install-toolchains.sh oracles)');
  return found;
}

// Rust builds of the tests share one target folder (the wit-bindgen crate compiles once), kept
// between runs.
process.env.CARGO_TARGET_DIR ??= path.join(os.tmpdir(), 'wit-tools-test-cargo-target');

/** The CLI, run as a shell would (test/support/cli.ts). */
export const runBin = runCli;

/** The same FNV-1a the `tasks` example computes, to check its u64 result. */
export function fnv1a64(bytes: number[]): bigint {
  let hash = 0xcbf29ce484222325n;
  for (const b of bytes) hash = ((hash ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return hash;
}

/** Writes a project of `files` (relative path → text) into scratch/GROUP/NAME, afresh; its folder. */
export function writeProject(group: string, name: string, files: Record<string, string>): string {
  const dir = path.join(scratch, group, name);
  fs.rmSync(dir, { recursive: true, force: true });
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

/** The `PipelineError` that `p` fails with (any other outcome fails the test). */
export async function failure(p: Promise<unknown>): Promise<PipelineError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof PipelineError) return e;
    throw e;
  }
  assert.fail('expected a failure');
}
