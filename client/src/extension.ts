// The VS Code extension: a thin client. It starts the bundled language server over IPC, shows a
// status bar item, the world diagram and the `.wasm` view, and routes every command to the
// server (which owns the analysis and the build pipeline).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { serverNodeFlags } from 'wit-tools/server/lsp/node-flags.js';
import { openDocumentation } from './documentation';
import { showWorldDiagram } from './world-diagram';
import { registerWasmView } from './wasm-view';
import { lensCommand, onPipelineOutput, registerPipelineCommands } from './pipeline-commands';
import { registerTasks } from './tasks';
import { registerBindingsCommands } from './bindings';
import { registerTrust } from './trust';
import { witSettings } from './settings';
import { handedFiles, watchHandedFiles, type HandedFile } from './handed-files';

export { witSettings };

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel;
let status: vscode.StatusBarItem;

/** A file no disk holds (a virtual workspace's): the server gets it from us. */
const virtualFile = (uri: vscode.Uri) => uri.scheme !== 'file' && uri.scheme !== 'untitled';

function createClient(context: vscode.ExtensionContext, handed: HandedFile[]): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...serverNodeFlags] } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...serverNodeFlags, '--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'wit' }, { scheme: 'untitled', language: 'wit' }, { scheme: 'file', language: 'wac' },
      // A virtual workspace's folders (GitHub Repositories: `vscode-vfs:`): their WIT is read and checked.
      ...[...new Set((vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.scheme).filter((s) => s !== 'file'))].map((scheme) => ({ scheme, language: 'wit' })),
    ],
    synchronize: {
      configurationSection: 'wit',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.wit,*.wac,*.wasm,*.wat,wit-tools.toml}'),
    },
    // `trusted`: whether the server may use settings that run a command or widen grants (in
    // Restricted Mode VS Code ignores the workspace's values for them anyway).
    initializationOptions: { settings: witSettings(), trusted: vscode.workspace.isTrusted, ...(handed.length ? { files: handed } : {}) },
    outputChannel: output,
    traceOutputChannel: output,
    middleware: {
      // Lenses name the server's pipeline commands; in VS Code they go through the prompts.
      provideCodeLenses: async (document, token, next) => {
        const lenses = await next(document, token);
        for (const l of lenses ?? []) {
          const mapped = l.command && lensCommand(l.command);
          if (mapped && l.command) l.command = { ...l.command, ...mapped };
        }
        return lenses;
      },
    },
  };
  return new LanguageClient('wit', 'WIT Language Server', serverOptions, clientOptions);
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const virtual = (vscode.workspace.workspaceFolders ?? []).some((f) => virtualFile(f.uri));
  client = createClient(context, virtual ? await handedFiles(output, virtualFile) : []);
  await client.start();
  client.onNotification('wit/output', onPipelineOutput);
}

/** The language client, started; commands use it to reach the server. */
export function languageClient(): LanguageClient | undefined {
  return client;
}

async function updateStatus(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!client || !editor || editor.document.languageId !== 'wit') {
    status.hide();
    return;
  }
  try {
    const s = await client.sendRequest<{ package?: string; errors: number; warnings: number } | null>('wit/status', { textDocument: { uri: editor.document.uri.toString() } });
    if (!s) { status.hide(); return; }
    status.text = `$(package) ${s.package ?? 'WIT'}  ${s.errors ? `$(error) ${s.errors}` : '$(check)'}${s.warnings ? ` $(warning) ${s.warnings}` : ''}`;
    status.tooltip = s.errors ? `${s.errors} error${s.errors === 1 ? '' : 's'} in this package — click for the Problems panel` : 'No problems in this package';
    status.show();
  } catch {
    status.hide();
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('WIT', { log: true });
  status = vscode.window.createStatusBarItem('wit.status', vscode.StatusBarAlignment.Left, 100);
  status.name = 'WIT package';
  status.command = 'workbench.actions.view.problems';
  context.subscriptions.push(output, status);

  await startClient(context);
  watchHandedFiles(context, () => client, virtualFile);

  context.subscriptions.push(
    vscode.commands.registerCommand('wit.restartServer', async () => {
      output.appendLine('Restarting the WIT language server…');
      if (client) await client.stop().catch(() => undefined);
      await startClient(context);
      await updateStatus();
      vscode.window.setStatusBarMessage('WIT language server restarted', 3000);
    }),
    vscode.commands.registerCommand('wit.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('wit.showWorldDiagram', () => showWorldDiagram(context, () => client)),
    vscode.commands.registerCommand('wit.openDocumentation', () => openDocumentation(context, () => client)),
    vscode.window.onDidChangeActiveTextEditor(() => void updateStatus()),
    vscode.languages.onDidChangeDiagnostics(() => void updateStatus()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('wit.trace.server')) output.info('wit.trace.server changed: the protocol trace follows it from now on.');
    }),
  );
  registerTrust(context, () => {
    // Trusted now: the workspace's settings apply; tell the server, with the settings read again.
    void client?.sendNotification('wit/setTrusted', { trusted: true });
    void client?.sendNotification('workspace/didChangeConfiguration', { settings: { wit: witSettings() } });
  });
  registerWasmView(context, () => client);
  registerPipelineCommands(context, () => client);
  registerBindingsCommands(context, () => client);
  registerTasks(context, () => client);
  void updateStatus();
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
}
