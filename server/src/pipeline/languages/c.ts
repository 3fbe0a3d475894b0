// C: clang for wasm32-wasi (wasi-libc, preview1), then jco's preview1 adapter (command or reactor).
// A reactor whose sources include the world's generated header (`#include "WORLD.h"`) gets its
// bindings from `wit-bindgen c`, regenerated into `bindings/` at every build and compiled with it;
// a reactor without that include writes the canonical ABI by hand (`export_name`, `cabi_realloc`).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { firstError, runJob } from '../build-jobs.js';
import { parseCompilerOutput } from '../compiler-output.js';
import { throwIfAborted } from '../errors.js';
import { generatorMarkers, syncGenerated } from '../generated.js';
import { missingTool, runTool, which, type ToolResult } from '../tools.js';
import { commandLine, withTempDir, type BuildContext } from './context.js';
import { generateWithWitBindgen } from './wit-bindgen.js';

/** The folder of a C project that holds its generated bindings. */
export const C_BINDINGS_DIR = 'bindings';

/** wit-bindgen's file stem for a world: `my-world` → `my_world` (`my_world.h`, `my_world.c`). */
export function cWorldStem(world: string): string {
  return world.replaceAll('-', '_');
}

/** clang for wasm32-wasi: $WASI_SDK_PATH's, else the one on PATH (Debian's clang + wasi-libc). */
function findClang(): { clang: string; sysroot?: string } {
  const sdk = process.env.WASI_SDK_PATH;
  if (sdk && fs.existsSync(path.join(sdk, 'bin', 'clang'))) return { clang: path.join(sdk, 'bin', 'clang'), sysroot: path.join(sdk, 'share', 'wasi-sysroot') };
  const clang = which('clang');
  if (!clang) throw missingTool('clang', 'building a C component');
  if (!which('wasm-ld')) throw missingTool('clang', 'building a C component (the WebAssembly linker `wasm-ld`, from lld)');
  const sysroots = ['/usr/share/wasi-sysroot', '/opt/wasi-sdk/share/wasi-sysroot'];
  const sysroot = sysroots.find((s) => fs.existsSync(s));
  if (!sysroot && !fs.existsSync('/usr/lib/wasm32-wasi/libc.a')) throw missingTool('wasi-libc', 'building a C component');
  return { clang, sysroot };
}

/** Whether a source includes the world's generated header. */
function usesGeneratedBindings(sources: string[], world: string): boolean {
  const header = new RegExp(`#\\s*include\\s*["<](?:${C_BINDINGS_DIR}/)?${cWorldStem(world)}\\.h[">]`);
  return sources.some((s) => {
    try {
      return header.test(fs.readFileSync(s, 'utf8'));
    } catch {
      return false;
    }
  });
}

export async function buildC(ctx: BuildContext): Promise<void> {
  const { project: p, options } = ctx;
  const { command, exports } = ctx.world;
  const world = ctx.world.world;
  if (command && exports.length > 1) {
    throw ctx.fail(`world \`${world}\` exports \`wasi:cli/run\` and more (${exports.join(', ')}): a C build makes either a command (main) or a reactor (exports), not both`);
  }
  const { clang, sysroot } = findClang();
  const sources = p.sources!.map((s) => path.relative(p.dir, s));
  const extra: string[] = [];
  if (!command && usesGeneratedBindings(p.sources!, world)) {
    ctx.progress('bindings', `wit-bindgen c -w ${world} --out-dir ${C_BINDINGS_DIR}`);
    const files = await generateWithWitBindgen('c', p.witDir, world, { signal: options.signal, onOutput: options.onOutput, purpose: 'building a C component that includes its generated bindings' });
    const bindingsDir = path.join(p.dir, C_BINDINGS_DIR);
    syncGenerated(files, bindingsDir, true, generatorMarkers.witBindgen);
    const stem = cWorldStem(world);
    extra.push('-I', C_BINDINGS_DIR, path.join(C_BINDINGS_DIR, `${stem}.c`), path.join(C_BINDINGS_DIR, `${stem}_component_type.o`));
  }
  await withTempDir('c', async (tmp) => {
    const core = path.join(tmp, 'core.wasm');
    const args = ['--target=wasm32-wasi', `-mexec-model=${command ? 'command' : 'reactor'}`, '-O2', '-Wall', ...(sysroot ? [`--sysroot=${sysroot}`] : []), '-o', core, ...sources, ...extra];
    ctx.progress('compile', commandLine(clang, args));
    let r: ToolResult;
    try {
      r = await runTool(clang, args, { cwd: p.dir, signal: options.signal, onOutput: options.onOutput });
    } finally {
      throwIfAborted(options.signal);
    }
    const found = parseCompilerOutput(r.stderr, p.dir, 'clang');
    if (r.code !== 0) {
      if (/unable to find library|cannot find|wasi.*not found|No such file or directory.*(crt1|libc)/i.test(r.stderr) && found.length === 0) throw missingTool('wasi-libc', 'building a C component');
      throw ctx.fail(`clang failed: ${firstError(r.stderr)}`, found);
    }
    ctx.diagnostics.push(...found);
    ctx.progress('componentize', `wrapping the core module as a component (preview1 ${command ? 'command' : 'reactor'} adapter)`);
    const result = await runJob({ kind: 'wrap-core', core, witDir: p.witDir, world, out: ctx.out, command, projectDir: p.dir }, options);
    if (!result.ok && result.missing) throw missingTool(result.missing, 'making a component of a C module');
    if (!result.ok) throw ctx.fail(`making the component failed: ${result.message.split('\n')[0]}`);
  });
}
