// Asking the language server to act: `workspace/executeCommand` with the pipeline's commands, the
// "WIT Components" output channel they write to, and the shapes of their answers. Shared by the
// pipeline commands and the component view.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export interface BuildDiagnostic { file?: string; line?: number; column?: number; severity: 'error' | 'warning'; message: string }
export interface BuildResult { component: string; size: number; durationMs: number; world: string; language: string; diagnostics: BuildDiagnostic[] }
export interface ExportedFunction { name: string; shortName: string; signature: string; notCallable?: string; func: { params: { name: string; type: unknown }[] } }
export interface InspectResult { path: string; hash: string; size: number; wit: string; rows: { direction: string; kind: string; name: string; detail: string }[]; functions: ExportedFunction[] }
export interface CallResult { function: string; signature: string; wave?: string; json: unknown; isError: boolean; durationMs: number }
export interface Failure { error: string; code?: string; details?: { tool?: string; hint?: string; install?: string; inProject?: boolean; projectDir?: string } }

const failed = (r: unknown): r is Failure => typeof r === 'object' && r !== null && 'error' in r;

let components: vscode.OutputChannel | undefined;

export function channel(): vscode.OutputChannel {
  components ??= vscode.window.createOutputChannel('WIT Components');
  return components;
}

/**
 * Runs a pipeline command in the server; its failure becomes an error message (and `undefined`),
 * unless `handle` takes care of it.
 */
export async function serverCommand<T>(client: () => LanguageClient | undefined, command: string, args: unknown[], handle?: (f: Failure) => boolean): Promise<T | undefined> {
  const c = client();
  if (!c) {
    void vscode.window.showErrorMessage('The WIT language server is not running (WIT: Restart Language Server).');
    return undefined;
  }
  try {
    const r = await c.sendRequest<T | Failure>('workspace/executeCommand', { command, arguments: args });
    if (failed(r)) {
      channel().appendLine(`✗ ${r.error}`);
      if (handle?.(r)) return undefined;
      void vscode.window.showErrorMessage(r.error, 'Show Output').then((b) => b && channel().show(true));
      return undefined;
    }
    return r as T;
  } catch (e) {
    const message = (e as Error).message;
    channel().appendLine(`✗ ${message}`);
    void vscode.window.showErrorMessage(`${command}: ${message}`);
    return undefined;
  }
}

export async function inspect(client: () => LanguageClient | undefined, component: string): Promise<InspectResult | undefined> {
  return serverCommand<InspectResult>(client, 'wit.inspect', [component]);
}

