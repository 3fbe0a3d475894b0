// unused-use and deprecated-use: what `use` brings in, and what it points at.
import { formatSemver, type Id, type Span } from '../syntax/index.js';
import type { Stability, TypeDef } from '../semantic/model.js';
import type { LintContext, LintFile } from './context.js';
import { forEachInterfaceBody, forEachPath, funcNames, typeExprNames } from './walk.js';
import type { LintFix } from './types.js';

/** Names brought in by `use` that nothing in the interface refers to; top-level `use`s never named. */
export function checkUnusedUse(ctx: LintContext): void {
  for (const file of ctx.files) {
    forEachInterfaceBody(file.ast, (items) => {
      const referenced = new Set<string>();
      const ids: Id[] = [];
      for (const it of items) {
        if (it.kind === 'typedef') typeExprNames(it.type, ids);
        else if (it.kind === 'func') funcNames(it.func, ids);
      }
      for (const id of ids) referenced.add(id.name);
      for (const it of items) {
        if (it.kind !== 'use') continue;
        it.names.forEach((n, i) => {
          const local = n.as ?? n.name;
          if (referenced.has(local.name)) return;
          const fix = it.names.length === 1 ? removeStatement(file, it.span, 'Remove the unused `use`') : removeName(file, it.names.map((x) => ({ start: x.name.span.start, end: (x.as ?? x.name).span.end })), i, local.name);
          ctx.report('unused-use', file.path, local.span, `\`${local.name}\` is imported by \`use\` but never used`, { tags: ['unnecessary'], fixes: [fix] });
        });
      }
    });
    // Top-level `use a:b/c;` names an interface for the file's paths.
    const named = new Set<string>();
    forEachPath(file.ast, (p) => { if (p.kind === 'local-path') named.add(p.name.name); });
    const top = (items: typeof file.ast.items) => {
      for (const item of items) {
        if (item.kind === 'nested-package') top(item.items);
        if (item.kind !== 'toplevel-use' || !item.path) continue;
        const local = item.as ?? (item.path.kind === 'local-path' ? item.path.name : item.path.name);
        if (!local || named.has(local.name)) continue;
        ctx.report('unused-use', file.path, local.span, `interface \`${local.name}\` is imported by \`use\` but never used`, { tags: ['unnecessary'], fixes: [removeStatement(file, item.span, 'Remove the unused `use`')] });
      }
    };
    top(file.ast.items);
  }
}

/** Deletes a statement; the whole line when nothing else is on it. */
export function removeStatement(file: LintFile, span: Span, title: string): LintFix {
  const text = file.text;
  const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
  let lineEnd = text.indexOf('\n', span.end);
  if (lineEnd < 0) lineEnd = text.length;
  const before = text.slice(lineStart, span.start);
  const after = text.slice(span.end, lineEnd);
  if (before.trim() === '' && after.trim() === '') {
    return { title, edits: [{ file: file.path, span: { start: lineStart, end: Math.min(lineEnd + 1, text.length) }, newText: '' }] };
  }
  let end = span.end;
  while (end < lineEnd && (text[end] === ' ' || text[end] === '\t')) end++;
  return { title, edits: [{ file: file.path, span: { start: span.start, end }, newText: '' }] };
}

function removeName(file: LintFile, names: Span[], i: number, name: string): LintFix {
  const span = i < names.length - 1 ? { start: names[i].start, end: names[i + 1].start } : { start: names[i - 1].end, end: names[i].end };
  return { title: `Remove \`${name}\` from the \`use\``, edits: [{ file: file.path, span, newText: '' }] };
}

function deprecatedSince(s: Stability): string | undefined {
  return s.kind !== 'unknown' && s.deprecated ? formatSemver(s.deprecated) : undefined;
}

/** References (in types, `use`, `import`, `include`) to types and interfaces marked `@deprecated`. */
export function checkDeprecatedUse(ctx: LintContext): void {
  const r = ctx.resolve;
  if (!r) return;
  // References inside an item that is itself deprecated are part of its deprecation.
  const deprecatedSpans = new Map<string, Span[]>();
  for (const file of ctx.files) deprecatedSpans.set(file.path, deprecatedItemSpans(file));
  const within = (file: string, at: number) => (deprecatedSpans.get(file) ?? []).some((s) => s.start <= at && at < s.end);
  const seen = new Set<string>();
  for (const { id, unresolved } of ctx.packages) {
    const ids = ctx.analysis.idMaps?.get(id);
    if (!ids) continue;
    for (const ref of unresolved.references) {
      if (!ctx.fileSet.has(ref.loc.file) || within(ref.loc.file, ref.loc.start)) continue;
      const key = `${ref.loc.file}\0${ref.loc.start}`;
      if (seen.has(key)) continue;
      let what: { name: string; since: string; loc?: { file: string; start: number; end: number } } | undefined;
      const t = ref.target;
      if (t.kind === 'type') {
        const tid = ids.types[t.id];
        let def: TypeDef | undefined = tid === undefined ? undefined : r.types[tid];
        // A `use`d name is an alias; the deprecation is on what it names.
        for (let n = 0; def && n < 64; n++) {
          const since = deprecatedSince(def.stability);
          if (since) { what = { name: def.name ?? 'type', since, loc: def.loc }; break; }
          if (!def.fromUse || def.kind.kind !== 'type' || typeof def.kind.type === 'string') break;
          def = r.types[def.kind.type.id];
        }
      } else if (t.kind === 'interface') {
        const iid = ids.interfaces[t.id];
        const iface = iid === undefined ? undefined : r.interfaces[iid];
        const since = iface && deprecatedSince(iface.stability);
        if (iface && since) what = { name: iface.name ?? 'interface', since, loc: iface.loc };
      } else if (t.kind === 'world') {
        const wid = ids.worlds[t.id];
        const w = wid === undefined ? undefined : r.worlds[wid];
        const since = w && deprecatedSince(w.stability);
        if (w && since) what = { name: w.name, since, loc: w.loc };
      }
      if (!what) continue;
      // The definition itself is not a use of it.
      if (what.loc && what.loc.file === ref.loc.file && what.loc.start === ref.loc.start) continue;
      seen.add(key);
      ctx.report('deprecated-use', ref.loc.file, { start: ref.loc.start, end: ref.loc.end }, `\`${what.name}\` is deprecated (since ${what.since})`, {
        tags: ['deprecated'],
        related: what.loc ? [{ message: 'deprecated here', location: { file: what.loc.file, span: { start: what.loc.start, end: what.loc.end } } }] : undefined,
      });
    }
  }
}

function deprecatedItemSpans(file: LintFile): Span[] {
  const out: Span[] = [];
  const visit = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) { for (const x of node) visit(x); return; }
    const n = node as { attributes?: { kind: string }[]; span?: Span };
    if (n.attributes?.some((a) => a.kind === 'deprecated') && n.span) out.push(n.span);
    for (const [k, v] of Object.entries(node)) if (k !== 'span' && k !== 'docs' && typeof v === 'object') visit(v);
  };
  visit(file.ast.items);
  return out;
}
