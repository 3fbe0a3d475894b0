// The WIT a server cannot read itself, handed over by the client: in the browser every file (the
// server there has no disk), on the desktop a virtual workspace's (GitHub Repositories and the
// like). Read through `workspace.fs` — every `.wit` and `wit-tools.toml`, `deps/` included —
// sent at start (`initializationOptions.files`) and on every change after (`wit/workspaceFiles`).
import * as vscode from 'vscode';

/** What is handed over; the rest of a repository stays unread. */
const filesGlob = '**/{*.wit,wit-tools.toml}';
/** More than this many files (or bytes) and the rest is left out, with a warning: a browser tab has little memory. */
const maxFiles = 5000;
const maxBytes = 64 << 20;

export interface HandedFile {
  uri: string;
  text: string;
}

/** Whether a file is one the server cannot read itself. */
export type Handed = (uri: vscode.Uri) => boolean;

/** The client, once started: what notifications go through. */
interface Notifier {
  sendNotification(method: string, params: unknown): Promise<void>;
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/** The workspace's WIT files that `handed` picks, with their texts. */
export async function handedFiles(output: vscode.LogOutputChannel, handed: Handed): Promise<HandedFile[]> {
  const uris = (await vscode.workspace.findFiles(filesGlob, '**/node_modules/**', maxFiles + 1)).filter(handed);
  if (uris.length > maxFiles) output.warn(`more than ${maxFiles} WIT files: only the first ${maxFiles} are read`);
  const out: HandedFile[] = [];
  let bytes = 0;
  for (const uri of uris.slice(0, maxFiles)) {
    const text = await readText(uri);
    if (text === undefined) continue;
    bytes += text.length;
    if (bytes > maxBytes) {
      output.warn(`the workspace's WIT passes ${maxBytes >> 20} MB: the rest is not read`);
      break;
    }
    out.push({ uri: uri.toString(), text });
  }
  return out;
}

/** Sends the files `handed` picks as they are created, changed and deleted (open editors are synced as documents). */
export function watchHandedFiles(context: vscode.ExtensionContext, client: () => Notifier | undefined, handed: Handed): void {
  const watcher = vscode.workspace.createFileSystemWatcher(filesGlob);
  const changed = async (uri: vscode.Uri) => {
    if (!handed(uri)) return;
    const text = await readText(uri);
    if (text !== undefined) void client()?.sendNotification('wit/workspaceFiles', { changed: [{ uri: uri.toString(), text }] });
  };
  context.subscriptions.push(
    watcher,
    watcher.onDidCreate(changed),
    watcher.onDidChange(changed),
    watcher.onDidDelete((uri) => { if (handed(uri)) void client()?.sendNotification('wit/workspaceFiles', { deleted: [uri.toString()] }); }),
  );
}
