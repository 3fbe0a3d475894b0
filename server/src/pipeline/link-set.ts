// The components of a run-time link (`--with`): read, checked against each other (link.ts), and
// transpiled, ready for the sandbox to instantiate together. Nothing runs here.
import * as path from 'node:path';
import { prepareComponent, transpiledDir, type PrepareOptions, type PreparedComponent } from './cache.js';
import { PipelineError } from './errors.js';
import { planLinks, type LinkPlan } from './link.js';
import type { LinkedSet } from './sandbox.js';
import { shortName } from '../wac/check.js';
import type { CompositionGraphData } from '../wac/graph.js';

const wasi02 = /^wasi:(cli\/(environment|exit|stdin|stdout|stderr|terminal-input|terminal-output|terminal-stdin|terminal-stdout|terminal-stderr)|filesystem\/(types|preopens)|io\/(error|poll|streams)|random\/(random|insecure|insecure-seed)|clocks\/(monotonic-clock|wall-clock)|sockets\/[a-z-]+|http\/(types|outgoing-handler))@0\.2\.\d+$/;

/** Whether the sandbox's host (preview2-shim) serves an import. */
export function sandboxServes(name: string): boolean {
  return wasi02.test(name);
}

/** Labels for messages: file names, made unique with their folder when two are alike. */
function labels(files: string[]): string[] {
  const base = files.map((f) => path.basename(f));
  return files.map((f, i) => (base.filter((b) => b === base[i]).length > 1 ? path.join(path.basename(path.dirname(f)), base[i]) : base[i]));
}

export interface PreparedLinks {
  components: PreparedComponent[];
  /** How messages name each component. */
  labels: string[];
  plan: LinkPlan;
}

/**
 * Reads `app` and the `--with` components and plans their link (throws `link-failed` when they
 * do not fit); imports no component serves go to the host when `hostServes` says so.
 */
export async function checkLinks(app: PreparedComponent, withFiles: string[], options: PrepareOptions = {}, hostServes: (name: string) => boolean = sandboxServes): Promise<PreparedLinks> {
  const libs: PreparedComponent[] = [];
  for (const f of withFiles) libs.push(await prepareComponent(f, options));
  const components = [app, ...libs];
  const seen = new Set<string>();
  for (const c of components) {
    if (seen.has(c.path)) throw new PipelineError('link-failed', `${path.basename(c.path)} is given twice`);
    seen.add(c.path);
  }
  const names = labels(components.map((c) => c.path));
  const plan = planLinks(components.map((c, i) => ({ label: names[i], signature: c.signature })), hostServes);
  return { components, labels: names, plan };
}

/** The sandbox's view of a checked link: every component transpiled, every import's source. */
export async function linkedSet(links: PreparedLinks, options: PrepareOptions = {}): Promise<LinkedSet> {
  const dirs: string[] = [];
  for (const c of links.components) dirs.push(await transpiledDir(c, options));
  return {
    order: links.plan.order,
    components: links.components.map((_, i) => ({
      jsDir: dirs[i],
      imports: [...links.plan.sources[i]].flatMap(([name, s]) => (s.from === 'component' ? [{ name, provider: s.provider, export: s.export }] : [])),
    })),
  };
}

/**
 * A checked link as the diagram draws a .wac file's graph: each component an instance, each
 * import wired to the export that serves it or left to the host, the app's exports on the right.
 */
export function linkGraph(links: PreparedLinks): CompositionGraphData {
  const hostImports = new Set<string>();
  const instances = links.components.map((c, i) => ({
    name: links.labels[i],
    package: i === 0 ? 'the app' : 'linked with --with',
    file: c.path,
    span: { start: 0, end: 0 },
    imports: c.signature.imports.map((imp) => {
      const s = links.plan.sources[i].get(imp.name);
      if (!s || s.from === 'host') hostImports.add(imp.name);
      return { name: imp.name, short: shortName(imp.name), from: s && s.from === 'component' ? { kind: 'instance' as const, instance: s.provider, export: s.export } : { kind: 'import' as const } };
    }),
    exports: c.signature.exports.map((e) => ({ name: e.name, short: shortName(e.name), kind: e.kind })),
  }));
  return { package: links.labels[0], instances, imports: [...hostImports], exports: links.components[0].signature.exports.map((e) => ({ name: e.name, instance: 0, export: e.name })) };
}
