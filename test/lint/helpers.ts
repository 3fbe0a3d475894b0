// Shared helpers for the lint tests: lint a fixture (file or folder) or a text, place findings.
import { join } from 'node:path';
import { analyzeRoot, type RootAnalysis } from 'wit-tools/server/semantic/analyze.js';
import { loadRoot, type RootSource } from 'wit-tools/server/workspace/loader.js';
import { nodeFileSystem } from 'wit-tools/server/workspace/fs.js';
import { decodeBinaryPackages } from 'wit-tools/server/workspace/binary-packages.js';
import { defaultLintConfig, lintAnalysis, type LintConfig, type LintFinding, type TextEdit } from 'wit-tools/server/lint/index.js';
import { fixtures } from '../support/paths.js';

export const lintFixtures = join(fixtures, 'lint');

export function config(use: string[], more: Partial<LintConfig> = {}): LintConfig {
  return { ...defaultLintConfig, use, ...more };
}

export function analyzePath(path: string): RootAnalysis {
  const root = loadRoot(nodeFileSystem, path);
  decodeBinaryPackages(root);
  return analyzeRoot(root);
}

export function analyzeText(text: string, path = '/virtual/pkg.wit'): RootAnalysis {
  const root: RootSource = { path, main: { kind: 'file', path, files: [{ path, text }] }, deps: [], diagnostics: [] };
  return analyzeRoot(root);
}

/** `line:column` (1-based, UTF-16) of a finding's start. */
export function place(analysis: RootAnalysis, f: LintFinding): string {
  const text = analysis.texts.get(f.diagnostic.file)!;
  const lines = text.slice(0, f.diagnostic.span.start).split('\n');
  return `${lines.length}:${lines[lines.length - 1].length + 1}`;
}

export function errors(analysis: RootAnalysis): string[] {
  return analysis.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
}

/** Applies non-overlapping edits of one file, last first. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start || b.span.end - a.span.end);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].span.end > sorted[i - 1].span.start) throw new Error('overlapping edits');
  }
  let out = text;
  for (const e of sorted) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

export function lintText(text: string, cfg: LintConfig): { analysis: RootAnalysis; findings: LintFinding[] } {
  const analysis = analyzeText(text);
  return { analysis, findings: lintAnalysis(analysis, cfg) };
}
