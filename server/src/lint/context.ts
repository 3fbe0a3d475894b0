// What every rule sees: the files to lint (the main package's, nested packages included, never
// deps/), their trees, the resolved model, and a way to report a finding.
import type { RootAnalysis } from '../semantic/analyze.js';
import type { PackageId, Resolve } from '../semantic/model.js';
import type { UnresolvedPackage } from '../semantic/unresolved.js';
import type * as A from '../syntax/index.js';
import type { Diagnostic, SemVer } from '../syntax/index.js';
import type { LintFix } from './types.js';
import { versionOf } from './walk.js';

export interface LintFile {
  path: string;
  text: string;
  ast: A.WitFile;
  /** The version of the file's (top-level) package. */
  version?: SemVer;
}

export interface Extra {
  related?: Diagnostic['related'];
  tags?: Diagnostic['tags'];
  notes?: string[];
  fixes?: LintFix[];
}

export interface RawFinding {
  rule: string;
  file: string;
  span: { start: number; end: number };
  message: string;
  extra: Extra;
}

export interface LintContext {
  analysis: RootAnalysis;
  resolve?: Resolve;
  files: LintFile[];
  /** Paths of `files`. */
  fileSet: Set<string>;
  /** The packages linted (the main one and those nested in its files). */
  packages: { id: PackageId; unresolved: UnresolvedPackage }[];
  report(rule: string, file: string, span: { start: number; end: number }, message: string, extra?: Extra): void;
}

export function buildContext(analysis: RootAnalysis, out: RawFinding[]): LintContext {
  const r = analysis.resolve;
  const mainSource = analysis.main !== undefined ? analysis.sources?.get(analysis.main) : undefined;
  let fileSet: Set<string>;
  if (mainSource) fileSet = new Set(mainSource.files);
  else fileSet = new Set([...analysis.files.keys()].filter((p) => !/[\\/]deps[\\/]/.test(p)));
  const packages: LintContext['packages'] = [];
  for (const [id, unresolved] of analysis.sources ?? []) {
    if (unresolved.files.length && unresolved.files.every((f) => fileSet.has(f))) packages.push({ id, unresolved });
  }
  const files: LintFile[] = [];
  for (const path of fileSet) {
    const src = analysis.files.get(path);
    if (!src) continue;
    files.push({ path, text: src.text, ast: src.parsed.file, version: mainSource?.name.version ?? versionOf(src.parsed.file.package) });
  }
  return {
    analysis, resolve: r, files, fileSet, packages,
    report: (rule, file, span, message, extra = {}) => out.push({ rule, file, span, message, extra }),
  };
}
