// The world diagram: a webview (no network) showing the world under the cursor, imports on the
// left, exports on the right, each interface with its functions and types. Clicking a box opens
// its definition. Colours come from the theme.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

interface Loc { uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }
interface Item { kind: string; name: string; origin?: string; implied: boolean; docs?: string; loc?: Loc; functions: { name: string; signature: string; loc?: Loc; docs?: string }[]; types: { name: string; definition: string; loc?: Loc }[] }
export interface Diagram { world: string; package: string; docs?: string; loc?: Loc; imports: Item[]; exports: Item[]; worlds: { name: string; loc?: Loc }[] }

/** A .wac file's linked graph (the server's `wit/compositionGraph`). */
export interface CompositionGraph {
  package?: string;
  instances: { name: string; package: string; file: string; range?: Loc['range']; imports: { name: string; short: string; from: { kind: 'instance'; instance: number; export: string } | { kind: 'import' } }[]; exports: { name: string; short: string; kind: string }[] }[];
  imports: string[];
  exports: { name: string; instance: number; export?: string }[];
}

let panel: vscode.WebviewPanel | undefined;
let source: { uri: vscode.Uri; position: vscode.Position; language: 'wit' | 'wac' } | undefined;
const diagrammed = (languageId: string): languageId is 'wit' | 'wac' => languageId === 'wit' || languageId === 'wac';

export async function showWorldDiagram(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (editor && diagrammed(editor.document.languageId)) source = { uri: editor.document.uri, position: editor.selection.active, language: editor.document.languageId };
  if (!source) {
    vscode.window.showInformationMessage('Open a .wit file with a world, or a .wac file, to see its diagram.');
    return;
  }
  if (!panel) {
    panel = vscode.window.createWebviewPanel('wit.worldDiagram', 'World diagram', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, localResourceRoots: [] });
    panel.onDidDispose(() => { panel = undefined; }, undefined, context.subscriptions);
    panel.webview.onDidReceiveMessage((m: { type: string; loc?: Loc }) => openLoc(m), undefined, context.subscriptions);
    // Follow the cursor and the edits.
    let timer: NodeJS.Timeout | undefined;
    const later = () => { clearTimeout(timer); timer = setTimeout(() => void refresh(client), 250); };
    context.subscriptions.push(
      vscode.window.onDidChangeTextEditorSelection((e) => {
        const language = e.textEditor.document.languageId;
        if (!diagrammed(language)) return;
        source = { uri: e.textEditor.document.uri, position: e.selections[0].active, language };
        later();
      }),
      vscode.workspace.onDidChangeTextDocument((e) => { if (diagrammed(e.document.languageId)) later(); }),
    );
  }
  panel.reveal(vscode.ViewColumn.Beside, true);
  await refresh(client);
}

/** A box clicked: its definition, or (a component of a linked set) the component's view. */
async function openLoc(m: { type: string; loc?: Partial<Loc> }): Promise<void> {
  if (m.type !== 'open' || !m.loc?.uri) return;
  const uri = vscode.Uri.parse(m.loc.uri);
  const r = m.loc.range;
  if (!r) {
    await vscode.commands.executeCommand('vscode.open', uri, vscode.ViewColumn.One);
    return;
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character) });
}

let linkPanel: vscode.WebviewPanel | undefined;

/** The components a run-time link puts together (`wit.linkGraph`), drawn as a composition. */
export function showLinkGraph(context: vscode.ExtensionContext, graph: CompositionGraph, title: string): void {
  if (!linkPanel) {
    linkPanel = vscode.window.createWebviewPanel('wit.linkGraph', title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, localResourceRoots: [] });
    linkPanel.onDidDispose(() => { linkPanel = undefined; }, undefined, context.subscriptions);
    linkPanel.webview.onDidReceiveMessage((m: { type: string; loc?: Loc }) => openLoc(m), undefined, context.subscriptions);
  }
  linkPanel.title = title;
  linkPanel.webview.html = renderComposition(graph, '', nonce(), 'linked');
  linkPanel.reveal(vscode.ViewColumn.Beside, true);
}

async function refresh(client: () => LanguageClient | undefined): Promise<void> {
  const c = client();
  if (!panel || !c || !source) return;
  if (source.language === 'wac') {
    const g = await c.sendRequest<CompositionGraph | null>('wit/compositionGraph', { textDocument: { uri: source.uri.toString() } }).catch(() => null);
    panel.title = g?.package ? `Composition: ${g.package}` : 'Composition';
    panel.webview.html = renderComposition(g, source.uri.toString(), nonce());
    return;
  }
  const d = await c.sendRequest<Diagram | null>('wit/worldDiagram', { textDocument: { uri: source.uri.toString() }, position: { line: source.position.line, character: source.position.character } }).catch(() => null);
  panel.title = d ? `World: ${d.world}` : 'World diagram';
  panel.webview.html = render(d, nonce());
}

function nonce(): string {
  let s = '';
  for (let i = 0; i < 32; i++) s += 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(Math.random() * 62)];
  return s;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const attr = (loc?: Loc) => (loc ? ` data-loc="${esc(JSON.stringify(loc))}" tabindex="0"` : '');

function box(item: Item, side: 'import' | 'export'): string {
  const title = item.kind === 'function' ? (item.functions.length && !item.types.length ? 'functions' : 'functions & types') : item.name;
  const fns = item.functions.map((f) => `<li class="fn"${attr(f.loc)} title="${esc(f.docs ?? '')}"><span class="name">${esc(f.name)}</span><span class="sig">${esc(f.signature)}</span></li>`).join('');
  const tys = item.types.map((t) => `<li class="ty"${attr(t.loc)}><span class="sig">${esc(t.definition)}</span></li>`).join('');
  return `<section class="box ${side}${item.implied ? ' implied' : ''}${item.kind === 'function' ? ' loose' : ''}" title="${esc(item.docs ?? '')}">
    <header${attr(item.loc)}><span class="icon">${item.kind === 'interface' ? '◇' : 'ƒ'}</span><span class="title">${esc(title)}</span>${item.origin ? `<span class="origin">${esc(item.origin)}</span>` : ''}${item.implied ? '<span class="badge">implied</span>' : ''}</header>
    ${fns || tys ? `<ul>${fns}${tys}</ul>` : '<p class="empty">no functions</p>'}
  </section>`;
}

/** A webview page: no network, styles and scripts by nonce; the theme's colours for both diagrams. */
function page(n: string, body: string, css: string, script: string): string {
  const csp = `default-src 'none'; style-src 'nonce-${n}'; script-src 'nonce-${n}';`;
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}">
<style nonce="${n}">
  :root { --imp: var(--vscode-charts-blue, #3794ff); --exp: var(--vscode-charts-green, #89d185); }
  body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 12px 18px; }
${css}</style></head><body>${body}
<script nonce="${n}">
  const vscode = acquireVsCodeApi();
${script}</script></body></html>`;
}

/** The page. Exported for tests. */
export function render(d: Diagram | null, n: string): string {
  const body = !d
    ? '<p class="none">No world here. Put the cursor in a <code>world</code> of a .wit file.</p>'
    : `<div class="head"><h1>world <b>${esc(d.world)}</b></h1><span class="pkg">${esc(d.package)}</span>${d.worlds.length > 1 ? `<nav>${d.worlds.map((w) => `<a${attr(w.loc)}>${esc(w.name)}</a>`).join('')}</nav>` : ''}</div>
       ${d.docs ? `<p class="docs">${esc(d.docs)}</p>` : ''}
       <div class="stage">
         <div class="col imports"><h2>imports <span class="count">${d.imports.length}</span></h2>${d.imports.map((i) => box(i, 'import')).join('') || '<p class="empty">nothing imported</p>'}</div>
         <div class="col center"><div class="world" id="world"${attr(d.loc)}><span class="w">${esc(d.world)}</span><span class="pkg">${esc(d.package)}</span></div></div>
         <div class="col exports"><h2>exports <span class="count">${d.exports.length}</span></h2>${d.exports.map((i) => box(i, 'export')).join('') || '<p class="empty">nothing exported</p>'}</div>
         <svg id="wires"></svg>
       </div>`;
  return page(n, body, `
  .head { display: flex; align-items: baseline; gap: 12px; flex-wrap: wrap; }
  h1 { font-size: 1.4em; font-weight: 400; margin: 0; } h1 b { font-weight: 600; }
  .pkg { color: var(--vscode-descriptionForeground); font-family: var(--vscode-editor-font-family); }
  nav a { margin-left: 8px; cursor: pointer; color: var(--vscode-textLink-foreground); }
  .docs { color: var(--vscode-descriptionForeground); white-space: pre-wrap; max-width: 70em; }
  .stage { position: relative; display: grid; grid-template-columns: minmax(0, 1fr) minmax(110px, 170px) minmax(0, 1fr); gap: 28px; margin-top: 14px; }
  .col { min-width: 0; }
  .col h2 { font-size: .85em; text-transform: uppercase; letter-spacing: .08em; color: var(--vscode-descriptionForeground); margin: 0 0 8px; }
  .count { background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); border-radius: 8px; padding: 0 6px; font-size: .9em; }
  .center { display: flex; align-items: center; justify-content: center; }
  .world { border: 2px solid var(--vscode-focusBorder); border-radius: 10px; padding: 18px 14px; text-align: center; background: var(--vscode-editorWidget-background); box-shadow: 0 2px 8px var(--vscode-widget-shadow, transparent); cursor: pointer; min-width: 130px; }
  .world .w { display: block; font-size: 1.2em; font-weight: 600; } .world .pkg { font-size: .85em; }
  .box { position: relative; z-index: 1; min-width: 0; overflow: hidden; border: 1px solid var(--vscode-panel-border, var(--vscode-editorWidget-border)); border-left: 4px solid var(--imp); border-radius: 6px; margin-bottom: 12px; background: var(--vscode-editorWidget-background); }
  .box.export { border-left-color: var(--exp); }
  .box.implied { border-style: dashed; opacity: .85; }
  .box header { display: flex; align-items: center; gap: 6px; padding: 6px 9px; cursor: pointer; border-bottom: 1px solid var(--vscode-panel-border, transparent); }
  .box header:hover, li:hover, nav a:hover { background: var(--vscode-list-hoverBackground); }
  .icon { color: var(--imp); } .export .icon { color: var(--exp); }
  .title { font-weight: 600; font-family: var(--vscode-editor-font-family); }
  .origin { color: var(--vscode-descriptionForeground); font-size: .85em; margin-left: auto; font-family: var(--vscode-editor-font-family); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; min-width: 0; }
  .badge { font-size: .75em; border: 1px solid var(--vscode-descriptionForeground); color: var(--vscode-descriptionForeground); border-radius: 4px; padding: 0 4px; }
  ul { list-style: none; margin: 0; padding: 4px 0; }
  li { padding: 2px 10px; cursor: pointer; font-family: var(--vscode-editor-font-family); font-size: .92em; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  li .name { color: var(--vscode-symbolIcon-functionForeground, var(--vscode-foreground)); margin-right: 6px; }
  li .sig { color: var(--vscode-descriptionForeground); }
  li.ty .sig { color: var(--vscode-symbolIcon-structForeground, var(--vscode-descriptionForeground)); }
  .empty, .none { color: var(--vscode-descriptionForeground); font-style: italic; padding: 4px 10px; }
  svg#wires { position: absolute; inset: 0; width: 100%; height: 100%; pointer-events: none; z-index: 0; overflow: visible; }
  svg path { fill: none; stroke-width: 1.5; opacity: .7; }
  [data-loc]:focus { outline: 1px solid var(--vscode-focusBorder); }
`, `
  for (const el of document.querySelectorAll('[data-loc]')) {
    const open = (e) => { e.stopPropagation(); vscode.postMessage({ type: 'open', loc: JSON.parse(el.getAttribute('data-loc')) }); };
    el.addEventListener('click', open);
    el.addEventListener('keydown', (e) => { if (e.key === 'Enter') open(e); });
  }
  // Wires from each import to the world, and from the world to each export.
  function wires() {
    const svg = document.getElementById('wires'), world = document.getElementById('world');
    if (!svg || !world) return;
    const stage = svg.getBoundingClientRect(), w = world.getBoundingClientRect();
    const css = getComputedStyle(document.documentElement);
    let paths = '';
    for (const box of document.querySelectorAll('.box')) {
      const b = box.getBoundingClientRect(), imp = box.classList.contains('import');
      const y1 = b.top + 16 - stage.top, y2 = w.top + w.height / 2 - stage.top;
      const x1 = (imp ? b.right : b.left) - stage.left, x2 = (imp ? w.left : w.right) - stage.left;
      const mx = (x1 + x2) / 2;
      paths += '<path d="M' + x1 + ',' + y1 + ' C' + mx + ',' + y1 + ' ' + mx + ',' + y2 + ' ' + x2 + ',' + y2 + '" stroke="' + css.getPropertyValue(imp ? '--imp' : '--exp') + '"' + (box.classList.contains('implied') ? ' stroke-dasharray="4 3"' : '') + '/>';
    }
    svg.innerHTML = paths;
  }
  wires();
  window.addEventListener('resize', wires);
`);
}

/**
 * A .wac file's linked graph: the composition's imports on the left, its instances in columns
 * (each after the instances it takes exports from), its exports on the right; a wire from each
 * export that fills an import to that import. Clicking an instance opens its `let`. Exported for tests.
 */
export function renderComposition(g: CompositionGraph | null, uri: string, n: string, heading: 'composition' | 'linked' = 'composition'): string {
  let body: string;
  if (!g || g.instances.length === 0) {
    body = '<p class="none">No instances here. A .wac file instantiates packages with <code>let x = new ns:name { … };</code>.</p>';
  } else {
    // Columns by depth: an instance goes right of every instance it takes an export from.
    const depth: number[] = [];
    const depthOf = (i: number, seen = new Set<number>()): number => {
      if (depth[i] !== undefined) return depth[i];
      if (seen.has(i)) return 0;
      seen.add(i);
      const from = g.instances[i].imports.flatMap((x) => (x.from.kind === 'instance' ? [x.from.instance] : []));
      return (depth[i] = from.length ? 1 + Math.max(...from.map((f) => depthOf(f, seen))) : 0);
    };
    g.instances.forEach((_, i) => depthOf(i));
    const columns: number[][] = [];
    g.instances.forEach((_, i) => (columns[depth[i]] ??= []).push(i));
    const id = (s: string) => esc(s).replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`);
    const instanceBox = (i: number) => {
      const inst = g.instances[i];
      // An instance of a .wac file opens its `let`; a component of a linked set opens itself.
      const loc = inst.range ? { uri, range: inst.range } : { uri: vscode.Uri.file(inst.file).toString() } as unknown as Loc;
      const imps = inst.imports.map((x) => {
        const from = x.from.kind === 'instance' ? `exp-${x.from.instance}-${id(x.from.export)}` : `imp-${id(x.name)}`;
        return `<li class="in" id="in-${i}-${id(x.name)}" data-from="${from}" title="${esc(x.name)}">◂ ${esc(x.short)}</li>`;
      }).join('');
      const exps = inst.exports.map((x) => `<li class="out" id="exp-${i}-${id(x.name)}" title="${esc(x.name)}">${esc(x.short)} ▸</li>`).join('');
      return `<section class="box inst"><header id="inst-${i}"${attr(loc)}><span class="title">${esc(inst.name)}</span><span class="origin">${esc(inst.package)}</span></header><div class="io"><ul>${imps || '<li class="empty">no imports</li>'}</ul><ul class="right">${exps || '<li class="empty">no exports</li>'}</ul></div></section>`;
    };
    const outerImports = g.imports.map((name) => `<li class="outer" id="imp-${id(name)}" title="${esc(name)}">${esc(name)}</li>`).join('');
    const outerExports = g.exports.map((e) => `<li class="outer" data-from="${e.export === undefined ? `inst-${e.instance}` : `exp-${e.instance}-${id(e.export)}`}" title="${esc(e.name)}">${esc(e.name)}</li>`).join('');
    body = `<div class="head"><h1>${heading === 'linked' ? 'linked at run time:' : 'composition'} <b>${esc(g.package ?? '')}</b></h1><span class="pkg">${g.instances.length} ${heading === 'linked' ? 'component' : 'instance'}${g.instances.length === 1 ? '' : 's'}</span></div>
      <div class="stage" style="grid-template-columns: minmax(120px, 1fr) repeat(${columns.length}, minmax(150px, 1.3fr)) minmax(120px, 1fr)">
        <div class="col"><h2>imports <span class="count">${g.imports.length}</span></h2><ul class="plain">${outerImports || '<li class="empty">nothing imported</li>'}</ul></div>
        ${columns.map((c) => `<div class="col">${c.map(instanceBox).join('')}</div>`).join('')}
        <div class="col"><h2>exports <span class="count">${g.exports.length}</span></h2><ul class="plain">${outerExports || '<li class="empty">nothing exported</li>'}</ul></div>
        <svg id="wires"></svg>
      </div>`;
  }
  return page(n, body, `
  .head { display: flex; align-items: baseline; gap: 12px; } h1 { font-size: 1.4em; font-weight: 400; margin: 0; } h1 b { font-weight: 600; }
  .pkg, .origin { color: var(--vscode-descriptionForeground); font-family: var(--vscode-editor-font-family); font-size: .85em; }
  .stage { position: relative; display: grid; gap: 36px; margin-top: 14px; align-items: start; }
  .col { min-width: 0; display: flex; flex-direction: column; gap: 14px; }
  .col h2 { font-size: .85em; text-transform: uppercase; letter-spacing: .08em; color: var(--vscode-descriptionForeground); margin: 0; }
  .count { background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); border-radius: 8px; padding: 0 6px; }
  .box { position: relative; z-index: 1; border: 1px solid var(--vscode-panel-border, var(--vscode-editorWidget-border)); border-radius: 6px; background: var(--vscode-editorWidget-background); }
  .box header { display: flex; gap: 8px; align-items: baseline; padding: 6px 9px; cursor: pointer; border-bottom: 1px solid var(--vscode-panel-border, transparent); }
  .title { font-weight: 600; font-family: var(--vscode-editor-font-family); }
  .io { display: grid; grid-template-columns: 1fr 1fr; }
  ul { list-style: none; margin: 0; padding: 4px 0; } ul.right { text-align: right; }
  li { padding: 2px 8px; font-family: var(--vscode-editor-font-family); font-size: .92em; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  li.in { color: var(--imp); } li.out { color: var(--exp); }
  ul.plain li.outer { border: 1px solid var(--vscode-panel-border, transparent); border-radius: 4px; margin-bottom: 6px; position: relative; z-index: 1; background: var(--vscode-editorWidget-background); }
  .empty, .none { color: var(--vscode-descriptionForeground); font-style: italic; }
  svg#wires { position: absolute; inset: 0; width: 100%; height: 100%; pointer-events: none; z-index: 0; overflow: visible; }
  svg path { fill: none; stroke-width: 1.5; opacity: .75; }
`, `
  for (const el of document.querySelectorAll('[data-loc]')) el.addEventListener('click', () => vscode.postMessage({ type: 'open', loc: JSON.parse(el.getAttribute('data-loc')) }));
  function wires() {
    const svg = document.getElementById('wires');
    if (!svg) return;
    const stage = svg.getBoundingClientRect();
    const css = getComputedStyle(document.documentElement);
    let paths = '';
    for (const to of document.querySelectorAll('[data-from]')) {
      const from = document.getElementById(to.getAttribute('data-from'));
      if (!from) continue;
      const a = from.getBoundingClientRect(), b = to.getBoundingClientRect();
      const x1 = a.right - stage.left, y1 = a.top + a.height / 2 - stage.top, x2 = b.left - stage.left, y2 = b.top + b.height / 2 - stage.top, mx = (x1 + x2) / 2;
      const colour = from.classList.contains('outer') ? '--imp' : '--exp';
      paths += '<path d="M' + x1 + ',' + y1 + ' C' + mx + ',' + y1 + ' ' + mx + ',' + y2 + ' ' + x2 + ',' + y2 + '" stroke="' + css.getPropertyValue(colour) + '"/>';
    }
    svg.innerHTML = paths;
  }
  wires();
  window.addEventListener('resize', wires);
`);
}
