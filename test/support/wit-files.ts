import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fixtures, repoRoot } from './paths.js';

/** Every `.wit` file under `dir` (recursively), sorted. */
export function witFilesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      if (name === 'node_modules' || name === 'out') continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.wit')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** The project's own WIT: fixtures under test/ and the examples. */
export function projectWit(): { path: string; text: string }[] {
  return [...witFilesUnder(join(repoRoot, 'test')), ...witFilesUnder(join(repoRoot, 'examples'))].map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}

/** The format fixtures and the language server's package: comments, gates, nesting, docs. */
export function ideTexts(): string[] {
  const out: string[] = [];
  for (const dir of [join(fixtures, 'format'), join(fixtures, 'lsp', 'shop')]) {
    for (const f of readdirSync(dir)) if (f.endsWith('.wit')) out.push(readFileSync(join(dir, f), 'utf8').replace(/^\uFEFF/, ''));
  }
  return out;
}
