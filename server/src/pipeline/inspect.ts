// `inspect`: a component's WIT and a table of what it imports and exports; the same data feeds the
// editor's `.wasm` view and its Call picker.
import { prepareComponent, type PrepareOptions } from './cache.js';
import { exportedFunctions, type ExportedFunction } from './exports.js';
import type { ComponentSignature, ExternItem } from './types.js';
import { printFunc } from './wit-print.js';

export interface InspectRow {
  direction: 'import' | 'export';
  kind: 'interface' | 'function' | 'type';
  name: string;
  /** `5 functions, 2 types`, or a function's signature. */
  detail: string;
}

export interface InspectResult {
  path: string;
  /** SHA-256 of the component. */
  hash: string;
  size: number;
  /** The component's WIT: its world, then every interface it imports or exports. */
  wit: string;
  rows: InspectRow[];
  /** Every exported function, with whether (and why not) it can be called from here. */
  functions: ExportedFunction[];
}

function row(direction: 'import' | 'export', item: ExternItem, sig: ComponentSignature): InspectRow {
  switch (item.kind) {
    case 'function': return { direction, kind: 'function', name: item.name, detail: printFunc(item.func, false, sig) };
    case 'type': return { direction, kind: 'type', name: item.name, detail: 'type' };
    default: {
      const f = item.functions.length;
      const t = item.types.length;
      const parts = [`${f} function${f === 1 ? '' : 's'}`];
      if (t) parts.push(`${t} type${t === 1 ? '' : 's'}`);
      return { direction, kind: 'interface', name: item.name, detail: parts.join(', ') };
    }
  }
}

export async function inspectComponent(file: string, options: PrepareOptions = {}): Promise<InspectResult> {
  const c = await prepareComponent(file, options);
  return {
    path: c.path,
    hash: c.hash,
    size: c.size,
    wit: c.wit,
    rows: [...c.signature.imports.map((i) => row('import', i, c.signature)), ...c.signature.exports.map((e) => row('export', e, c.signature))],
    functions: exportedFunctions(c.signature),
  };
}
