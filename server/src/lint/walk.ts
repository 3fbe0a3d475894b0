// Walks over a file's syntax tree for the rules: the items that carry docs and attributes, every
// name that is defined, and the names each interface body refers to. Tolerates missing children.
import type * as A from '../syntax/index.js';
import { parseSemver, type SemVer } from '../syntax/index.js';

export type ItemKind = 'interface' | 'world' | 'type' | 'function' | 'method' | 'static' | 'constructor';

export interface LintItem {
  kind: ItemKind;
  name: string;
  nameSpan: A.Span;
  docs: A.Docs;
  attributes: readonly A.Attribute[];
  /** Where the item starts after its doc comments (its first attribute, or its keyword or name). */
  start: number;
  /** For types: the definition. */
  typedef?: A.TypeDef;
  /** The version of the package the item is in, when it has one. */
  version?: SemVer;
}

export function versionOf(p: A.PackageName | undefined): SemVer | undefined {
  if (!p?.version) return undefined;
  try { return parseSemver(p.version.text); } catch { return undefined; }
}

/** Every interface, world, type and function of the file, nested packages included. */
export function forEachItem(ast: A.WitFile, version: SemVer | undefined, f: (item: LintItem) => void): void {
  const typedef = (t: A.TypeDef, v: SemVer | undefined) => {
    if (!t.name) return;
    f({ kind: 'type', name: t.name.name, nameSpan: t.name.span, docs: t.docs, attributes: t.attributes, start: t.span.start, typedef: t, version: v });
    if (t.type?.kind !== 'resource') return;
    for (const rf of t.type.funcs) {
      if (rf.kind === 'constructor') f({ kind: 'constructor', name: 'constructor', nameSpan: rf.keywordSpan, docs: rf.docs, attributes: rf.attributes, start: rf.span.start, version: v });
      else f({ kind: rf.kind, name: rf.name.name, nameSpan: rf.name.span, docs: rf.docs, attributes: rf.attributes, start: rf.span.start, version: v });
    }
  };
  const ifaceItems = (items: readonly A.InterfaceItem[], v: SemVer | undefined) => {
    for (const it of items) {
      if (it.kind === 'typedef') typedef(it, v);
      else if (it.kind === 'func') f({ kind: 'function', name: it.name.name, nameSpan: it.name.span, docs: it.docs, attributes: it.attributes, start: it.span.start, version: v });
    }
  };
  const top = (items: readonly A.TopItem[], v: SemVer | undefined) => {
    for (const item of items) {
      if (item.kind === 'nested-package') top(item.items, versionOf(item.name));
      else if (item.kind === 'interface') {
        if (item.name) f({ kind: 'interface', name: item.name.name, nameSpan: item.name.span, docs: item.docs, attributes: item.attributes, start: item.span.start, version: v });
        ifaceItems(item.items, v);
      } else if (item.kind === 'world') {
        if (item.name) f({ kind: 'world', name: item.name.name, nameSpan: item.name.span, docs: item.docs, attributes: item.attributes, start: item.span.start, version: v });
        for (const wi of item.items) {
          if (wi.kind === 'typedef') typedef(wi, v);
          else if ((wi.kind === 'import' || wi.kind === 'export') && wi.extern) {
            const e = wi.extern;
            if (e.kind === 'extern-interface') {
              f({ kind: 'interface', name: e.name.name, nameSpan: e.name.span, docs: wi.docs, attributes: wi.attributes, start: wi.span.start, version: v });
              ifaceItems(e.items, v);
            } else if (e.kind === 'extern-func') {
              f({ kind: 'function', name: e.name.name, nameSpan: e.name.span, docs: wi.docs, attributes: wi.attributes, start: wi.span.start, version: v });
            }
          }
        }
      }
    }
  };
  top(ast.items, version);
}

/** Every name the file defines (items, members, parameters, `as` names), with what it names. */
export function forEachDefinedName(ast: A.WitFile, f: (id: A.Id, what: string) => void): void {
  const params = (ps: readonly A.Param[] | undefined) => { for (const p of ps ?? []) f(p.name, 'parameter'); };
  const typeBody = (t: A.TypeExpr | undefined) => {
    if (!t) return;
    if (t.kind === 'record') for (const x of t.fields) f(x.name, 'field');
    else if (t.kind === 'variant') for (const x of t.cases) f(x.name, 'case');
    else if (t.kind === 'enum') for (const x of t.cases) f(x.name, 'case');
    else if (t.kind === 'flags') for (const x of t.flags) f(x.name, 'flag');
    else if (t.kind === 'resource') {
      for (const rf of t.funcs) {
        if (rf.kind === 'constructor') params(rf.params);
        else { f(rf.name, 'method'); params(rf.func?.params); }
      }
    }
  };
  const uses = (u: A.Use) => { for (const n of u.names) if (n.as) f(n.as, 'name'); };
  const ifaceItems = (items: readonly A.InterfaceItem[]) => {
    for (const it of items) {
      if (it.kind === 'typedef') { if (it.name) f(it.name, 'type'); typeBody(it.type); }
      else if (it.kind === 'func') { f(it.name, 'function'); params(it.func?.params); }
      else uses(it);
    }
  };
  const pkg = (p: A.PackageName | undefined) => { if (p?.namespace) f(p.namespace, 'namespace'); if (p?.name) f(p.name, 'package'); };
  const top = (items: readonly A.TopItem[]) => {
    for (const item of items) {
      if (item.kind === 'nested-package') { pkg(item.name); top(item.items); }
      else if (item.kind === 'toplevel-use') { if (item.as) f(item.as, 'name'); }
      else if (item.kind === 'interface') { if (item.name) f(item.name, 'interface'); ifaceItems(item.items); }
      else if (item.kind === 'world') {
        if (item.name) f(item.name, 'world');
        for (const wi of item.items) {
          if (wi.kind === 'typedef') { if (wi.name) f(wi.name, 'type'); typeBody(wi.type); }
          else if (wi.kind === 'use') uses(wi);
          else if (wi.kind === 'include') { for (const n of wi.names) if (n.as) f(n.as, 'name'); }
          else if (wi.extern) {
            const e = wi.extern;
            if (e.kind === 'extern-interface') { f(e.name, 'interface'); ifaceItems(e.items); }
            else if (e.kind === 'extern-func') { f(e.name, 'function'); params(e.func?.params); }
            else if (e.kind === 'extern-named-path') f(e.name, 'name');
          }
        }
      }
    }
  };
  pkg(ast.package);
  top(ast.items);
}

/** The names a type expression refers to (`t`, `borrow<r>`), pushed onto `out`. */
export function typeExprNames(t: A.TypeExpr | undefined, out: A.Id[]): void {
  if (!t) return;
  switch (t.kind) {
    case 'primitive': return;
    case 'name': out.push(t.id); return;
    case 'handle': if (t.resource) out.push(t.resource); return;
    case 'list': case 'option': case 'future': case 'stream': typeExprNames(t.element, out); return;
    case 'map': typeExprNames(t.key, out); typeExprNames(t.value, out); return;
    case 'result': typeExprNames(t.ok, out); typeExprNames(t.err, out); return;
    case 'tuple': for (const x of t.types) typeExprNames(x, out); return;
    case 'record': for (const x of t.fields) typeExprNames(x.type, out); return;
    case 'variant': for (const x of t.cases) typeExprNames(x.type, out); return;
    case 'enum': case 'flags': return;
    case 'resource':
      for (const rf of t.funcs) {
        if (rf.kind === 'constructor') { for (const p of rf.params) typeExprNames(p.type, out); typeExprNames(rf.result, out); }
        else funcNames(rf.func, out);
      }
  }
}

export function funcNames(f: A.Func | undefined, out: A.Id[]): void {
  if (!f) return;
  for (const p of f.params) typeExprNames(p.type, out);
  typeExprNames(f.result, out);
}

/** The bodies whose `use` statements bring names into scope: interfaces, inline ones too. */
export function forEachInterfaceBody(ast: A.WitFile, f: (items: readonly A.InterfaceItem[]) => void): void {
  const top = (items: readonly A.TopItem[]) => {
    for (const item of items) {
      if (item.kind === 'nested-package') top(item.items);
      else if (item.kind === 'interface') f(item.items);
      else if (item.kind === 'world') {
        for (const wi of item.items) if ((wi.kind === 'import' || wi.kind === 'export') && wi.extern?.kind === 'extern-interface') f(wi.extern.items);
      }
    }
  };
  top(ast.items);
}

/** Every interface/world path of the file (`use x.{…}`, `import x;`, `include x;`, `use x as y;`). */
export function forEachPath(ast: A.WitFile, f: (p: A.UsePath) => void): void {
  const top = (items: readonly A.TopItem[]) => {
    for (const item of items) {
      if (item.kind === 'nested-package') top(item.items);
      else if (item.kind === 'toplevel-use') { if (item.path) f(item.path); }
      else if (item.kind === 'interface') { for (const it of item.items) if (it.kind === 'use' && it.path) f(it.path); }
      else if (item.kind === 'world') {
        for (const wi of item.items) {
          if ((wi.kind === 'use' || wi.kind === 'include') && wi.path) f(wi.path);
          else if ((wi.kind === 'import' || wi.kind === 'export') && wi.extern) {
            const e = wi.extern;
            if (e.kind === 'extern-path') f(e.path);
            else if (e.kind === 'extern-named-path' && e.path) f(e.path);
            else if (e.kind === 'extern-interface') for (const it of e.items) if (it.kind === 'use' && it.path) f(it.path);
          }
        }
      }
    }
  };
  top(ast.items);
}
