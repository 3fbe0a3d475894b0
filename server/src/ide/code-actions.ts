// Code actions: quick fixes for unknown names (did you mean …, add the missing `use`), for names
// that are not kebab-case, and the "organize uses" source action.
import type * as A from '../syntax/index.js';
import { validateId } from '../syntax/index.js';
import type { Diagnostic } from '../syntax/index.js';
import type { Resolve } from '../semantic/model.js';
import { formatSemver } from '../syntax/index.js';
import type { SemanticIndex } from './index.js';
import { witName } from './render.js';

export interface Edit {
  start: number;
  end: number;
  newText: string;
}

export interface CodeAction {
  title: string;
  kind: 'quickfix' | 'source.organizeImports';
  edits: Edit[];
  /** The diagnostic it fixes. */
  diagnostic?: Diagnostic;
  preferred?: boolean;
}

export function levenshtein(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length];
}

/** `myName`, `my_name`, `MyName` → `my-name`. */
export function toKebab(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[_\s.]+/g, '-')
    .replace(/[^A-Za-z0-9-]/g, '')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase()
    .replace(/^([0-9])/, 'x$1');
}

/** The innermost interface or world of the file that contains `offset`. */
function enclosing(ast: A.WitFile, offset: number): A.InterfaceDecl | A.WorldDecl | undefined {
  let found: A.InterfaceDecl | A.WorldDecl | undefined;
  const visit = (items: readonly A.TopItem[]) => {
    for (const item of items) {
      if ((item.kind === 'interface' || item.kind === 'world') && item.span.start <= offset && offset <= item.span.end) found = item;
      if (item.kind === 'nested-package') visit(item.items);
    }
  };
  visit(ast.items);
  return found;
}

/** Where a `use` line goes in an interface or world: after the last `use`, else after `{`. */
function useInsertion(decl: A.InterfaceDecl | A.WorldDecl, text: string): { offset: number; indent: string } {
  const uses = (decl.items as readonly { kind: string; span: A.Span }[]).filter((i) => i.kind === 'use');
  const lineIndent = (at: number) => /^[ \t]*/.exec(text.slice(text.lastIndexOf('\n', at - 1) + 1))![0];
  if (uses.length) {
    const last = uses[uses.length - 1];
    return { offset: last.span.end, indent: `\n${lineIndent(last.span.start)}` };
  }
  const open = decl.bodySpan ? decl.bodySpan.start + 1 : decl.span.end;
  const first = decl.items[0];
  const indent = first ? lineIndent(first.span.start) : `${lineIndent(decl.span.start)}  `;
  return { offset: open, indent: `\n${indent}` };
}

export function codeActions(index: SemanticIndex | undefined, file: string, text: string, ast: A.WitFile, range: { start: number; end: number }, diagnostics: Diagnostic[]): CodeAction[] {
  const out: CodeAction[] = [];
  const r = index?.resolve;
  for (const d of diagnostics) {
    if (d.file !== file || d.span.end < range.start || d.span.start > range.end) continue;
    const name = text.slice(d.span.start, d.span.end).replace(/^%/, '');
    if ((d.code === 'unknown-name' || d.code === 'unknown-type') && r && /does not exist$/.test(d.message) && /^(name|type) `/.test(d.message)) {
      out.push(...unknownTypeFixes(r, index!, file, text, ast, d, name));
    } else if (d.code === 'unknown-name' && /interface or world/.test(d.message) && r) {
      const candidates = [...new Set(r.packages.flatMap((p) => [...p.interfaces.keys(), ...p.worlds.keys()]))];
      for (const c of closest(name, candidates)) out.push({ title: `Change to \`${c}\``, kind: 'quickfix', edits: [{ start: d.span.start, end: d.span.end, newText: witName(c) }], diagnostic: d });
    } else if (d.code === 'invalid-identifier') {
      const fixed = toKebab(name);
      if (fixed && fixed !== name && !validateId(fixed)) {
        out.push({ title: `Rename to \`${fixed}\` (kebab-case)`, kind: 'quickfix', edits: [{ start: d.span.start, end: d.span.end, newText: witName(fixed) }], diagnostic: d, preferred: true });
      }
    }
  }
  const organize = organizeUses(ast, text);
  if (organize.length) out.push({ title: 'Organize uses', kind: 'source.organizeImports', edits: organize });
  return out;
}

function closest(name: string, candidates: string[]): string[] {
  const limit = Math.max(1, Math.floor(name.length / 3));
  return candidates
    .map((c) => ({ c, d: levenshtein(name, c) }))
    .filter((x) => x.d > 0 && x.d <= limit)
    .sort((a, b) => a.d - b.d || (a.c < b.c ? -1 : 1))
    .slice(0, 3)
    .map((x) => x.c);
}

function unknownTypeFixes(r: Resolve, index: SemanticIndex, file: string, text: string, ast: A.WitFile, d: Diagnostic, name: string): CodeAction[] {
  const out: CodeAction[] = [];
  const decl = enclosing(ast, d.span.start);
  // Names in scope here (from the resolved interface or world this file defines there).
  let inScope: string[] = [];
  let myPackage: number | undefined;
  if (decl?.name) {
    const iface = r.interfaces.findIndex((i) => i.loc?.file === file && i.loc.start === decl.name!.span.start);
    if (iface >= 0) { inScope = [...r.interfaces[iface].types.keys()]; myPackage = r.interfaces[iface].package ?? undefined; }
    const world = r.worlds.findIndex((w) => w.loc?.file === file && w.loc.start === decl.name!.span.start);
    if (world >= 0) {
      myPackage = r.worlds[world].package ?? undefined;
      for (const { key, item } of r.worlds[world].imports.values()) if (item.kind === 'type' && 'name' in key) inScope.push(key.name);
    }
  }
  for (const c of closest(name, [...inScope, 'bool', 'u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64', 'f32', 'f64', 'char', 'string'])) {
    out.push({ title: `Change to \`${c}\``, kind: 'quickfix', edits: [{ start: d.span.start, end: d.span.end, newText: witName(c) }], diagnostic: d });
  }
  if (decl) {
    // Interfaces (this package first, then dependencies) that define the name: `use` it.
    const providers: { path: string; local: boolean }[] = [];
    r.interfaces.forEach((i, id) => {
      if (!i.name || i.package === null || !i.types.has(name)) return;
      const t = r.types[i.types.get(name)!];
      if (t?.fromUse) return;
      if (decl.name && i.name === decl.name.name && i.package === myPackage) return;
      const p = r.packages[i.package];
      const local = i.package === myPackage;
      const path = local ? witName(i.name) : `${p.name.namespace}:${p.name.name}/${i.name}${p.name.version ? `@${formatSemver(p.name.version)}` : ''}`;
      providers.push({ path, local });
      void id;
    });
    providers.sort((a, b) => Number(b.local) - Number(a.local));
    const at = useInsertion(decl, text);
    for (const p of providers.slice(0, 5)) {
      out.push({
        title: `Add \`use ${p.path}.{${witName(name)}}\``,
        kind: 'quickfix',
        edits: [{ start: at.offset, end: at.offset, newText: `${at.indent}use ${p.path}.{${witName(name)}};` }],
        diagnostic: d,
        preferred: p.local && providers.length === 1,
      });
    }
  }
  void index;
  return out;
}

/** Sorts the `use` lines of each interface and world, and the names inside each. */
export function organizeUses(ast: A.WitFile, text: string): Edit[] {
  const edits: Edit[] = [];
  const block = (items: readonly { kind: string; span: A.Span }[]) => {
    // Only a contiguous run of `use` lines at the top is reordered; comments between them stay put.
    const uses: A.Use[] = [];
    for (const i of items) {
      if (i.kind !== 'use') break;
      uses.push(i as A.Use);
    }
    if (uses.length === 0 || uses.some((u) => !u.path)) return;
    const start = uses[0].span.start;
    const end = uses[uses.length - 1].span.end;
    const between = text.slice(start, end);
    if (/\/\/|\/\*/.test(between)) return;
    const indent = /^[ \t]*/.exec(text.slice(text.lastIndexOf('\n', start - 1) + 1))![0];
    const lines = uses.map((u) => {
      const path = text.slice(u.path!.span.start, u.path!.span.end);
      const names = [...u.names].sort((a, b) => (a.name.name < b.name.name ? -1 : 1)).map((n) => (n.as ? `${text.slice(n.name.span.start, n.name.span.end)} as ${text.slice(n.as.span.start, n.as.span.end)}` : text.slice(n.name.span.start, n.name.span.end)));
      const gates = u.attributes.length ? text.slice(u.span.start, u.path!.span.start).replace(/\s*use\s*$/, '').trim() + `\n${indent}` : '';
      return { key: path, line: `${gates}use ${path}.{${names.join(', ')}};` };
    });
    const sorted = [...lines].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const newText = sorted.map((l) => l.line).join(`\n${indent}`);
    if (newText !== between) edits.push({ start, end, newText });
  };
  const visit = (items: readonly A.TopItem[]) => {
    for (const item of items) {
      if (item.kind === 'interface') block(item.items);
      if (item.kind === 'world') block(item.items);
      if (item.kind === 'nested-package') visit(item.items);
    }
  };
  visit(ast.items);
  return edits;
}
