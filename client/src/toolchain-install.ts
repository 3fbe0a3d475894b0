// A missing tool chain: the server's failure names the tool and the one command that installs it;
// this offers to run that command in a terminal the user can watch (and answer, for sudo), then
// says whether it worked. jco and TypeScript go into the project with npm, as before.
import * as os from 'node:os';
import * as vscode from 'vscode';
import { requireTrust } from './trust';
import type { Failure } from './server-requests';

/** Runs a shell command as a task in a visible terminal; resolves to its exit code. */
async function runInTerminal(name: string, execution: vscode.ShellExecution): Promise<number | undefined> {
  const task = new vscode.Task({ type: 'wit', task: 'install' }, vscode.TaskScope.Workspace, name, 'WIT', execution);
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, focus: true, panel: vscode.TaskPanelKind.Dedicated, clear: true };
  const done = new Promise<number | undefined>((resolve) => {
    const sub = vscode.tasks.onDidEndTaskProcess((e) => {
      if (e.execution.task === task || e.execution.task.name === task.name) { sub.dispose(); resolve(e.exitCode); }
    });
  });
  await vscode.tasks.executeTask(task);
  return done;
}

/** Whether a failure is a missing tool that a command can install. */
export function canInstall(f: Failure): boolean {
  return f.code === 'missing-tool' && (!!f.details?.install || ((f.details?.tool === 'jco' || f.details?.tool === 'typescript') && !!f.details.projectDir));
}

/**
 * Asks, then runs the install command; true when it ran and exited 0 (the caller tries again).
 * `doing` says what needed the tool ("Building this component").
 */
export async function offerInstall(f: Failure, doing: string): Promise<boolean> {
  // An install runs the project's scripts (npm) or a command line: never in Restricted Mode.
  if (!requireTrust(`Installing ${f.details?.tool ?? 'a tool'}`)) return false;
  const d = f.details ?? {};
  let command: string;
  let cwd: string | undefined;
  if ((d.tool === 'jco' || d.tool === 'typescript') && d.projectDir) {
    // TypeScript 5: the type check uses its compiler API, which TypeScript 7 does not offer in JavaScript.
    const packages = d.tool === 'typescript' ? ['typescript@5'] : ['@bytecodealliance/jco', 'typescript@5'];
    command = `npm install --save-dev --no-audit --no-fund ${packages.join(' ')}`;
    cwd = d.projectDir;
    const what = d.tool === 'typescript' ? 'TypeScript' : 'jco (with componentize-js, about 100 MB) and TypeScript';
    const answer = await vscode.window.showWarningMessage(`${doing} needs ${what} in ${vscode.workspace.asRelativePath(d.projectDir)}. Install with \`npm install --save-dev ${packages.join(' ')}\`?`, 'Install', 'Not now');
    if (answer !== 'Install') return false;
  } else if (d.install) {
    command = d.install;
    cwd = d.inProject ? d.projectDir : os.homedir();
    const answer = await vscode.window.showWarningMessage(`${f.error}`, { detail: `Run \`${command}\` in a terminal?` }, 'Run in Terminal', 'Copy Command');
    if (answer === 'Copy Command') {
      await vscode.env.clipboard.writeText(command);
      return false;
    }
    if (answer !== 'Run in Terminal') return false;
  } else {
    return false;
  }
  const code = await runInTerminal(`install ${d.tool ?? 'tools'}`, new vscode.ShellExecution(command, cwd ? { cwd } : {}));
  if (code !== 0) {
    void vscode.window.showErrorMessage(`\`${command}\` failed (exit code ${code}); see the terminal.`);
    return false;
  }
  return true;
}
