// chevrotain as the syntax layer loads it: from the package's own single-file build.
// The package entry (lib/src/api.js) imports lodash-es as some 600 separate ES modules, which costs
// ~250 ms at every start of the CLI and of the language server; lib/chevrotain.mjs, the same
// version bundled by chevrotain's release, loads in ~30 ms. The exports map does not name that
// file, so it is found beside the entry, and the entry stands in if a release ever drops it.
// The esbuild bundle of the .vsix replaces this module with a plain re-export (scripts/bundle.mjs).
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Chevrotain from 'chevrotain';

async function load(): Promise<typeof Chevrotain> {
  const entry = createRequire(import.meta.url).resolve('chevrotain');
  try {
    return (await import(pathToFileURL(path.join(path.dirname(entry), '..', 'chevrotain.mjs')).href)) as typeof Chevrotain;
  } catch {
    return import('chevrotain');
  }
}

const chevrotain = await load();

export const { CstParser, EOF, Lexer, createToken } = chevrotain;
export type {
  CstElement, CstNode, CustomPatternMatcherFunc, IParserErrorMessageProvider, IRecognitionException, IToken, ParserMethod, TokenType,
} from 'chevrotain';
