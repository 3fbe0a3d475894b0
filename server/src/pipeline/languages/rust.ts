// Rust: `cargo build --release --target wasm32-wasip2`; rustc's wasm32-wasip2 target links a
// component itself (wasm-component-ld), with the world's WIT that the `wit-bindgen` crate's macro
// embedded. A `cdylib` exports the world; a `bin` is a `wasi:cli/run` command. `cargo component
// build` where the crate asks for it (`[package.metadata.component]`) and cargo-component is
// installed. Compiler messages come from cargo's JSON, with their spans.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BuildDiagnostic } from '../compiler-output.js';
import { throwIfAborted } from '../errors.js';
import { missingTool, runTool, which } from '../tools.js';
import { commandLine, type EarlyContext, type RunningBuild } from './context.js';

interface CargoSpan { file_name: string; line_start: number; column_start: number; line_end: number; column_end: number; is_primary: boolean }
interface CargoMessage {
  reason?: string;
  filenames?: string[];
  target?: { kind?: string[] };
  message?: { level?: string; message?: string; code?: { code?: string } | null; spans?: CargoSpan[]; rendered?: string };
}

/** A diagnostic from one of cargo's `compiler-message`s, at its primary span (or none). */
export function cargoDiagnostic(m: CargoMessage, workspace: string): BuildDiagnostic | undefined {
  const msg = m.message;
  if (!msg || (msg.level !== 'error' && msg.level !== 'warning')) return undefined;
  const span = msg.spans?.find((s) => s.is_primary) ?? msg.spans?.[0];
  if (!span) return undefined;
  return {
    severity: msg.level === 'error' ? 'error' : 'warning',
    file: path.resolve(workspace, span.file_name),
    line: span.line_start, column: span.column_start, endLine: span.line_end, endColumn: span.column_end,
    message: msg.message ?? '', source: 'rustc', ...(msg.code?.code ? { code: msg.code.code } : {}),
  };
}

/**
 * Starts cargo at once: it needs no world (the crate names it), so it runs while the WIT is
 * checked, and the component is copied where it goes once the world is known. WIT errors stop it.
 */
export function startRust(early: EarlyContext): RunningBuild {
  const stop = new AbortController();
  const outer = early.options.signal;
  const onAbort = () => stop.abort();
  outer?.addEventListener('abort', onAbort, { once: true });
  const compiling = compileRust(early, stop.signal).finally(() => outer?.removeEventListener('abort', onAbort));
  compiling.catch(() => undefined);
  return {
    async finish(ctx) {
      fs.copyFileSync(await compiling, ctx.out);
    },
    abort() {
      stop.abort();
    },
  };
}

/** Runs cargo; the path of the `.wasm` it built. */
async function compileRust(ctx: EarlyContext, signal: AbortSignal): Promise<string> {
  const { project: p } = ctx;
  const options = { ...ctx.options, signal };
  const cargo = which('cargo');
  if (!cargo) throw missingTool('cargo', 'building a Rust component');
  const manifest = fs.readFileSync(path.join(p.dir, 'Cargo.toml'), 'utf8');
  const wantsCargoComponent = /^\[package\.metadata\.component\]/m.test(manifest);
  let args: string[];
  if (wantsCargoComponent) {
    if (!which('cargo-component')) throw missingTool('cargo-component', 'building this Rust component (its Cargo.toml has [package.metadata.component])');
    args = ['component', 'build', '--release', '--message-format=json'];
  } else {
    args = ['build', '--release', '--target', 'wasm32-wasip2', '--message-format=json'];
  }
  ctx.progress('compile', commandLine(cargo, args));
  const artifacts: string[] = [];
  const found: BuildDiagnostic[] = [];
  let pending = '';
  // cargo's stdout is one JSON message per line (`--message-format=json`): artifacts, and
  // compiler messages with their spans, whose rendered text is passed on as stderr.
  const onStdout = (text: string) => {
    pending += text;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      let m: CargoMessage;
      try {
        m = JSON.parse(line) as CargoMessage;
      } catch {
        continue;
      }
      if (m.reason === 'compiler-artifact') {
        const kinds = m.target?.kind ?? [];
        if (kinds.includes('cdylib') || kinds.includes('bin')) artifacts.push(...(m.filenames ?? []).filter((f) => f.endsWith('.wasm')));
      } else if (m.reason === 'compiler-message') {
        const d = cargoDiagnostic(m, p.dir);
        if (d && d.file.startsWith(p.dir + path.sep)) found.push(d);
        if (m.message?.rendered) options.onOutput?.(m.message.rendered, 'stderr');
      }
    }
  };
  const r = await runTool(cargo, args, {
    cwd: p.dir, signal: options.signal,
    onOutput: (text, stream) => (stream === 'stdout' ? onStdout(text) : options.onOutput?.(text, stream)),
  });
  onStdout('\n');
  throwIfAborted(options.signal);
  if (r.code !== 0) {
    if (/target may not be installed|rustup target add wasm32-wasip2|could not find specification for target/.test(r.stderr + r.stdout)) throw missingTool('rust-wasm32-wasip2', 'building a Rust component');
    const first = found.find((d) => d.severity === 'error');
    const lastLine = r.stderr.trim().split('\n').filter((l) => /^error/.test(l)).pop();
    throw ctx.fail(`cargo failed: ${first ? `${path.relative(p.dir, first.file)}:${first.line}:${first.column}: ${first.message}` : lastLine ?? `exit code ${r.code}`}`, found);
  }
  ctx.diagnostics.push(...found);
  const wasm = artifacts.pop();
  if (!wasm) throw ctx.fail('cargo built no .wasm file: is the crate a `cdylib` (a component with exports) or a `bin` (a command)?');
  return wasm;
}
