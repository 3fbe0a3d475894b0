// Checks snippets/wit.code-snippets: well-formed entries whose bodies, with every placeholder
// replaced by its default, colour cleanly and keep their brackets balanced.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { IGrammar } from 'vscode-textmate';
import { loadWitGrammar, repoRoot, tokenizeWit } from './textmate.js';

interface Snippet { prefix: string | string[]; body: string | string[]; description: string }

const snippets = JSON.parse(
  readFileSync(path.join(repoRoot, 'snippets', 'wit.code-snippets'), 'utf8'),
) as Record<string, Snippet>;

/** The text a snippet inserts when every placeholder keeps its default. */
function expandDefaults(body: string | string[]): string {
  let text = Array.isArray(body) ? body.join('\n') : body;
  let previous: string;
  do {
    previous = text;
    text = text
      .replace(/\$\{\d+:([^${}]*)\}/g, '$1')
      .replace(/\$\{\d+\}/g, '')
      .replace(/\$\d+/g, '');
  } while (text !== previous);
  return text;
}

function assertBalanced(text: string): void {
  const closing: Record<string, string> = { ')': '(', '}': '{', '>': '<' };
  const stack: string[] = [];
  for (const [index, char] of [...text.replace(/->/g, '  ')].entries()) {
    if ('({<'.includes(char)) stack.push(char);
    else if (char in closing) assert.equal(stack.pop(), closing[char], `unbalanced ${char} at ${index} in ${text}`);
  }
  assert.deepEqual(stack, [], `unclosed ${stack.join('')} in ${text}`);
}

let grammar: IGrammar;

describe('snippets', () => {
  before(async () => {
    grammar = await loadWitGrammar();
  });

  it('cover the main constructs', () => {
    const prefixes = Object.values(snippets).flatMap((s) => (Array.isArray(s.prefix) ? s.prefix : [s.prefix]));
    for (const wanted of ['package', 'interface', 'world', 'record', 'variant', 'enum', 'flags', 'resource',
      'func', 'import', 'export', 'use']) {
      assert.ok(prefixes.includes(wanted), `no snippet with prefix ${wanted}`);
    }
  });

  for (const [name, snippet] of Object.entries(snippets)) {
    it(`${name}: has a description, a first tab stop and a clean expansion`, () => {
      assert.ok(snippet.description.length > 10, 'description too short');
      const body = Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body;
      assert.match(body, /\$\{?1\b/, 'no first tab stop');
      const text = expandDefaults(snippet.body);
      assert.doesNotMatch(text, /\$/, 'placeholder left after expansion');
      assertBalanced(text);
      const invalid = tokenizeWit(grammar, text).flat().filter((t) => t.scopes.some((s) => s.startsWith('invalid.')));
      assert.deepEqual(invalid, []);
      const coloured = tokenizeWit(grammar, text).flat().filter((t) => t.text.trim() && t.scopes.length > 0);
      assert.ok(coloured.length > 0, 'nothing in the expansion was coloured');
    });
  }
});
