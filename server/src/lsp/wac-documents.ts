// .wac files in the language server: each open file is checked (pipeline/wac.ts: its packages
// decoded from deps/ beside it) a few milliseconds after it changes, its diagnostics published
// for that version; hover shows what a name or an expression stands for.
import * as nodePath from 'node:path';
import * as fs from 'node:fs';
import type { CodeLens, CompletionItem, Connection, Diagnostic as LspDiagnostic, Hover, Location, Range } from 'vscode-languageserver/node';
import { CompletionItemKind, DiagnosticSeverity } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ExternItem } from '../pipeline/types.js';
import type { LoadedWac } from '../pipeline/wac.js';
import { printComponentInterface, printComponentWorld } from '../pipeline/wit-print.js';
import { describeItem, shortName, type WacValue } from '../wac/check.js';
import { formatWac } from '../wac/format.js';
import { compositionGraph, type CompositionGraphData, type GraphInstance } from '../wac/graph.js';
import { wacDefinition } from '../wac/navigate.js';

const severities = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, information: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint } as const;

/** The whole-file edit that formats a .wac document (none when it has syntax errors or is formatted). */
export function wacFormatEdits(doc: TextDocument, options: { tabSize?: number; insertSpaces?: boolean }): { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[] {
  const r = formatWac(doc.getText(), { indent: options.insertSpaces === false ? 2 : (options.tabSize ?? 2) });
  if ('error' in r || !r.changed) return [];
  return [{ range: { start: { line: 0, character: 0 }, end: doc.positionAt(doc.getText().length) }, newText: r.text }];
}

export function isWacUri(uri: string): boolean {
  return uri.endsWith('.wac');
}

export class WacDocuments {
  private readonly loaded = new Map<string, { version: number; result: Promise<LoadedWac | undefined> }>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly connection: Connection, private readonly toPath: (uri: string) => string, private readonly toUri: (path: string) => string) {}

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

  /** Completion: package names after `new`, an instance's exports after `name.`, a package's imports inside its braces. */
  async completion(doc: TextDocument, offset: number): Promise<CompletionItem[]> {
    const before = doc.getText().slice(0, offset);
    const loaded = await this.load(doc);
    if (/\bnew\s+[a-z0-9:-]*$/.test(before)) return this.packageNames(doc).map((name) => ({ label: name, kind: CompletionItemKind.Module, detail: 'package in deps/' }));
    const access = /([A-Za-z%][A-Za-z0-9-]*)\.[A-Za-z0-9-]*$/.exec(before);
    if (access && loaded) {
      const v = loaded.analysis.names.get(access[1])?.value;
      if (v?.kind === 'instance') return v.package.signature.exports.map((e) => ({ label: shortName(e.name), kind: e.kind === 'function' ? CompletionItemKind.Function : CompletionItemKind.Interface, detail: describeItem(e, v.package.signature) }));
      return [];
    }
    const inside = /\bnew\s+([a-z][a-z0-9-]*:[a-z0-9-:]+)(@[0-9A-Za-z.+-]+)?\s*\{[^}]*$/.exec(before);
    if (inside && loaded) {
      const inst = loaded.analysis.instances.find((i) => i.package.name === inside[1]);
      if (inst) return inst.package.signature.imports.map((i) => ({ label: shortName(i.name), kind: CompletionItemKind.Field, detail: describeItem(i, inst.package.signature), insertText: `${shortName(i.name)}: ` }));
    }
    if (!loaded) return [];
    return [...loaded.analysis.names.keys()].map((n) => ({ label: n, kind: CompletionItemKind.Variable }));
  }

  private packageNames(doc: TextDocument): string[] {
    const deps = nodePath.join(nodePath.dirname(this.toPath(doc.uri)), 'deps');
    const out: string[] = [];
    try {
      for (const ns of fs.readdirSync(deps, { withFileTypes: true })) {
        if (!ns.isDirectory()) continue;
        for (const f of fs.readdirSync(nodePath.join(deps, ns.name))) if (f.endsWith('.wasm')) out.push(`${ns.name}:${f.replace(/\.wasm$/, '')}`);
      }
    } catch {
      // no deps/
    }
    return out.sort();
  }

  /** Go to definition: a `let`, or the place in a component's WIT that a package, access or argument names. */
  async definition(doc: TextDocument, offset: number): Promise<Location[]> {
    const loaded = await this.load(doc);
    if (!loaded) return [];
    const target = wacDefinition(loaded.document, loaded.analysis, offset);
    if (!target) return [];
    if (target.kind === 'local') return [{ uri: doc.uri, range: { start: doc.positionAt(target.span.start), end: doc.positionAt(target.span.end) } }];
    const file = target.package.wit;
    if (!file) return [];
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return [];
    }
    const at = witPlace(text, target.item?.item);
    const wit = TextDocument.create(this.toUri(file), 'wit', 0, text);
    return [{ uri: wit.uri, range: { start: wit.positionAt(at.start), end: wit.positionAt(at.end) } }];
  }

  /** The linked graph of the file, for the diagram (`wit/compositionGraph`); instances' places as ranges. */
  async graph(doc: TextDocument): Promise<(Omit<CompositionGraphData, 'instances'> & { instances: (Omit<GraphInstance, 'span'> & { range: Range })[] }) | null> {
    const loaded = await this.load(doc);
    if (!loaded) return null;
    const g = compositionGraph(loaded.document, loaded.analysis);
    return { ...g, instances: g.instances.map(({ span, ...i }) => ({ ...i, range: { start: doc.positionAt(span.start), end: doc.positionAt(span.end) } })) };
  }

  /** A Compose lens on the package line of a file without errors. */
  async lenses(doc: TextDocument): Promise<CodeLens[]> {
    const loaded = await this.load(doc);
    if (!loaded?.document.package || loaded.analysis.diagnostics.some((d) => d.severity === 'error')) return [];
    const p = loaded.document.package;
    return [{ range: { start: doc.positionAt(p.start), end: doc.positionAt(p.end) }, command: { title: '▶ Compose', command: 'wit.compose', arguments: [this.toPath(doc.uri)] } }];
  }
}

/**
 * Where, in a component's WIT as the printer writes it, `item` is defined: an interface's
 * `interface name {` inside its `package … {` block (or the world's `import name: interface {`),
 * a function's line in the world; the world itself when there is no item.
 */
export function witPlace(text: string, item: ExternItem | undefined): { start: number; end: number } {
  const span = (re: RegExp, from = 0): { start: number; end: number } | undefined => {
    re.lastIndex = from;
    const m = re.exec(text);
    if (!m) return undefined;
    const start = m.index + m[0].indexOf(m[1]);
    return { start, end: start + m[1].length };
  };
  const world = span(/^world (\S+) \{/gm) ?? { start: 0, end: 0 };
  if (!item) return world;
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const word = (s: string) => `%?${esc(s)}`;
  if (item.kind === 'interface') {
    const m = /^([^:/@]+:[^/@]+)\/([^@]+)(@.+)?$/.exec(item.name);
    if (m) {
      const pkg = span(new RegExp(`^package (${esc(m[1] + (m[3] ?? ''))}) \\{`, 'gm'));
      const iface = pkg && span(new RegExp(`^  interface (${word(m[2])}) \\{`, 'gm'), pkg.end);
      return iface ?? world;
    }
  }
  return span(new RegExp(`^  (?:import|export) (${word(item.name)}):`, 'gm')) ?? world;
}

function describeValue(v: WacValue): string {
  if (v.kind === 'item') {
    const text = v.item.kind === 'interface' ? printComponentInterface(v.package.signature, v.item) : describeItem(v.item, v.package.signature);
    return [`\`${v.export}\`, exported by an instance of \`${v.package.name}\``, '', '```wit', text.trimEnd(), '```'].join('\n');
  }
  if (v.kind === 'import') {
    const text = v.item.kind === 'interface' ? printComponentInterface(v.signature, v.item) : describeItem(v.item, v.signature);
    return [`\`${v.item.name}\`, an import of the composition`, '', '```wit', text.trimEnd(), '```'].join('\n');
  }
  const world = v.package.name.replace(/^.*:/, '').replace(/@.*$/, '');
  return [`instance of \`${v.package.name}\` (${nodePath.basename(v.package.file)})`, '', '```wit', printComponentWorld(v.package.signature, world).trimEnd(), '```'].join('\n');
}
