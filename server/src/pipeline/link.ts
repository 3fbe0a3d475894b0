// Linking components by their WIT: which component's export serves which import, and whether the
// two sides fit — checked on both sides' types before anything is instantiated. One plan serves
// the run-time link (`call`/`run --with`, sandbox-host.ts) and composition (compose.ts).
//
// Names match as wasmtime's linker matches them: the same package and interface, versions
// semver-compatible (`1.x` with `1.y`, `0.2.x` with `0.2.y`, `0.0.x` only with itself). A provider's
// interface fits when it has every function and type the importer asks for, each the same
// structurally (a provider may offer more); resources match by name.
import { PipelineError } from './errors.js';
import { formatType, type ComponentSignature, type ExternItem, type FuncType, type InterfaceItem, type ValType } from './types.js';
import { printFunc } from './wit-print.js';

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

/** An import that needs nothing at run time: a type, or an interface of plain types only. */
export function needsNothing(item: ExternItem): boolean {
  return item.kind === 'type' || (item.kind === 'interface' && item.functions.length === 0 && item.types.every((t) => t.type.kind !== 'resource'));
}

// ---- structural comparison ----

/** Why `a` (the importer's) and `b` (the provider's) differ, or undefined when they are the same. */
export function typeDifference(a: ValType, b: ValType, seen = new Set<string>()): string | undefined {
  if (a === b) return undefined;
  if (a.kind !== b.kind) return `${formatType(a)} is ${kindWord(a)} but ${formatType(b)} is ${kindWord(b)}`;
  switch (a.kind) {
    case 'resource':
      return a.name === (b as typeof a).name ? undefined : `resource \`${a.name ?? '?'}\` is not \`${(b as typeof a).name ?? '?'}\``;
    case 'own': case 'borrow':
      return typeDifference(a.resource, (b as typeof a).resource, seen);
    case 'list': case 'fixed-list': {
      const o = b as typeof a;
      if (a.kind === 'fixed-list' && o.kind === 'fixed-list' && a.size !== o.size) return `list lengths ${a.size} and ${o.size} differ`;
      return typeDifference(a.element, o.element, seen);
    }
    case 'map': {
      const o = b as typeof a;
      return typeDifference(a.key, o.key, seen) ?? typeDifference(a.value, o.value, seen);
    }
    case 'option': return typeDifference(a.type, (b as typeof a).type, seen);
    case 'tuple': {
      const o = b as typeof a;
      if (a.types.length !== o.types.length) return `tuples of ${a.types.length} and ${o.types.length} elements`;
      for (let i = 0; i < a.types.length; i++) { const d = typeDifference(a.types[i], o.types[i], seen); if (d) return d; }
      return undefined;
    }
    case 'result': {
      const o = b as typeof a;
      if (!!a.ok !== !!o.ok) return a.ok ? 'the provider\'s result has no `ok` type' : 'the provider\'s result has an `ok` type';
      if (!!a.err !== !!o.err) return a.err ? 'the provider\'s result has no `err` type' : 'the provider\'s result has an `err` type';
      return (a.ok && typeDifference(a.ok, o.ok!, seen)) || (a.err && typeDifference(a.err, o.err!, seen)) || undefined;
    }
    case 'future': case 'stream': {
      const o = b as typeof a;
      if (!a.type || !o.type) return a.type === o.type ? undefined : `${a.kind} payloads differ`;
      return typeDifference(a.type, o.type, seen);
    }
    default: break;
  }
  // Named structures: compare once per pair of names (recursion through resources ends there).
  const key = `${a.name ?? formatType(a)}\0${b.name ?? formatType(b)}`;
  if (seen.has(key)) return undefined;
  seen.add(key);
  const label = `\`${a.name ?? formatType(a)}\``;
  switch (a.kind) {
    case 'record': {
      const o = b as typeof a;
      const names = (fs: { name: string }[]) => fs.map((f) => f.name).join(', ');
      if (names(a.fields) !== names(o.fields)) return `record ${label} has fields (${names(a.fields)}) on one side and (${names(o.fields)}) on the other`;
      for (let i = 0; i < a.fields.length; i++) {
        const d = typeDifference(a.fields[i].type, o.fields[i].type, seen);
        if (d) return `field \`${a.fields[i].name}\` of ${label}: ${d}`;
      }
      return undefined;
    }
    case 'variant': {
      const o = b as typeof a;
      const names = (cs: { name: string }[]) => cs.map((c) => c.name).join(', ');
      if (names(a.cases) !== names(o.cases)) return `variant ${label} has cases (${names(a.cases)}) on one side and (${names(o.cases)}) on the other`;
      for (let i = 0; i < a.cases.length; i++) {
        const x = a.cases[i].type;
        const y = o.cases[i].type;
        if (!x !== !y) return `case \`${a.cases[i].name}\` of ${label} has a payload on one side only`;
        const d = x && typeDifference(x, y!, seen);
        if (d) return `case \`${a.cases[i].name}\` of ${label}: ${d}`;
      }
      return undefined;
    }
    case 'enum': {
      const o = b as typeof a;
      return a.cases.join(',') === o.cases.join(',') ? undefined : `enum ${label} has cases (${a.cases.join(', ')}) on one side and (${o.cases.join(', ')}) on the other`;
    }
    case 'flags': {
      const o = b as typeof a;
      return a.flags.join(',') === o.flags.join(',') ? undefined : `flags ${label} are (${a.flags.join(', ')}) on one side and (${o.flags.join(', ')}) on the other`;
    }
    default:
      return undefined; // primitives of the same kind
  }
}

function kindWord(t: ValType): string {
  switch (t.kind) {
    case 'record': case 'variant': case 'enum': case 'flags': case 'resource': case 'list': case 'tuple': case 'option': case 'result': case 'map':
      return `a ${t.kind}`;
    case 'own': return 'an owned handle';
    case 'borrow': return 'a borrowed handle';
    default: return `\`${t.kind}\``;
  }
}

function funcDifference(a: FuncType, b: FuncType): string | undefined {
  if (a.async !== b.async) return a.async ? 'async in one, not in the other' : 'not async in one, async in the other';
  if (a.params.length !== b.params.length) return `${a.params.length} parameters against ${b.params.length}`;
  for (let i = 0; i < a.params.length; i++) {
    if (a.params[i].name !== b.params[i].name) return `parameter ${i + 1} is \`${a.params[i].name}\` against \`${b.params[i].name}\``;
    const d = typeDifference(a.params[i].type, b.params[i].type);
    if (d) return `parameter \`${a.params[i].name}\`: ${d}`;
  }
  if (!!a.result !== !!b.result) return a.result ? 'a result against none' : 'no result against one';
  return a.result && b.result ? typeDifference(a.result, b.result) : undefined;
}

/** `(a: s32, b: s32) -> s32`: a function's signature without the `func` keyword. */
function signatureText(f: FuncType): string {
  return printFunc(f).replace(/^(async )?func/, '$1');
}

/** Every way `provided` fails to serve `wanted`, as messages naming both sides. */
export function interfaceDifferences(wanted: InterfaceItem, provided: InterfaceItem, importer: string, provider: string): string[] {
  const out: string[] = [];
  const head = `import ${wanted.name}`;
  for (const t of wanted.types) {
    const other = provided.types.find((x) => x.name === t.name);
    if (!other) {
      out.push(`${head}: type \`${t.name}\` is missing in ${provider} (${importer} uses ${describeDefinition(t.type)})`);
      continue;
    }
    const d = typeDifference(t.type, other.type);
    if (d) out.push(`${head}: type \`${t.name}\` is ${describeDefinition(t.type)} in ${importer} but ${describeDefinition(other.type)} in ${provider} (${d})`);
  }
  for (const f of wanted.functions) {
    const other = provided.functions.find((x) => x.name === f.name);
    if (!other) {
      out.push(`${head}: \`${f.name}\` is missing in ${provider} (${importer} calls \`${f.name}: ${printFunc(f.type)}\`)`);
      continue;
    }
    const d = funcDifference(f.type, other.type);
    if (d) out.push(`${head}: \`${f.name}\` takes ${signatureText(f.type)} in ${importer} but ${signatureText(other.type)} in ${provider}`);
  }
  return out;
}

/** `record { x: s32, y: s32 }`, `enum { a, b }`, `resource`: a type's definition in one line. */
export function describeDefinition(t: ValType): string {
  switch (t.kind) {
    case 'record': return `record { ${t.fields.map((f) => `${f.name}: ${formatType(f.type)}`).join(', ')} }`;
    case 'variant': return `variant { ${t.cases.map((c) => (c.type ? `${c.name}(${formatType(c.type)})` : c.name)).join(', ')} }`;
    case 'enum': return `enum { ${t.cases.join(', ')} }`;
    case 'flags': return `flags { ${t.flags.join(', ')} }`;
    case 'resource': return 'a resource';
    default: return formatType({ ...t, name: undefined } as ValType);
  }
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
        const item = other.signature.exports.find((e) => e.kind === imp.kind && namesMatch(imp.name, e.name));
        if (item) providers.push({ index: o, item });
      });
      if (providers.length > 1) {
        problems.push(`import ${imp.name} of ${me.label} is exported by ${providers.map((p) => components[p.index].label).join(' and ')}: pass only one of them`);
        continue;
      }
      if (providers.length === 1) {
        const p = providers[0];
        const provider = components[p.index];
        if (imp.kind === 'interface' && p.item.kind === 'interface') problems.push(...interfaceDifferences(imp, p.item, me.label, provider.label));
        else if (imp.kind === 'function' && p.item.kind === 'function' && funcDifference(imp.func, p.item.func)) {
          problems.push(`import \`${imp.name}\`: takes ${signatureText(imp.func)} in ${me.label} but ${signatureText(p.item.func)} in ${provider.label}`);
        }
        sources[c].set(imp.name, { from: 'component', provider: p.index, export: p.item.name });
        continue;
      }
      if (needsNothing(imp) || hostServes(imp.name)) {
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
