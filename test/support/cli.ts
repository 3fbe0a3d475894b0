// Runs the `wit-tools` CLI (bin/wit-tools.js) as a user's shell would: its exit code and output.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

export const cliBin = join(repoRoot, 'bin', 'wit-tools.js');

export function runCli(args: string[], options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(process.execPath, [cliBin, ...args], {
    cwd: options.cwd ?? repoRoot, input: options.input ?? '', encoding: 'utf8', timeout: 120_000,
    env: { ...process.env, ...options.env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
