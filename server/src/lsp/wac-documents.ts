// .wac files in the language server: each open file is checked (pipeline/wac.ts: its packages
// decoded from deps/ beside it) a few milliseconds after it changes, its diagnostics published
// for that version; hover shows what a name or an expression stands for.
import * as nodePath from 'node:path';
import type { Connection, Diagnostic as LspDiagnostic, Hover } from 'vscode-languageserver/node';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LoadedWac } from '../pipeline/wac.js';
import { describeItem, type WacValue } from '../wac/check.js';

const severities = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, information: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint } as const;

export function isWacUri(uri: string): boolean {
  return uri.endsWith('.wac');
}

export class WacDocuments {
  private readonly loaded = new Map<string, { version: number; result: Promise<LoadedWac | undefined> }>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly connection: Connection, private readonly toPath: (uri: string) => string) {}

  changed(doc: TextDocument): void {
    clearTimeout(this.timers.get(doc.uri));
    this.timers.set(doc.uri, setTimeout(() => void this.check(doc), 5));
  }

  closed(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.loaded.delete(uri);
    this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private load(doc: TextDocument): Promise<LoadedWac | undefined> {
    const have = this.loaded.get(doc.uri);
    if (have && have.version === doc.version) return have.result;
    const result = import('../pipeline/wac.js').then((m) => m.loadWac(this.toPath(doc.uri), { text: doc.getText() })).catch(() => undefined);
    this.loaded.set(doc.uri, { version: doc.version, result });
    return result;
  }

  private async check(doc: TextDocument): Promise<void> {
    const version = doc.version;
    const loaded = await this.load(doc);
    if (!loaded || this.loaded.get(doc.uri)?.version !== version) return;
    const range = (start: number, end: number) => ({ start: doc.positionAt(start), end: doc.positionAt(Math.max(start, end)) });
    const diagnostics: LspDiagnostic[] = loaded.analysis.diagnostics.map((d) => ({
      range: range(d.start, d.end),
      severity: severities[d.severity],
      code: d.code,
      source: 'wac',
      message: d.message,
      relatedInformation: d.related?.map((r) => ({ message: r.message, location: { uri: doc.uri, range: range(r.span.start, r.span.end) } })),
    }));
    this.connection.sendDiagnostics({ uri: doc.uri, version, diagnostics });
  }

  async hover(doc: TextDocument, offset: number): Promise<Hover | null> {
    const loaded = await this.load(doc);
    if (!loaded) return null;
    // The innermost expression under the cursor.
    const hits = loaded.analysis.values.filter((v) => v.span.start <= offset && offset <= v.span.end).sort((a, b) => (a.span.end - a.span.start) - (b.span.end - b.span.start));
    const hit = hits[0];
    if (!hit) return null;
    return { contents: { kind: 'markdown', value: describeValue(hit.value) }, range: { start: doc.positionAt(hit.span.start), end: doc.positionAt(hit.span.end) } };
  }
}

function describeValue(v: WacValue): string {
  if (v.kind === 'item') return '```wit\n' + describeItem(v.item) + '\n```';
  const sig = v.package.signature;
  const lines = [`instance of \`${v.package.name}\` (${nodePath.basename(v.package.file)})`, '', '```wit'];
  for (const i of sig.imports) lines.push(`import ${describeItem(i).replace(/^interface /, '')};`);
  for (const e of sig.exports) lines.push(`export ${describeItem(e).replace(/^interface /, '')};`);
  lines.push('```');
  return lines.join('\n');
}
