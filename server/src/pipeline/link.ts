// Linking components by their WIT: which component's export serves which import, and whether the
// two sides fit — checked on both sides' types before anything is instantiated. One plan serves
// the run-time link (`call`/`run --with`, sandbox-host.ts) and composition (compose.ts).
//
// Names match as wasmtime's linker matches them: the same package and interface, versions
// semver-compatible (`1.x` with `1.y`, `0.2.x` with `0.2.y`, `0.0.x` only with itself). A provider's
// interface fits when it has every function and type the importer asks for, each the same
// structurally (a provider may offer more); resources match by name.
import { PipelineError } from './errors.js';
import * as compat from '../semantic/compat.js';
import type { SideFunction, SideInterface } from '../semantic/compat.js';
import { functionOfItem, interfaceOfItem, resolveSignature } from './component-resolve.js';
import type { ComponentSignature, ExternItem, FuncType, InterfaceItem } from './types.js';

export interface LinkComponent {
  /** How messages name it: `app.wasm`. */
  label: string;
  signature: ComponentSignature;
}

/** Where one import of one component is served from. */
export type ImportSource =
  | { from: 'component'; provider: number; export: string }
  | { from: 'host' };

export interface LinkPlan {
  /** Component indices, providers before the components that use them (the app last). */
  order: number[];
  /** Per component: import name → its source. Type-only imports are served by the host too. */
  sources: Map<string, ImportSource>[];
}

export interface LinkProblem {
  /** The component whose import it is. */
  component: number;
  import: string;
  message: string;
}

/** `demo:math/ops@1.2.0` → `{ base: 'demo:math/ops', version: '1.2.0' }`. */
export function splitVersion(name: string): { base: string; version?: string } {
  const at = name.lastIndexOf('@');
  return at > 0 ? { base: name.slice(0, at), version: name.slice(at + 1) } : { base: name };
}

/** The part of a version that must agree: `1` for 1.x, `0.2` for 0.2.x, all of `0.0.3`. */
function compatKey(version: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!m) return version;
  if (m[1] !== '0') return m[1];
  if (m[2] !== '0') return `0.${m[2]}`;
  return version.replace(/\+.*$/, '');
}

/** Whether an export under `exported` serves an import of `imported` (wasmtime's semver rule). */
export function namesMatch(imported: string, exported: string): boolean {
  if (imported === exported) return true;
  const a = splitVersion(imported);
  const b = splitVersion(exported);
  if (a.base !== b.base || !a.version || !b.version) return false;
  if (/-/.test(a.version) || /-/.test(b.version)) return a.version === b.version;
  return compatKey(a.version) === compatKey(b.version);
}

/** The interface an import or export is of: its name, or for `primary: store` the interface it implements. */
export function interfaceName(item: ExternItem): string {
  return item.kind === 'interface' ? (item.implements ?? item.name) : item.name;
}

/** An import that needs nothing at run time: a type, or an interface of plain types only. */
export function needsNothing(item: ExternItem): boolean {
  return item.kind === 'type' || (item.kind === 'interface' && item.functions.length === 0 && item.types.every((t) => t.type.kind !== 'resource'));
}

// ---- structural comparison (semantic/compat.ts, on the components' types in the analyzer's model) ----

/** An interface of a component's signature, with how messages name the component. */
export interface InterfaceSide {
  signature: ComponentSignature;
  item: InterfaceItem;
  label: string;
}

function sideInterface(side: InterfaceSide): SideInterface {
  const cr = resolveSignature(side.signature);
  return { resolve: cr.resolve, id: interfaceOfItem(cr, side.item), label: side.label };
}

/** Every way `provided` fails to serve `wanted`, as messages naming both sides. */
export function interfaceDifferences(wanted: InterfaceSide, provided: InterfaceSide): string[] {
  const head = `import ${wanted.item.name}${wanted.item.implements ? ` (${wanted.item.implements})` : ''}`;
  return compat.interfaceDifferences(sideInterface(wanted), sideInterface(provided), head);
}

/** A top-level function of a component's signature. */
export interface FunctionSide {
  signature: ComponentSignature;
  func: FuncType;
}

function sideFunction(side: FunctionSide): SideFunction {
  const cr = resolveSignature(side.signature);
  return { resolve: cr.resolve, func: functionOfItem(cr, side.func) };
}

/** Why two functions differ, or undefined when `provided` serves `wanted`. */
export function functionDifference(wanted: FunctionSide, provided: FunctionSide): string | undefined {
  return compat.functionDifference(sideFunction(wanted), sideFunction(provided));
}

/** `(a: s32, b: s32) -> s32`: a function's signature without the `func` keyword. */
export function signatureText(side: FunctionSide): string {
  return compat.signatureText(sideFunction(side));
}

// ---- the plan ----

/**
 * Decides, for `components[0]` (the app) and every component it needs, where each import comes
 * from: an export of another component, else the host when `hostServes` says so. Throws
 * `link-failed` with every problem found (and nothing runs).
 */
export function planLinks(components: LinkComponent[], hostServes: (name: string) => boolean): LinkPlan {
  const problems: string[] = [];
  const sources: Map<string, ImportSource>[] = components.map(() => new Map());
  for (let c = 0; c < components.length; c++) {
    const me = components[c];
    for (const imp of me.signature.imports) {
      const providers: { index: number; item: ExternItem }[] = [];
      components.forEach((other, o) => {
        if (o === c) return;
        // `import primary: store;` is served by an export of `store`.
        const item = other.signature.exports.find((e) => e.kind === imp.kind && namesMatch(interfaceName(imp), interfaceName(e)));
        if (item) providers.push({ index: o, item });
      });
      if (providers.length > 1) {
        problems.push(`import ${imp.name} of ${me.label} is exported by ${providers.map((p) => components[p.index].label).join(' and ')}: pass only one of them`);
        continue;
      }
      if (providers.length === 1) {
        const p = providers[0];
        const provider = components[p.index];
        if (imp.kind === 'interface' && p.item.kind === 'interface') {
          problems.push(...interfaceDifferences({ signature: me.signature, item: imp, label: me.label }, { signature: provider.signature, item: p.item, label: provider.label }));
        } else if (imp.kind === 'function' && p.item.kind === 'function') {
          const mine = { signature: me.signature, func: imp.func };
          const theirs = { signature: provider.signature, func: p.item.func };
          if (functionDifference(mine, theirs)) problems.push(`import \`${imp.name}\`: takes ${signatureText(mine)} in ${me.label} but ${signatureText(theirs)} in ${provider.label}`);
        }
        sources[c].set(imp.name, { from: 'component', provider: p.index, export: p.item.name });
        continue;
      }
      if (needsNothing(imp) || hostServes(interfaceName(imp))) {
        sources[c].set(imp.name, { from: 'host' });
        continue;
      }
      const others = components.filter((_, o) => o !== c).map((x) => x.label);
      problems.push(`import ${imp.name} of ${me.label} has no provider: ${others.length ? `none of ${others.join(', ')} exports it` : 'pass a component that exports it with --with'}, and the sandbox serves only WASI 0.2`);
    }
  }
  // Instantiation order: providers first; a cycle is an error.
  const order: number[] = [];
  const state = components.map(() => 0); // 0 new, 1 visiting, 2 done
  const visit = (c: number, path: number[]): void => {
    if (state[c] === 2) return;
    if (state[c] === 1) {
      const cycle = [...path.slice(path.indexOf(c)), c].map((i) => components[i].label);
      problems.push(`the components import each other in a cycle: ${cycle.join(' → ')}`);
      return;
    }
    state[c] = 1;
    for (const s of sources[c].values()) if (s.from === 'component') visit(s.provider, [...path, c]);
    state[c] = 2;
    order.push(c);
  };
  visit(0, []);
  const unused = problems.length ? [] : components.map((_, i) => i).filter((i) => i > 0 && state[i] === 0);
  for (const i of unused) problems.push(`${components[i].label} serves none of the imports of ${components[0].label} or of the components it uses`);
  if (problems.length) {
    const unique = [...new Set(problems)];
    throw new PipelineError('link-failed', unique.length === 1 ? unique[0] : `the components do not fit:\n${unique.map((p) => `  - ${p}`).join('\n')}`, { problems: unique });
  }
  return { order, sources };
}
