// What a sandboxed component may touch. Nothing by default: no preopened directories, no host
// environment, no network, no arguments beyond its name, no working directory.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PipelineError } from './errors.js';

export interface DirGrant {
  /** The host directory (absolute). */
  host: string;
  /** Where the guest sees it. */
  guest: string;
  writable: boolean;
}

export interface Grants {
  dirs?: DirGrant[];
  /** The whole environment the guest sees. */
  env?: Record<string, string>;
  allowNetwork?: boolean;
}

export interface Limits {
  /** Wall-clock limit for one run or call, in milliseconds (default 10 000). */
  timeoutMs?: number;
  /** Memory limit in MB (default 512): each linear memory, the JavaScript heap, and (on Linux) the process. */
  maxMemoryMB?: number;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_MEMORY_MB = 512;

/** `HOST[::GUEST][:rw]` (read-only unless `:rw`); HOST is resolved against `cwd` and must be a folder. */
export function parseDirGrant(spec: string, cwd: string): DirGrant {
  let s = spec;
  let writable = false;
  if (s.endsWith(':rw')) {
    writable = true;
    s = s.slice(0, -3);
  } else if (s.endsWith(':ro')) {
    s = s.slice(0, -3);
  }
  const sep = s.indexOf('::');
  const hostPart = sep < 0 ? s : s.slice(0, sep);
  const guest = sep < 0 ? hostPart : s.slice(sep + 2);
  if (!hostPart || !guest) throw new PipelineError('bad-grant', `\`--dir ${spec}\`: expected HOST, HOST::GUEST, HOST:rw or HOST::GUEST:rw`);
  const host = path.resolve(cwd, hostPart);
  let st: fs.Stats;
  try {
    st = fs.statSync(host);
  } catch {
    throw new PipelineError('bad-grant', `\`--dir ${spec}\`: no such directory: ${host}`);
  }
  if (!st.isDirectory()) throw new PipelineError('bad-grant', `\`--dir ${spec}\`: not a directory: ${host}`);
  return { host: fs.realpathSync(host), guest, writable };
}

/** `KEY=VALUE`. */
export function parseEnvGrant(spec: string): [string, string] {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new PipelineError('bad-grant', `\`--env ${spec}\`: expected KEY=VALUE`);
  return [spec.slice(0, eq), spec.slice(eq + 1)];
}

export function normalizeLimits(limits: Limits): Required<Limits> {
  const timeoutMs = limits.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxMemoryMB = limits.maxMemoryMB ?? DEFAULT_MAX_MEMORY_MB;
  if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs)) throw new PipelineError('bad-grant', `the time limit must be a positive number of seconds`);
  if (!(maxMemoryMB >= 16) || !Number.isFinite(maxMemoryMB) || maxMemoryMB > 65536) throw new PipelineError('bad-grant', `the memory limit must be between 16 and 65536 MB`);
  return { timeoutMs, maxMemoryMB: Math.floor(maxMemoryMB) };
}
