// JavaScript and TypeScript: jco componentize (componentize-js, StarlingMonkey), bundled first;
// TypeScript is type-checked alongside against jco's guest types for the world (tsc's verdict
// decides). Bindings: jco's guest types (`.d.ts`), the same ones the type check uses.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { firstError, runJob } from '../build-jobs.js';
import type { BuildDiagnostic } from '../compiler-output.js';
import { PipelineError, throwIfAborted } from '../errors.js';
import { readGenerated, type GeneratedFiles } from '../generated.js';
import { missingTool } from '../tools.js';
import { withTempDir, type BuildContext } from './context.js';
import type { GenerateOptions } from './wit-bindgen.js';

function describeDiagnostic(d: BuildDiagnostic, dir: string): string {
  return `${path.relative(dir, d.file)}:${d.line}:${d.column}: ${d.message.split('\n')[0]}`;
}

export async function buildJs(ctx: BuildContext): Promise<void> {
  const { project: p, options, out } = ctx;
  const world = ctx.world.world;
  const typecheck = p.language === 'typescript' && options.typecheck !== false;
  ctx.progress('componentize', `componentizing ${path.relative(p.dir, p.entry!)} against world \`${world}\` (componentize-js)${typecheck ? ', type-checking alongside' : ''}`);
  const checking = typecheck ? runJob({ kind: 'typecheck', projectDir: p.dir, entry: p.entry!, witDir: p.witDir, world }, options) : undefined;
  const built = runJob({ kind: 'componentize', entry: p.entry!, witDir: p.witDir, world, out, projectDir: p.dir }, options);
  const [check, result] = await Promise.all([checking, built]);
  if (check) {
    ctx.diagnostics.push(...(check.diagnostics ?? []));
    if (check.ok && check.note) ctx.progress('typecheck', check.note);
    if (!check.ok) {
      fs.rmSync(out, { force: true });
      throw ctx.fail(`${check.message}${check.diagnostics?.length ? `; first: ${describeDiagnostic(check.diagnostics[0], p.dir)}` : ''}`);
    }
  }
  if (!result.ok && result.missing) throw missingTool(result.missing, 'building a JavaScript component');
  if (!result.ok) {
    // Only the bundler's errors point into the sources: an exception while the bundle is
    // evaluated (`index.js:5:1 ReferenceError: …`) counts lines of the bundle, not of the file.
    const found = result.diagnostics ?? [];
    throw ctx.fail(`componentize-js failed: ${/panicked at/.test(result.stderr) ? firstError(result.stderr) : firstError(result.message)}`, found);
  }
}

/** TypeScript declarations of the world for a guest (jco's guest types): `WORLD.d.ts`, `interfaces/*.d.ts`. */
export async function generateTypeScriptBindings(witDir: string, world: string, projectDir: string, options: GenerateOptions = {}): Promise<GeneratedFiles> {
  return withTempDir('bindings', async (tmp) => {
    options.onProgress?.(`jco guest-types ${witDir} --world-name ${world}`);
    const r = await runJob({ kind: 'guest-types', witDir, world, outDir: tmp, projectDir }, options);
    throwIfAborted(options.signal);
    if (!r.ok) throw new PipelineError('build-failed', `jco guest-types failed: ${firstError(r.message)}`);
    return readGenerated(tmp);
  });
}
