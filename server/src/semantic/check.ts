// Checking a root (a file or a package folder with deps): every file parsed, every problem a
// diagnostic. Pure: the root's texts come in, diagnostics go out.
import type { Diagnostic } from '../syntax/index.js';
import { parseWit, type ParseResult } from '../syntax/index.js';

export interface CheckOptions {
  /** Feature names enabled for `@unstable(feature = …)` gates. */
  features?: readonly string[];
  allFeatures?: boolean;
}

export interface SourceText {
  path: string;
  text: string;
}

export interface ParsedFile extends SourceText {
  parsed: ParseResult;
}

export function parseFiles(files: readonly SourceText[]): ParsedFile[] {
  return files.map((f) => ({ ...f, parsed: parseWit(f.text) }));
}

export function syntaxDiagnostics(file: ParsedFile): Diagnostic[] {
  return file.parsed.errors.map((e) => ({
    severity: 'error',
    code: e.code,
    message: e.message,
    file: file.path,
    span: { start: e.start, end: e.end },
  }));
}
