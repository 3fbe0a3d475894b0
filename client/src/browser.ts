// The extension in the browser (vscode.dev, github.dev): the language server runs in a web worker
// (dist/browser-server.js) and has no disk, so this client reads the workspace's WIT through
// `workspace.fs` — every `.wit` and `wit-tools.toml`, `deps/` included — hands it over at start
// (`initializationOptions.files`) and sends each change after (`wit/workspaceFiles`). Reading,
// checking and navigating WIT work as on the desktop; the pipeline does not exist here, and its
// commands say so.
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions } from 'vscode-languageclient/browser';
import type { LanguageClient as NodeLanguageClient } from 'vscode-languageclient/node';
import { openDocumentation } from './documentation';
import { handedFiles, watchHandedFiles } from './handed-files';
import { witSettings } from './settings';
import { showWorldDiagram } from './world-diagram';

/** The pipeline's commands, which need a desktop: each answers with the same message. */
export const desktopOnlyCommands = [
  'wit.newComponent', 'wit.buildComponent', 'wit.runComponent', 'wit.callFunction', 'wit.composeWac', 'wit.inspectComponent',
  'wit.generateBindings', 'wit.checkToolchains', 'wit.showLinkedComponents', 'wit.openComponentWit', 'wit.revokeWorkspaceGrants',
];

let client: LanguageClient | undefined;

/** What the browser client starts the server from (its ServerOptions: a worker). */
type ServerWorker = Extract<ConstructorParameters<typeof LanguageClient>[2], { postMessage: unknown }>;

/** The browser's globals this needs (this project's types are Node's). */
declare const Worker: new (url: string) => ServerWorker;
declare const Blob: new (parts: Uint8Array[], options: { type: string }) => object;
declare const URL: { createObjectURL(blob: object): string };

/**
 * The server's web worker. From vscode.dev's extension host a worker starts from the bundle's
 * URL; an extension that a server holds (code-server: `vscode-remote:`) may not start one from
 * its URL, so there the bundle is read and started from a blob.
 */
async function serverWorker(script: vscode.Uri): Promise<ServerWorker> {
  const worker = script.scheme !== 'vscode-remote'
    ? new Worker(script.toString(true))
    : new Worker(URL.createObjectURL(new Blob([await vscode.workspace.fs.readFile(script)], { type: 'text/javascript' })));
  // Where the extension host has no nested workers, VS Code's stand-in for one has `onerror` and
  // no `addEventListener`, which the language client's reader calls for errors.
  const w = worker as unknown as { addEventListener?: unknown; onerror?: unknown };
  if (typeof w.addEventListener !== 'function') w.addEventListener = (type: string, listener: unknown) => { if (type === 'error') w.onerror = listener; };
  return worker;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('WIT', { log: true });
  context.subscriptions.push(output);
  // The manifest hides the pipeline's commands where this is set (not `isWeb`: code-server is a
  // web workbench whose extensions run on Node, with the pipeline).
  void vscode.commands.executeCommand('setContext', 'wit.noPipeline', true);
  // A fresh worker each time (a restart too): a server that was told to exit does not start again.
  const start = async () => {
    const files = await handedFiles(output, () => true);
    const clientOptions: LanguageClientOptions = {
      // Any scheme: github.dev's files are `vscode-vfs:`, a test's `vscode-test-web:`.
      documentSelector: [{ language: 'wit' }],
      synchronize: { configurationSection: 'wit' },
      // Plain data: a worker's messages are structured clones, and settings objects are proxies.
      initializationOptions: JSON.parse(JSON.stringify({ settings: witSettings(), trusted: vscode.workspace.isTrusted, files })) as unknown,
      outputChannel: output,
    };
    const worker = await serverWorker(vscode.Uri.joinPath(context.extensionUri, 'dist', 'browser-server.js'));
    client = new LanguageClient('wit', 'WIT Language Server', worker, clientOptions);
    await client.start();
    return worker;
  };
  let worker = await start();

  watchHandedFiles(context, () => client, () => true);

  // The WASI WIT inside the server's bundle, where a definition or a hover's link may lead.
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider('wit-tools', {
    provideTextDocumentContent: async (uri) => (await client?.sendRequest<string | null>('wit/fileText', { textDocument: { uri: uri.toString() } })) ?? '',
  }));

  // The desktop's views that only ask the server: the same code, given the browser's client.
  const asClient = () => client as unknown as NodeLanguageClient | undefined;
  context.subscriptions.push(
    vscode.commands.registerCommand('wit.showWorldDiagram', () => showWorldDiagram(context, asClient)),
    vscode.commands.registerCommand('wit.openDocumentation', () => openDocumentation(context, asClient)),
    vscode.commands.registerCommand('wit.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('wit.restartServer', async () => {
      await client?.stop().catch(() => undefined);
      (worker as unknown as { terminate(): void }).terminate();
      worker = await start();
    }),
    ...desktopOnlyCommands.map((id) => vscode.commands.registerCommand(id, () => {
      void vscode.window.showInformationMessage('This needs VS Code on the desktop (or the wit-tools CLI): in the browser, WIT is read, checked and navigated, but components are not built, run or called.');
    })),
  );
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
