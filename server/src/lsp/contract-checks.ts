// The checks of a WIT contract beyond wit-parser's verdict, for the editor: lint findings (with
// their fixes) and the breaking changes since `wit.breaking.against` (default `git:HEAD`), each
// a diagnostic linking to its rule's page, and a count for the code lens above the package.
//
// Lint is pure and runs with every analysis. The old version for breaking changes is read once
// per commit (git runs only in a trusted workspace: a repository's config can make git run
// programs) and compared with the live buffers on every analysis.
import { existsSync } from 'node:fs';
import * as nodePath from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Diagnostic } from '../syntax/index.js';
import { breakingRuleUri, compareVersions, type BreakingReport } from '../semantic/breaking.js';
import { nestedPackages } from '../semantic/print.js';
import { lintAnalysis, ruleHelpUri, type LintFinding } from '../lint/index.js';
import { findLintConfig } from '../workspace/lint-config.js';
import { gitCommit, readPackageVersion, type PackageVersion } from '../workspace/package-version.js';
import type { Snapshot } from '../workspace/workspace.js';

export interface ContractSettings {
  /** `auto`: where a wit-tools.toml is found (the project asked for it); `on`: everywhere, with the default rules. */
  lint: 'auto' | 'on' | 'off';
  /** `git:HEAD`, `git:REF`, a path; empty: off. */
  against: string;
}

export interface ContractResult {
  lint: LintFinding[];
  breaking: Diagnostic[];
  report?: BreakingReport;
  /** `HEAD`, `v1.0.0`: what the lens says the changes are since. */
  since?: string;
}

/** The folder the rule pages ship in (docs/ beside the server, in the repository and the .vsix). */
function docsDir(): string | undefined {
  let dir = nodePath.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(nodePath.join(dir, 'docs', 'rules'))) return nodePath.join(dir, 'docs');
    dir = nodePath.dirname(dir);
  }
  return undefined;
}

const docs = docsDir();

const hrefs = new Map<string, string>();

/** A rule's page: the file shipped with the server when it is there (works offline), else the web page. */
export function ruleHref(code: string, kind: 'lint' | 'breaking'): string {
  const key = `${kind}:${code}`;
  let href = hrefs.get(key);
  if (href === undefined) hrefs.set(key, (href = findRuleHref(code, kind)));
  return href;
}

function findRuleHref(code: string, kind: 'lint' | 'breaking'): string {
  if (docs) {
    const file = kind === 'lint' ? nodePath.join(docs, 'rules', `${code}.md`) : nodePath.join(docs, 'breaking.md');
    if (existsSync(file)) return pathToFileURL(file).href + (kind === 'breaking' ? `#${code}` : '');
  }
  return kind === 'lint' ? ruleHelpUri(code) : breakingRuleUri(code);
}

export class ContractChecks {
  /** Per root and setting: the old version, and the commit it was read at. */
  private readonly old = new Map<string, { commit: string; checkedAt: number; version?: PackageVersion; pending?: Promise<void> }>();
  private readonly configs = new Map<string, ReturnType<typeof findLintConfig>>();

  constructor(private readonly log: (msg: string) => void, private readonly reanalyse: (root: string) => void) {}

  /** wit-tools.toml changed somewhere: read configs again. */
  configChanged(): void {
    this.configs.clear();
  }

  /** Everything this root's analysis gets beyond wit-parser's diagnostics. */
  check(snap: Snapshot, settings: ContractSettings, trusted: boolean): ContractResult {
    const out: ContractResult = { lint: [], breaking: [] };
    const a = snap.analysis;
    if (!a.resolve || a.main === undefined || a.diagnostics.some((d) => d.severity === 'error')) return out;
    let cfg = settings.lint === 'off' ? undefined : this.configs.get(snap.root);
    if (!cfg && settings.lint !== 'off') { cfg = findLintConfig(snap.root); this.configs.set(snap.root, cfg); }
    if (cfg && (settings.lint === 'on' || cfg.file)) {
      try {
        out.lint = lintAnalysis(a, cfg.config, cfg.dir);
      } catch (e) {
        this.log(`lint of ${snap.root} failed: ${(e as Error).stack ?? e}`);
      }
      for (const err of cfg.errors) out.lint.push({ diagnostic: err, fixes: [] });
    }
    if (settings.against && trusted) this.breaking(snap, settings.against, out);
    return out;
  }

  private breaking(snap: Snapshot, against: string, out: ContractResult): void {
    const key = `${snap.root}\0${against}`;
    const now = Date.now();
    let entry = this.old.get(key);
    // Which commit the ref names, asked at most every two seconds.
    if (!entry || (now - entry.checkedAt > 2000 && !entry.pending)) {
      const commit = against.startsWith('git:') ? gitCommit(against.slice(4) || 'HEAD', snap.root) : against;
      if (commit === undefined) { this.old.set(key, { commit: '', checkedAt: now }); return; }
      if (!entry || entry.commit !== commit) {
        const fresh: { commit: string; checkedAt: number; version?: PackageVersion; pending?: Promise<void> } = { commit, checkedAt: now };
        fresh.pending = readPackageVersion(against, snap.root, { pathInTree: snap.root, features: [], allFeatures: false })
          .then((v) => { fresh.version = v; })
          .catch((e) => this.log(`reading ${against} for ${snap.root} failed: ${(e as Error).message}`))
          .finally(() => { fresh.pending = undefined; this.reanalyse(snap.root); });
        this.old.set(key, fresh);
        entry = fresh;
      } else {
        entry.checkedAt = now;
      }
    }
    const old = entry.version;
    if (!old || old.error || !old.analysis.resolve || old.packages.length === 0 || old.analysis.diagnostics.some((d) => d.severity === 'error')) return;
    const r = snap.analysis.resolve!;
    const main = snap.analysis.main!;
    const report = compareVersions({ resolve: old.analysis.resolve, packages: old.packages }, { resolve: r, packages: [main, ...nestedPackages(r, main)] });
    out.report = report;
    out.since = against.startsWith('git:') ? against.slice(4) || 'HEAD' : against;
    const pkgLoc = r.packages[main].loc;
    for (const c of report.changes) {
      // A removal is placed at the package (its old place is in no open file).
      const loc = c.side === 'new' && c.loc ? c.loc : pkgLoc;
      if (!loc) continue;
      const severity = c.class === 'breaking' && !report.version.allows ? 'warning' : 'information';
      const who = c.breaks === 'none' ? '' : `; breaks ${c.breaks === 'both' ? 'components and hosts' : c.breaks}`;
      out.breaking.push({ severity, code: c.rule, message: `since ${out.since}: ${c.message}${who}`, file: loc.file, span: { start: loc.start, end: loc.end } });
    }
    if (!report.version.allows && pkgLoc) {
      out.breaking.push({ severity: 'warning', code: 'version-too-low', message: `since ${out.since}: ${report.version.note}`, file: pkgLoc.file, span: { start: pkgLoc.start, end: pkgLoc.end } });
    }
  }
}
