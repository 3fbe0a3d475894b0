// Code lenses above a world and its exports: Build · Run · Call, carried out by the pipeline.
import * as nodePath from 'node:path';
import type { Snapshot } from '../workspace/workspace.js';
import { shortFuncName } from './render.js';

export interface Lens {
  start: number;
  end: number;
  title: string;
  command: string;
  args: unknown[];
}

/** Lenses for the worlds of the main package defined in `file`. */
export function codeLenses(snap: Snapshot, file: string): Lens[] {
  const r = snap.analysis.resolve;
  if (!r || snap.analysis.main === undefined) return [];
  const dir = nodePath.dirname(file);
  const out: Lens[] = [];
  for (const id of r.packages[snap.analysis.main].worlds.values()) {
    const w = r.worlds[id];
    if (!w.loc || w.loc.file !== file) continue;
    const runs = [...w.exports.values()].some(({ key }) => 'interface' in key && r.idOf(key.interface)?.startsWith('wasi:cli/run'));
    out.push({ start: w.loc.start, end: w.loc.end, title: '$(tools) Build', command: 'wit.build', args: [dir, w.name] });
    if (runs) out.push({ start: w.loc.start, end: w.loc.end, title: '$(play) Run', command: 'wit.run', args: [dir, w.name] });
    for (const { key, item } of w.exports.values()) {
      if (item.kind === 'function' && item.func.loc && 'name' in key) {
        out.push({ start: item.func.loc.start, end: item.func.loc.end, title: '$(debug-start) Call', command: 'wit.call', args: [dir, w.name, shortFuncName(item.func.name)] });
      }
    }
  }
  return out;
}
