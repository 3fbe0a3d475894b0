// "WIT: Open Documentation": the documentation page (doc/site.ts) of the item under the cursor —
// the page of the interface or world it is in, at the anchor of the type, function or method.
import { funcAnchor, pkgDir } from '../doc/site.js';
import type { Resolve } from '../semantic/model.js';
import type * as A from '../syntax/ast.js';

export interface DocPlace {
  /** The page, relative to the site's root (`wasi/http@0.3.0/interface.types.html`). */
  page: string;
  anchor?: string;
}

const inside = (s: A.Span, offset: number) => s.start <= offset && offset <= s.end;

/** The page and anchor for `offset` in `file` (a file of package `pkg` of `resolve`), or the package's page. */
export function documentationPlace(resolve: Resolve, pkg: number, file: A.WitFile | undefined, offset: number): DocPlace {
  const dir = pkgDir(resolve, pkg);
  const top = file?.items.find((i) => (i.kind === 'interface' || i.kind === 'world') && inside(i.span, offset)) as A.InterfaceDecl | A.WorldDecl | undefined;
  if (!top?.name) return { page: `${dir}/index.html` };
  if (top.kind === 'world') return { page: `${dir}/world.${top.name.name}.html` };
  const page = `${dir}/interface.${top.name.name}.html`;
  for (const item of top.items) {
    if (!inside(item.span, offset)) continue;
    if (item.kind === 'func') return { page, anchor: item.name.name };
    if (item.kind === 'typedef' && item.name) {
      const res = item.name.name;
      if (item.type?.kind === 'resource') {
        for (const f of item.type.funcs) {
          if (!inside(f.span, offset)) continue;
          return { page, anchor: f.kind === 'constructor' ? funcAnchor(`[constructor]${res}`) : funcAnchor(`[${f.kind}]${res}.${f.name.name}`) };
        }
      }
      return { page, anchor: res };
    }
  }
  return { page };
}
