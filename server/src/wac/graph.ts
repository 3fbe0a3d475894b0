// The linked graph of a .wac file, as plain data for a diagram: each instance (its `let` name,
// its package and file), what fills each of its imports (another instance's export, or an import
// of the composition), what it exports; the composition's own imports and exports. The VS Code
// webview draws it beside the world diagram; any client could.
import type { WacAnalysis } from './check.js';
import { shortName } from './check.js';
import type { Span, WacDocument } from './parse.js';

export interface GraphInstance {
  /** The `let` name, or `#N` for an instance that has none (`export new a:b {}`). */
  name: string;
  package: string;
  file: string;
  span: Span;
  imports: { name: string; short: string; from: { kind: 'instance'; instance: number; export: string } | { kind: 'import' } }[];
  exports: { name: string; short: string; kind: string }[];
}

export interface CompositionGraphData {
  package?: string;
  instances: GraphInstance[];
  /** What the composed component still imports (from the host), by name. */
  imports: string[];
  exports: { name: string; instance: number; export?: string }[];
}

export function compositionGraph(doc: WacDocument, analysis: WacAnalysis): CompositionGraphData {
  const letNames = new Map<number, string>();
  for (const [name, b] of analysis.names) if (b.value.kind === 'instance' && !letNames.has(b.value.instance)) letNames.set(b.value.instance, name);
  const imports = new Set<string>(analysis.imports.map((i) => i.name));
  const instances = analysis.instances.map((inst, i): GraphInstance => ({
    name: letNames.get(i) ?? `#${i + 1}`,
    package: inst.package.name,
    file: inst.package.file,
    span: inst.span,
    imports: inst.package.signature.imports.map((imp) => {
      const src = inst.args.get(imp.name);
      if (!src || src.kind === 'import') imports.add(src?.kind === 'import' ? src.name : imp.name);
      return {
        name: imp.name,
        short: shortName(imp.name),
        from: src && src.kind === 'export' ? { kind: 'instance' as const, instance: src.instance, export: src.name } : { kind: 'import' as const },
      };
    }),
    exports: inst.package.signature.exports.map((e) => ({ name: e.name, short: shortName(e.name), kind: e.kind })),
  }));
  return { package: doc.package?.text, instances, imports: [...imports], exports: analysis.exports.filter((e) => e.import === undefined).map((e) => ({ name: e.name, instance: e.instance, export: e.export })) };
}
