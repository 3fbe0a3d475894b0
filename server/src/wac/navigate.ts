// Go to definition in a .wac file: a name to its `let`, a package to its component's world, an
// access (`lib.ops`) to the interface or function the component exports, an argument's name to
// the import it fills. Pure: what the cursor is on, and where that is defined — in this file or in
// the WIT of a component (the LSP side finds the place in that WIT's text).
import type { ExternItem } from '../pipeline/types.js';
import type { WacAnalysis, WacPackage, WacValue } from './check.js';
import { shortName } from './check.js';
import type { Arg, Expr, Span, WacDocument } from './parse.js';

export type WacTarget =
  | { kind: 'local'; span: Span }
  /** The component's world, or one of its imports or exports (by full name). */
  | { kind: 'component'; package: WacPackage; item?: { direction: 'import' | 'export'; item: ExternItem } };

const inside = (s: Span, offset: number) => s.start <= offset && offset <= s.end;

export function wacDefinition(doc: WacDocument, analysis: WacAnalysis, offset: number): WacTarget | undefined {
  const valueAt = (span: Span): WacValue | undefined => analysis.values.find((v) => v.span.start === span.start && v.span.end === span.end)?.value;
  const local = (name: string): WacTarget | undefined => {
    const b = analysis.names.get(name);
    return b ? { kind: 'local', span: b.span } : undefined;
  };
  const inArg = (a: Arg, pkg: WacPackage | undefined): WacTarget | undefined => {
    if (inside(a.name, offset)) {
      if (a.kind === 'spread') return local(a.name.name);
      // The argument's name is an import of the package being instantiated.
      const imp = pkg?.signature.imports.find((i) => i.name === a.name.name || shortName(i.name) === a.name.name);
      if (pkg && imp) return { kind: 'component', package: pkg, item: { direction: 'import', item: imp } };
      return a.kind === 'inferred' ? local(a.name.name) : undefined;
    }
    return a.kind === 'named' ? inExpr(a.value) : undefined;
  };
  const inExpr = (e: Expr): WacTarget | undefined => {
    if (!inside(e, offset)) return undefined;
    switch (e.kind) {
      case 'name': return local(e.ident.name);
      case 'paren': return inExpr(e.inner);
      case 'access': {
        if (inside(e.member, offset)) {
          const v = valueAt(e);
          if (v?.kind === 'item') return { kind: 'component', package: v.package, item: { direction: 'export', item: v.item } };
          return undefined;
        }
        return inExpr(e.target);
      }
      case 'new': {
        const v = valueAt(e);
        const pkg = v?.kind === 'instance' ? v.package : undefined;
        if (inside(e.package, offset)) return pkg ? { kind: 'component', package: pkg } : undefined;
        for (const a of e.args) {
          const t = inArg(a, pkg);
          if (t) return t;
        }
        return undefined;
      }
      default: return undefined;
    }
  };
  for (const s of doc.statements) {
    if (!inside(s, offset)) continue;
    if (s.kind === 'let') return inside(s.name, offset) ? { kind: 'local', span: s.name } : inExpr(s.value);
    if (s.kind === 'export') return inExpr(s.value);
  }
  return undefined;
}
