// `wit-tools breaking NEW --against OLD [--format human|json|github|junit|sarif]`
import type { Diagnostic } from '../syntax/index.js';
import { breakingRules, breakingRuleUri, compareVersions, type BreakingChange, type BreakingReport } from '../semantic/breaking.js';
import type { Resolve } from '../semantic/model.js';
import { readPackageVersion, type PackageVersion } from '../workspace/package-version.js';
import { flag, has, parseArgs, UsageError } from './args.js';
import { featureOptions } from './check.js';
import * as nodePath from 'node:path';
import { formatHuman, relativeFile, toJsonDiagnostic } from './diagnostics-output.js';
import { findingOf, formatFindings, reportFormat, type Finding } from './report.js';

export const breakingUsage = `usage: wit-tools breaking [NEW] --against OLD [--world NAME] [--format human|json|github|junit|sarif]
                         [--features a,b | --all-features]

Lists every change between two versions of a WIT package, with the side it breaks, and says for
every world of both whether a component built against OLD still fits where NEW is expected (the
predicate of \`wasm-tools component semver-check\`) and the other way round. Exit 1 when NEW's
package version does not allow its changes (or, without versions, when a change is breaking).

  NEW, OLD    a package folder (default \`.\`), a .wit file, a .wasm (a component or a WIT
              package), or git:REF — the same path as it is at that commit (git:HEAD, git:v1.0.0)
  --world     compare one world only; a component's world is compared with it`;

export interface BreakingIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  color: boolean;
  cwd: string;
}


export async function runBreaking(argv: string[], io: BreakingIo): Promise<number> {
  const p = parseArgs(argv, {
    against: { value: true },
    world: { value: true },
    format: { value: true },
    features: { value: true, repeat: true },
    'all-features': {},
    help: { alias: 'h' },
  });
  if (has(p, 'help')) {
    io.stdout(breakingUsage + '\n');
    return 0;
  }
  let format;
  try { format = reportFormat(flag(p, 'format')); } catch (e) { throw new UsageError((e as Error).message); }
  const against = flag(p, 'against');
  if (!against) throw new UsageError('breaking needs `--against OLD`');
  if (p.positional.length > 1) throw new UsageError('breaking compares one NEW with one OLD');
  const newSpec = p.positional[0] ?? '.';
  if (newSpec.startsWith('git:')) throw new UsageError('NEW is a path; only OLD can be `git:REF`');
  const options = featureOptions(p);
  const newVersion = await readPackageVersion(newSpec, io.cwd, options);
  const oldVersion = await readPackageVersion(against, io.cwd, { ...options, pathInTree: nodePath.resolve(io.cwd, newSpec) });
  let failed = false;
  for (const v of [newVersion, oldVersion]) {
    if (v.error) { io.stderr(`error: ${v.label}: ${v.error}\n`); failed = true; continue; }
    const errors = v.analysis.diagnostics.filter((d) => d.severity === 'error');
    for (const d of errors) io.stderr(formatHuman(d, (f) => v.analysis.texts.get(f), { color: io.color }, io.cwd) + '\n');
    if (errors.length) { io.stderr(`error: ${v.label} has ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing compared\n`); failed = true; }
    else if (!v.packages.length) { io.stderr(`error: ${v.label}: no package found\n`); failed = true; }
  }
  if (failed) return 1;
  const world = flag(p, 'world');
  const err = alignWorlds(oldVersion, newVersion, world);
  if (err) { io.stderr(`error: ${err}\n`); return 1; }
  const report = compareVersions(
    { resolve: oldVersion.analysis.resolve!, packages: oldVersion.packages },
    { resolve: newVersion.analysis.resolve!, packages: newVersion.packages },
  );
  if (world) report.worlds = report.worlds.filter((w) => w.name === world || w.name.endsWith(`/${world}`));
  const texts = (f: string) => newVersion.analysis.texts.get(f) ?? oldVersion.analysis.texts.get(f);
  const diagnostics = report.changes.map((c) => changeDiagnostic(c));
  if (format === 'json') io.stdout(JSON.stringify(jsonReport(report, diagnostics, texts, io.cwd)) + '\n');
  else if (format === 'human') io.stdout(humanReport(report, diagnostics, texts, io, newVersion.label, oldVersion.label));
  else {
    const findings: Finding[] = diagnostics.map((d) => findingOf(d, texts, io.cwd));
    if (!report.version.allows) findings.push({ rule: 'version-too-low', level: 'error', message: report.version.note, file: findings[0]?.file ?? newSpec, line: 1, column: 1 });
    const rules = [...breakingRules, { id: 'version-too-low', description: 'the package version does not allow its changes' }].map((r) => ({ ...r, helpUri: breakingRuleUri(r.id) }));
    const checked = [...newVersion.analysis.texts.keys()].map((f) => relativeFile(f, io.cwd));
    io.stdout(formatFindings(format, 'wit-tools breaking', findings, rules, checked.length ? checked : [newSpec]));
  }
  return report.version.allows ? 0 : 1;
}


/** A component's only world is compared with NEW's (or OLD's) world of that name. */
function alignWorlds(a: PackageVersion, b: PackageVersion, world: string | undefined): string | undefined {
  for (const [comp, other] of [[a, b], [b, a]] as const) {
    if (!comp.component) continue;
    const r = comp.analysis.resolve!;
    const pkg = r.packages[comp.packages[0]];
    let target = world;
    if (!target) {
      const names = otherWorlds(other);
      if (names.length !== 1) return `${comp.label} is a component: say which world of ${other.label} to compare it with (--world NAME; it has ${names.join(', ') || 'none'})`;
      target = names[0];
    }
    renameWorld(r, pkg.worlds, target);
    if (other.component) continue;
    other.packages = other.packages.slice(0, 1);
  }
  return undefined;
}

function otherWorlds(v: PackageVersion): string[] {
  const r = v.analysis.resolve!;
  return v.packages.flatMap((id) => [...r.packages[id].worlds.keys()]);
}

function renameWorld(r: Resolve, worlds: Map<string, number>, to: string): void {
  const [[, id]] = [...worlds];
  worlds.clear();
  worlds.set(to, id);
  r.worlds[id].name = to;
}

function changeDiagnostic(c: BreakingChange): Diagnostic {
  const severity = c.class === 'breaking' ? 'error' : c.breaks === 'none' ? 'information' : 'warning';
  const who = c.breaks === 'none' ? 'breaks nothing' : c.breaks === 'both' ? 'breaks components and hosts built against the old version' : `breaks ${c.breaks === 'components' ? 'components built against the old version' : c.breaks === 'hosts' ? 'hosts written for the old version' : `${c.breaks} built against the old version`}`;
  return { severity, code: c.rule, message: `${c.message}; ${who}`, file: c.loc?.file ?? '', span: { start: c.loc?.start ?? 0, end: c.loc?.end ?? 0 } };
}

function jsonReport(report: BreakingReport, diagnostics: Diagnostic[], texts: (f: string) => string | undefined, cwd: string): unknown {
  return {
    compatible: report.compatible,
    worlds: report.worlds.map((w) => ({ name: w.name, compatible: w.compatible, reverseCompatible: w.reverseCompatible, why: w.why, whyReverse: w.whyReverse })),
    changes: report.changes.map((c, i) => {
      const j = toJsonDiagnostic(diagnostics[i], texts, cwd);
      return { rule: c.rule, breaks: c.breaks, class: c.class, message: c.message, in: c.side, file: j.file, line: j.line, column: j.column };
    }),
    requiredBump: report.version.required,
    version: { old: report.version.old ?? null, new: report.version.new ?? null, minimum: report.version.minimum ?? null, allows: report.version.allows, note: report.version.note },
  };
}

function humanReport(report: BreakingReport, diagnostics: Diagnostic[], texts: (f: string) => string | undefined, io: BreakingIo, newLabel: string, oldLabel: string): string {
  let out = '';
  diagnostics.forEach((d) => { out += formatHuman(d, texts, { color: io.color }, io.cwd) + '\n'; });
  for (const w of report.worlds) {
    out += `world \`${w.name}\`: ${w.compatible ? 'compatible' : 'NOT compatible'} — components built against ${oldLabel} ${w.compatible ? 'fit' : 'do not fit'} where ${newLabel} is expected\n`;
    for (const why of w.why) out += `  - ${why}\n`;
    out += `  reverse: ${w.reverseCompatible ? 'compatible' : 'not compatible'} — components built against ${newLabel} ${w.reverseCompatible ? 'fit' : 'do not fit'} where ${oldLabel} is expected (hosts written for the old version)\n`;
  }
  const counts = { breaking: 0, addition: 0, none: 0 };
  for (const c of report.changes) counts[c.class]++;
  out += `${report.changes.length} change${report.changes.length === 1 ? '' : 's'}: ${counts.breaking} breaking, ${counts.addition} additive\n`;
  const v = report.version;
  out += `version: ${v.old ?? '(none)'} → ${v.new ?? '(none)'}: ${v.required === 'none' ? 'no bump needed' : `needs a ${v.required} bump${v.minimum ? ` (at least ${v.minimum})` : ''}`}; ${v.allows ? 'ok' : 'NOT ALLOWED'}${v.note ? ` — ${v.note}` : ''}\n`;
  return out;
}
