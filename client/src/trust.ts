// Workspace trust. In Restricted Mode every language feature works (the analysis reads files and
// runs nothing), but whatever would run code from the workspace — build, run, call, new,
// bindings, compose, the offers to install tools — is refused with one message that says why
// and opens the trust editor. The settings that run a command or widen a component's grants are
// `restrictedConfigurations` in the manifest, so VS Code ignores a repository's own values for
// them until the workspace is trusted; the language server is told whether it may use them.
//
// In a trusted workspace, the first build, run or call that would use such settings from the
// workspace (not the user's own) shows them and asks; the answer is remembered for the workspace
// until those settings change, and "WIT: Revoke Workspace Grants" forgets it.
import * as vscode from 'vscode';

const approvalKey = 'wit.approvedWorkspaceSettings';

/** True in a trusted workspace; otherwise says why `what` is refused and offers the trust editor. */
export function requireTrust(what: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window
    .showWarningMessage(`${what} is disabled in Restricted Mode: it would run code from this workspace. Trust the workspace to use it; reading, checking and navigating WIT work as they are.`, 'Manage Workspace Trust')
    .then((b) => {
      if (b) void vscode.commands.executeCommand('workbench.trust.manage');
    });
  return false;
}

/** A setting's value as the workspace (or one of its folders) gives it, not the user. */
function fromWorkspace<T>(key: string, scope?: vscode.Uri): T | undefined {
  const i = vscode.workspace.getConfiguration('wit', scope).inspect<T>(key);
  return i?.workspaceFolderValue ?? i?.workspaceValue;
}

/** A setting's default, as the manifest declares it. */
function defaultOf<T>(key: string, scope?: vscode.Uri): T {
  return vscode.workspace.getConfiguration('wit', scope).inspect<T>(key)!.defaultValue as T;
}

/** What the workspace's own settings would do, in words, or nothing. */
export function workspaceSettingsInUse(kind: 'build' | 'run', scope?: vscode.Uri): string[] {
  const out: string[] = [];
  if (kind === 'build') {
    const command = fromWorkspace<string>('build.command', scope);
    if (command?.trim()) out.push(`run the build command \`${command}\``);
    return out;
  }
  const dirs = fromWorkspace<string[]>('run.allowDirs', scope) ?? [];
  if (dirs.length) out.push(`let components see ${dirs.map((d) => (d.endsWith(':rw') ? `\`${d.slice(0, -3)}\` (read-write)` : `\`${d.replace(/:ro$/, '')}\` (read-only)`)).join(', ')}`);
  const env = Object.keys(fromWorkspace<Record<string, string>>('run.env', scope) ?? {});
  if (env.length) out.push(`give them the environment variables ${env.map((e) => `\`${e}\``).join(', ')}`);
  if (fromWorkspace<boolean>('run.allowNetwork', scope) === true) out.push('let them use the network');
  const timeout = fromWorkspace<number>('run.timeoutSeconds', scope);
  if (timeout !== undefined && timeout > defaultOf<number>('run.timeoutSeconds', scope)) out.push(`let a run take up to ${timeout} s`);
  const memory = fromWorkspace<number>('run.maxMemoryMB', scope);
  if (memory !== undefined && memory > defaultOf<number>('run.maxMemoryMB', scope)) out.push(`let a run use up to ${memory} MB`);
  return out;
}

/**
 * Before a build, run or call in a trusted workspace: when the workspace's own settings would
 * run a command or widen grants, shows them and asks once (remembered per workspace until they
 * change). False when the user says no.
 */
export async function confirmWorkspaceSettings(context: vscode.ExtensionContext, kind: 'build' | 'run', scope?: vscode.Uri): Promise<boolean> {
  const uses = workspaceSettingsInUse(kind, scope);
  if (uses.length === 0) return true;
  const key = JSON.stringify([kind, uses]);
  const approved = context.workspaceState.get<string[]>(approvalKey, []);
  if (approved.includes(key)) return true;
  const answer = await vscode.window.showWarningMessage(
    `This workspace's settings (not yours) ${kind === 'build' ? 'change how components are built' : 'widen what components may do'}. Allow them for this workspace?`,
    { modal: true, detail: `The workspace's settings ${uses.join('; ')}.\n\nYour answer is remembered for this workspace until these settings change; "WIT: Revoke Workspace Grants" forgets it.` },
    'Allow',
  );
  if (answer !== 'Allow') {
    void vscode.window.showInformationMessage(`Not ${kind === 'build' ? 'built' : 'run'}: the workspace's settings were not allowed. Remove them from .vscode/settings.json, or allow them when asked.`);
    return false;
  }
  await context.workspaceState.update(approvalKey, [...approved, key]);
  return true;
}

export function registerTrust(context: vscode.ExtensionContext, onTrusted: () => void): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('wit.revokeWorkspaceGrants', async () => {
      const had = context.workspaceState.get<string[]>(approvalKey, []).length;
      await context.workspaceState.update(approvalKey, undefined);
      void vscode.window.showInformationMessage(had ? 'The workspace\'s settings will be asked about again before the next build, run or call.' : 'No workspace settings were allowed.');
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(onTrusted),
  );
}
