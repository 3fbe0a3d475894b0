// Loads syntaxes/wit.tmLanguage.json with the same engine VS Code uses (vscode-textmate + oniguruma)
// and turns text into tokens and readable snapshots.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vsctm from 'vscode-textmate';
import oniguruma from 'vscode-oniguruma';

export interface WitToken {
  /** 1-based line. */
  line: number;
  /** 1-based column (UTF-16 code units). */
  column: number;
  text: string;
  /** Scopes from outermost to innermost, without the root `source.wit`. */
  scopes: string[];
}

export const SCOPE_NAME = 'source.wit';

/** The standard TextMate scope roots every theme knows about. */
export const STANDARD_SCOPE_ROOTS = [
  'comment', 'constant', 'entity', 'keyword', 'markup', 'meta', 'punctuation',
  'storage', 'string', 'support', 'variable', 'invalid',
] as const;

/** The repository root: the nearest ancestor of this (compiled) file holding package.json. */
export function findRepoRoot(start: string = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

export const repoRoot = findRepoRoot();
export const grammarPath = path.join(repoRoot, 'syntaxes', 'wit.tmLanguage.json');

let onigLoaded: Promise<void> | undefined;

function loadOniguruma(): Promise<void> {
  onigLoaded ??= (async () => {
    const wasm = readFileSync(path.join(repoRoot, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  })();
  return onigLoaded;
}

/** Compiles `patterns` with oniguruma; throws with oniguruma's message when one is malformed. */
export async function compileRegexes(patterns: string[]): Promise<void> {
  await loadOniguruma();
  const scanner = new oniguruma.OnigScanner(patterns);
  scanner.dispose();
}

let grammarLoaded: Promise<vsctm.IGrammar> | undefined;

/** The WIT grammar, loaded once per process. */
export function loadWitGrammar(): Promise<vsctm.IGrammar> {
  grammarLoaded ??= loadGrammarFromDisk();
  return grammarLoaded;
}

async function loadGrammarFromDisk(): Promise<vsctm.IGrammar> {
  await loadOniguruma();
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName: string) =>
      scopeName === SCOPE_NAME ? vsctm.parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath) : null,
  });
  const grammar = await registry.loadGrammar(SCOPE_NAME);
  if (!grammar) throw new Error(`grammar ${SCOPE_NAME} did not load from ${grammarPath}`);
  return grammar;
}

/** Tokenizes `text` line by line, carrying the rule stack across lines as an editor does. */
export function tokenizeWit(grammar: vsctm.IGrammar, text: string): WitToken[][] {
  let state = vsctm.INITIAL;
  return text.split(/\r?\n/).map((lineText, index) => {
    const result = grammar.tokenizeLine(lineText, state);
    state = result.ruleStack;
    return result.tokens.map((token) => ({
      line: index + 1,
      column: token.startIndex + 1,
      text: lineText.slice(token.startIndex, token.endIndex),
      scopes: token.scopes.filter((scope) => scope !== SCOPE_NAME),
    }));
  });
}

/**
 * A snapshot: each source line (prefixed `>`), then one row per non-blank token:
 * `line:column  "text"  scopes…` with scopes from outermost to innermost.
 */
export function renderSnapshot(text: string, lines: WitToken[][]): string {
  const sourceLines = text.split(/\r?\n/);
  const out: string[] = [];
  lines.forEach((tokens, index) => {
    if (index === lines.length - 1 && sourceLines[index] === '') return;
    out.push(`> ${sourceLines[index]}`.trimEnd());
    for (const token of tokens) {
      if (token.text.trim() === '') continue;
      const where = `${token.line}:${token.column}`.padEnd(7);
      const what = JSON.stringify(token.text).padEnd(22);
      out.push(`  ${where} ${what} ${token.scopes.join(' ') || '(none)'}`);
    }
  });
  return out.join('\n') + '\n';
}
