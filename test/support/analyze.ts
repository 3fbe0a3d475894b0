// Test helpers: analyze WIT given as text (one file, or a folder of files with deps/) in memory.
import { analyzeRoot, type RootAnalysis } from 'wit-tools/server/semantic/analyze.js';
import type { Diagnostic } from 'wit-tools/server/syntax/index.js';
import { MemoryFileSystem } from 'wit-tools/server/workspace/fs.js';
import { loadRoot } from 'wit-tools/server/workspace/loader.js';
import { LineIndex } from 'wit-tools/server/workspace/text.js';

export interface Checked {
  analysis: RootAnalysis;
  /** `file:line:col code: message` for every diagnostic, file relative to the root. */
  lines: string[];
}

/** Analyzes `files` (paths relative to /w) as the root `/w/<root>` (default: the first file). */
export function check(files: Record<string, string>, options: { root?: string; features?: string[]; allFeatures?: boolean } = {}): Checked {
  const fs = new MemoryFileSystem(Object.fromEntries(Object.entries(files).map(([p, t]) => [`/w/${p}`, t])));
  const rootPath = `/w/${options.root ?? Object.keys(files)[0]}`;
  const analysis = analyzeRoot(loadRoot(fs, rootPath), { features: options.features, allFeatures: options.allFeatures });
  return { analysis, lines: analysis.diagnostics.map((d) => describe(d, analysis)) };
}

export function describe(d: Diagnostic, analysis: RootAnalysis): string {
  const text = analysis.texts.get(d.file);
  const p = text === undefined ? { line: 1, column: 1 } : new LineIndex(text).byteLineColumn(d.span.start);
  return `${d.file.replace(/^\/w\//, '')}:${p.line}:${p.column} ${d.code}: ${d.message}`;
}

/** Shorthand for one file named `t.wit`. */
export function checkOne(text: string, options: { features?: string[]; allFeatures?: boolean } = {}): Checked {
  return check({ 't.wit': text }, options);
}
