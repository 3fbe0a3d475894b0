// `wit-tools lint [PATH...] [--format human|json|github|junit|sarif] [--config FILE]`: named
// lint rules over WIT packages. The rules are pure (lint/); this file reads the packages and
// the `wit-tools.toml` config and prints. A folder that is not a package is searched for them.
import * as nodeFs from 'node:fs';
import * as nodePath from 'node:path';
import { analyzeRoot } from '../semantic/analyze.js';
import type { Diagnostic } from '../syntax/index.js';
import { nodeFileSystem } from '../workspace/fs.js';
import { loadRoot } from '../workspace/loader.js';
import { decodeBinaryPackages } from '../workspace/binary-packages.js';
import { defaultLintConfig, enabledRules, lintAnalysis, ruleHelpUri, type LintFinding } from '../lint/index.js';
import { flag, has, parseArgs, UsageError } from './args.js';
import { formatHuman, relativeFile, toJsonDiagnostic, type JsonDiagnostic } from './diagnostics-output.js';
import { findingOf, formatFindings, reportFormat, type Finding, type RuleInfo } from './report.js';
import { findLintConfig, readLintConfig, type FoundLintConfig } from '../workspace/lint-config.js';

export { findLintConfig, readLintConfig, configFileName, type FoundLintConfig } from '../workspace/lint-config.js';

export const lintUsage = `usage: wit-tools lint [PATH...] [--format human|json|github|junit|sarif] [--config FILE]

Runs the lint rules (docs/rules/) over WIT packages. PATH (default \`.\`) is a .wit file, a
package folder (one with .wit files; its deps/ are read but not linted), or a folder holding
packages: then every folder beneath it with .wit files is linted as a package (node_modules,
target, deps and hidden folders are skipped; a package's sub-folders are not searched).
The rules and their severities come from the nearest wit-tools.toml above each package
(\`[lint]\` table), or from --config FILE. Exit 0 when nothing but info-level findings
were reported, 1 on any error or warning (or a WIT error), 2 on usage or config errors.`;

export interface LintIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  color: boolean;
  cwd: string;
}

const skipped = new Set(['node_modules', 'target', 'deps']);

function hasWitFiles(dir: string): boolean {
  try {
    return nodeFs.readdirSync(dir, { withFileTypes: true }).some((e) => e.name.endsWith('.wit') && !e.isDirectory());
  } catch {
    return false;
  }
}

/**
 * The package roots a PATH stands for: itself when it is a file or a folder with .wit files,
 * else every folder beneath it with .wit files (not searching inside those), sorted by path.
 */
export function expandLintPath(abs: string): string[] {
  let stat: nodeFs.Stats;
  try {
    stat = nodeFs.statSync(abs);
  } catch {
    return [abs]; // loadRoot reports it
  }
  if (!stat.isDirectory() || hasWitFiles(abs)) return [abs];
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 32) return;
    let entries: nodeFs.Dirent[];
    try {
      entries = nodeFs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (!e.isDirectory() || e.name.startsWith('.') || skipped.has(e.name)) continue;
      const sub = nodePath.join(dir, e.name);
      if (hasWitFiles(sub)) out.push(sub);
      else walk(sub, depth + 1);
    }
  };
  walk(abs, 0);
  return out;
}

interface Linted {
  path: string;
  analysisDiagnostics: Diagnostic[];
  findings: LintFinding[];
  texts: Map<string, string>;
  files: string[];
}

export function runLint(argv: string[], io: LintIo): number {
  const p = parseArgs(argv, { format: { value: true }, config: { value: true }, help: { alias: 'h' } });
  if (has(p, 'help')) {
    io.stdout(lintUsage + '\n');
    return 0;
  }
  let format;
  try {
    format = reportFormat(flag(p, 'format'));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const args = p.positional.length ? p.positional : ['.'];
  const configFlag = flag(p, 'config');
  let fixed: FoundLintConfig | undefined;
  if (configFlag !== undefined) {
    const file = nodePath.resolve(io.cwd, configFlag);
    if (!nodeFs.existsSync(file)) throw new UsageError(`config file \`${configFlag}\` does not exist`);
    fixed = readLintConfig(file);
  }
  const configs = new Map<string, FoundLintConfig>();
  const configFor = (root: string): FoundLintConfig => {
    if (fixed) return fixed;
    const found = findLintConfig(root);
    const key = found.file ?? '';
    if (!configs.has(key)) configs.set(key, found);
    return configs.get(key)!;
  };

  const linted: Linted[] = [];
  const nothing: string[] = [];
  for (const arg of args) {
    const roots = expandLintPath(nodePath.resolve(io.cwd, arg));
    if (roots.length === 0) nothing.push(arg);
    for (const root of roots) {
      const found = configFor(root);
      if (found.errors.length) continue;
      const source = loadRoot(nodeFileSystem, root);
      decodeBinaryPackages(source);
      const analysis = analyzeRoot(source);
      const findings = lintAnalysis(analysis, found.config, found.dir);
      linted.push({ path: root, analysisDiagnostics: analysis.diagnostics, findings, texts: analysis.texts, files: source.main?.files.map((f) => f.path) ?? [] });
    }
  }
  // A broken config stops the run: linting with half a config would mislead.
  const configErrors = [...(fixed ? [fixed] : configs.values())].flatMap((c) => c.errors);
  if (configErrors.length) {
    const texts = (f: string) => { try { return nodeFs.readFileSync(f, 'utf8'); } catch { return undefined; } };
    for (const d of configErrors) io.stderr(formatHuman(d, texts, { color: io.color }, io.cwd));
    return 2;
  }
  for (const arg of nothing) io.stderr(`warning: no WIT package found under \`${arg}\`\n`);

  const ruleSet = fixed ?? configs.values().next().value ?? { config: defaultLintConfig, errors: [] };
  const failing = (d: Diagnostic) => d.severity === 'error' || d.severity === 'warning';
  let failed = false;
  for (const l of linted) {
    if (l.analysisDiagnostics.some((d) => d.severity === 'error') || l.findings.some((f) => failing(f.diagnostic))) failed = true;
  }

  if (format === 'human') {
    let out = '';
    const count = { error: 0, warning: 0, information: 0, hint: 0 };
    for (const l of linted) {
      const texts = (f: string) => l.texts.get(f);
      for (const d of [...l.analysisDiagnostics, ...l.findings.map((f) => f.diagnostic)]) {
        count[d.severity]++;
        out += formatHuman(d, texts, { color: io.color }, io.cwd);
        for (const n of d.notes ?? []) out += `  = note: ${n}\n`;
        if (l.findings.some((f) => f.diagnostic === d)) out += `  = help: ${ruleHelpUri(d.code)}\n`;
        out += '\n';
      }
    }
    const n = linted.length;
    const pkgs = `${n} package${n === 1 ? '' : 's'}`;
    const parts = [[count.error, 'error'], [count.warning, 'warning'], [count.information + count.hint, 'note']].filter(([c]) => c).map(([c, w]) => `${c} ${w}${c === 1 ? '' : 's'}`);
    out += parts.length ? `${parts.join(', ')} in ${pkgs}\n` : `ok: ${pkgs} linted, no findings\n`;
    io.stdout(out);
    return failed ? 1 : 0;
  }

  if (format === 'json') {
    const results = linted.map((l) => {
      const texts = (f: string) => l.texts.get(f);
      const diagnostics: (JsonDiagnostic & { rule?: string })[] = [
        ...l.analysisDiagnostics.map((d) => toJsonDiagnostic(d, texts, io.cwd)),
        ...l.findings.map((f) => ({ ...toJsonDiagnostic(f.diagnostic, texts, io.cwd), rule: f.diagnostic.code })),
      ];
      const ok = !l.analysisDiagnostics.some((d) => d.severity === 'error') && !l.findings.some((f) => failing(f.diagnostic));
      return { path: relativeFile(l.path, io.cwd), ok, diagnostics };
    });
    io.stdout(JSON.stringify({ ok: !failed, results }) + '\n');
    return failed ? 1 : 0;
  }

  const findings: Finding[] = [];
  const checked: string[] = [];
  for (const l of linted) {
    const texts = (f: string) => l.texts.get(f);
    for (const f of l.files) checked.push(relativeFile(f, io.cwd));
    for (const d of [...l.analysisDiagnostics, ...l.findings.map((f) => f.diagnostic)]) findings.push(findingOf(d, texts, io.cwd));
  }
  // Every rule the config runs is described, not only those with findings.
  const ruleIds = new Set<string>();
  const rules: RuleInfo[] = [];
  const describe = (rule: { id: string; description: string }) => {
    if (ruleIds.has(rule.id)) return;
    ruleIds.add(rule.id);
    rules.push({ id: rule.id, description: rule.description, helpUri: ruleHelpUri(rule.id) });
  };
  for (const c of fixed ? [fixed] : configs.size ? [...configs.values()] : [ruleSet]) for (const { rule } of enabledRules(c.config)) describe(rule);
  io.stdout(formatFindings(format, 'wit-tools lint', findings, rules, checked));
  return failed ? 1 : 0;
}
