// `wit-tools.toml`'s `[lint]` table: parsing (every problem reported with its line, never thrown)
// and the rule set it selects. Other top-level tables belong to other commands and are left alone.
import { parse, TomlError } from 'smol-toml';
import type { Diagnostic } from '../syntax/index.js';
import { lintRules, rulesNamed } from './rules.js';
import type { LintConfig, LintRule, LintSeverity } from './types.js';

export const defaultLintConfig: LintConfig = Object.freeze({ use: ['standard'], except: [], ignore: [], severity: {} }) as LintConfig;

const severities = ['error', 'warning', 'info', 'off'];
const lintKeys = ['use', 'except', 'ignore', 'severity'];

/** Parses the text of a `wit-tools.toml`; a missing `[lint]` table is the default config. */
export function parseLintConfig(text: string, file: string): { config: LintConfig; errors: Diagnostic[] } {
  const errors: Diagnostic[] = [];
  const config: LintConfig = { use: [...defaultLintConfig.use], except: [], ignore: [], severity: {} };
  const lines = new ConfigLines(text);
  const fail = (code: string, message: string, line: number) => {
    const span = lines.span(line);
    errors.push({ severity: 'error', code, message, file, span });
  };
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (e) {
    const line = e instanceof TomlError ? e.line : 1;
    const first = (e as Error).message.split('\n')[0].replace(/^Invalid TOML document: /, '');
    fail('config-syntax', `invalid TOML: ${first}`, line);
    return { config, errors };
  }
  const lint = doc.lint;
  if (lint === undefined) return { config, errors };
  if (!isTable(lint)) {
    fail('config-bad-value', '`lint` must be a table (`[lint]`)', lines.keyLine('', 'lint'));
    return { config, errors };
  }
  for (const key of Object.keys(lint)) {
    if (!lintKeys.includes(key)) fail('config-unknown-key', `unknown key \`lint.${key}\` (expected one of ${lintKeys.join(', ')})`, lines.keyLine('lint', key));
  }
  const strings = (key: 'use' | 'except' | 'ignore'): string[] | undefined => {
    const v = lint[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
      fail('config-bad-value', `\`lint.${key}\` must be an array of strings`, lines.keyLine('lint', key));
      return undefined;
    }
    return v as string[];
  };
  for (const key of ['use', 'except'] as const) {
    const v = strings(key);
    if (!v) continue;
    const known: string[] = [];
    for (const name of v) {
      if (rulesNamed(name)) known.push(name);
      else fail('config-unknown-rule', `unknown rule or category \`${name}\` in \`lint.${key}\``, lines.valueLine('lint', key, name));
    }
    config[key] = known;
  }
  const ignore = strings('ignore');
  if (ignore) config.ignore = ignore;
  const sev = lint.severity;
  if (sev !== undefined) {
    if (!isTable(sev)) fail('config-bad-value', '`lint.severity` must be a table of rule ids to severities', lines.keyLine('lint', 'severity'));
    else {
      for (const [id, value] of Object.entries(sev)) {
        const at = lines.keyLine('lint.severity', id);
        if (!lintRules.some((r) => r.id === id)) fail('config-unknown-rule', `unknown rule \`${id}\` in \`lint.severity\``, at);
        else if (typeof value !== 'string' || !severities.includes(value)) fail('config-bad-value', `severity of \`${id}\` must be one of ${severities.join(', ')}`, at);
        else config.severity[id] = value as LintSeverity | 'off';
      }
    }
  }
  return { config, errors };
}

function isTable(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** The rules a config runs, in catalogue order, with their severities. */
export function enabledRules(config: LintConfig): { rule: LintRule; severity: LintSeverity }[] {
  const on = new Set<string>();
  for (const name of config.use) for (const r of rulesNamed(name) ?? []) on.add(r.id);
  for (const name of config.except) for (const r of rulesNamed(name) ?? []) on.delete(r.id);
  const out: { rule: LintRule; severity: LintSeverity }[] = [];
  for (const rule of lintRules) {
    if (!on.has(rule.id)) continue;
    const s = config.severity[rule.id] ?? rule.defaultSeverity;
    if (s !== 'off') out.push({ rule, severity: s });
  }
  return out;
}

/**
 * Finds the line a key or value was written on. smol-toml gives values without places, so this
 * scans the text: table headers (`[lint.severity]`), then `key =` lines (bare, quoted or dotted).
 * Best effort: an unplaceable key falls back to its table's header, then to line 1.
 */
class ConfigLines {
  private readonly starts: number[] = [0];
  private readonly lines: string[];
  constructor(private readonly text: string) {
    this.lines = text.split('\n');
    for (let i = 0, off = 0; i < this.lines.length - 1; i++) { off += this.lines[i].length + 1; this.starts.push(off); }
  }

  span(line: number): { start: number; end: number } {
    const i = Math.min(Math.max(line - 1, 0), this.lines.length - 1);
    const start = this.starts[i];
    return { start, end: start + this.lines[i].replace(/\r$/, '').length };
  }

  /** 1-based lines of table `table` ('' is the top level): [header line, first line, last line]. */
  private tables(table: string): [number, number, number][] {
    const out: [number, number, number][] = [];
    let current = '';
    let from = 1;
    const close = (to: number) => { if (current === table) out.push([from - 1, from, to]); };
    this.lines.forEach((l, i) => {
      const m = /^\s*\[\s*([^\][]+?)\s*\]/.exec(l);
      if (m && !/^\s*\[\[/.test(l)) {
        close(i);
        current = m[1].split('.').map((s) => s.trim().replace(/^"(.*)"$/, '$1')).join('.');
        from = i + 2;
      }
    });
    close(this.lines.length);
    return out;
  }

  keyLine(table: string, key: string): number {
    const esc = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const re = new RegExp(`^\\s*("${esc}"|'${esc}'|${esc})\\s*[=.]`);
    for (const [, first, last] of this.tables(table)) {
      for (let l = first; l <= last; l++) if (re.test(this.lines[l - 1] ?? '')) return l;
    }
    // `severity.x = …` in [lint], or `lint.use = …` at the top level.
    const dot = table.lastIndexOf('.');
    const parent = dot < 0 ? (table ? '' : undefined) : table.slice(0, dot);
    if (parent !== undefined) {
      const last = table.slice(dot + 1);
      const dotted = new RegExp(`^\\s*"?${last.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?\\s*\\.\\s*("${esc}"|${esc})\\s*=`);
      for (const [, first, end] of this.tables(parent)) {
        for (let l = first; l <= end; l++) if (dotted.test(this.lines[l - 1] ?? '')) return l;
      }
    }
    const header = this.tables(table)[0]?.[0];
    return header && header > 0 ? header : 1;
  }

  /** The line of `"value"` in the array of `key` (which may span lines). */
  valueLine(table: string, key: string, value: string): number {
    const at = this.keyLine(table, key);
    for (let l = at; l <= this.lines.length; l++) {
      const s = this.lines[l - 1];
      if (s.includes(`"${value}"`) || s.includes(`'${value}'`)) return l;
      if (l > at && /^\s*(\[|[A-Za-z0-9_"'-]+\s*=)/.test(s)) break;
    }
    return at;
  }
}
