// wit-bindgen (the CLI from crates.io): the C and Go builds generate their bindings with it, and
// `wit-tools bindings` uses it for every language it has a generator for.
import { throwIfAborted } from '../errors.js';
import { readGenerated, type GeneratedFiles } from '../generated.js';
import { missingTool, runTool, which } from '../tools.js';
import { commandLine, withTempDir } from './context.js';
import { firstError } from '../build-jobs.js';
import { PipelineError } from '../errors.js';

/** The generators of wit-bindgen that `wit-tools bindings` offers. */
export const witBindgenLanguages = ['rust', 'c', 'cpp', 'go', 'csharp', 'markdown'] as const;
export type WitBindgenLanguage = (typeof witBindgenLanguages)[number];

export interface GenerateOptions {
  signal?: AbortSignal;
  onOutput?: (text: string, stream: 'stdout' | 'stderr') => void;
  onProgress?: (message: string) => void;
}

export function findWitBindgen(purpose: string): string {
  const tool = which('wit-bindgen');
  if (!tool) throw missingTool('wit-bindgen', purpose);
  return tool;
}

const versions = new Map<string, Promise<string | undefined>>();

/** `0.63.0` for the wit-bindgen at `tool` (asked once per process). */
export function witBindgenVersion(tool: string): Promise<string | undefined> {
  let v = versions.get(tool);
  if (!v) {
    v = runTool(tool, ['--version']).then((r) => /(\d+\.\d+\.\d+)/.exec(r.stdout)?.[1], () => undefined);
    versions.set(tool, v);
  }
  return v;
}

/** Runs `wit-bindgen LANG -w WORLD --out-dir TMP WIT [extra]` and returns what it wrote. */
export async function generateWithWitBindgen(language: WitBindgenLanguage, witDir: string, world: string, options: GenerateOptions & { extra?: string[]; purpose?: string } = {}): Promise<GeneratedFiles> {
  const tool = findWitBindgen(options.purpose ?? `generating ${language} bindings`);
  return withTempDir('bindings', async (tmp) => {
    const args = [language, '-w', world, '--out-dir', tmp, ...(options.extra ?? []), witDir];
    options.onProgress?.(commandLine(tool, args));
    const r = await runTool(tool, args, { signal: options.signal, onOutput: (text, stream) => {
      // wit-bindgen announces each file (`Generating "x.c"`), in chunks that can split a line.
      const kept = text.split('\n').filter((l) => !/^\s*(Generating\b.*|"[^"]*"\s*)?$/.test(l)).join('\n');
      if (kept.trim()) options.onOutput?.(kept.endsWith('\n') ? kept : `${kept}\n`, stream);
    } });
    throwIfAborted(options.signal);
    if (r.code !== 0) throw new PipelineError('build-failed', `wit-bindgen ${language} failed: ${firstError(r.stderr || r.stdout)}`);
    return readGenerated(tmp);
  });
}
