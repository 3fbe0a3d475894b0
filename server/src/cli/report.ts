// The machine formats that `check`, `lint` and `breaking` share for CI: GitHub workflow
// annotations, JUnit XML for dashboards, and SARIF 2.1.0 for code-scanning tools. Each command
// prints its own human and JSON forms; these three are written here from one list of findings.

import type * as Sarif from 'sarif';
import type { Diagnostic } from '../syntax/index.js';
import { toJsonDiagnostic, type TextLookup } from './diagnostics-output.js';

export type ReportFormat = 'human' | 'json' | 'github' | 'junit' | 'sarif';
export const reportFormats: readonly ReportFormat[] = ['human', 'json', 'github', 'junit', 'sarif'];

/** Parses `--format`, refusing anything but the five. */
export function reportFormat(value: string | undefined, fallback: ReportFormat = 'human'): ReportFormat {
  if (value === undefined) return fallback;
  if ((reportFormats as readonly string[]).includes(value)) return value as ReportFormat;
  throw new Error(`unknown format \`${value}\` (expected ${reportFormats.join(', ')})`);
}

/** A rule (or diagnostic code) as the SARIF driver describes it. */
export interface RuleInfo {
  id: string;
  /** One sentence: what the rule finds. */
  description: string;
  /** The rule's documentation page. */
  helpUri?: string;
}

export type FindingLevel = 'error' | 'warning' | 'note';

/** One finding, placed with 1-based lines and columns; `file` relative to the working directory. */
export interface Finding {
  rule: string;
  level: FindingLevel;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

/** `error`/`warning` stay; `information`, `hint` and the like become `note`. */
export function findingLevel(severity: string): FindingLevel {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

/** A diagnostic as a finding, placed as `check --format json` places it (paths relative to `cwd`). */
export function findingOf(d: Diagnostic, texts: TextLookup, cwd?: string): Finding {
  const j = toJsonDiagnostic(d, texts, cwd);
  return { rule: d.code, level: findingLevel(d.severity), message: d.message, file: j.file, line: j.line, column: j.column, endLine: j.endLine, endColumn: j.endColumn };
}

/** Where the lint rule pages live, for links from SARIF, the editor and the human output. */
export { lintRulesBaseUri as rulesBaseUri } from '../lint/rules.js';

/** Writes `findings` in one of the three CI formats. `tool` names the run (`wit-tools lint`). */
export function formatFindings(format: 'github' | 'junit' | 'sarif', tool: string, findings: readonly Finding[], rules: readonly RuleInfo[], checked: readonly string[] = []): string {
  switch (format) {
    case 'github': return githubAnnotations(findings);
    case 'junit': return junitXml(tool, findings, checked);
    case 'sarif': return JSON.stringify(sarifLog(tool, findings, rules), null, 2) + '\n';
  }
}

// --- GitHub: https://docs.github.com/actions/reference/workflow-commands-for-github-actions

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::warning file=a.wit,line=3,col=5,endLine=3,endColumn=9,title=unused-use::…` per finding. */
export function githubAnnotations(findings: readonly Finding[]): string {
  return findings.map((f) => {
    const command = f.level === 'note' ? 'notice' : f.level;
    const props = [`file=${escapeProperty(f.file)}`, `line=${f.line}`, `col=${f.column}`];
    if (f.endLine !== undefined) props.push(`endLine=${f.endLine}`);
    if (f.endColumn !== undefined && (f.endLine === undefined || f.endLine === f.line)) props.push(`endColumn=${f.endColumn}`);
    props.push(`title=${escapeProperty(f.rule)}`);
    return `::${command} ${props.join(',')}::${escapeData(f.message)}\n`;
  }).join('');
}

// --- JUnit: one test case per file checked (or per rule for findings outside any file), a failure per finding.

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function junitXml(tool: string, findings: readonly Finding[], checked: readonly string[]): string {
  const files = [...new Set([...checked, ...findings.map((f) => f.file)])];
  const failures = findings.filter((f) => f.level !== 'note').length;
  let out = '<?xml version="1.0" encoding="UTF-8"?>\n';
  out += `<testsuites name="${xml(tool)}" tests="${files.length}" failures="${failures}">\n`;
  out += `  <testsuite name="${xml(tool)}" tests="${files.length}" failures="${failures}" errors="0">\n`;
  for (const file of files) {
    const mine = findings.filter((f) => f.file === file);
    out += `    <testcase classname="${xml(tool)}" name="${xml(file)}"${mine.length ? '>\n' : ' />\n'}`;
    for (const f of mine) {
      const where = `${f.file}:${f.line}:${f.column}`;
      if (f.level === 'note') out += `      <system-out>${xml(`${where}: ${f.rule}: ${f.message}`)}</system-out>\n`;
      else out += `      <failure type="${xml(f.rule)}" message="${xml(f.message)}">${xml(`${where}: ${f.level}[${f.rule}]: ${f.message}`)}</failure>\n`;
    }
    if (mine.length) out += '    </testcase>\n';
  }
  out += '  </testsuite>\n</testsuites>\n';
  return out;
}

// --- SARIF 2.1.0: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
// Typed with @types/sarif (the schema's definitions as TypeScript), so the compiler holds the log
// to the standard's shape.

export function sarifLog(tool: string, findings: readonly Finding[], rules: readonly RuleInfo[]): Sarif.Log {
  const known = new Map(rules.map((r) => [r.id, r]));
  // Every rule a finding names is described, even one the caller did not list.
  const described = [...rules];
  for (const f of findings) {
    if (!known.has(f.rule)) {
      const r = { id: f.rule, description: f.rule };
      known.set(f.rule, r);
      described.push(r);
    }
  }
  const index = new Map(described.map((r, i) => [r.id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'wit-tools',
          fullName: tool,
          informationUri: 'https://github.com/wit-tools/wit-tools',
          rules: described.map((r) => ({
            id: r.id,
            shortDescription: { text: r.description },
            fullDescription: { text: r.description },
            ...(r.helpUri ? { helpUri: r.helpUri, help: { text: `${r.description} See ${r.helpUri}` } } : {}),
          })),
        },
      },
      results: findings.map((f) => ({
        ruleId: f.rule,
        ruleIndex: index.get(f.rule),
        level: f.level,
        message: { text: f.message },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: f.file.split('\\').join('/') },
            region: {
              startLine: f.line,
              startColumn: f.column,
              ...(f.endLine !== undefined ? { endLine: f.endLine } : {}),
              ...(f.endColumn !== undefined ? { endColumn: f.endColumn } : {}),
            },
          },
        }],
      })),
    }],
  };
}
