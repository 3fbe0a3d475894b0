// Build / Run / Call / Inspect from the editor. The work happens in the language server (which owns
// the pipeline); this file only asks the user what to do: which component, which function, which
// arguments. Output streams into the "WIT Components" channel; build errors land in Problems.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { confirmWorkspaceSettings, requireTrust } from './trust';
import type { LanguageClient } from 'vscode-languageclient/node';
import { openWasmView } from './wasm-view';
import { channel, inspect, serverCommand, type BuildDiagnostic, type BuildResult, type CallResult, type ExportedFunction, type Failure } from './server-requests';
import { taskOutput } from './tasks';
import { canInstall, offerInstall } from './toolchain-install';
import { showLinkGraph, type CompositionGraph } from './world-diagram';

let buildProblems: vscode.DiagnosticCollection | undefined;

/** The folder to build: the argument, else the active file's folder, else the first workspace folder. */
function projectTarget(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg instanceof vscode.Uri) return arg.fsPath;
  const doc = vscode.window.activeTextEditor?.document;
  if (doc?.uri.scheme === 'file') return path.dirname(doc.uri.fsPath);
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

/** The component to run or call: the argument, the open `.wasm` view, the last build, or a pick. */
async function componentTarget(context: vscode.ExtensionContext, arg: unknown): Promise<string | undefined> {
  if (arg instanceof vscode.Uri) return arg.fsPath;
  if (typeof arg === 'string' && arg.endsWith('.wasm')) return arg;
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (tab instanceof vscode.TabInputCustom && tab.uri.fsPath.endsWith('.wasm')) return tab.uri.fsPath;
  const found = await vscode.workspace.findFiles('**/*.wasm', '**/node_modules/**', 200);
  const last = context.workspaceState.get<string>('wit.lastComponent');
  const paths = [...new Set([...(last ? [last] : []), ...found.map((u) => u.fsPath)])];
  if (paths.length === 0) {
    void vscode.window.showInformationMessage('No component (.wasm) found in the workspace. Build one first (WIT: Build Component).');
    return undefined;
  }
  if (paths.length === 1) return paths[0];
  const pick = await vscode.window.showQuickPick(paths.map((p) => ({ label: path.basename(p), description: vscode.workspace.asRelativePath(p), detail: p === last ? 'built last' : undefined, p })), { title: 'Which component?' });
  return pick?.p;
}

export async function buildComponent(context: vscode.ExtensionContext, client: () => LanguageClient | undefined, target?: unknown, world?: string): Promise<BuildResult | undefined> {
  const dir = projectTarget(target);
  if (!dir) return undefined;
  if (!(await confirmWorkspaceSettings(context, 'build', vscode.Uri.file(dir)))) return undefined;
  const out = channel();
  out.appendLine(`▶ build ${vscode.workspace.asRelativePath(dir)}${world ? ` (world ${world})` : ''}`);
  let missing: Failure | undefined;
  const r = await serverCommand<BuildResult>(client, 'wit.build', [dir, world ?? null], (f) => {
    // A missing tool chain: offer to run the command that installs it, then build again.
    if (canInstall(f)) missing = f;
    return missing !== undefined;
  });
  if (missing && (await offerInstall(missing, 'Building this component'))) return buildComponent(context, client, target, world);
  showBuildProblems(r?.diagnostics ?? []);
  if (!r) return undefined;
  await context.workspaceState.update('wit.lastComponent', r.component);
  const size = r.size >= 1024 * 1024 ? `${(r.size / 1024 / 1024).toFixed(1)} MB` : `${Math.round(r.size / 1024)} KB`;
  const message = `Built ${vscode.workspace.asRelativePath(r.component)} (${size}) in ${(r.durationMs / 1000).toFixed(1)} s`;
  out.appendLine(`✓ ${message}`);
  void vscode.window.showInformationMessage(message, 'Call…', 'Inspect').then((b) => {
    if (b === 'Call…') void vscode.commands.executeCommand('wit.callFunction', vscode.Uri.file(r.component));
    if (b === 'Inspect') void vscode.commands.executeCommand('wit.inspectComponent', vscode.Uri.file(r.component));
  });
  return r;
}

function showBuildProblems(diags: BuildDiagnostic[]): void {
  buildProblems ??= vscode.languages.createDiagnosticCollection('wit-build');
  buildProblems.clear();
  const byFile = new Map<string, vscode.Diagnostic[]>();
  for (const d of diags) {
    if (!d.file) continue;
    const line = Math.max(0, (d.line ?? 1) - 1);
    const col = Math.max(0, (d.column ?? 1) - 1);
    const diag = new vscode.Diagnostic(new vscode.Range(line, col, line, col + 1), d.message, d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
    diag.source = 'build';
    byFile.set(d.file, [...(byFile.get(d.file) ?? []), diag]);
  }
  for (const [file, list] of byFile) buildProblems.set(vscode.Uri.file(file), list);
}

/** A starting point for the argument box: one placeholder per parameter, by type. */
function argumentTemplate(f: ExportedFunction): string {
  const sample = (t: unknown): string => {
    const kind = typeof t === 'string' ? t : (t as { kind?: string })?.kind ?? '';
    switch (kind) {
      case 'string': return '""';
      case 'bool': return 'false';
      case 'char': return "'a'";
      case 'list': return '[]';
      case 'option': return 'none';
      case 'f32': case 'f64': return '0.0';
      default: return /^[su](8|16|32|64)$/.test(kind) ? '0' : '…';
    }
  };
  return f.func.params.map((p) => sample(p.type)).join(', ');
}

/**
 * The components that will serve `component`'s imports that WASI does not: the workspace's
 * components that export them (`wit.providers`), one per import — taken as is when there is one,
 * asked for when there are several (the answer is remembered for the workspace). `null`: cancelled.
 */
async function chooseLinks(context: vscode.ExtensionContext, client: () => LanguageClient | undefined, component: string, seen = new Set<string>([component])): Promise<string[] | null> {
  const found = await serverCommand<{ imports: { name: string; providers: string[] }[] }>(client, 'wit.providers', [component]);
  if (!found || found.imports.length === 0) return [];
  const chosen: string[] = [];
  for (const imp of found.imports) {
    if (imp.providers.length === 0) continue; // the call says which import has no provider
    const key = `wit.link:${component}:${imp.name}`;
    const remembered = context.workspaceState.get<string>(key);
    if (imp.providers.length === 1) chosen.push(imp.providers[0]);
    else if (remembered && imp.providers.includes(remembered)) chosen.push(remembered);
    else {
      const pick = await vscode.window.showQuickPick(imp.providers.map((p) => ({ label: path.basename(p), description: vscode.workspace.asRelativePath(p), file: p })), { title: `${path.basename(component)} imports ${imp.name}: which component serves it?` });
      if (!pick) return null;
      await context.workspaceState.update(key, pick.file);
      chosen.push(pick.file);
    }
  }
  // A chosen component may need others in turn (a chain).
  for (const c of [...chosen]) {
    if (seen.has(c)) continue;
    seen.add(c);
    const more = await chooseLinks(context, client, c, seen);
    if (more === null) return null;
    chosen.push(...more.filter((m) => m !== component));
  }
  return [...new Set(chosen)].filter((c) => c !== component);
}

/** Composes a .wac file (the active editor's by default) into one component, next to it. */
async function composeWac(client: () => LanguageClient | undefined, target?: unknown): Promise<void> {
  const file = typeof target === 'string' ? target : target instanceof vscode.Uri ? target.fsPath : vscode.window.activeTextEditor?.document.uri.fsPath;
  if (!file || !file.endsWith('.wac')) {
    void vscode.window.showErrorMessage('Open a .wac file to compose it.');
    return;
  }
  await vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file)?.save();
  const r = await serverCommand<{ component: string; bytes: number }>(client, 'wit.compose', [file]);
  if (!r) return;
  void vscode.window.showInformationMessage(`Composed ${path.basename(r.component)} (${(r.bytes / 1048576).toFixed(1)} MB)`, 'Call…', 'Inspect').then((b) => {
    if (b === 'Call…') void vscode.commands.executeCommand('wit.callFunction', vscode.Uri.file(r.component));
    if (b === 'Inspect') void vscode.commands.executeCommand('wit.inspectComponent', vscode.Uri.file(r.component));
  });
}

/**
 * The graph of a component and the workspace's components that serve its imports — the link a
 * Call or Run would make — drawn beside the editor. Reads components; runs nothing.
 */
async function showLinkedComponents(context: vscode.ExtensionContext, client: () => LanguageClient | undefined, target?: unknown): Promise<void> {
  const component = await componentTarget(context, target);
  if (!component) return;
  const links = await chooseLinks(context, client, component);
  if (links === null) return;
  const r = await serverCommand<{ graph: CompositionGraph }>(client, 'wit.linkGraph', [component, { with: links }]);
  if (!r) return;
  showLinkGraph(context, r.graph, `Linked: ${path.basename(component)}`);
}

export async function callFunction(context: vscode.ExtensionContext, client: () => LanguageClient | undefined, target?: unknown, functionName?: string, waveArgs?: string, world?: string): Promise<CallResult | undefined> {
  // A lens passes the project folder: build first (the pipeline caches unchanged builds).
  let component: string | undefined;
  if (typeof target === 'string' && !target.endsWith('.wasm')) component = (await buildComponent(context, client, target, world))?.component;
  else component = await componentTarget(context, target);
  if (!component) return undefined;
  const info = await inspect(client, component);
  if (!info) return undefined;
  let f = functionName ? info.functions.find((x) => x.name === functionName || x.shortName === functionName || x.name.endsWith(`/${functionName}`)) : undefined;
  if (!f) {
    if (info.functions.length === 0) {
      void vscode.window.showInformationMessage(`${path.basename(component)} exports no functions.`);
      return undefined;
    }
    const pick = await vscode.window.showQuickPick(info.functions.map((x) => ({ label: x.shortName, description: x.signature, detail: x.notCallable ? `cannot be called from here: ${x.notCallable}` : undefined, f: x })), { title: `Call a function of ${path.basename(component)}`, matchOnDescription: true });
    if (!pick) return undefined;
    f = pick.f;
  }
  if (f.notCallable) {
    void vscode.window.showErrorMessage(`${f.shortName} cannot be called from here: ${f.notCallable}`);
    return undefined;
  }
  const key = `wit.callArgs:${f.name}`;
  let args = waveArgs;
  if (args === undefined && f.func.params.length > 0) {
    const target = f;
    args = await vscode.window.showInputBox({
      title: `${f.shortName}: ${f.signature}`,
      prompt: 'Arguments in WAVE, separated by commas (e.g. "text", 42, [1, 2], some(3), { field: 1 })',
      value: context.workspaceState.get<string>(key) ?? argumentTemplate(f),
      ignoreFocusOut: true,
      validateInput: async (value) => {
        const r = await client()?.sendRequest<{ ok: boolean; error?: string }>('workspace/executeCommand', { command: 'wit.checkCall', arguments: [component, `${target.shortName}(${value})`] }).catch(() => undefined);
        return r && !r.ok ? r.error : undefined;
      },
    });
    if (args === undefined) return undefined;
    await context.workspaceState.update(key, args);
  }
  const call = `${f.shortName}(${args ?? ''})`;
  const out = channel();
  const links = await chooseLinks(context, client, component);
  if (links === null) return undefined;
  if (!(await confirmWorkspaceSettings(context, 'run', vscode.Uri.file(component)))) return undefined;
  out.appendLine(`▶ ${call}   — ${path.basename(component)}${links.length ? ` with ${links.map((l) => path.basename(l)).join(', ')}` : ''}`);
  const r = await serverCommand<CallResult>(client, 'wit.call', [component, call, { with: links }]);
  if (!r) return undefined;
  const shown = r.wave ?? '(no result)';
  out.appendLine(`${r.isError ? '✗' : '✓'} ${shown}   (${r.durationMs.toFixed(0)} ms)`);
  const show = r.isError ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void show(`${call} → ${shown}`, 'Call again', 'Show Output').then((b) => {
    if (b === 'Call again') void vscode.commands.executeCommand('wit.callFunction', vscode.Uri.file(component), f.name);
    if (b === 'Show Output') out.show(true);
  });
  return r;
}

export async function runComponent(context: vscode.ExtensionContext, client: () => LanguageClient | undefined, target?: unknown, world?: string): Promise<{ exitCode: number; durationMs: number } | undefined> {
  let component: string | undefined;
  if (typeof target === 'string' && !target.endsWith('.wasm')) component = (await buildComponent(context, client, target, world))?.component;
  else component = await componentTarget(context, target);
  if (!component) return undefined;
  if (!(await confirmWorkspaceSettings(context, 'run', vscode.Uri.file(component)))) return undefined;
  const out = channel();
  out.show(true);
  out.appendLine(`▶ run ${vscode.workspace.asRelativePath(component)}`);
  const r = await serverCommand<{ exitCode: number; durationMs: number }>(client, 'wit.run', [component]);
  // The server has written the exit code and the time to this channel (wit/output).
  if (r && r.exitCode !== 0) void vscode.window.showWarningMessage(`${path.basename(component)} exited with code ${r.exitCode}.`, 'Show Output').then((b) => b && out.show(true));
  return r;
}

/** "WIT: New Component…": the questions `wit-tools new` asks, then the new project opens. */
export async function newComponent(client: () => LanguageClient | undefined, answers?: { name?: string; language?: string; template?: string; parent?: string }): Promise<{ dir: string; files: string[] } | undefined> {
  const name = answers?.name ?? await vscode.window.showInputBox({
    title: 'New component (1/3): name',
    prompt: 'kebab-case: also the folder, the package (local:NAME) and the world',
    value: 'hello',
    validateInput: (v) => (/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(v) ? undefined : 'kebab-case words: lowercase letters and digits, separated by single dashes'),
  });
  if (!name) return undefined;
  const language = answers?.language ?? (await vscode.window.showQuickPick([
    { label: 'TypeScript', description: 'componentize-js, type-checked against the world', id: 'ts' },
    { label: 'JavaScript', description: 'componentize-js', id: 'js' },
    { label: 'Python', description: 'componentize-py', id: 'python' },
    { label: 'Go', description: 'Go (wasip1) with wit-bindgen go', id: 'go' },
    { label: 'Rust', description: 'cargo, wasm32-wasip2, the wit-bindgen crate', id: 'rust' },
    { label: 'C', description: 'clang + wasi-libc with wit-bindgen c, and a Makefile', id: 'c' },
  ], { title: 'New component (2/3): language' }))?.id;
  if (!language) return undefined;
  const template = answers?.template ?? (await vscode.window.showQuickPick([
    { label: 'hello', description: 'exports a greet function', id: 'hello' },
    { label: 'command', description: 'a wasi:cli/run command (WIT: Run Component)', id: 'command' },
    ...(language === 'ts' || language === 'js' ? [{ label: 'http', description: 'a wasi:http handler', id: 'http' }] : []),
  ], { title: 'New component (3/3): world' }))?.id;
  if (!template) return undefined;
  const parent = answers?.parent ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const r = await serverCommand<{ dir: string; files: string[] }>(client, 'wit.new', [name, language, template, parent ?? null]);
  if (!r) return undefined;
  const wit = r.files.find((f) => f.endsWith('.wit'));
  if (wit) await vscode.window.showTextDocument(vscode.Uri.file(path.join(r.dir, wit)));
  void vscode.window.showInformationMessage(`Created ${vscode.workspace.asRelativePath(r.dir)} (${r.files.length} files).`, 'Build Component').then((b) => {
    if (b) void vscode.commands.executeCommand('wit.buildComponent', r.dir);
  });
  return r;
}

export function registerPipelineCommands(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  context.subscriptions.push(
    // What runs code from the workspace is refused in Restricted Mode (trust.ts).
    vscode.commands.registerCommand('wit.newComponent', (answers?: { name?: string; language?: string; template?: string; parent?: string }) => requireTrust('WIT: New Component') && newComponent(client, answers)),
    vscode.commands.registerCommand('wit.buildComponent', (target?: unknown, world?: string) => requireTrust('WIT: Build Component') && buildComponent(context, client, target, world)),
    vscode.commands.registerCommand('wit.runComponent', (target?: unknown, world?: string) => requireTrust('WIT: Run Component') && runComponent(context, client, target, world)),
    vscode.commands.registerCommand('wit.showLinkedComponents', (target?: unknown) => showLinkedComponents(context, client, target)),
    vscode.commands.registerCommand('wit.composeWac', (target?: unknown) => requireTrust('WIT: Compose WAC File') && composeWac(client, target)),
    vscode.commands.registerCommand('wit.callFunction', (target?: unknown, fn?: string, args?: string, world?: string) => requireTrust('WIT: Call Function') && callFunction(context, client, target, fn, args, world)),
    vscode.commands.registerCommand('wit.inspectComponent', async (target?: unknown) => {
      const component = await componentTarget(context, target);
      if (component) await openWasmView(vscode.Uri.file(component));
    }),
  );
}

/** Server output (build tools, guest stdout/stderr) as it comes. */
export function onPipelineOutput(p: { text: string }): void {
  channel().append(p.text);
  taskOutput(p.text);
}

/**
 * Code lenses name the server's commands (`wit.build [dir, world]`, `wit.run [dir, world]`,
 * `wit.call [dir, world, fn]`); in VS Code they go through the prompts above instead.
 */
export function lensCommand(command: { command: string; arguments?: unknown[] }): { command: string; arguments: unknown[] } | undefined {
  const a = command.arguments ?? [];
  switch (command.command) {
    case 'wit.build': return { command: 'wit.buildComponent', arguments: [a[0], a[1]] };
    case 'wit.run': return { command: 'wit.runComponent', arguments: [a[0], a[1]] };
    case 'wit.call': return { command: 'wit.callFunction', arguments: [a[0], a[2], undefined, a[1]] };
    case 'wit.compose': return { command: 'wit.composeWac', arguments: [a[0]] };
    default: return undefined;
  }
}
