// wit-bindgen (the CLI from crates.io): the C and Go builds generate their bindings with it, and
// `wit-tools bindings` uses it for every language it has a generator for.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { treeHash } from '../cache-files.js';
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

/**
 * Runs `wit-bindgen LANG -w WORLD --out-dir TMP WIT [extra]` and returns what it wrote. A long-lived
 * process (the language server, the daemon) builds again and again on WIT that did not change:
 * what the same wit-bindgen wrote for the same arguments and the same WIT tree is served again,
 * its messages replayed, without running it.
 */
export async function generateWithWitBindgen(language: WitBindgenLanguage, witDir: string, world: string, options: GenerateOptions & { extra?: string[]; purpose?: string } = {}): Promise<GeneratedFiles> {
  const tool = findWitBindgen(options.purpose ?? `generating ${language} bindings`);
  const key = generationKey(tool, [language, world, ...(options.extra ?? [])], witDir);
  const hit = key === undefined ? undefined : generations.get(key);
  if (hit) {
    options.onProgress?.(`${commandLine(tool, [language, '-w', world, ...(options.extra ?? []), witDir])} (unchanged WIT: its last output)`);
    for (const [text, stream] of hit.output) options.onOutput?.(text, stream);
    return new Map(hit.files);
  }
  const output: [string, 'stdout' | 'stderr'][] = [];
  const files = await withTempDir('bindings', async (tmp) => {
    const args = [language, '-w', world, '--out-dir', tmp, ...(options.extra ?? []), witDir];
    options.onProgress?.(commandLine(tool, args));
    const r = await runTool(tool, args, { signal: options.signal, onOutput: (text, stream) => {
      // wit-bindgen announces each file (`Generating "x.c"`), in chunks that can split a line.
      const kept = text.split('\n').filter((l) => !/^\s*(Generating\b.*|"[^"]*"\s*)?$/.test(l)).join('\n');
      if (!kept.trim()) return;
      const line = kept.endsWith('\n') ? kept : `${kept}\n`;
      output.push([line, stream]);
      options.onOutput?.(line, stream);
    } });
    throwIfAborted(options.signal);
    if (r.code !== 0) throw new PipelineError('build-failed', `wit-bindgen ${language} failed: ${firstError(r.stderr || r.stdout)}`);
    return readGenerated(tmp);
  });
  if (key !== undefined) {
    generations.set(key, { files: new Map(files), output });
    if (generations.size > 32) generations.delete(generations.keys().next().value!);
  }
  return files;
}

/** The last outputs of wit-bindgen, by tool, arguments and WIT tree (oldest first). */
const generations = new Map<string, { files: GeneratedFiles; output: [string, 'stdout' | 'stderr'][] }>();

/** The tool (its path, size and time), the arguments, the WIT folder's path and every file under it; undefined when the tree cannot be read whole. */
function generationKey(tool: string, args: string[], witDir: string): string | undefined {
  try {
    const t = fs.statSync(tool);
    return treeHash(witDir, [tool, t.size, t.mtimeMs, args, path.resolve(witDir)]);
  } catch {
    return undefined;
  }
}
