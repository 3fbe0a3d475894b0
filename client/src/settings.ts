// The `wit.*` settings as the server reads them (initializationOptions, didChangeConfiguration).
import * as vscode from 'vscode';

export function witSettings(): Record<string, unknown> {
  const c = vscode.workspace.getConfiguration('wit');
  return {
    features: c.get<string[]>('features', []),
    allFeatures: c.get<boolean>('allFeatures', false),
    dependencies: { bundledWasi: c.get<boolean>('dependencies.bundledWasi', true) },
    lint: { enable: c.get<string>('lint.enable', 'auto') },
    breaking: { against: c.get<string>('breaking.against', 'git:HEAD') },
    build: { command: c.get<string>('build.command', ''), typecheck: c.get<boolean>('build.typecheck', true) },
    run: {
      allowDirs: c.get<string[]>('run.allowDirs', []),
      env: c.get<Record<string, string>>('run.env', {}),
      allowNetwork: c.get<boolean>('run.allowNetwork', false),
      timeoutSeconds: c.get<number>('run.timeoutSeconds', 10),
      maxMemoryMB: c.get<number>('run.maxMemoryMB', 512),
    },
  };
}
