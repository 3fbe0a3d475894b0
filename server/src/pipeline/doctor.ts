// `doctor`: for each language, whether its tool chain is here — each tool found (where, which
// version) or missing (with the command that installs it).
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { toolInfo, which, type ToolName } from './toolchains.js';
import { runTool } from './tools.js';

export type DoctorLanguage = 'ts' | 'python' | 'go' | 'rust' | 'c';

export interface ToolStatus {
  tool: ToolName;
  what: string;
  /** Where it is; undefined when missing. */
  path?: string;
  version?: string;
  /** Not needed for every project (e.g. wit-bindgen for a C command). */
  optional?: boolean;
  install?: string;
  more?: string;
}

export interface LanguageStatus {
  language: DoctorLanguage;
  name: string;
  /** Every required tool is here. */
  ok: boolean;
  tools: ToolStatus[];
}

async function version(tool: string, args = ['--version']): Promise<string | undefined> {
  const r = await runTool(tool, args).catch(() => undefined);
  const text = `${r?.stdout ?? ''}\n${r?.stderr ?? ''}`;
  return /(\d+\.\d+(?:\.\d+)?(?:[-+][\w.]+)?)/.exec(text)?.[1];
}

function status(tool: ToolName, found: string | undefined, v: string | undefined, optional = false): ToolStatus {
  const info = toolInfo(tool);
  return { tool, what: info.what, ...(found ? { path: found, ...(v ? { version: v } : {}) } : { install: info.install, more: info.more }), ...(optional ? { optional } : {}) };
}

async function command(tool: ToolName, name: string, optional = false, args?: string[]): Promise<ToolStatus> {
  const found = which(name);
  return status(tool, found, found ? await version(found, args) : undefined, optional);
}

/** Whether rustc's sysroot has the wasm32-wasip2 standard library. */
async function rustTarget(): Promise<ToolStatus> {
  const rustc = which('rustc');
  if (!rustc) return status('rust-wasm32-wasip2', undefined, undefined);
  const sysroot = (await runTool(rustc, ['--print', 'sysroot']).catch(() => undefined))?.stdout.trim();
  const lib = sysroot ? path.join(sysroot, 'lib', 'rustlib', 'wasm32-wasip2') : undefined;
  return status('rust-wasm32-wasip2', lib && fs.existsSync(lib) ? lib : undefined, undefined);
}

function jco(): ToolStatus {
  try {
    const api = createRequire(import.meta.url).resolve('@bytecodealliance/jco');
    const pkg = JSON.parse(fs.readFileSync(path.join(path.dirname(api), '..', 'package.json'), 'utf8')) as { version?: string };
    return status('jco', path.dirname(path.dirname(api)), pkg.version);
  } catch {
    return status('jco', undefined, undefined);
  }
}

function wasiLibc(): ToolStatus {
  const places = [process.env.WASI_SDK_PATH ? path.join(process.env.WASI_SDK_PATH, 'share', 'wasi-sysroot') : '', '/usr/share/wasi-sysroot', '/usr/lib/wasm32-wasi', '/opt/wasi-sdk/share/wasi-sysroot'].filter(Boolean);
  return status('wasi-libc', places.find((p) => fs.existsSync(p)), undefined);
}

/** The state of every language's tool chain. */
export async function checkToolchains(): Promise<LanguageStatus[]> {
  const [cpy, go, wbg, cargo, target, clang, wasmLd, tinygo] = await Promise.all([
    command('componentize-py', 'componentize-py'),
    command('go', 'go', false, ['env', 'GOVERSION']),
    command('wit-bindgen', 'wit-bindgen'),
    command('cargo', 'cargo'),
    rustTarget(),
    command('clang', 'clang'),
    command('clang', 'wasm-ld'),
    command('tinygo', 'tinygo', true, ['version']),
  ]);
  const languages: Omit<LanguageStatus, 'ok'>[] = [
    { language: 'ts', name: 'TypeScript / JavaScript', tools: [jco()] },
    { language: 'python', name: 'Python', tools: [cpy] },
    { language: 'go', name: 'Go', tools: [go, wbg, tinygo] },
    { language: 'rust', name: 'Rust', tools: [cargo, target] },
    { language: 'c', name: 'C', tools: [clang, { ...wasmLd, what: 'wasm-ld (lld)' }, wasiLibc(), { ...wbg, optional: true }] },
  ];
  return languages.map((l) => ({ ...l, ok: l.tools.every((t) => t.optional || t.path) }));
}
