// Where `wit-tools daemon` listens, and the client side `wit-tools call` and `wit-tools build`
// take when one does (bin/wit-tools.js tries it before loading anything else). Only Node's own modules here: this
// is loaded on every `call`, and must cost next to nothing when no daemon runs.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/** `$WIT_TOOLS_DAEMON_SOCKET`, else a socket in a folder only this user can enter. */
export function daemonSocket(env: NodeJS.ProcessEnv = process.env): string {
  if (env.WIT_TOOLS_DAEMON_SOCKET) return path.resolve(env.WIT_TOOLS_DAEMON_SOCKET);
  const user = typeof process.getuid === 'function' ? String(process.getuid()) : os.userInfo().username;
  if (process.platform === 'win32') return `\\\\.\\pipe\\wit-tools-${user}`;
  return path.join(env.XDG_RUNTIME_DIR || os.tmpdir(), `wit-tools-${user}`, 'daemon.sock');
}

/** The commands a daemon serves. */
export const servedCommands: readonly string[] = ['call', 'build'];

/**
 * One line of JSON each way: the request, then `{ o }` / `{ e }` output and a last `{ exit }`.
 * A build carries the client's environment (its PATH finds the tool chains, and the tools it runs
 * see what they would see run from that shell); a call needs none (the sandbox gives a component
 * only the variables granted in argv).
 */
export interface DaemonRequest {
  argv: string[];
  cwd: string;
  color: boolean;
  env?: Record<string, string>;
}
export type DaemonMessage = { o: string } | { e: string } | { exit: number };

/**
 * Hands a command (one of `servedCommands`) to the daemon and streams what it prints. Resolves to
 * the exit code, or to undefined when no daemon answers (none runs, or a stale socket): the
 * caller then runs it itself.
 */
export function throughDaemon(argv: string[], out: { stdout(s: string): void; stderr(s: string): void; color: boolean; cwd: string }, socket = daemonSocket()): Promise<number | undefined> {
  if (process.platform !== 'win32' && !fs.existsSync(socket)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    let answered = false;
    let exit: number | undefined;
    let buffer = '';
    const conn = net.connect(socket);
    conn.setEncoding('utf8');
    conn.on('connect', () => {
      answered = true;
      const req: DaemonRequest = { argv, cwd: out.cwd, color: out.color, ...(argv[0] === 'build' ? { env: { ...process.env } as Record<string, string> } : {}) };
      conn.write(JSON.stringify(req) + '\n');
    });
    conn.on('data', (chunk: string) => {
      buffer += chunk;
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const m = JSON.parse(buffer.slice(0, nl)) as DaemonMessage;
        buffer = buffer.slice(nl + 1);
        if ('o' in m) out.stdout(m.o);
        else if ('e' in m) out.stderr(m.e);
        else exit = m.exit;
      }
    });
    conn.on('error', () => {
      if (!answered) resolve(undefined);
    });
    conn.on('close', () => {
      if (!answered) return resolve(undefined);
      if (exit === undefined) out.stderr(`error: the wit-tools daemon went away during the ${argv[0]}\n`);
      resolve(exit ?? 1);
    });
    // Ctrl-C here cancels the call there (the connection closes).
    process.once('SIGINT', () => conn.destroy());
  });
}
