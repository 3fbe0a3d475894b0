// name-acronym-case and method-get-prefix: how WASI spells names.
import type { LintContext } from './context.js';
import { forEachDefinedName } from './walk.js';

/** wit-parser accepts `get-URL`; most WASI packages write every word in lower case (`get-url`). */
export function checkNameAcronymCase(ctx: LintContext): void {
  for (const file of ctx.files) {
    forEachDefinedName(file.ast, (id, what) => {
      if (!/[A-Z]/.test(id.name)) return;
      const lower = id.name.toLowerCase();
      ctx.report('name-acronym-case', file.path, id.span, `${what} \`${id.name}\` has an upper-case word; write every word in lower case (\`${lower}\`)`);
    });
  }
}

/** A resource method `get-x`: WASI names accessors by the noun (`method()`, `path-with-query()`). */
export function checkMethodGetPrefix(ctx: LintContext): void {
  const visit = (file: (typeof ctx.files)[number], items: readonly unknown[]) => {
    for (const it of items as { kind: string; type?: { kind: string; funcs?: { kind: string; name?: { name: string; span: { start: number; end: number } } }[] }; items?: unknown[]; extern?: { kind: string; items?: unknown[] } }[]) {
      if (it.kind === 'nested-package' || it.kind === 'interface' || it.kind === 'world') visit(file, it.items ?? []);
      else if ((it.kind === 'import' || it.kind === 'export') && it.extern?.kind === 'extern-interface') visit(file, it.extern.items ?? []);
      else if (it.kind === 'typedef' && it.type?.kind === 'resource') {
        for (const f of it.type.funcs ?? []) {
          if (f.kind !== 'method' || !f.name) continue;
          const m = /^get-(.+)$/.exec(f.name.name);
          if (!m) continue;
          ctx.report('method-get-prefix', file.path, f.name.span, `method \`${f.name.name}\` starts with \`get-\`; WASI names accessors by the noun (\`${m[1]}\`)`);
        }
      }
    }
  };
  for (const file of ctx.files) visit(file, file.ast.items);
}
