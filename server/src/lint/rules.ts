// The rule catalogue. Ids are stable: configs, ignore comments and SARIF logs name them.
// Categories nest as buf's do: minimal ⊂ basic ⊂ standard; `docs` stands apart and is opt-in.
import type { LintCategory, LintRule } from './types.js';

export const lintRules: readonly LintRule[] = Object.freeze([
  { id: 'unused-use', category: 'minimal', defaultSeverity: 'warning', description: 'A name imported by `use` into an interface, or a top-level `use` of an interface, that is never referenced.' },
  { id: 'deprecated-use', category: 'minimal', defaultSeverity: 'warning', description: 'A reference to, or a `use` of, a type or interface marked `@deprecated`.' },
  { id: 'duplicate-dependency-version', category: 'minimal', defaultSeverity: 'warning', description: 'Two versions of one package in the resolved packages (for example wasi:io@0.2.0 and wasi:io@0.2.3).' },
  { id: 'unused-type', category: 'basic', defaultSeverity: 'warning', description: 'A type of an interface that no function, type, world or other interface refers to.' },
  { id: 'empty-interface', category: 'basic', defaultSeverity: 'warning', description: 'An interface with no types, functions or `use` statements.' },
  { id: 'duplicate-structural-type', category: 'basic', defaultSeverity: 'warning', description: 'Two records, variants, enums or flags of one package with the same structure.' },
  { id: 'name-acronym-case', category: 'standard', defaultSeverity: 'warning', description: 'A name with an upper-case word (`get-URL`, `HTTP-client`) rather than every word in lower case.' },
  { id: 'method-get-prefix', category: 'standard', defaultSeverity: 'warning', description: 'A resource method named `get-x`; WASI names accessors by the noun (`x`).' },
  { id: 'package-version-missing', category: 'standard', defaultSeverity: 'warning', description: 'A package without a version (`package a:b@1.0.0;`), which cannot be versioned or checked for breaking changes.' },
  { id: 'missing-since', category: 'standard', defaultSeverity: 'warning', description: 'In a package with a stable version, an interface, world, type or function without `@since` or `@unstable`.' },
  { id: 'deprecated-without-note', category: 'standard', defaultSeverity: 'warning', description: 'A `@deprecated` item whose doc comment does not say what to use instead.' },
  { id: 'too-many-params', category: 'standard', defaultSeverity: 'info', description: 'A function whose parameters flatten to more than 16 core values, so the canonical ABI passes them through memory.' },
  { id: 'missing-docs', category: 'docs', defaultSeverity: 'warning', description: 'An interface, world, type or function (resource methods too) without a `///` doc comment.' },
]) as readonly LintRule[];

export const lintCategories: readonly LintCategory[] = ['minimal', 'basic', 'standard', 'docs'];

/** The categories each category includes (buf's nesting). */
const includes: Record<LintCategory, readonly LintCategory[]> = {
  minimal: ['minimal'],
  basic: ['minimal', 'basic'],
  standard: ['minimal', 'basic', 'standard'],
  docs: ['docs'],
};

/** The rules a category or a rule id names; undefined when it names nothing. */
export function rulesNamed(name: string): LintRule[] | undefined {
  if ((lintCategories as readonly string[]).includes(name)) {
    const cats = includes[name as LintCategory];
    return lintRules.filter((r) => cats.includes(r.category));
  }
  const rule = lintRules.find((r) => r.id === name);
  return rule ? [rule] : undefined;
}

/** Where the rule pages live (cli/report.ts re-exports it as `rulesBaseUri`). */
export const lintRulesBaseUri = 'https://github.com/wit-tools/wit-tools/blob/main/docs/rules/';

export function ruleHelpUri(id: string): string {
  return `${lintRulesBaseUri}${id}.md`;
}
