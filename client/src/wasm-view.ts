// Opening a `.wasm` component shows its WIT, read-only and highlighted, with what it imports and
// exports and a Call button beside every exported function. "Open as WIT" opens the same text as a
// read-only `wit` document (the grammar colours it and every editor feature works on it).
// The server decodes the component (the pipeline's inspect); nothing here parses wasm.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { inspect, type InspectResult } from './server-requests';

const viewType = 'wit.componentView';
const scheme = 'wit-component';
let getClient: () => LanguageClient | undefined = () => undefined;

/** The WIT of each component opened as a document, by the component's path. */
const texts = new Map<string, string>();

export function registerWasmView(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  getClient = client;
  context.subscriptions.push(
    vscode.window.registerCustomEditorProvider(viewType, new ComponentViewProvider(context), { webviewOptions: { retainContextWhenHidden: false }, supportsMultipleEditorsPerDocument: true }),
    vscode.workspace.registerTextDocumentContentProvider(scheme, {
      provideTextDocumentContent: (uri) => texts.get(uri.query) ?? `// ${uri.query}: open the component first (WIT: Inspect Component)\n`,
    }),
    vscode.commands.registerCommand('wit.openComponentWit', (uri: vscode.Uri) => openAsWit(uri)),
  );
}

/** Shows a component in its view. */
export async function openWasmView(uri: vscode.Uri): Promise<void> {
  await vscode.commands.executeCommand('vscode.openWith', uri, viewType);
}

async function openAsWit(uri: vscode.Uri): Promise<void> {
  if (!texts.has(uri.fsPath)) {
    const r = await inspect(getClient, uri.fsPath);
    if (!r) return;
    texts.set(uri.fsPath, r.wit);
  }
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme, path: `/${path.basename(uri.fsPath, '.wasm')}.wit`, query: uri.fsPath }));
  await vscode.languages.setTextDocumentLanguage(doc, 'wit');
  await vscode.window.showTextDocument(doc, { preview: true });
}

class ComponentViewProvider implements vscode.CustomReadonlyEditorProvider {
  constructor(private readonly context: vscode.ExtensionContext) {}

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  async resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): Promise<void> {
    panel.webview.options = { enableScripts: true, localResourceRoots: [] };
    const file = document.uri.fsPath;
    const show = async () => {
      panel.webview.html = page(null, path.basename(file), undefined, nonce());
      const r = await inspect(getClient, file).catch(() => undefined);
      if (r) texts.set(file, r.wit);
      panel.webview.html = page(r ?? null, path.basename(file), r ? undefined : 'This file could not be read as a WebAssembly component (see the WIT Components output).', nonce());
    };
    panel.webview.onDidReceiveMessage((m: { type: string; fn?: string }) => {
      if (m.type === 'call') void vscode.commands.executeCommand('wit.callFunction', document.uri, m.fn);
      if (m.type === 'wit') void openAsWit(document.uri);
      if (m.type === 'reload') void show();
      if (m.type === 'default') void vscode.commands.executeCommand('vscode.openWith', document.uri, 'default');
    }, undefined, this.context.subscriptions);
    // Rebuilt components refresh their view.
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file)));
    watcher.onDidChange(() => void show());
    panel.onDidDispose(() => watcher.dispose());
    await show();
  }
}

function nonce(): string {
  let s = '';
  for (let i = 0; i < 32; i++) s += 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(Math.random() * 62)];
  return s;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const keywords = new Set(['package', 'world', 'interface', 'import', 'export', 'use', 'type', 'record', 'variant', 'enum', 'flags', 'resource', 'func', 'static', 'async', 'constructor', 'include', 'with', 'as', 'from']);
const builtins = new Set(['u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64', 'f32', 'f64', 'bool', 'char', 'string', 'list', 'option', 'result', 'tuple', 'borrow', 'own', 'future', 'stream', 'map', 'error-context', '_']);

/** WIT coloured with the theme's token colours: comments, keywords, built-in types, names. */
export function highlight(wit: string): string {
  let out = '';
  const re = /(\/\/[^\n]*)|(\/\*[\s\S]*?\*\/)|(@[a-z-]+)|("(?:[^"\\]|\\.)*")|(%?[a-z][a-z0-9]*(?:-[a-z0-9]+)*)|([\s\S])/gi;
  let prev = '';
  for (const m of wit.matchAll(re)) {
    const [t, line, block, gate, str, word] = m;
    if (line || block) out += `<span class="c">${esc(t)}</span>`;
    else if (gate) out += `<span class="g">${esc(t)}</span>`;
    else if (str) out += `<span class="s">${esc(t)}</span>`;
    else if (word) {
      const cls = keywords.has(word) ? 'k' : builtins.has(word) ? 't' : ['world', 'interface', 'record', 'variant', 'enum', 'flags', 'resource', 'type'].includes(prev) ? 'd' : 'n';
      out += `<span class="${cls}">${esc(t)}</span>`;
      prev = word;
    } else out += esc(t);
  }
  return out;
}

/** The view's page. Exported for tests. */
export function page(r: InspectResult | null, name: string, error: string | undefined, n: string): string {
  const csp = `default-src 'none'; style-src 'nonce-${n}'; script-src 'nonce-${n}';`;
  const size = r ? (r.size >= 1024 * 1024 ? `${(r.size / 1024 / 1024).toFixed(1)} MB` : `${(r.size / 1024).toFixed(1)} KB`) : '';
  const rows = (dir: string) => (r?.rows ?? []).filter((x) => x.direction === dir).map((x) => `<tr><td class="kind">${esc(x.kind)}</td><td class="n">${esc(x.name)}</td><td class="detail">${esc(x.detail)}</td></tr>`).join('') || `<tr><td colspan="3" class="empty">nothing ${dir}ed</td></tr>`;
  const fns = (r?.functions ?? []).map((f) => `<li><button class="call" data-fn="${esc(f.name)}" ${f.notCallable ? `disabled title="${esc(f.notCallable)}"` : `title="Call ${esc(f.shortName)}"`}>▶ Call</button><code><span class="n">${esc(f.shortName)}</span>: <span class="sig">${esc(f.signature)}</span></code>${f.notCallable ? `<span class="why">${esc(f.notCallable)}</span>` : ''}</li>`).join('');
  const body = !r
    ? `<h1>${esc(name)}</h1>${error ? `<p class="err">${esc(error)}</p><p><button data-msg="default">Open with the default editor</button> <button data-msg="reload">Try again</button></p>` : '<p class="muted">Reading the component…</p>'}`
    : `<div class="head"><h1>${esc(name)}</h1><span class="muted">${size} · sha256 ${esc(r.hash.slice(0, 12))}…</span>
        <span class="actions"><button data-msg="wit">Open as WIT</button><button data-msg="reload">Reload</button></span></div>
       ${fns ? `<h2>Exported functions</h2><ul class="fns">${fns}</ul>` : ''}
       <div class="tables"><div><h2>Imports</h2><table>${rows('import')}</table></div><div><h2>Exports</h2><table>${rows('export')}</table></div></div>
       <h2>WIT</h2><pre class="wit">${highlight(r.wit)}</pre>`;
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}">
<style nonce="${n}">
  body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 10px 20px; }
  .head { display: flex; align-items: baseline; gap: 14px; flex-wrap: wrap; }
  h1 { font-size: 1.3em; font-weight: 600; margin: 0; } h2 { font-size: .85em; text-transform: uppercase; letter-spacing: .08em; color: var(--vscode-descriptionForeground); margin: 18px 0 6px; }
  .muted, .empty, .why { color: var(--vscode-descriptionForeground); } .why { margin-left: 8px; font-style: italic; }
  .err { color: var(--vscode-errorForeground); }
  .actions { margin-left: auto; display: flex; gap: 6px; }
  button { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); border: none; padding: 3px 10px; border-radius: 2px; cursor: pointer; font: inherit; }
  button:hover { background: var(--vscode-button-secondaryHoverBackground); }
  button.call { background: var(--vscode-button-background); color: var(--vscode-button-foreground); margin-right: 10px; }
  button.call:hover { background: var(--vscode-button-hoverBackground); } button:disabled { opacity: .5; cursor: default; }
  ul.fns { list-style: none; padding: 0; margin: 0; } ul.fns li { padding: 3px 0; }
  code, pre, table { font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); }
  .tables { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; }
  table { border-collapse: collapse; width: 100%; } td { padding: 2px 8px 2px 0; vertical-align: top; } td.kind { color: var(--vscode-descriptionForeground); width: 6em; }
  pre.wit { background: var(--vscode-textCodeBlock-background, transparent); padding: 10px 12px; border-radius: 4px; overflow: auto; line-height: 1.45; }
  .c { color: var(--vscode-editorCodeLens-foreground, #6a9955); font-style: italic; }
  .k { color: var(--vscode-symbolIcon-keywordForeground, #569cd6); } .t { color: var(--vscode-symbolIcon-typeParameterForeground, #4ec9b0); }
  .d { color: var(--vscode-symbolIcon-classForeground, #4ec9b0); font-weight: 600; } .g { color: var(--vscode-symbolIcon-eventForeground, #c586c0); }
  .s { color: var(--vscode-debugTokenExpression-string, #ce9178); } .n { color: var(--vscode-symbolIcon-functionForeground, inherit); }
  .sig { color: var(--vscode-descriptionForeground); }
</style></head><body>${body}
<script nonce="${n}">
  const vscode = acquireVsCodeApi();
  for (const b of document.querySelectorAll('button.call')) b.addEventListener('click', () => vscode.postMessage({ type: 'call', fn: b.getAttribute('data-fn') }));
  for (const b of document.querySelectorAll('button[data-msg]')) b.addEventListener('click', () => vscode.postMessage({ type: b.getAttribute('data-msg') }));
</script></body></html>`;
}
