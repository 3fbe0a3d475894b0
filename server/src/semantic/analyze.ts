// The analysis of one root: parse every file and report what is wrong, in the order wit-parser
// would meet it. (Name resolution joins in semantic/resolve.)
import type { Diagnostic } from '../syntax/index.js';
import type { RootSource } from '../workspace/loader.js';
import { parseFiles, syntaxDiagnostics, type CheckOptions } from './check.js';

export interface RootAnalysis {
  diagnostics: Diagnostic[];
  /** Every file text that was read, by path, for turning offsets into lines. */
  texts: Map<string, string>;
}

export function analyzeRoot(root: RootSource, _options: CheckOptions = {}): RootAnalysis {
  const texts = new Map<string, string>();
  const diagnostics: Diagnostic[] = [...root.diagnostics];
  const packages = [root.main, ...root.deps].filter((p) => !!p);
  for (const pkg of packages) {
    for (const f of parseFiles(pkg.files)) {
      texts.set(f.path, f.text);
      diagnostics.push(...syntaxDiagnostics(f));
    }
  }
  return { diagnostics, texts };
}
