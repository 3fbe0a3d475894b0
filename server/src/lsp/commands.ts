// `workspace/executeCommand`: the pipeline's build, run, call and inspect, with `$/progress`.
import type { Connection } from 'vscode-languageserver/node';
import type { Workspace } from '../workspace/workspace.js';

export function registerCommands(connection: Connection, _workspace: Workspace, log: (m: string) => void): void {
  connection.onExecuteCommand(async (params) => {
    log(`command ${params.command} is not available yet`);
    return { ok: false, error: `${params.command}: the build pipeline is not part of this server yet` };
  });
}
