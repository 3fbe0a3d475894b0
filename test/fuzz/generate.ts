// A seeded generator of well-formed WIT, and mutations that each break exactly one rule, labelled
// with that rule: the inputs of the differential fuzzer (fuzz.ts). A package is a model first
// (interfaces with every kind of type, resources with constructors, methods and statics, `use`
// across interfaces and nested packages, worlds with imports, exports, inline functions and
// includes with renames, gates, async functions, streams and futures), printed as one file — or
// with the packages it depends on in a `deps/` folder beside it.

export type Random = () => number;

interface Field { name: string; type: string }
interface TypeDecl { kind: 'record' | 'variant' | 'enum' | 'flags' | 'alias' | 'resource'; name: string; fields: Field[]; cases: string[]; gate?: string; methods?: Func[] }
interface Func { name: string; params: Field[]; result?: string; async?: boolean; kind?: 'constructor' | 'static' | 'method'; gate?: string }
interface Iface { name: string; types: TypeDecl[]; funcs: Func[]; uses: { from: string; names: string[] }[]; gate?: string }
interface World { name: string; imports: string[]; exports: string[]; funcs: Func[]; includes: { world: string; with?: [string, string][] }[] }
export interface Model { ns: string; pkg: string; version: string; ifaces: Iface[]; worlds: World[]; nested: { pkg: string; iface: Iface }[] }

const prims = ['u8', 'u16', 'u32', 'u64', 's8', 's32', 's64', 'f32', 'f64', 'bool', 'char', 'string'];
const words = ['alpha', 'beta', 'gamma', 'delta', 'omega', 'kappa', 'sigma', 'theta', 'lambda', 'zeta'];

export function generate(random: Random): Model {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const upTo = (n: number) => Math.floor(random() * (n + 1));
  let counter = 0;
  const fresh = (base: string) => `${base}-${words[counter % words.length]}${Math.floor(counter++ / words.length) || ''}`;
  const nested = random() < 0.5 ? [{ pkg: 'dep', iface: { name: 'shared', types: [{ kind: 'record' as const, name: 'stamp', fields: [{ name: 'at', type: 'u64' }], cases: [] }], funcs: [], uses: [] } }] : [];
  const ifaces: Iface[] = [];
  const nIfaces = 1 + upTo(3);
  for (let k = 0; k < nIfaces; k++) {
    const iface: Iface = { name: fresh('iface'), types: [], funcs: [], uses: [] };
    // What is in scope for type expressions: primitives, this interface's types so far, used names.
    const scope: string[] = [];
    const resources: string[] = [];
    if (k > 0 && random() < 0.7) {
      const from = ifaces[Math.floor(random() * k)];
      const names = from.types.filter((t) => t.kind !== 'resource' || random() < 0.5).map((t) => t.name).slice(0, 2);
      if (names.length) {
        iface.uses.push({ from: from.name, names });
        for (const n of names) { scope.push(n); if (from.types.find((t) => t.name === n)?.kind === 'resource') resources.push(n); }
      }
    }
    if (nested.length && random() < 0.5) { iface.uses.push({ from: `${model0ns}:dep/shared`, names: ['stamp'] }); scope.push('stamp'); }
    // `borrow<r>` only as a parameter's own type: anywhere a result could reach it, wit-parser refuses it.
    const paramType = () => (resources.length && random() < 0.15 ? `borrow<${pick(resources)}>` : typeExpr());
    const typeExpr = (depth = 0): string => {
      const r = random();
      if (depth > 2 || r < 0.4) return pick([...prims, ...scope.filter((s) => !resources.includes(s))].length ? [...prims, ...scope.filter((s) => !resources.includes(s))] : prims);
      if (r < 0.5) return `list<${typeExpr(depth + 1)}>`;
      if (r < 0.6) return `option<${typeExpr(depth + 1)}>`;
      if (r < 0.7) return `tuple<${typeExpr(depth + 1)}, ${typeExpr(depth + 1)}>`;
      if (r < 0.8) return random() < 0.5 ? `result<${typeExpr(depth + 1)}, ${typeExpr(depth + 1)}>` : 'result';
      if (r < 0.9 && resources.length) return pick(resources);
      if (r < 0.95) return `stream<${typeExpr(depth + 1)}>`;
      return `future<${typeExpr(depth + 1)}>`;
    };
    const nTypes = 1 + upTo(4);
    for (let t = 0; t < nTypes; t++) {
      const kind = pick(['record', 'variant', 'enum', 'flags', 'alias', 'resource'] as const);
      const name = fresh(kind === 'resource' ? 'res' : 'ty');
      const decl: TypeDecl = { kind, name, fields: [], cases: [] };
      if (kind === 'record') for (let f = 0, n = 1 + upTo(3); f < n; f++) decl.fields.push({ name: `f${f}`, type: typeExpr() });
      if (kind === 'variant') for (let f = 0, n = 1 + upTo(3); f < n; f++) decl.fields.push({ name: `c${f}`, type: random() < 0.6 ? typeExpr() : '' });
      if (kind === 'enum' || kind === 'flags') for (let f = 0, n = 1 + upTo(3); f < n; f++) decl.cases.push(`k${f}`);
      if (kind === 'alias') decl.fields.push({ name: '', type: typeExpr() });
      if (kind === 'resource') {
        decl.methods = [];
        if (random() < 0.6) decl.methods.push({ name: 'constructor', kind: 'constructor', params: [{ name: 'init', type: typeExpr() }] });
        resources.push(name); // methods may take and return the resource itself
        for (let m = 0, n = upTo(2); m < n; m++) decl.methods.push({ name: fresh('get'), kind: 'method', params: random() < 0.5 ? [{ name: 'x', type: paramType() }] : [], result: random() < 0.6 ? typeExpr() : undefined, async: random() < 0.15 });
        if (random() < 0.4) decl.methods.push({ name: fresh('make'), kind: 'static', params: [], result: name });
      }
      if (random() < 0.15) decl.gate = `@since(version = ${random() < 0.5 ? '0.1.0' : '0.2.0'})`;
      iface.types.push(decl);
      if (kind !== 'resource') scope.push(name);
    }
    for (let f = 0, n = upTo(3); f < n; f++) {
      iface.funcs.push({ name: fresh('do'), params: Array.from({ length: upTo(3) }, (_, i) => ({ name: `p${i}`, type: paramType() })), result: random() < 0.6 ? typeExpr() : undefined, async: random() < 0.2, gate: random() < 0.1 ? '@unstable(feature = shiny)' : undefined });
    }
    ifaces.push(iface);
  }
  const worlds: World[] = [];
  for (let w = 0, n = 1 + upTo(1); w < n; w++) {
    const world: World = { name: fresh('world'), imports: [], exports: [], funcs: [], includes: [] };
    // Exported: only an interface that uses none and that none uses (an import that depends on an
    // export, even through an interface the world does not name, is refused).
    const used = new Set(ifaces.flatMap((x) => x.uses.map((u) => u.from)));
    for (const i of ifaces) {
      const r = random();
      const exportable = i.uses.length === 0 && !used.has(i.name);
      if (r < 0.4 || (r < 0.7 && !exportable)) world.imports.push(i.name);
      else if (r < 0.7) world.exports.push(i.name);
    }
    if (random() < 0.4) world.funcs.push({ name: fresh('run'), params: [{ name: 'n', type: pick(prims) }], result: random() < 0.5 ? 'string' : undefined });
    if (w > 0 && random() < 0.6) world.includes.push({ world: worlds[0].name, with: worlds[0].funcs.length && random() < 0.5 ? [[worlds[0].funcs[0].name, fresh('renamed')]] : undefined });
    worlds.push(world);
  }
  return { ns: model0ns, pkg: 'gen', version: '0.2.0', ifaces, worlds, nested };
}

const model0ns = 'fz';

function printFunc(f: Func, indent: string): string {
  const params = f.params.map((p) => `${p.name}: ${p.type}`).join(', ');
  const gate = f.gate ? `${indent}${f.gate}\n` : '';
  if (f.kind === 'constructor') return `${gate}${indent}constructor(${params})${f.result ? ` -> ${f.result}` : ''};\n`;
  const kw = f.kind === 'static' ? 'static ' : '';
  return `${gate}${indent}${f.name}: ${kw}${f.async ? 'async ' : ''}func(${params})${f.result ? ` -> ${f.result}` : ''};\n`;
}

function printIface(i: Iface, indent = ''): string {
  let s = `${indent}interface ${i.name} {\n`;
  const ind = indent + '  ';
  for (const u of i.uses) s += `${ind}use ${u.from}.{${u.names.join(', ')}};\n`;
  for (const t of i.types) {
    if (t.gate) s += `${ind}${t.gate}\n`;
    switch (t.kind) {
      case 'record': s += `${ind}record ${t.name} { ${t.fields.map((f) => `${f.name}: ${f.type}`).join(', ')} }\n`; break;
      case 'variant': s += `${ind}variant ${t.name} { ${t.fields.map((f) => (f.type ? `${f.name}(${f.type})` : f.name)).join(', ')} }\n`; break;
      case 'enum': s += `${ind}enum ${t.name} { ${t.cases.join(', ')} }\n`; break;
      case 'flags': s += `${ind}flags ${t.name} { ${t.cases.join(', ')} }\n`; break;
      case 'alias': s += `${ind}type ${t.name} = ${t.fields[0].type};\n`; break;
      case 'resource':
        if (!t.methods?.length) { s += `${ind}resource ${t.name};\n`; break; }
        s += `${ind}resource ${t.name} {\n${t.methods.map((m) => printFunc(m, ind + '  ')).join('')}${ind}}\n`;
        break;
    }
  }
  for (const f of i.funcs) s += printFunc(f, ind);
  return s + `${indent}}\n`;
}

/**
 * The package as one file; `deps`: its nested packages left out, to be written as files of a
 * `deps/` folder beside it instead (depsFiles).
 */
export function print(m: Model, layout: 'nested' | 'deps' = 'nested'): string {
  let s = `package ${m.ns}:${m.pkg}@${m.version};\n\n`;
  for (const i of m.ifaces) s += printIface(i) + '\n';
  for (const w of m.worlds) {
    s += `world ${w.name} {\n`;
    for (const i of w.imports) s += `  import ${i};\n`;
    for (const i of w.exports) s += `  export ${i};\n`;
    for (const f of w.funcs) s += printFunc(f, '  ').replace(/^ {2}/, '  export ');
    for (const inc of w.includes) s += `  include ${inc.world}${inc.with ? ` with { ${inc.with.map(([a, b]) => `${a} as ${b}`).join(', ')} }\n` : ';\n'}`;
    s += '}\n\n';
  }
  if (layout === 'nested') for (const n of m.nested) s += `package ${m.ns}:${n.pkg} {\n${printIface(n.iface, '  ')}}\n`;
  return s;
}

/** The nested packages as `deps/NAME.wit` files (relative to the package's folder). */
export function depsFiles(m: Model): Record<string, string> {
  return Object.fromEntries(m.nested.map((n) => [`deps/${n.pkg}.wit`, `package ${m.ns}:${n.pkg};\n\n${printIface(n.iface)}`]));
}

/** A mutation: the rule it breaks, and the change (undefined when the model has nothing it applies to). */
export interface Mutation {
  rule: string;
  apply(m: Model, random: Random): Model | undefined;
}

const clone = (m: Model): Model => JSON.parse(JSON.stringify(m)) as Model;
const firstWith = <T>(xs: T[], ok: (x: T) => boolean) => xs.find(ok);

export const mutations: Mutation[] = [
  { rule: 'dangling-name', apply: (m) => { const c = clone(m); const f = c.ifaces.flatMap((i) => i.funcs)[0]; if (!f) return undefined; f.params.push({ name: 'ghost', type: 'no-such-type' }); return c; } },
  { rule: 'duplicate-type', apply: (m) => { const c = clone(m); const i = c.ifaces[0]; const t = i.types[0]; i.types.push({ ...t, kind: 'alias', fields: [{ name: '', type: 'u8' }], gate: undefined }); return c; } },
  { rule: 'duplicate-function', apply: (m) => { const c = clone(m); const i = firstWith(c.ifaces, (x) => x.funcs.length > 0); if (!i) return undefined; i.funcs.push({ ...i.funcs[0], gate: undefined }); return c; } },
  { rule: 'duplicate-param', apply: (m) => { const c = clone(m); const f = c.ifaces.flatMap((i) => i.funcs).find((x) => x.params.length > 0); if (!f) return undefined; f.params.push({ ...f.params[0] }); return c; } },
  { rule: 'duplicate-case', apply: (m) => { const c = clone(m); const t = c.ifaces.flatMap((i) => i.types).find((x) => x.kind === 'enum' || x.kind === 'flags'); if (!t) return undefined; t.cases.push(t.cases[0]); return c; } },
  { rule: 'duplicate-field', apply: (m) => { const c = clone(m); const t = c.ifaces.flatMap((i) => i.types).find((x) => x.kind === 'record'); if (!t) return undefined; t.fields.push({ ...t.fields[0] }); return c; } },
  { rule: 'use-cycle', apply: (m) => { const c = clone(m); if (c.ifaces.length < 2) return undefined; const [a, b] = c.ifaces; a.uses.push({ from: b.name, names: [b.types[0].name] }); b.uses.push({ from: a.name, names: [a.types[0].name] }); if (a.types.some((t) => t.name === b.types[0].name) || b.types.some((t) => t.name === a.types[0].name)) return undefined; return c; } },
  { rule: 'type-cycle', apply: (m) => { const c = clone(m); const i = c.ifaces[0]; i.types.push({ kind: 'alias', name: 'loop-a', fields: [{ name: '', type: 'list<loop-b>' }], cases: [] }, { kind: 'alias', name: 'loop-b', fields: [{ name: '', type: 'option<loop-a>' }], cases: [] }); return c; } },
  { rule: 'borrow-in-result', apply: (m) => { const c = clone(m); const i = c.ifaces.find((x) => x.types.some((t) => t.kind === 'resource')); if (!i) return undefined; const r = i.types.find((t) => t.kind === 'resource')!; i.funcs.push({ name: 'leak', params: [], result: `borrow<${r.name}>` }); return c; } },
  { rule: 'handle-of-non-resource', apply: (m) => { const c = clone(m); const i = c.ifaces.find((x) => x.types.some((t) => t.kind === 'record')); if (!i) return undefined; const r = i.types.find((t) => t.kind === 'record')!; i.funcs.push({ name: 'bad-own', params: [{ name: 'x', type: `own<${r.name}>` }] }); return c; } },
  { rule: 'unknown-interface-in-world', apply: (m) => { const c = clone(m); c.worlds[0].imports.push('no-such-iface'); return c; } },
  { rule: 'unknown-use-name', apply: (m) => { const c = clone(m); if (c.ifaces.length < 2) return undefined; c.ifaces[1].uses.push({ from: c.ifaces[0].name, names: ['not-there'] }); return c; } },
  { rule: 'unknown-package', apply: (m) => { const c = clone(m); c.ifaces[0].uses.push({ from: 'nowhere:pkg/iface', names: ['x'] }); return c; } },
  { rule: 'include-unknown-world', apply: (m) => { const c = clone(m); c.worlds[0].includes.push({ world: 'no-such-world' }); return c; } },
  { rule: 'world-duplicate-import', apply: (m) => { const c = clone(m); const w = c.worlds[0]; if (!w.funcs.length) return undefined; w.funcs.push({ ...w.funcs[0] }); return c; } },
  { rule: 'invalid-identifier', apply: (m) => { const c = clone(m); c.ifaces[0].types[0].name = 'Bad_Name'; return c; } },
  { rule: 'empty-enum', apply: (m) => { const c = clone(m); const t = c.ifaces.flatMap((i) => i.types).find((x) => x.kind === 'enum'); if (!t) return undefined; t.cases = []; return c; } },
  { rule: 'unstable-type-used', apply: (m) => { const c = clone(m); const i = c.ifaces.find((x) => x.types.some((t) => t.kind !== 'resource')); if (!i) return undefined; const t = i.types.find((x) => x.kind !== 'resource')!; t.gate = '@unstable(feature = not-enabled)'; i.funcs.push({ name: 'needs-it', params: [{ name: 'x', type: t.name }] }); return c; } },
  { rule: 'constructor-result', apply: (m) => { const c = clone(m); const r = c.ifaces.flatMap((i) => i.types).find((x) => x.kind === 'resource' && x.methods?.some((f) => f.kind === 'constructor')); if (!r) return undefined; r.methods!.find((f) => f.kind === 'constructor')!.result = 'u32'; return c; } },
];

/** The package-wide rules a mutation's verdict hangs on never depend on printing: printing is exact. */
export function mutationNamed(rule: string): Mutation | undefined {
  return mutations.find((x) => x.rule === rule);
}
