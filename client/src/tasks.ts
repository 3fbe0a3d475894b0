// Tasks "wit: build" and "wit: run" for each component project in the workspace (a folder with WIT
// and a package.json, Makefile/.c files, Cargo.toml, go.mod or app.py). They run in the language
// server's pipeline like the commands do; their terminal shows the tools' output, and build errors
// print as `file:line:col: error: message` for the `$wit` problem matcher.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

interface WitTask extends vscode.TaskDefinition {
  task: 'build' | 'run';
  /** The project folder, relative to the workspace folder. */
  project?: string;
  world?: string;
}

/** Where pipeline output goes while a task runs (besides the output channel). */
let activeTerminal: { write(text: string): void } | undefined;

export function taskOutput(text: string): void {
  activeTerminal?.write(text.replace(/\r?\n/g, '\r\n'));
}

export function registerTasks(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  context.subscriptions.push(vscode.tasks.registerTaskProvider('wit', {
    provideTasks: async () => {
      const out: vscode.Task[] = [];
      const markers = await vscode.workspace.findFiles('**/{package.json,Makefile,Cargo.toml,go.mod,app.py}', '**/node_modules/**', 100);
      for (const m of markers) {
        const dir = path.dirname(m.fsPath);
        const wits = await vscode.workspace.findFiles(new vscode.RelativePattern(dir, '{*.wit,wit/*.wit}'), undefined, 1);
        if (!wits.length) continue;
        const folder = vscode.workspace.getWorkspaceFolder(m);
        if (!folder) continue;
        const project = path.relative(folder.uri.fsPath, dir) || '.';
        for (const kind of ['build', 'run'] as const) out.push(makeTask({ type: 'wit', task: kind, project }, folder, client));
      }
      return out;
    },
    resolveTask: (task) => {
      const def = task.definition as WitTask;
      if (def.task !== 'build' && def.task !== 'run') return undefined;
      const folder = typeof task.scope === 'object' ? task.scope : vscode.workspace.workspaceFolders?.[0];
      return folder ? makeTask(def, folder, client) : undefined;
    },
  }));
}

function makeTask(def: WitTask, folder: vscode.WorkspaceFolder, client: () => LanguageClient | undefined): vscode.Task {
  const dir = path.join(folder.uri.fsPath, def.project ?? '.');
  const name = `${def.task} ${def.project && def.project !== '.' ? def.project : folder.name}`;
  const task = new vscode.Task(def, folder, name, 'wit', new vscode.CustomExecution(async () => new PipelineTerminal(def, dir, client)), ['$wit']);
  task.group = def.task === 'build' ? vscode.TaskGroup.Build : undefined;
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, clear: true };
  return task;
}

class PipelineTerminal implements vscode.Pseudoterminal {
  private readonly written = new vscode.EventEmitter<string>();
  private readonly closed = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.written.event;
  readonly onDidClose = this.closed.event;

  constructor(private readonly def: WitTask, private readonly dir: string, private readonly client: () => LanguageClient | undefined) {}

  open(): void {
    void this.run();
  }

  close(): void {
    if (activeTerminal === this) activeTerminal = undefined;
  }

  write(text: string): void {
    this.written.fire(text);
  }

  private async run(): Promise<void> {
    activeTerminal = this;
    const c = this.client();
    let code = 1;
    try {
      if (!c) throw new Error('the WIT language server is not running');
      const r = await c.sendRequest<Record<string, unknown>>('workspace/executeCommand', { command: `wit.${this.def.task}`, arguments: [this.dir, this.def.world ?? null] });
      if (typeof r.error === 'string') {
        for (const d of ((r.details as { diagnostics?: Diag[] } | undefined)?.diagnostics ?? [])) this.line(diagLine(d));
        this.line(`error: ${r.error}`);
      } else {
        for (const d of (r.diagnostics as Diag[] | undefined) ?? []) this.line(diagLine(d));
        code = this.def.task === 'run' ? (r.exitCode as number) : 0;
      }
    } catch (e) {
      this.line(`error: ${(e as Error).message}`);
    }
    activeTerminal = undefined;
    this.closed.fire(code);
  }

  private line(s: string): void {
    this.write(`${s}\r\n`);
  }
}

interface Diag { file?: string; line?: number; column?: number; severity: string; message: string }

const diagLine = (d: Diag) => `${d.file ?? '?'}:${d.line ?? 1}:${d.column ?? 1}: ${d.severity}: ${d.message}`;
