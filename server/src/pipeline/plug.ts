// `plug`: an app and the components that serve its imports, composed into one component (the
// one-line form of a WAC file, like `wac plug`). The wiring is the run-time link's (link.ts);
// what no component serves stays an import of the result.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { prepareComponent, type PrepareOptions } from './cache.js';
import { encodeComposition, type ArgSource, type CompositionGraph } from './compose.js';
import { PipelineError } from './errors.js';
import { checkLinks } from './link-set.js';

export interface PlugOptions extends PrepareOptions {
  app: string;
  with: string[];
}

/** The composition graph of an app plugged with its libraries. */
export async function plugGraph(options: PlugOptions): Promise<CompositionGraph> {
  if (options.with.length === 0) throw new PipelineError('compose-failed', 'plug needs at least one --with component');
  // The run-time link's plan, except that what no component serves stays an import of the result.
  const { components: prepared, labels, plan } = await checkLinks(await prepareComponent(options.app, options), options.with, options, () => true);
  const position = new Map(plan.order.map((c, i) => [c, i]));
  const components = prepared.map((p, i) => ({ label: labels[i], bytes: fs.readFileSync(p.path), signature: p.signature }));
  const instances = plan.order.map((c) => {
    const args = new Map<string, ArgSource>();
    for (const [name, s] of plan.sources[c]) {
      args.set(name, s.from === 'component' ? { kind: 'export', instance: position.get(s.provider)!, name: s.export } : { kind: 'import', name });
    }
    return { component: c, args };
  });
  const app = position.get(0)!;
  const exports = prepared[0].signature.exports.map((e) => ({ name: e.name, instance: app, export: e.name }));
  return { components, instances, exports };
}

/** Writes the plugged component to `out`; returns its size. */
export async function plugComponents(options: PlugOptions & { out: string }): Promise<{ bytes: number }> {
  const bytes = await encodeComposition(await plugGraph(options));
  fs.mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
  fs.writeFileSync(options.out, bytes);
  return { bytes: bytes.length };
}
