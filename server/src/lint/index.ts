// The lint's public face: named rules over a root's analysis, as buf lint gives protobuf users.
// Pure: the analysis and the config in, findings (diagnostics whose `code` is the rule id, each
// with its machine-applicable fixes) out. Reading files and finding the config is the caller's.
import type { RootAnalysis } from '../semantic/analyze.js';
import type { Diagnostic } from '../syntax/index.js';
import { checkTooManyParams } from './abi.js';
import { enabledRules } from './config.js';
import { buildContext, type LintContext, type RawFinding } from './context.js';
import { checkMissingDocs } from './docs.js';
import { matchesAny } from './glob.js';
import { ignoreDirectives, isIgnored, lineStarts } from './ignore.js';
import { checkNameAcronymCase, checkMethodGetPrefix } from './names.js';
import { checkDuplicateStructuralType, checkEmptyInterface, checkUnusedType } from './type-rules.js';
import type { LintConfig, LintFinding, LintSeverity } from './types.js';
import { checkDeprecatedUse, checkUnusedUse } from './uses.js';
import { checkDeprecatedWithoutNote, checkDuplicateDependencyVersion, checkMissingSince, checkPackageVersionMissing } from './versions.js';

export type { LintCategory, LintConfig, LintFinding, LintFix, LintRule, LintSeverity, TextEdit } from './types.js';
export { lintRules, lintCategories, ruleHelpUri, rulesNamed } from './rules.js';
export { defaultLintConfig, enabledRules, parseLintConfig } from './config.js';
export { ignoreCommentFix } from './ignore.js';
export { flatCount, MAX_FLAT_PARAMS } from './abi.js';

const checks: Record<string, (ctx: LintContext) => void> = {
  'unused-use': checkUnusedUse,
  'deprecated-use': checkDeprecatedUse,
  'duplicate-dependency-version': checkDuplicateDependencyVersion,
  'name-acronym-case': checkNameAcronymCase,
  'method-get-prefix': checkMethodGetPrefix,
  'unused-type': checkUnusedType,
  'empty-interface': checkEmptyInterface,
  'duplicate-structural-type': checkDuplicateStructuralType,
  'package-version-missing': checkPackageVersionMissing,
  'missing-since': checkMissingSince,
  'deprecated-without-note': checkDeprecatedWithoutNote,
  'too-many-params': checkTooManyParams,
  'missing-docs': checkMissingDocs,
};

const toSeverity = (s: LintSeverity): Diagnostic['severity'] => (s === 'info' ? 'information' : s);

/**
 * Lints the files of the root's main package (and the packages nested in them), not deps/.
 * `configDir` is the folder the config's `ignore` globs are relative to.
 */
export function lintAnalysis(analysis: RootAnalysis, config: LintConfig, configDir?: string): LintFinding[] {
  const raw: RawFinding[] = [];
  const ctx = buildContext(analysis, raw);
  const rules = enabledRules(config);
  for (const { rule } of rules) checks[rule.id]?.(ctx);
  const severity = new Map(rules.map((r) => [r.rule.id, r.severity]));
  const ignores = new Map<string, { map: ReturnType<typeof ignoreDirectives>; starts: number[] }>();
  const seen = new Set<string>();
  const out: LintFinding[] = [];
  for (const f of raw) {
    const key = `${f.rule}\0${f.file}\0${f.span.start}\0${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (matchesAny(f.file, configDir, config.ignore)) continue;
    const diagnostic: Diagnostic = { severity: toSeverity(severity.get(f.rule) ?? 'warning'), code: f.rule, message: f.message, file: f.file, span: f.span };
    if (f.extra.related?.length) diagnostic.related = f.extra.related;
    if (f.extra.tags?.length) diagnostic.tags = f.extra.tags;
    if (f.extra.notes?.length) diagnostic.notes = f.extra.notes;
    const text = analysis.texts.get(f.file);
    if (text !== undefined) {
      let ig = ignores.get(f.file);
      if (!ig) { ig = { map: ignoreDirectives(text), starts: lineStarts(text) }; ignores.set(f.file, ig); }
      if (isIgnored(ig.map, ig.starts, diagnostic)) continue;
    }
    out.push({ diagnostic, fixes: f.extra.fixes ?? [] });
  }
  return out.sort((a, b) => {
    const x = a.diagnostic;
    const y = b.diagnostic;
    return x.file < y.file ? -1 : x.file > y.file ? 1 : x.span.start - y.span.start || (x.code < y.code ? -1 : x.code > y.code ? 1 : 0);
  });
}
