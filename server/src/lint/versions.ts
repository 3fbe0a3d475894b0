// package-version-missing, duplicate-dependency-version, missing-since, deprecated-without-note:
// how a package is versioned and how its items say when they arrived and what replaces them.
import { formatSemver, isDocComment } from '../syntax/index.js';
import { formatPackageName } from '../semantic/model.js';
import type { LintContext, LintFile } from './context.js';
import { forEachItem, type LintItem } from './walk.js';
import type { LintFix } from './types.js';

export function checkPackageVersionMissing(ctx: LintContext): void {
  for (const { unresolved } of ctx.packages) {
    const n = unresolved.name;
    if (n.version || n.namespace === '<unnamed>' || !ctx.fileSet.has(unresolved.nameLoc.file)) continue;
    ctx.report('package-version-missing', unresolved.nameLoc.file, { start: unresolved.nameLoc.start, end: unresolved.nameLoc.end }, `package \`${n.namespace}:${n.name}\` has no version (write \`package ${n.namespace}:${n.name}@0.1.0;\`)`);
  }
}

/** Two versions of one package in the resolve; reported where the linted package names them. */
export function checkDuplicateDependencyVersion(ctx: LintContext): void {
  const r = ctx.resolve;
  if (!r) return;
  const byName = new Map<string, number[]>();
  r.packages.forEach((p, id) => {
    const k = `${p.name.namespace}:${p.name.name}`;
    byName.set(k, [...(byName.get(k) ?? []), id]);
  });
  const main = ctx.packages.find((p) => p.id === ctx.analysis.main) ?? ctx.packages[0];
  if (!main) return;
  for (const [name, ids] of byName) {
    if (ids.length < 2) continue;
    const versions = ids.map((id) => r.packages[id].name.version).map((v) => (v ? formatSemver(v) : 'no version'));
    const message = `package \`${name}\` is used at ${ids.length} versions: ${versions.join(', ')}`;
    const related = ids.flatMap((id) => {
      const loc = r.packages[id].loc;
      return loc ? [{ message: `\`${formatPackageName(r.packages[id].name)}\` is defined here`, location: { file: loc.file, span: { start: loc.start, end: loc.end } } }] : [];
    });
    const named = [...main.unresolved.foreignDeps.values()].filter((d) => `${d.name.namespace}:${d.name.name}` === name && ctx.fileSet.has(d.loc.file));
    if (named.length) for (const d of named) ctx.report('duplicate-dependency-version', d.loc.file, { start: d.loc.start, end: d.loc.end }, message, { related });
    else ctx.report('duplicate-dependency-version', main.unresolved.nameLoc.file, { start: main.unresolved.nameLoc.start, end: main.unresolved.nameLoc.end }, message, { related });
  }
}

const gates = new Set(['since', 'unstable']);

/**
 * In a package with a stable version, items without `@since` or `@unstable` (as WASI 0.2 writes
 * them). Stable: 1.0.0 or later; a 0.x package is held to it once it gates an item with `@since`
 * (it has taken up WASI's convention) — a fresh 0.1.0 project is not.
 */
export function checkMissingSince(ctx: LintContext): void {
  const gated = new Set<string>();
  for (const file of ctx.files) {
    forEachItem(file.ast, file.version, (item) => {
      if (item.version && item.attributes.some((a) => a.kind === 'since')) gated.add(formatSemver(item.version));
    });
  }
  for (const file of ctx.files) {
    forEachItem(file.ast, file.version, (item) => {
      const v = item.version;
      if (!v || v.pre !== '' || item.attributes.some((a) => gates.has(a.kind))) return;
      if (v.major === 0n && !gated.has(formatSemver(v))) return;
      const version = formatSemver(v);
      ctx.report('missing-since', file.path, item.nameSpan, `${describe(item)} has no \`@since\` or \`@unstable\` (the package is at ${version})`, {
        fixes: [insertAttribute(file, item.start, `@since(version = ${version})`)],
      });
    });
  }
}

function describe(item: LintItem): string {
  return item.kind === 'constructor' ? 'the constructor' : `${item.kind === 'static' ? 'static function' : item.kind} \`${item.name}\``;
}

/** Inserts an attribute before the item (after its doc comments): on a line of its own when the item starts one. */
export function insertAttribute(file: LintFile, at: number, attribute: string): LintFix {
  const lineStart = file.text.lastIndexOf('\n', at - 1) + 1;
  const lead = file.text.slice(lineStart, at);
  const newText = /^[ \t]*$/.test(lead) ? `${attribute}${file.text.includes('\r\n') ? '\r\n' : '\n'}${lead}` : `${attribute} `;
  return { title: `Add \`${attribute}\``, edits: [{ file: file.path, span: { start: at, end: at }, newText }] };
}

/** What a deprecation note says: a name in backticks, or one of these words. */
const replacement = /`[^`]+`|\b(use|instead|replaced|replacement|superseded|prefer|see|migrate)\b/i;

export function checkDeprecatedWithoutNote(ctx: LintContext): void {
  for (const file of ctx.files) {
    forEachItem(file.ast, file.version, (item) => {
      if (!item.attributes.some((a) => a.kind === 'deprecated')) return;
      const docs = item.docs.comments.filter(isDocComment).join('\n');
      if (replacement.test(docs)) return;
      ctx.report('deprecated-without-note', file.path, item.nameSpan, `${describe(item)} is deprecated but its doc comment does not say what to use instead`);
    });
  }
}
