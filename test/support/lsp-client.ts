// A real LSP client over stdio for tests: spawns `wit-language-server --stdio`, speaks JSON-RPC,
// records every published diagnostic (with its version) and offers fixture helpers with `$0`
// cursor markers.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { repoRoot } from './paths.js';

export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }
export interface Diag { range: Range; message: string; code?: string; severity?: number; tags?: number[]; relatedInformation?: unknown[] }
export interface Published { uri: string; version?: number; diagnostics: Diag[]; at: number }

import { pathToUri } from 'wit-tools/server/workspace/uri.js';

import { serverNodeFlags } from 'wit-tools/server/lsp/node-flags.js';

export const serverBin = join(repoRoot, 'bin', 'wit-language-server.js');

/** The URI of a path as the server writes it (a `/vscode-vfs:github/…` path is a virtual workspace's `vscode-vfs://github/…`). */
export function uri(path: string): string {
  return pathToUri(path);
}

/** Offset → LSP position in `text` (UTF-16, lines split at `\n`). */
export function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

export function offsetAt(text: string, p: Position): number {
  const lines = text.split('\n');
  let o = 0;
  for (let i = 0; i < p.line && i < lines.length; i++) o += lines[i].length + 1;
  return o + p.character;
}

/** `text` with its `$0` marker removed, and where the marker was. */
export function cursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('$0');
  if (offset < 0) throw new Error('fixture has no $0 cursor');
  return { text: marked.slice(0, offset) + marked.slice(offset + 2), offset };
}

export class LspClient {
  readonly published: Published[] = [];
  readonly logs: string[] = [];
  /** `window/logMessage` of type Error (the server's caught failures: `… failed: <stack>`). */
  readonly errors: string[] = [];
  /** What the server wrote to stderr. */
  stderr = '';
  private versions = new Map<string, number>();
  private texts = new Map<string, string>();
  private waiters: (() => void)[] = [];

  private constructor(readonly proc: ChildProcess, readonly rpc: MessageConnection) {
    rpc.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number; diagnostics: Diag[] }) => {
      this.published.push({ ...p, at: performance.now() });
      for (const w of this.waiters.splice(0)) w();
    });
    rpc.onNotification('window/logMessage', (p: { type?: number; message: string }) => {
      this.logs.push(p.message);
      if (p.type === 1) this.errors.push(p.message);
    });
    rpc.onRequest('client/registerCapability', () => null);
    rpc.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
    rpc.onRequest('window/workDoneProgress/create', () => null);
  }

  /** Starts the server with `folders` as workspace folders and initializes it. */
  static async start(folders: string[], initializationOptions: unknown = {}, capabilities: Record<string, unknown> = {}, server = serverBin): Promise<LspClient> {
    // With the flags VS Code's client gives it; `server` is the bin, or the bundle VS Code runs.
    const proc = spawn(process.execPath, [...serverNodeFlags, server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    // A message still queued when the server exits (a reply to its last request, after `exit`)
    // meets a closed pipe: an 'error' event that would otherwise end the test process.
    proc.stdin!.on('error', () => undefined);
    const rpc = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    rpc.listen();
    const client = new LspClient(proc, rpc);
    proc.stderr!.on('data', (b: Buffer) => { client.stderr += b.toString('utf8'); });
    await rpc.sendRequest('initialize', {
      processId: process.pid,
      rootUri: folders[0] ? uri(folders[0]) : null,
      workspaceFolders: folders.map((f) => ({ uri: uri(f), name: f })),
      capabilities: {
        textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true, tagSupport: { valueSet: [1, 2] } } },
        workspace: { didChangeWatchedFiles: { dynamicRegistration: true }, configuration: true },
        ...capabilities,
      },
      initializationOptions,
    });
    rpc.sendNotification('initialized', {});
    return client;
  }

  request<R = unknown>(method: string, params: unknown): Promise<R> {
    return this.rpc.sendRequest(method, params) as Promise<R>;
  }

  notify(method: string, params: unknown): void {
    void this.rpc.sendNotification(method, params);
  }

  open(path: string, text: string): void {
    this.versions.set(path, 1);
    this.texts.set(path, text);
    this.notify('textDocument/didOpen', { textDocument: { uri: uri(path), languageId: 'wit', version: 1, text } });
  }

  /** Replaces `[start, end)` of the document with `newText` (an incremental change). */
  edit(path: string, start: number, end: number, newText: string): number {
    const text = this.texts.get(path)!;
    const version = (this.versions.get(path) ?? 0) + 1;
    this.versions.set(path, version);
    this.notify('textDocument/didChange', {
      textDocument: { uri: uri(path), version },
      contentChanges: [{ range: { start: positionAt(text, start), end: positionAt(text, end) }, text: newText }],
    });
    this.texts.set(path, text.slice(0, start) + newText + text.slice(end));
    return version;
  }

  replaceAll(path: string, text: string): number {
    const old = this.texts.get(path)!;
    return this.edit(path, 0, old.length, text);
  }

  close(path: string): void {
    this.notify('textDocument/didClose', { textDocument: { uri: uri(path) } });
  }

  text(path: string): string {
    return this.texts.get(path)!;
  }

  version(path: string): number {
    return this.versions.get(path) ?? 0;
  }

  /** The newest diagnostics published for `path`. */
  latest(path: string): Published | undefined {
    const u = uri(path);
    for (let i = this.published.length - 1; i >= 0; i--) if (this.published[i].uri === u) return this.published[i];
    return undefined;
  }

  /** Waits until diagnostics for `path` satisfy `ok` (checked on every publication). */
  async diagnostics(path: string, ok: (p: Published) => boolean = () => true, timeoutMs = 20_000): Promise<Published> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const p = this.latest(path);
      if (p && ok(p)) return p;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching diagnostics for ${path} (last: ${JSON.stringify(p?.diagnostics.map((d) => d.message))})`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => { clearTimeout(t); resolve(); });
      });
    }
  }

  /** Diagnostics for the document's current version. */
  current(path: string, timeoutMs?: number): Promise<Published> {
    const v = this.version(path);
    return this.diagnostics(path, (p) => p.version === v, timeoutMs);
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.rpc.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      const exited = new Promise((r) => (this.proc.exitCode !== null ? r(undefined) : this.proc.once('exit', r)));
      await this.rpc.sendNotification('exit').catch(() => undefined);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    } catch { /* already gone */ }
    this.rpc.dispose();
    this.proc.kill();
  }
}
