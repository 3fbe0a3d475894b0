// "WIT: Generate Bindings…": asks the language, then the server runs the language's own generator
// (jco, componentize-py, wit-bindgen) on the world and writes the files where the language wants
// them. "WIT: Check Tool Chains": which tool chains the server finds, and how to install the rest.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { requireTrust } from './trust';
import type { LanguageClient } from 'vscode-languageclient/node';
import { channel, serverCommand, type Failure } from './server-requests';
import { canInstall, offerInstall } from './toolchain-install';

export interface BindingsResult { language: string; world: string; outDir: string; files: string[]; changed: string[]; removed: string[]; upToDate: boolean }
interface ToolStatus { what: string; path?: string; version?: string; optional?: boolean; install?: string; more?: string }
interface LanguageStatus { name: string; ok: boolean; tools: ToolStatus[] }

/** The languages, as `wit-tools bindings --language` names them, with their generator. */
export const bindingsLanguages: { id: string; label: string; description: string }[] = [
  { id: 'ts', label: 'TypeScript', description: 'jco guest types (.d.ts)' },
  { id: 'js', label: 'JavaScript', description: 'jco guest types (.d.ts, for checkJs and the editor)' },
  { id: 'python', label: 'Python', description: 'componentize-py bindings' },
  { id: 'go', label: 'Go', description: 'wit-bindgen go (into the module)' },
  { id: 'rust', label: 'Rust', description: 'wit-bindgen rust' },
  { id: 'c', label: 'C', description: 'wit-bindgen c' },
  { id: 'cpp', label: 'C++', description: 'wit-bindgen cpp' },
  { id: 'csharp', label: 'C#', description: 'wit-bindgen csharp' },
  { id: 'markdown', label: 'Markdown', description: 'wit-bindgen markdown (documentation of the world)' },
];

function targetDir(arg: unknown): string | undefined {
  if (arg instanceof vscode.Uri) return arg.fsPath;
  if (typeof arg === 'string') return arg;
  const doc = vscode.window.activeTextEditor?.document;
  if (doc?.uri.scheme === 'file') return path.dirname(doc.uri.fsPath);
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

export async function generateBindings(client: () => LanguageClient | undefined, target?: unknown, language?: string): Promise<BindingsResult | undefined> {
  const dir = targetDir(target);
  if (!dir) return undefined;
  const lang = language ?? (await vscode.window.showQuickPick(bindingsLanguages, { title: `Generate bindings for the world in ${vscode.workspace.asRelativePath(dir)}`, placeHolder: 'Language' }))?.id;
  if (!lang) return undefined;
  channel().appendLine(`▶ bindings ${lang} ${vscode.workspace.asRelativePath(dir)}`);
  let missing: Failure | undefined;
  const r = await serverCommand<BindingsResult>(client, 'wit.bindings', [dir, lang, null, null, false], (f) => {
    if (canInstall(f)) missing = f;
    return missing !== undefined;
  });
  if (missing && (await offerInstall(missing, 'Generating these bindings'))) return generateBindings(client, target, lang);
  if (!r) return undefined;
  const name = bindingsLanguages.find((l) => l.id === r.language)?.label ?? r.language;
  const where = vscode.workspace.asRelativePath(r.outDir);
  const message = r.upToDate
    ? `The ${name} bindings of \`${r.world}\` in ${where} are up to date (${r.files.length} files).`
    : `${name} bindings of \`${r.world}\`: ${r.changed.length} file${r.changed.length === 1 ? '' : 's'} written${r.removed.length ? `, ${r.removed.length} removed` : ''} in ${where}.`;
  channel().appendLine(`✓ ${message}`);
  void vscode.window.showInformationMessage(message, 'Open').then((b) => {
    const first = r.changed[0] ?? r.files[0];
    if (b && first) void vscode.window.showTextDocument(vscode.Uri.file(path.join(r.outDir, first)));
  });
  return r;
}

export async function checkToolchains(client: () => LanguageClient | undefined): Promise<LanguageStatus[] | undefined> {
  const r = await serverCommand<LanguageStatus[]>(client, 'wit.doctor', []);
  if (!r) return undefined;
  const out = channel();
  out.appendLine('▶ tool chains');
  for (const l of r) {
    out.appendLine(`${l.ok ? '✓' : '✗'} ${l.name}`);
    for (const t of l.tools) {
      out.appendLine(t.path ? `    ${t.what}: ${t.path}${t.version ? ` (${t.version})` : ''}` : `    ${t.what}: ${t.optional ? 'not installed (optional)' : 'missing'}${t.install ? ` — install: ${t.install}` : ''}${t.more ? ` (${t.more})` : ''}`);
    }
  }
  out.show(true);
  const missing = r.filter((l) => !l.ok).map((l) => l.name);
  void vscode.window.showInformationMessage(missing.length ? `Tool chains missing for ${missing.join(', ')} (see WIT Components output).` : 'Every language tool chain is installed.');
  return r;
}

export function registerBindingsCommands(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('wit.generateBindings', (target?: unknown, language?: string) => requireTrust('WIT: Generate Bindings') && generateBindings(client, target, language)),
    vscode.commands.registerCommand('wit.checkToolchains', () => checkToolchains(client)),
  );
}
