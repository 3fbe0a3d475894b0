// The resolved packages as wit-parser prints them with serde (`wasm-tools component wit --json`):
// arenas in allocation order, ids as indices, empty docs and unknown stability left out.
import { formatSemver } from '../syntax/index.js';
import type { Docs, Function, Resolve, Stability, Type, TypeDefKind, WorldItem } from './model.js';
import { formatPackageName } from './model.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function type(t: Type | undefined): Json {
  if (t === undefined) return null;
  return typeof t === 'string' ? t : t.id;
}

function docs(d: Docs, into: Record<string, Json>): void {
  if (d.contents !== undefined) into.docs = { contents: d.contents };
}

function stability(s: Stability, into: Record<string, Json>): void {
  if (s.kind === 'unknown') return;
  if (s.kind === 'stable') {
    const inner: Record<string, Json> = { since: formatSemver(s.since) };
    if (s.deprecated) inner.deprecated = formatSemver(s.deprecated);
    into.stability = { stable: inner };
  } else {
    const inner: Record<string, Json> = { feature: s.feature };
    if (s.deprecated) inner.deprecated = formatSemver(s.deprecated);
    into.stability = { unstable: inner };
  }
}

function kind(k: TypeDefKind): Json {
  switch (k.kind) {
    case 'resource': return 'resource';
    case 'unknown': return 'unknown';
    case 'record': return { record: { fields: k.fields.map((f) => { const o: Record<string, Json> = { name: f.name, type: type(f.type) }; docs(f.docs, o); return o; }) } };
    case 'handle': return { handle: { [k.handle]: k.resource } };
    case 'flags': return { flags: { flags: k.flags.map((f) => { const o: Record<string, Json> = { name: f.name }; docs(f.docs, o); return o; }) } };
    case 'tuple': return { tuple: { types: k.types.map(type) } };
    case 'variant': return { variant: { cases: k.cases.map((c) => { const o: Record<string, Json> = { name: c.name, type: type(c.type) }; docs(c.docs, o); return o; }) } };
    case 'enum': return { enum: { cases: k.cases.map((c) => { const o: Record<string, Json> = { name: c.name }; docs(c.docs, o); return o; }) } };
    case 'option': return { option: type(k.type) };
    case 'result': return { result: { ok: type(k.ok), err: type(k.err) } };
    case 'list': return { list: type(k.type) };
    case 'map': return { map: [type(k.key), type(k.value)] };
    case 'fixed-length-list': return { 'fixed-length-list': [type(k.type), k.size] };
    case 'future': return { future: type(k.type) };
    case 'stream': return { stream: type(k.type) };
    case 'type': return { type: type(k.type) };
  }
}

function func(f: Function): Json {
  const o: Record<string, Json> = {
    name: f.name,
    kind: 'resource' in f.kind ? { [f.kind.kind]: f.kind.resource } : f.kind.kind,
    params: f.params.map((p) => ({ name: p.name, type: type(p.type) })),
  };
  if (f.result !== undefined) o.result = type(f.result);
  docs(f.docs, o);
  stability(f.stability, o);
  return o;
}

function worldItem(item: WorldItem): Json {
  switch (item.kind) {
    case 'interface': {
      const inner: Record<string, Json> = { id: item.id };
      stability(item.stability, inner);
      return { interface: inner };
    }
    case 'function': return { function: func(item.func) };
    case 'type': return { type: item.id };
  }
}

/** The whole `Resolve` as wit-parser's JSON. */
export function resolveToJson(r: Resolve): Json {
  return {
    worlds: r.worlds.map((w) => {
      const o: Record<string, Json> = {
        name: w.name,
        imports: Object.fromEntries([...w.imports].map(([k, e]) => [k, worldItem(e.item)])),
        exports: Object.fromEntries([...w.exports].map(([k, e]) => [k, worldItem(e.item)])),
        package: w.package,
      };
      docs(w.docs, o);
      stability(w.stability, o);
      return o;
    }),
    interfaces: r.interfaces.map((i) => {
      const o: Record<string, Json> = {
        name: i.name,
        types: Object.fromEntries(i.types),
        functions: Object.fromEntries([...i.functions].map(([k, f]) => [k, func(f)])),
      };
      docs(i.docs, o);
      stability(i.stability, o);
      o.package = i.package;
      return o;
    }),
    types: r.types.map((t) => {
      const o: Record<string, Json> = {
        name: t.name,
        kind: kind(t.kind),
        owner: t.owner.kind === 'none' ? null : { [t.owner.kind]: t.owner.id },
      };
      docs(t.docs, o);
      stability(t.stability, o);
      return o;
    }),
    packages: r.packages.map((p) => {
      const o: Record<string, Json> = { name: formatPackageName(p.name) };
      docs(p.docs, o);
      o.interfaces = Object.fromEntries(p.interfaces);
      o.worlds = Object.fromEntries(p.worlds);
      return o;
    }),
  };
}
