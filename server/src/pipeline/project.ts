// What kind of component project a folder holds and where its WIT is (from its files alone: the
// WIT analyzer is not loaded here; world.ts picks the world).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PipelineError } from './errors.js';

export type Language = 'javascript' | 'typescript' | 'c' | 'rust' | 'go' | 'python';

export interface Project {
  dir: string;
  /** `DIR/wit` when it exists, else DIR itself (WIT files beside the sources). */
  witDir: string;
  language: Language;
  /** The source entry point (JS/TS module, Python module), when the language has one. */
  entry?: string;
  /** C sources. */
  sources?: string[];
}

const isFile = (p: string) => {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
};
const isDir = (p: string) => {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
};
const list = (dir: string) => {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
};

export function findWitDir(dir: string): string | undefined {
  if (isDir(path.join(dir, 'wit'))) return path.join(dir, 'wit');
  if (list(dir).some((f) => f.endsWith('.wit'))) return dir;
  return undefined;
}

const jsEntries = ['src/index.ts', 'src/index.js', 'src/component.ts', 'src/component.js', 'index.ts', 'index.js', 'component.ts', 'component.js', 'app.js', 'src/index.mts', 'src/index.mjs', 'index.mjs'];

/** Detects the project in `dir`. Throws `no-project` when there is none. */
export function detectProject(dir: string): Project {
  const abs = path.resolve(dir);
  if (!isDir(abs)) throw new PipelineError('no-project', `no such folder: ${dir}`);
  const witDir = findWitDir(abs);
  if (!witDir) throw new PipelineError('no-project', `no WIT in ${dir}: expected a \`wit/\` folder or \`.wit\` files`);
  if (isFile(path.join(abs, 'package.json'))) {
    let entry: string | undefined;
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(abs, 'package.json'), 'utf8')) as { main?: string; witTools?: { entry?: string } };
      const declared = pkg.witTools?.entry ?? pkg.main;
      if (declared && /\.[cm]?[jt]s$/.test(declared) && isFile(path.join(abs, declared))) entry = path.join(abs, declared);
    } catch {
      throw new PipelineError('no-project', `${path.join(dir, 'package.json')} is not valid JSON`);
    }
    entry ??= jsEntries.map((e) => path.join(abs, e)).find(isFile);
    if (!entry) throw new PipelineError('no-project', `no entry module in ${dir}: set "main" in package.json, or add src/index.ts or index.js`);
    return { dir: abs, witDir, language: /\.[cm]?ts$/.test(entry) ? 'typescript' : 'javascript', entry };
  }
  if (isFile(path.join(abs, 'Cargo.toml'))) return { dir: abs, witDir, language: 'rust' };
  if (isFile(path.join(abs, 'go.mod'))) return { dir: abs, witDir, language: 'go' };
  if (isFile(path.join(abs, 'pyproject.toml')) || isFile(path.join(abs, 'app.py'))) {
    return { dir: abs, witDir, language: 'python', entry: isFile(path.join(abs, 'app.py')) ? path.join(abs, 'app.py') : undefined };
  }
  const cSources = [abs, path.join(abs, 'src')].flatMap((d) => list(d).filter((f) => f.endsWith('.c')).map((f) => path.join(d, f))).sort();
  if (cSources.length) return { dir: abs, witDir, language: 'c', sources: cSources };
  throw new PipelineError('no-project', `no component project in ${dir}: expected package.json (JavaScript or TypeScript), Cargo.toml (Rust), go.mod (Go), app.py (Python) or .c files beside the WIT; or give a build command`);
}

