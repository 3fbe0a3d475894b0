// Which components of a workspace could serve a component's imports: every `.wasm` under the
// folders (not node_modules, target, .git; at most 400 files) whose exports include an interface
// the component imports and the sandbox does not serve. For editors offering `--with` choices.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { prepareComponent, type PrepareOptions } from './cache.js';
import { namesMatch, needsNothing } from './link.js';
import { sandboxServes } from './link-set.js';

const SKIP = new Set(['node_modules', 'target', '.git', '.cache', '__pycache__']);
const MAX_FILES = 400;

function wasmFiles(dir: string, out: string[], depth = 0): void {
  if (out.length >= MAX_FILES || depth > 8) return;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (out.length >= MAX_FILES) return;
    const f = path.join(dir, e.name);
    if (e.isDirectory() && !SKIP.has(e.name) && !e.name.startsWith('.')) wasmFiles(f, out, depth + 1);
    else if (e.isFile() && e.name.endsWith('.wasm')) out.push(f);
  }
}

export interface ProvidersResult {
  imports: { name: string; providers: string[] }[];
}

export async function findProviders(component: string, folders: string[], options: PrepareOptions = {}): Promise<ProvidersResult> {
  const me = await prepareComponent(component, options);
  const wanted = me.signature.imports.filter((i) => !needsNothing(i) && !(i.kind === 'interface' && sandboxServes(i.name)));
  const files: string[] = [];
  for (const f of folders) wasmFiles(f, files);
  const result: ProvidersResult = { imports: wanted.map((i) => ({ name: i.name, providers: [] })) };
  for (const f of files) {
    if (path.resolve(f) === me.path) continue;
    let sig;
    try {
      sig = (await prepareComponent(f, options)).signature;
    } catch {
      continue; // not a component
    }
    wanted.forEach((w, i) => {
      if (sig.exports.some((e) => e.kind === w.kind && namesMatch(w.name, e.name))) result.imports[i].providers.push(f);
    });
  }
  return result;
}
