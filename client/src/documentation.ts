// "WIT: Open Documentation": the documentation page of the item under the cursor (the server's
// `wit/documentation`, the site `wit-tools doc` writes) in a webview beside the editor. Links
// between pages and the index's search stay inside the view: a click asks the server for the page.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

interface DocAnswer { page: string; anchor?: string; html: string; css: string; search: string }

let panel: vscode.WebviewPanel | undefined;
let current: { uri: string; page: string } | undefined;

/** `href` of a link on `page`, as a page of the site (`a/b/../c.html#x` → `a/c.html#x`). */
export function resolveDocLink(page: string, href: string): string {
  const [file, anchor] = href.split('#');
  if (!file) return `${page}${anchor !== undefined ? `#${anchor}` : ''}`;
  const parts = page.split('/').slice(0, -1);
  for (const seg of file.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return `${parts.join('/')}${anchor !== undefined ? `#${anchor}` : ''}`;
}

function nonce(): string {
  return Array.from({ length: 24 }, () => 'abcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(Math.random() * 36)]).join('');
}

function render(webview: vscode.Webview, d: DocAnswer): string {
  const n = nonce();
  const csp = `default-src 'none'; img-src ${webview.cspSource} data:; style-src 'unsafe-inline'; script-src 'nonce-${n}';`;
  const body = d.html
    .replace(/<link rel="stylesheet"[^>]*>/, `<meta http-equiv="Content-Security-Policy" content="${csp}"><style>${d.css}</style>`)
    .replace(/<script>(window\.WIT_INDEX[\s\S]*?)<\/script>/, `<script nonce="${n}">$1</script>`)
    .replace(/<script src="search\.js"><\/script>/, `<script nonce="${n}">${d.search}</script>`);
  const nav = `<script nonce="${n}">(function(){const vscode=acquireVsCodeApi();
document.addEventListener('click',function(e){const a=e.target.closest&&e.target.closest('a[href]');if(!a)return;const h=a.getAttribute('href');
if(/^https?:/.test(h)){return;}e.preventDefault();vscode.postMessage({type:'navigate',href:h});});
const anchor=${JSON.stringify(d.anchor ?? '')};if(anchor){const el=document.getElementById(anchor);if(el){el.scrollIntoView();el.classList.add('target');}}})();</script>
<style>.target{background:rgba(255,213,79,.35)}</style>`;
  return body.replace('</body>', `${nav}</body>`);
}

async function show(client: LanguageClient, params: object, uri: string): Promise<void> {
  const d = await client.sendRequest<DocAnswer | null>('wit/documentation', { textDocument: { uri }, ...params }).catch(() => null);
  if (!d || !panel) {
    if (!d) vscode.window.showInformationMessage('No documentation here: the file has errors, or holds no package.');
    return;
  }
  current = { uri, page: d.page };
  panel.title = `Docs: ${d.page.replace(/^.*\//, '').replace(/\.html$/, '').replace(/^(interface|world)\./, '')}`;
  panel.webview.html = render(panel.webview, d);
}

export async function openDocumentation(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const c = client();
  if (!editor || editor.document.languageId !== 'wit' || !c) {
    vscode.window.showInformationMessage('Open a .wit file to see its documentation.');
    return;
  }
  if (!panel) {
    panel = vscode.window.createWebviewPanel('wit.documentation', 'Documentation', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, localResourceRoots: [] });
    panel.onDidDispose(() => { panel = undefined; current = undefined; }, undefined, context.subscriptions);
    panel.webview.onDidReceiveMessage((m: { type: string; href?: string }) => {
      const cc = client();
      if (m.type !== 'navigate' || !m.href || !current || !cc) return;
      void show(cc, { page: resolveDocLink(current.page, m.href) }, current.uri);
    }, undefined, context.subscriptions);
  }
  panel.reveal(vscode.ViewColumn.Beside, true);
  // Plain numbers, not a `vscode.Position`: the browser's client posts a structured clone, which drops its getters.
  await show(c, { position: { line: editor.selection.active.line, character: editor.selection.active.character } }, editor.document.uri.toString());
}
