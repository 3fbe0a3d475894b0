import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('repository root not found');
    dir = up;
  }
  return dir;
}

export const repoRoot = findRoot(dirname(fileURLToPath(import.meta.url)));
export const fixtures = join(repoRoot, 'test', 'fixtures');
/** The shared corpus, when this checkout sits beside it (CI and sessions), else undefined. */
export const sharedCorpus = existsSync(join(repoRoot, '..', 'shared', 'wit-corpus')) ? join(repoRoot, '..', 'shared', 'wit-corpus') : undefined;
