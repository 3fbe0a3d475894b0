// The lint's public data: rules, findings, fixes and the configuration. Pure data, no behaviour.
import type { Diagnostic } from '../syntax/index.js';

export type LintCategory = 'minimal' | 'basic' | 'standard' | 'docs';
export type LintSeverity = 'error' | 'warning' | 'info';

export interface LintConfig {
  /** Categories and/or rule ids to run. */
  use: string[];
  /** Categories and/or rule ids taken out of `use`. */
  except: string[];
  /** Globs (relative to the config file's folder) of files whose findings are dropped. */
  ignore: string[];
  /** Per-rule severity; `off` turns the rule off. */
  severity: Record<string, LintSeverity | 'off'>;
}

export interface LintRule {
  id: string;
  category: LintCategory;
  /** One sentence: what the rule finds. */
  description: string;
  defaultSeverity: LintSeverity;
}

export interface TextEdit {
  file: string;
  span: { start: number; end: number };
  newText: string;
}

export interface LintFix {
  title: string;
  edits: TextEdit[];
}

export interface LintFinding {
  /** `code` is the rule id. */
  diagnostic: Diagnostic;
  fixes: LintFix[];
}
