// The protocol edge: LSP requests in, ide/ features over the workspace, protocol types out.
// Positions and ranges exist only here; everything below speaks paths and UTF-16 offsets.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildDocs } from '../doc/site.js';
import { pathToUri as toUri, uriToPath as toPath } from '../workspace/uri.js';
import { documentationPlace, type DocPlace } from '../ide/documentation.js';
import * as nodePath from 'node:path';
import {
  CodeActionKind, CompletionItemKind, ErrorCodes, DiagnosticSeverity, DiagnosticTag, DidChangeWatchedFilesNotification, DocumentHighlightKind, FileChangeType, InsertTextFormat,
  MarkupKind, ResponseError, type SemanticTokens, type SemanticTokensDelta, SymbolKind as LspSymbolKind, TextDocumentSyncKind, TextDocuments,
  type CodeAction as LspCodeAction, type CodeLens, type CompletionItem as LspCompletionItem, type Connection, type Diagnostic as LspDiagnostic,
  type DocumentSymbol as LspDocumentSymbol, type InitializeParams, type InitializeResult, type Location, type Range, type ServerCapabilities,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Comment, Diagnostic, ParseResult } from '../syntax/index.js';
import { lexWit } from '../syntax/index.js';
import type { StretchCache } from '../ide/stretches.js';
import { codeActions } from '../ide/code-actions.js';
import { computeCompletion, type CompletionKind } from '../ide/completion.js';
import { documentLinks, inlayHints, semanticTokens, signatureHelp, tokenModifiers, tokenTypes, type SemanticTokenCache } from '../ide/decorations.js';
import { encodeTokens, tokenEdits } from './semantic-tokens.js';
import { computeHover } from '../ide/hover.js';
import { documentHighlights, findDefinition, findReferences, findTypeDefinition, type Place } from '../ide/navigation.js';
import { prepareRename, rename } from '../ide/rename.js';
import { commentsOf, documentSymbols, foldingRanges, selectionRanges, workspaceSymbols, type DocumentSymbol, type SymbolKind } from '../ide/structure.js';
import { codeLenses } from '../ide/lenses.js';
import { formatEdits, formatRange } from '../ide/format.js';
import { worldDiagram } from '../ide/world-diagram.js';
import { formatPackageName } from '../semantic/model.js';
import { nodeFileSystem, type FileSystem, type MemoryFileSystem } from '../workspace/fs.js';
import { bundledWitDir } from '../workspace/bundled-wasi.js';
import { isInside, Workspace, type Snapshot } from '../workspace/workspace.js';
import { pipelineCommands, registerCommands } from './commands.js';
import { isWacUri, wacFormatEdits, WacDocuments } from './wac-documents.js';
import { ContractChecks, ruleHref, type ContractResult, type ContractSettings } from './contract-checks.js';
import { ignoreCommentFix } from '../lint/index.js';

export const serverName = 'wit-language-server';

/** The next turn of the event loop (a web worker has no `setImmediate`). */
const soon: (f: () => void) => void = typeof setImmediate === 'function' ? (f) => void setImmediate(f) : (f) => void setTimeout(f, 0);

export function uriToPath(uri: string): string {
  return toPath(uri);
}

export function pathToUri(path: string): string {
  return toUri(path);
}

interface Settings {
  features?: string[];
  allFeatures?: boolean;
  dependencies?: { bundledWasi?: boolean };
  /** `wit.build.*` and `wit.run.*`: read by the pipeline commands. */
  build?: unknown;
  run?: unknown;
  /** `wit.lint.enable`: lint findings as diagnostics (rules and config in wit-tools.toml). */
  lint?: { enable?: unknown };
  /** `wit.breaking.against`: the version breaking changes are shown against (`git:HEAD`; empty: off). */
  breaking?: { against?: string };
}

/** Where the server runs: on Node with the disk and the pipeline, or in a browser's web worker. */
export interface ServerHost {
  /**
   * The files a client hands over because the server cannot read them: all of them in the
   * browser (vscode.dev, github.dev: no disk), a virtual workspace's on the desktop (GitHub
   * Repositories) — in `initializationOptions.files` (`[{ uri, text }]`) and every change after as
   * `wit/workspaceFiles` (`{ changed?: [{ uri, text }], deleted?: [uri] }`), kept here.
   */
  files?: MemoryFileSystem;
  /** False where the pipeline cannot run (the browser): its commands answer so. */
  pipeline?: boolean;
  /**
   * Run once the server has been quiet for `IDLE_MS` after work (an analysis, a request): the
   * Node server collects its garbage there (main.ts), as a browser does in idle time. A
   * keystroke's analysis leaves tens of MB that V8 would otherwise keep until it next needs room.
   */
  idle?: () => void;
}

/** How long the server is quiet before `ServerHost.idle` runs. */
export const IDLE_MS = 1500;

/** What a pipeline command answers where there is no pipeline. */
export function pipelineUnavailable(command: string): { error: string; code: string } {
  return { code: 'unavailable-in-browser', error: `${command} is not available in the browser: building, running, calling and composing components needs VS Code on the desktop or the wit-tools CLI; here WIT is read, checked and navigated only` };
}

interface FileChange {
  path: string;
  uri: string;
  deleted: boolean;
}

/** Wires a connection to a workspace. Returns the workspace, for tests. */
export function startServer(connection: Connection, disk: FileSystem = nodeFileSystem, host: ServerHost = {}): Workspace {
  const documents = new TextDocuments(TextDocument);
  // eslint-disable-next-line prefer-const -- assigned once the handlers below exist
  let commands: ReturnType<typeof registerCommands> | undefined;
  const workspace = new Workspace(disk);
  /** Per root: the files we published diagnostics for, so files that became clean get `[]`. */
  const published = new Map<string, Set<string>>();
  /** Per file: the newest document version we published for. */
  const publishedVersion = new Map<string, number>();
  /** Per file: what was last sent, so unchanged diagnostics of untouched files are not resent. */
  const lastSent = new Map<string, string>();
  const pending = new Set<string>();
  let flushScheduled = false;
  let watchRegistration = false;

  const log = (msg: string) => connection.console.log(msg);
  /** Per root: the lint findings and breaking changes of its last analysis. */
  const contractResults = new Map<string, ContractResult>();
  /** The rule page of a lint or breaking-change diagnostic. */
  const ruleLinks = new WeakMap<Diagnostic, string>();
  let contractSettings: ContractSettings = { lint: 'auto', against: 'git:HEAD' };
  const contracts = new ContractChecks(log, (root) => schedule(root));

  // After work, once quiet: the host's idle task (one per quiet stretch).
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  const worked = host.idle
    ? () => {
        if (idleTimer !== undefined) clearTimeout(idleTimer);
        idleTimer = setTimeout(() => {
          idleTimer = undefined;
          host.idle!();
        }, IDLE_MS);
        (idleTimer as { unref?: () => void }).unref?.();
      }
    : () => undefined;

  /**
   * Runs a handler. Malformed parameters get a protocol error; an exception in the handler is
   * logged and answered with `empty`: the server stays up.
   */
  function guard<P, R>(name: string, empty: R, fn: (p: P) => R): (p: P) => R {
    return (p: P) => {
      worked();
      const params = p as { textDocument?: { uri?: unknown }; position?: { line?: unknown; character?: unknown }; query?: unknown };
      if (name !== 'workspaceSymbol' && typeof params?.textDocument?.uri !== 'string') {
        throw new ResponseError(ErrorCodes.InvalidParams, `${name}: textDocument.uri is missing`);
      }
      if (params.position !== undefined && (typeof params.position?.line !== 'number' || typeof params.position?.character !== 'number')) {
        throw new ResponseError(ErrorCodes.InvalidParams, `${name}: position must have a numeric line and character`);
      }
      try {
        return fn(p);
      } catch (e) {
        if (e instanceof ResponseError) throw e;
        connection.console.error(`${name} failed: ${(e as Error).stack ?? e}`);
        return empty;
      }
    };
  }

  function docFor(path: string, snap?: Snapshot): TextDocument | undefined {
    const uri = pathToUri(path);
    const open = documents.get(uri);
    if (open) return open;
    const text = snap?.analysis.texts.get(path) ?? workspace.text(path);
    return text === undefined ? undefined : TextDocument.create(uri, 'wit', 0, text);
  }

  function range(doc: TextDocument, start: number, end: number): Range {
    return { start: doc.positionAt(start), end: doc.positionAt(Math.max(start, end)) };
  }

  function location(p: Place, snap?: Snapshot): Location | undefined {
    const doc = docFor(p.file, snap);
    return doc ? { uri: pathToUri(p.file), range: range(doc, p.start, p.end) } : undefined;
  }

  function toLspDiagnostic(d: Diagnostic, doc: TextDocument, snap: Snapshot): LspDiagnostic {
    const out: LspDiagnostic = {
      range: range(doc, d.span.start, d.span.end),
      severity: d.severity === 'error' ? DiagnosticSeverity.Error : d.severity === 'warning' ? DiagnosticSeverity.Warning : d.severity === 'information' ? DiagnosticSeverity.Information : DiagnosticSeverity.Hint,
      code: d.code,
      source: 'wit',
      message: d.notes?.length ? `${d.message}\n${d.notes.join('\n')}` : d.message,
    };
    if (d.tags?.includes('deprecated')) out.tags = [DiagnosticTag.Deprecated];
    const href = ruleLinks.get(d);
    if (href) {
      out.codeDescription = { href };
      out.source = href.includes('breaking') ? 'wit breaking' : 'wit lint';
    }
    if (d.related?.length) {
      out.relatedInformation = d.related.flatMap((r) => {
        const rd = docFor(r.location.file, snap);
        return rd ? [{ message: r.message, location: { uri: pathToUri(r.location.file), range: range(rd, r.location.span.start, r.location.span.end) } }] : [];
      });
    }
    return out;
  }

  /** Analyses `root` now and publishes diagnostics for each of its files. */
  function publishRoot(root: string): void {
    const snap = workspace.snapshot(root);
    const byFile = new Map<string, Diagnostic[]>();
    // WIT under node_modules, and the WASI WIT bundled with the server (jco's copy, or the one the
    // extension and the browser server carry), is not the user's: "no problems" is not said for it.
    const bundled = bundledWitDir();
    for (const f of snap.analysis.texts.keys()) {
      if (!f.includes(`${nodePath.sep}node_modules${nodePath.sep}`) && !(bundled && isInside(f, bundled))) byFile.set(f, []);
    }
    let contract: ContractResult = { lint: [], breaking: [] };
    try {
      contract = contracts.check(snap, contractSettings, trusted);
    } catch (e) {
      connection.console.error(`contract checks of ${root} failed: ${(e as Error).stack ?? e}`);
    }
    contractResults.set(root, contract);
    for (const f of contract.lint) ruleLinks.set(f.diagnostic, ruleHref(f.diagnostic.code, 'lint'));
    for (const d of contract.breaking) ruleLinks.set(d, ruleHref(d.code, 'breaking'));
    for (const d of [...snap.analysis.diagnostics, ...deprecationHints(snap), ...contract.lint.map((f) => f.diagnostic), ...contract.breaking]) {
      if (!byFile.has(d.file)) byFile.set(d.file, []);
      byFile.get(d.file)!.push(d);
    }
    const before = published.get(root) ?? new Set<string>();
    for (const f of before) if (!byFile.has(f)) byFile.set(f, []);
    published.set(root, new Set([...byFile].filter(([, ds]) => ds.length).map(([f]) => f)));
    for (const [file, ds] of byFile) {
      const doc = docFor(file, snap);
      if (!doc) {
        if (lastSent.get(file) !== '[]') connection.sendDiagnostics({ uri: pathToUri(file), diagnostics: [] });
        lastSent.set(file, '[]');
        continue;
      }
      const version = snap.versions.get(file);
      if (version !== undefined) {
        // Never publish for a version older than one already published.
        const last = publishedVersion.get(file);
        if (last !== undefined && version < last) continue;
        if (documents.get(pathToUri(file))?.version !== version) continue;
        publishedVersion.set(file, version);
      }
      const diagnostics = ds.map((d) => toLspDiagnostic(d, doc, snap));
      const key = `${version ?? ''}\0${JSON.stringify(diagnostics)}`;
      if (lastSent.get(file) === key) continue;
      lastSent.set(file, key);
      connection.sendDiagnostics({ uri: pathToUri(file), version, diagnostics });
    }
  }

  /** Hints with the deprecated tag where a `@deprecated` item is named. */
  function deprecationHints(snap: Snapshot): Diagnostic[] {
    const r = snap.analysis.resolve;
    if (!r) return [];
    // Most packages deprecate nothing: then the index (built on first use) is not needed here.
    const deprecated = (x: { stability: import('../semantic/model.js').Stability }) => x.stability.kind !== 'unknown' && !!x.stability.deprecated;
    if (!r.types.some(deprecated) && !r.interfaces.some(deprecated) && !r.worlds.some(deprecated)) return [];
    const out: Diagnostic[] = [];
    for (const [file, occs] of snap.index.byFile) {
      for (const o of occs) {
        if (o.definition) continue;
        let s: import('../semantic/model.js').Stability | undefined;
        if (o.symbol.kind === 'type') { const c = snap.index.canonical(o.symbol); s = c.kind === 'type' ? r.types[c.id]?.stability : undefined; }
        else if (o.symbol.kind === 'interface') s = r.interfaces[o.symbol.id]?.stability;
        else if (o.symbol.kind === 'world') s = r.worlds[o.symbol.id]?.stability;
        if (s && s.kind !== 'unknown' && s.deprecated) {
          const name = snap.analysis.texts.get(file)?.slice(o.start, o.end) ?? '';
          out.push({ severity: 'hint', code: 'deprecated', message: `\`${name}\` is deprecated since ${s.deprecated.major}.${s.deprecated.minor}.${s.deprecated.patch}`, file, span: { start: o.start, end: o.end }, tags: ['deprecated'] });
        }
      }
    }
    return out;
  }

  /** Coalesces analysis: a burst of keystrokes is analysed once, for the newest text. */
  function schedule(root: string): void {
    pending.add(root);
    if (flushScheduled) return;
    flushScheduled = true;
    soon(() => {
      flushScheduled = false;
      worked();
      const roots = [...pending];
      pending.clear();
      for (const r of roots) {
        try {
          publishRoot(r);
        } catch (e) {
          connection.console.error(`analysis of ${r} failed: ${(e as Error).stack ?? e}`);
        }
      }
    });
  }

  /**
   * The analysis of the root that holds `uri`, and its document. `own` is the analysis' parse of
   * the document when it is of the document's very text: features that lex by the tree's items
   * (semantic tokens, folding's comments, completion, hover) take stretches of the text by it.
   */
  function snapshotFor(uri: string): { snap: Snapshot; path: string; doc: TextDocument; readonly own: ParseResult | undefined } | undefined {
    const path = uriToPath(uri);
    const snap = workspace.snapshotFor(path);
    const doc = docFor(path, snap);
    if (!doc) return undefined;
    return {
      snap, path, doc,
      get own() {
        const analyzed = snap.analysis.files.get(path);
        return analyzed?.text === doc.getText() ? analyzed.parsed : undefined;
      },
    };
  }

  // Whether the client vouches for the settings it sends (VS Code: a trusted workspace). Without
  // it, settings never run a build command or widen a component's grants (commands.ts).
  let trusted = false;
  let lastSettings: Settings | undefined;
  function applySettings(s: Settings | undefined): void {
    if (!s) return;
    lastSettings = s;
    workspace.setSettings({
      features: Array.isArray(s.features) ? s.features.filter((f) => typeof f === 'string') : [],
      allFeatures: !!s.allFeatures,
      bundledWasi: s.dependencies?.bundledWasi ?? true,
    });
    commands?.setSettings({ build: s.build, run: s.run }, trusted);
    contractSettings = {
      lint: s.lint?.enable === 'on' || s.lint?.enable === true ? 'on' : s.lint?.enable === 'off' || s.lint?.enable === false ? 'off' : 'auto',
      against: typeof s.breaking?.against === 'string' ? s.breaking.against.trim() : 'git:HEAD',
    };
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    workspace.folders = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri));
    if (workspace.folders.length === 0 && params.rootUri) workspace.folders = [uriToPath(params.rootUri)];
    const init = params.initializationOptions as { settings?: Settings; trusted?: unknown; files?: unknown } | undefined;
    trusted = init?.trusted === true;
    if (host.files) writeFiles(init?.files, []);
    applySettings(init?.settings ?? {});
    watchRegistration = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    const capabilities: ServerCapabilities = {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
      hoverProvider: true,
      completionProvider: { triggerCharacters: [':', '/', '.', '{', '<', '@', '(', ' ', ','] },
      definitionProvider: true,
      typeDefinitionProvider: true,
      referencesProvider: true,
      documentHighlightProvider: true,
      renameProvider: { prepareProvider: true },
      documentSymbolProvider: true,
      workspaceSymbolProvider: true,
      foldingRangeProvider: true,
      selectionRangeProvider: true,
      semanticTokensProvider: { legend: { tokenTypes: [...tokenTypes], tokenModifiers: [...tokenModifiers] }, full: { delta: true }, range: true },
      documentLinkProvider: { resolveProvider: false },
      inlayHintProvider: true,
      signatureHelpProvider: { triggerCharacters: ['(', ','] },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceOrganizeImports] },
      codeLensProvider: { resolveProvider: false },
      documentFormattingProvider: true,
      documentRangeFormattingProvider: true,
      executeCommandProvider: { commands: pipelineCommands },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    };
    return { capabilities, serverInfo: { name: serverName, version: '0.1.0' } };
  });

  connection.onInitialized(() => {
    if (watchRegistration) {
      void connection.client.register(
        DidChangeWatchedFilesNotification.type,
        { watchers: [{ globPattern: '**/*.wit' }, { globPattern: '**/*.{wasm,wat}' }, { globPattern: '**/deps' }, { globPattern: '**/wit-tools.toml' }] },
      ).catch(() => undefined);
    }
    // Scan the workspace folders and report on every package, a root at a time.
    const roots = workspace.scanRoots();
    let i = 0;
    const next = () => {
      if (i >= roots.length) return;
      const root = roots[i++];
      try { publishRoot(root); } catch (e) { connection.console.error(`analysis of ${root} failed: ${(e as Error).message}`); }
      soon(next);
    };
    soon(next);
  });

  // The user trusted the workspace (or withdrew trust): the same settings, read again.
  connection.onNotification('wit/setTrusted', (p: { trusted?: unknown }) => {
    trusted = p?.trusted === true;
    applySettings(lastSettings ?? {});
  });

  connection.onDidChangeConfiguration((change) => {
    applySettings((change.settings as { wit?: Settings } | undefined)?.wit);
    for (const root of published.keys()) schedule(root);
  });

  function filesChanged(changes: FileChange[]): void {
    for (const change of changes) {
      const path = change.path;
      if (path.endsWith('wit-tools.toml')) {
        contracts.configChanged();
        for (const root of published.keys()) schedule(root);
        continue;
      }
      workspace.fileChanged(path);
      if (change.deleted && !documents.get(change.uri)) connection.sendDiagnostics({ uri: change.uri, diagnostics: [] });
      // WIT inside node_modules (jco ships WASI's) is no package of the user's: `npm install` must
      // not flood Problems. Roots that read it (through deps/) are still re-analysed below.
      const inPackages = path.includes(`${nodePath.sep}node_modules${nodePath.sep}`);
      // A `.wasm` (a binary WIT package in deps/) matters to a package that is already known:
      // a component a build writes into cargo's `target/…/release/deps/` is no package's dependency.
      const root = workspace.rootFor(path);
      if (!inPackages && (path.endsWith('.wit') || published.has(root))) schedule(root);
      for (const root of published.keys()) if (root !== path && path.startsWith(root)) schedule(root);
    }
  }

  connection.onDidChangeWatchedFiles((params) => {
    filesChanged(params.changes.map((c) => ({ uri: c.uri, path: uriToPath(c.uri), deleted: c.type === FileChangeType.Deleted })));
  });

  /** The files a client hands over (ServerHost.files): written into memory; what is well-formed only. */
  function writeFiles(changed: unknown, deleted: unknown): FileChange[] {
    const out: FileChange[] = [];
    for (const f of Array.isArray(changed) ? changed : []) {
      const { uri, text } = (f ?? {}) as { uri?: unknown; text?: unknown };
      if (typeof uri !== 'string' || typeof text !== 'string') continue;
      const path = uriToPath(uri);
      host.files!.write(path, text);
      out.push({ uri, path, deleted: false });
    }
    for (const uri of Array.isArray(deleted) ? deleted : []) {
      if (typeof uri !== 'string') continue;
      const path = uriToPath(uri);
      host.files!.delete(path);
      out.push({ uri, path, deleted: true });
    }
    return out;
  }
  if (host.files) {
    connection.onNotification('wit/workspaceFiles', (p: { changed?: unknown; deleted?: unknown }) => {
      filesChanged(writeFiles(p?.changed, p?.deleted));
    });
  }

  const wac = new WacDocuments(connection, uriToPath, pathToUri);
  documents.onDidOpen((e) => {
    if (isWacUri(e.document.uri)) return wac.changed(e.document);
    const path = uriToPath(e.document.uri);
    workspace.openDocument(path, e.document.getText(), e.document.version);
    schedule(workspace.rootFor(path));
  });
  documents.onDidChangeContent((e) => {
    if (isWacUri(e.document.uri)) return wac.changed(e.document);
    const path = uriToPath(e.document.uri);
    workspace.changeDocument(path, e.document.getText(), e.document.version);
    schedule(workspace.rootFor(path));
  });
  documents.onDidClose((e) => {
    if (isWacUri(e.document.uri)) return wac.closed(e.document.uri);
    const path = uriToPath(e.document.uri);
    workspace.closeDocument(path);
    publishedVersion.delete(path);
    lastSent.delete(path);
    fullTokens.delete(e.document.uri);
    tokenCaches.delete(e.document.uri);
    commentCaches.delete(e.document.uri);
    // A closed file that no longer exists on disk keeps no diagnostics.
    if ('error' in disk.stat(path)) connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    schedule(workspace.rootFor(path));
  });

  connection.onHover(guard('hover', null, (p) => {
    const wacDoc = isWacUri(p.textDocument.uri) ? documents.get(p.textDocument.uri) : undefined;
    if (wacDoc) return wac.hover(wacDoc, wacDoc.offsetAt(p.position));
    const s = snapshotFor(p.textDocument.uri);
    if (!s) return null;
    const h = computeHover(s.snap.index, s.path, s.doc.getText(), s.doc.offsetAt(p.position), s.own?.file);
    return h ? { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: range(s.doc, h.start, h.end) } : null;
  }));

  connection.onCompletion(guard('completion', [] as LspCompletionItem[] | Promise<LspCompletionItem[]>, (p) => {
    const wacDoc = isWacUri(p.textDocument.uri) ? documents.get(p.textDocument.uri) : undefined;
    if (wacDoc) return wac.completion(wacDoc, wacDoc.offsetAt(p.position));
    const s = snapshotFor(p.textDocument.uri);
    if (!s) return [];
    const text = s.doc.getText();
    const offset = s.doc.offsetAt(p.position);
    // The tree's errors, when it is this text's tree, tell completion where the cursor's context can start.
    const res = computeCompletion({ index: s.snap.index, file: s.path, text, ast: s.snap.analysis.files.get(s.path)?.parsed.file, errors: s.own?.errors, offset });
    const r = range(s.doc, res.start, res.end);
    return res.items.map((i): LspCompletionItem => ({
      label: i.label,
      kind: completionKind(i.kind),
      detail: i.detail,
      documentation: i.documentation ? { kind: MarkupKind.Markdown, value: i.documentation } : undefined,
      textEdit: { range: r, newText: i.insert ?? i.label },
      insertTextFormat: i.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      sortText: i.sortText,
      filterText: i.label,
    }));
  }));

  connection.onDefinition(guard('definition', [] as Location[], (p) => {
    const wacDoc = isWacUri(p.textDocument.uri) ? documents.get(p.textDocument.uri) : undefined;
    if (wacDoc) return wac.definition(wacDoc, wacDoc.offsetAt(p.position));
    const s = snapshotFor(p.textDocument.uri);
    if (!s) return [];
    return findDefinition(s.snap.index, s.path, s.doc.offsetAt(p.position)).map((x) => location(x, s.snap)).filter((x): x is Location => !!x);
  }));

  connection.onTypeDefinition(guard('typeDefinition', [] as Location[], (p) => {
    const s = snapshotFor(p.textDocument.uri);
    if (!s) return [];
    return findTypeDefinition(s.snap.index, s.path, s.doc.offsetAt(p.position)).map((x) => location(x, s.snap)).filter((x): x is Location => !!x);
  }));

  connection.onReferences(guard('references', [] as Location[], (p) => {
    const s = snapshotFor(p.textDocument.uri);
    if (!s) return [];
    return findReferences(s.snap.index, s.path, s.doc.offsetAt(p.position), p.context.includeDeclaration).map((x) => location(x, s.snap)).filter((x): x is Location => !!x);
  }));

  connection.onDocumentHighlight(guard('documentHighlight', [], (p) => {
    const s = snapshotFor(p.textDocument.uri);
    if (!s) return [];
    return documentHighlights(s.snap.index, s.path, s.doc.offsetAt(p.position)).map((h) => ({ range: range(s.doc, h.start, h.end), kind: h.write ? DocumentHighlightKind.Write : DocumentHighlightKind.Read }));
  }));

  connection.onPrepareRename((p) => {
    const s = snapshotFor(p.textDocument.uri);
    if (!s) return null;
    const r = prepareRename(s.snap.index, s.path, s.doc.getText(), s.doc.offsetAt(p.position));
    if ('error' in r) throw new ResponseError(-32803 /* RequestFailed */, r.error);
    return { range: range(s.doc, r.start, r.end), placeholder: r.placeholder };
  });

  connection.onRenameRequest((p) => {
    const s = snapshotFor(p.textDocument.uri);
    if (!s) return null;
    const r = rename(s.snap.index, s.path, s.doc.offsetAt(p.position), p.newName);
    if ('error' in r) throw new ResponseError(-32803, r.error);
    const changes: Record<string, { range: Range; newText: string }[]> = {};
    for (const e of r.edits) {
      const doc = docFor(e.file, s.snap);
      if (!doc) continue;
      (changes[pathToUri(e.file)] ??= []).push({ range: range(doc, e.start, e.end), newText: e.newText });
    }
    return { changes };
  });

  connection.onDocumentSymbol(guard('documentSymbol', [] as LspDocumentSymbol[], (p) => {
    const s = snapshotFor(p.textDocument.uri);
    const ast = s?.snap.analysis.files.get(s.path)?.parsed.file;
    if (!s || !ast) return [];
    const conv = (d: DocumentSymbol): LspDocumentSymbol => ({
      name: d.name || '?',
      detail: d.detail,
      kind: lspSymbolKind(d.kind),
      range: range(s.doc, d.start, d.end),
      selectionRange: range(s.doc, d.nameStart, d.nameEnd),
      children: d.children.map(conv),
    });
    return documentSymbols(ast).map(conv);
  }));

  connection.onWorkspaceSymbol(guard('workspaceSymbol', [], (p) => {
    for (const root of workspace.scanRoots(2000)) if (!workspace.knownSnapshots().some((s) => s.root === root)) workspace.snapshot(root);
    const resolves = workspace.knownSnapshots().map((s) => s.analysis.resolve).filter((r) => !!r);
    return workspaceSymbols(resolves as NonNullable<(typeof resolves)[number]>[], p.query).flatMap((w) => {
      const loc = location(w);
      return loc ? [{ name: w.name, kind: lspSymbolKind(w.kind), containerName: w.container, location: loc }] : [];
    });
  }));

  // What each stretch of a document's text held in comments the last time (commentsOf).
  const commentCaches = new Map<string, { stretches: StretchCache<Comment> }>();
  connection.onFoldingRanges(guard('foldingRanges', [], (p) => {
    const s = snapshotFor(p.textDocument.uri);
    const ast = s?.snap.analysis.files.get(s.path)?.parsed.file;
    if (!s || !ast) return [];
    const text = s.doc.getText();
    let comments = commentCaches.get(p.textDocument.uri);
    if (!comments) commentCaches.set(p.textDocument.uri, (comments = { stretches: new Map() }));
    // The tree's stretches when it is this text's; the whole text lexed otherwise.
    const lexedComments = s.own ? commentsOf(text, s.own.file, comments) : lexWit(text).comments;
    return foldingRanges(ast, lexedComments, text).flatMap((f) => {
      const a = s.doc.positionAt(f.start).line;
      const b = s.doc.positionAt(f.end).line;
      return b > a ? [{ startLine: a, endLine: b, kind: f.kind }] : [];
    });
  }));

  connection.onSelectionRanges(guard('selectionRanges', [], (p) => {
    const s = snapshotFor(p.textDocument.uri);
    const ast = s?.snap.analysis.files.get(s.path)?.parsed.file;
    if (!s || !ast) return [];
    return p.positions.map((pos) => {
      const spans = selectionRanges(ast, s.doc.offsetAt(pos));
      let parent: { range: Range; parent?: unknown } | undefined;
      for (const sp of [...spans].reverse()) parent = { range: range(s.doc, sp.start, sp.end), parent };
      return parent ?? { range: range(s.doc, 0, 0) };
    }) as never;
  }));

  // The last full semantic tokens of each document, for `semanticTokens/full/delta`: after a
  // keystroke VS Code asks for the edits since them, a few numbers where the whole of a 1 MB file
  // is ~700k; and a second ask for the same version reuses them.
  const fullTokens = new Map<string, { resultId: string; data: number[]; snap: Snapshot; version: number }>();
  let tokenResults = 0;
  // What each stretch of a document's text made the last time (SemanticTokenCache).
  const tokenCaches = new Map<string, SemanticTokenCache>();
  const encodedTokens = (uri: string, r?: Range): { data: number[]; at?: { snap: Snapshot; version: number } } => {
    const s = snapshotFor(uri);
    const ast = s?.snap.analysis.files.get(s.path)?.parsed.file;
    if (!s || !ast) return { data: [] };
    const span = r ? { start: s.doc.offsetAt(r.start), end: s.doc.offsetAt(r.end) } : undefined;
    const last = fullTokens.get(uri);
    if (!r && last && last.snap === s.snap && last.version === s.doc.version) return { data: last.data, at: last };
    let cache = tokenCaches.get(uri);
    if (!cache) tokenCaches.set(uri, (cache = { stretches: new Map() }));
    const text = s.doc.getText();
    // The tree's stretches only when it is this text's tree; the whole text lexed at once otherwise.
    const own = !!s.own;
    return { data: encodeTokens(semanticTokens(s.snap.index, s.path, text, ast, span, own ? cache : undefined, !own), text), at: { snap: s.snap, version: s.doc.version } };
  };
  /** The document's tokens, remembered as the result the next delta is taken from. */
  const full = (uri: string): { resultId: string; data: number[]; previous?: { resultId: string; data: number[] } } => {
    const previous = fullTokens.get(uri);
    const { data, at } = encodedTokens(uri);
    if (!at) return { resultId: String(++tokenResults), data };
    const resultId = previous && previous.data === data ? previous.resultId : String(++tokenResults);
    fullTokens.set(uri, { resultId, data, ...at });
    return { resultId, data, previous };
  };
  connection.languages.semanticTokens.on(guard('semanticTokens', { data: [] } as SemanticTokens, (p) => {
    const { resultId, data } = full(p.textDocument.uri);
    return { resultId, data };
  }));
  connection.languages.semanticTokens.onDelta(guard('semanticTokensDelta', { data: [] } as SemanticTokens | SemanticTokensDelta, (p) => {
    const { resultId, data, previous } = full(p.textDocument.uri);
    // Edits only from the result the client holds; otherwise the whole.
    if (previous?.resultId !== p.previousResultId) return { resultId, data };
    return { resultId, edits: tokenEdits(previous.data, data) };
  }));
  connection.languages.semanticTokens.onRange(guard('semanticTokensRange', { data: [] }, (p) => ({ data: encodedTokens(p.textDocument.uri, p.range).data })));

  connection.onDocumentLinks(guard('documentLinks', [], (p) => {
    const s = snapshotFor(p.textDocument.uri);
    if (!s) return [];
    return documentLinks(s.snap.index, s.path).map((l) => ({ range: range(s.doc, l.start, l.end), target: pathToUri(l.target), tooltip: l.tooltip }));
  }));

  connection.languages.inlayHint.on(guard('inlayHint', [], (p) => {
    const s = snapshotFor(p.textDocument.uri);
    if (!s) return [];
    return inlayHints(s.snap.index, s.path, { start: s.doc.offsetAt(p.range.start), end: s.doc.offsetAt(p.range.end) })
      .map((h) => ({ position: s.doc.positionAt(h.offset), label: h.label, paddingLeft: false }));
  }));

  connection.onSignatureHelp(guard('signatureHelp', null, (p) => {
    const s = snapshotFor(p.textDocument.uri);
    const ast = s?.snap.analysis.files.get(s.path)?.parsed.file;
    if (!s || !ast) return null;
    const h = signatureHelp(s.snap.index, ast, s.doc.getText(), s.path, s.doc.offsetAt(p.position));
    if (!h) return null;
    return {
      signatures: [{ label: h.label, documentation: h.documentation ? { kind: MarkupKind.Markdown, value: h.documentation } : undefined, parameters: h.parameters.map((x) => ({ label: [x.start, x.end] as [number, number] })) }],
      activeSignature: 0,
      activeParameter: h.active,
    };
  }));

  connection.onCodeAction(guard('codeAction', [] as LspCodeAction[], (p) => {
    const s = snapshotFor(p.textDocument.uri);
    const ast = s?.snap.analysis.files.get(s.path)?.parsed.file;
    if (!s || !ast) return [];
    const rng = { start: s.doc.offsetAt(p.range.start), end: s.doc.offsetAt(p.range.end) };
    const only = p.context.only;
    const actions = codeActions(s.snap.index, s.path, s.doc.getText(), ast, rng, s.snap.analysis.diagnostics)
      .filter((a) => !only || only.some((k) => a.kind.startsWith(k)))
      .map((a): LspCodeAction => ({
        title: a.title,
        kind: a.kind === 'quickfix' ? CodeActionKind.QuickFix : CodeActionKind.SourceOrganizeImports,
        isPreferred: a.preferred,
        diagnostics: a.diagnostic ? [toLspDiagnostic(a.diagnostic, s.doc, s.snap)] : undefined,
        edit: { changes: { [p.textDocument.uri]: a.edits.map((e) => ({ range: range(s.doc, e.start, e.end), newText: e.newText })) } },
      }));
    // Lint findings under the cursor: their mechanical fixes, then the ignore comment.
    if (!only || only.some((k) => CodeActionKind.QuickFix.startsWith(k) || k.startsWith(CodeActionKind.QuickFix))) {
      const findings = contractResults.get(s.snap.root)?.lint ?? [];
      for (const f of findings) {
        const d = f.diagnostic;
        if (d.file !== s.path || d.span.end < rng.start || d.span.start > rng.end) continue;
        for (const fix of [...f.fixes, ignoreCommentFix(d, s.doc.getText())]) {
          const changes: Record<string, { range: Range; newText: string }[]> = {};
          for (const e of fix.edits) {
            const doc = docFor(e.file, s.snap);
            if (doc) (changes[pathToUri(e.file)] ??= []).push({ range: range(doc, e.span.start, e.span.end), newText: e.newText });
          }
          actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, isPreferred: fix === f.fixes[0], diagnostics: [toLspDiagnostic(d, s.doc, s.snap)], edit: { changes } });
        }
      }
    }
    return actions;
  }));

  connection.onCodeLens(guard('codeLens', [] as CodeLens[] | Promise<CodeLens[]>, (p) => {
    const wacDoc = isWacUri(p.textDocument.uri) ? documents.get(p.textDocument.uri) : undefined;
    if (wacDoc) return wac.lenses(wacDoc);
    const s = snapshotFor(p.textDocument.uri);
    if (!s) return [];
    // Where there is no pipeline (the browser), no lens offers to build, run or call.
    const offered = codeLenses(s.snap, s.path).filter((l) => host.pipeline !== false || !pipelineCommands.includes(l.command));
    const lenses = offered.map((l): CodeLens => ({ range: range(s.doc, l.start, l.end), command: { title: l.title, command: l.command, arguments: l.args } }));
    // Above the package: how many breaking changes there are since `wit.breaking.against`.
    const c = contractResults.get(s.snap.root);
    const a = s.snap.analysis;
    const pkgLoc = a.main !== undefined ? a.resolve?.packages[a.main].loc : undefined;
    if (c?.report && pkgLoc && pkgLoc.file === s.path) {
      const n = c.report.changes.filter((x) => x.class === 'breaking').length;
      const others = c.report.changes.length - n;
      const title = n
        ? `$(warning) ${n} breaking change${n === 1 ? '' : 's'} since ${c.since}${c.report.version.allows ? '' : ` — needs ${c.report.version.minimum ?? `a ${c.report.version.required} release`}`}`
        : `$(check) no breaking changes since ${c.since}${others ? ` (${others} addition${others === 1 ? '' : 's'})` : ''}`;
      lenses.unshift({ range: range(s.doc, pkgLoc.start, pkgLoc.end), command: { title, command: 'workbench.actions.view.problems', arguments: [] } });
    }
    return lenses;
  }));

  // Formatting: whitespace-only edits between tokens; items with syntax errors are left as written.
  // One canonical style, as `wit-tools fmt` writes it: the editor's tab size is not a reason to
  // differ from the CLI (rustfmt and gofmt take the same view).
  const formatOptions = (_o: { tabSize?: number; insertSpaces?: boolean }) => ({ indent: 2 });
  connection.onDocumentFormatting(guard('formatting', [], (p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return [];
    if (isWacUri(doc.uri)) return wacFormatEdits(doc, p.options);
    return formatEdits(doc.getText(), formatOptions(p.options)).map((e) => ({ range: range(doc, e.start, e.end), newText: e.newText }));
  }));
  connection.onDocumentRangeFormatting(guard('rangeFormatting', [], (p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return [];
    if (isWacUri(doc.uri)) return wacFormatEdits(doc, p.options);
    const span = { start: doc.offsetAt(p.range.start), end: doc.offsetAt(p.range.end) };
    return formatRange(doc.getText(), span, formatOptions(p.options)).map((e) => ({ range: range(doc, e.start, e.end), newText: e.newText }));
  }));

  // Custom requests for richer clients (the VS Code extension's status bar and world diagram).
  // The text of a file the server reads but the editor may not reach — in the browser, the WASI
  // WIT carried in the bundle (`wit-tools://bundled/…`), which definitions and hovers point into.
  connection.onRequest('wit/fileText', guard('fileText', null, (p: { textDocument: { uri: string } }) => {
    const path = uriToPath(p.textDocument.uri);
    if (!path.endsWith('.wit')) return null;
    // The text the analysis read (a bundled WASI package standing in for another version is
    // re-versioned there, and the places pointing into it are places in that text).
    for (const snap of workspace.knownSnapshots()) {
      const text = snap.analysis.texts.get(path);
      if (text !== undefined) return text;
    }
    return workspace.text(path) ?? null;
  }));

  connection.onRequest('wit/status', guard('status', null, (p: { textDocument: { uri: string } }) => {
    const s = snapshotFor(p.textDocument.uri);
    if (!s) return null;
    const a = s.snap.analysis;
    const pkg = a.resolve?.packages.find((x) => x.files.includes(s.path));
    const main = a.main !== undefined ? a.resolve?.packages[a.main] : undefined;
    const count = (sev: string) => a.diagnostics.filter((d) => d.severity === sev).length;
    return {
      package: pkg ? formatPackageName(pkg.name) : main ? formatPackageName(main.name) : undefined,
      root: s.snap.root,
      errors: count('error'),
      warnings: count('warning'),
      files: a.texts.size,
    };
  }));
  connection.onRequest('wit/compositionGraph', guard('compositionGraph', null, (p: { textDocument: { uri: string } }) => {
    const wacDoc = isWacUri(p.textDocument.uri) ? documents.get(p.textDocument.uri) : undefined;
    return wacDoc ? wac.graph(wacDoc) : null;
  }));
  // The documentation site of the document's root (doc/site.ts), one page at a time: the page of
  // the item at `position`, or the `page` a link of an earlier one named. Built once per analysis.
  let docSite: { analysis: object; files: Map<string, string> } | undefined;
  connection.onRequest('wit/documentation', guard('documentation', null, (p: { textDocument: { uri: string }; position?: { line: number; character: number }; page?: string }) => {
    const s = snapshotFor(p.textDocument.uri);
    const a = s?.snap.analysis;
    if (!s || !a?.resolve || a.main === undefined) return null;
    if (docSite?.analysis !== a) {
      const packages = [a.main, ...a.resolve.packages.map((_, i) => i).filter((i) => i !== a.main)];
      docSite = { analysis: a, files: buildDocs(a.resolve, packages, 'html') };
    }
    const resolve = a.resolve;
    const pkg = resolve.packages.findIndex((x) => x.files.includes(s.path));
    let place: DocPlace = p.page ? { page: p.page.split('#')[0], anchor: p.page.split('#')[1] } : documentationPlace(resolve, pkg >= 0 ? pkg : a.main, a.files.get(s.path)?.parsed.file, p.position ? s.doc.offsetAt(p.position) : 0);
    if (!docSite.files.has(place.page)) place = { page: 'index.html' };
    return { ...place, html: docSite.files.get(place.page)!, css: docSite.files.get('style.css')!, search: docSite.files.get('search.js')! };
  }));
  connection.onRequest('wit/worldDiagram', guard('worldDiagram', null, (p: { textDocument: { uri: string }; position?: { line: number; character: number } }) => {
    const s = snapshotFor(p.textDocument.uri);
    if (!s) return null;
    const d = worldDiagram(s.snap.index, s.snap.analysis.files.get(s.path)?.parsed.file, s.path, p.position ? s.doc.offsetAt(p.position) : 0);
    if (!d) return null;
    // Places become URIs and ranges for the client.
    const place = (loc?: { file: string; start: number; end: number }) => (loc ? location(loc, s.snap) : undefined);
    const conv = (i: import('../ide/world-diagram.js').DiagramItem) => ({
      ...i,
      loc: place(i.loc),
      functions: i.functions.map((f) => ({ ...f, loc: place(f.loc) })),
      types: i.types.map((t) => ({ ...t, loc: place(t.loc) })),
    });
    return { ...d, loc: place(d.loc), imports: d.imports.map(conv), exports: d.exports.map(conv), worlds: d.worlds.map((w) => ({ ...w, loc: place(w.loc) })) };
  }));


  if (host.pipeline === false) connection.onExecuteCommand((p) => pipelineUnavailable(p.command));
  else commands = registerCommands(connection, workspace, log);
  documents.listen(connection);
  return workspace;
}

function completionKind(k: CompletionKind): CompletionItemKind {
  switch (k) {
    case 'keyword': return CompletionItemKind.Keyword;
    case 'type': return CompletionItemKind.Class;
    case 'interface': return CompletionItemKind.Interface;
    case 'world': return CompletionItemKind.Module;
    case 'module': return CompletionItemKind.Module;
    case 'snippet': return CompletionItemKind.Snippet;
    case 'function': return CompletionItemKind.Function;
    case 'value': return CompletionItemKind.Value;
    case 'property': return CompletionItemKind.Property;
  }
}

function lspSymbolKind(k: SymbolKind): LspSymbolKind {
  switch (k) {
    case 'package': return LspSymbolKind.Package;
    case 'interface': return LspSymbolKind.Interface;
    case 'world': return LspSymbolKind.Module;
    case 'record': return LspSymbolKind.Struct;
    case 'variant': case 'enum': case 'flags': return LspSymbolKind.Enum;
    case 'resource': return LspSymbolKind.Class;
    case 'type': return LspSymbolKind.TypeParameter;
    case 'function': return LspSymbolKind.Function;
    case 'method': return LspSymbolKind.Method;
    case 'constructor': return LspSymbolKind.Constructor;
    case 'field': return LspSymbolKind.Field;
    case 'case': return LspSymbolKind.EnumMember;
    case 'import': case 'export': case 'use': case 'include': return LspSymbolKind.Namespace;
  }
}
