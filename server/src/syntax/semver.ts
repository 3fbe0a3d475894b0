// Semantic versions as wit-parser reads them (through the `semver` crate): parsing, comparison,
// and the crate's error wording for text that is not a version.

export interface SemVer {
  major: bigint;
  minor: bigint;
  patch: bigint;
  pre: string;
  build: string;
}

type Position = 'major version number' | 'minor version number' | 'patch version number' | 'pre-release identifier' | 'build metadata';

const U64_MAX = (1n << 64n) - 1n;

function quoted(ch: string): string {
  if (ch === "'") return "'\\''";
  if (ch === '\\') return "'\\\\'";
  if (ch === '\n') return "'\\n'";
  if (ch === '\t') return "'\\t'";
  if (ch === '\r') return "'\\r'";
  return `'${ch}'`;
}

class SemverError extends Error {}

function numeric(s: string, i: number, pos: Position): [bigint, number] {
  let j = i;
  while (j < s.length && s[j] >= '0' && s[j] <= '9') j++;
  if (j === i) {
    if (i >= s.length) throw new SemverError(`unexpected end of input while parsing ${pos}`);
    throw new SemverError(`unexpected character ${quoted(s[i])} while parsing ${pos}`);
  }
  if (s[i] === '0' && j - i > 1) throw new SemverError(`invalid leading zero in ${pos}`);
  const v = BigInt(s.slice(i, j));
  if (v > U64_MAX) throw new SemverError(`value of ${pos} exceeds u64::MAX`);
  return [v, j];
}

function dot(s: string, i: number, pos: Position): number {
  if (s[i] === '.') return i + 1;
  if (i >= s.length) throw new SemverError(`unexpected end of input while parsing ${pos}`);
  throw new SemverError(`unexpected character ${quoted(s[i])} after ${pos}`);
}

function identifier(s: string, i: number, pos: Position): [string, number] {
  const start = i;
  let segStart = i;
  for (;;) {
    let j = segStart;
    let nondigit = false;
    while (j < s.length && /[A-Za-z0-9-]/.test(s[j])) {
      if (!/[0-9]/.test(s[j])) nondigit = true;
      j++;
    }
    if (j === segStart) {
      if (segStart === start && s[j] !== '.') return ['', j];
      throw new SemverError(`empty identifier segment in ${pos}`);
    }
    if (pos === 'pre-release identifier' && j - segStart > 1 && !nondigit && s[segStart] === '0') {
      throw new SemverError(`invalid leading zero in ${pos}`);
    }
    if (s[j] === '.') { segStart = j + 1; continue; }
    return [s.slice(start, j), j];
  }
}

/** Parses `text` as a semver version; throws with the `semver` crate's message. */
export function parseSemver(text: string): SemVer {
  if (text.length === 0) throw new SemverError('empty string, expected a semver version');
  let i = 0;
  const [major, a] = numeric(text, i, 'major version number');
  i = dot(text, a, 'major version number');
  const [minor, b] = numeric(text, i, 'minor version number');
  i = dot(text, b, 'minor version number');
  const [patch, c] = numeric(text, i, 'patch version number');
  i = c;
  let last: Position = 'patch version number';
  let pre = '';
  let build = '';
  if (text[i] === '-') {
    // `1.0.0-` is accepted, with an empty pre-release, as the `semver` crate accepts it.
    [pre, i] = identifier(text, i + 1, 'pre-release identifier');
    last = 'pre-release identifier';
  }
  if (text[i] === '+') {
    [build, i] = identifier(text, i + 1, 'build metadata');
    last = 'build metadata';
  }
  if (i < text.length) throw new SemverError(`unexpected character ${quoted(text[i])} after ${last}`);
  return { major, minor, patch, pre, build };
}

/** The `semver` crate's complaint about `text`, or undefined when it is a version. */
export function checkSemver(text: string): string | undefined {
  try {
    parseSemver(text);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Total order of semver precedence (build metadata ignored, as the crate's `cmp_precedence`). */
export function compareSemver(a: SemVer, b: SemVer): number {
  for (const k of ['major', 'minor', 'patch'] as const) {
    if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  }
  if (a.pre === b.pre) return 0;
  if (a.pre === '') return 1;
  if (b.pre === '') return -1;
  const pa = a.pre.split('.');
  const pb = b.pre.split('.');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    const xn = /^[0-9]+$/.test(x);
    const yn = /^[0-9]+$/.test(y);
    if (xn && yn) {
      const d = BigInt(x) - BigInt(y);
      if (d !== 0n) return d < 0n ? -1 : 1;
    } else if (xn !== yn) {
      return xn ? -1 : 1;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return pa.length - pb.length;
}

export function formatSemver(v: SemVer): string {
  return `${v.major}.${v.minor}.${v.patch}${v.pre ? `-${v.pre}` : ''}${v.build ? `+${v.build}` : ''}`;
}
