// The project file `wit-tools.toml`: found by walking up from a package, read and parsed (the
// parsing is pure, in lint/config.ts). Shared by `wit-tools lint` and the language server.
import * as nodeFs from 'node:fs';
import * as nodePath from 'node:path';
import type { Diagnostic } from '../syntax/index.js';
import { defaultLintConfig, parseLintConfig, type LintConfig } from '../lint/index.js';

export const configFileName = 'wit-tools.toml';

export interface FoundLintConfig {
  config: LintConfig;
  /** The folder of the config file (what `ignore` globs are relative to). */
  dir?: string;
  file?: string;
  errors: Diagnostic[];
}

/** Reads and parses one config file. */
export function readLintConfig(file: string): FoundLintConfig {
  let text: string;
  try {
    text = nodeFs.readFileSync(file, 'utf8');
  } catch (e) {
    return { config: defaultLintConfig, file, dir: nodePath.dirname(file), errors: [{ severity: 'error', code: 'config-unreadable', message: `failed to read ${file}: ${(e as Error).message}`, file, span: { start: 0, end: 0 } }] };
  }
  const { config, errors } = parseLintConfig(text, file);
  return { config, dir: nodePath.dirname(file), file, errors };
}

/** The config for `path`: the first `wit-tools.toml` walking up from it to the root, else the default. */
export function findLintConfig(path: string): FoundLintConfig {
  let dir = nodePath.resolve(path);
  try {
    if (!nodeFs.statSync(dir).isDirectory()) dir = nodePath.dirname(dir);
  } catch {
    dir = nodePath.dirname(dir);
  }
  for (;;) {
    const file = nodePath.join(dir, configFileName);
    if (nodeFs.existsSync(file)) return readLintConfig(file);
    const up = nodePath.dirname(dir);
    if (up === dir) return { config: defaultLintConfig, errors: [] };
    dir = up;
  }
}

