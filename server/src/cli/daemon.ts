// `wit-tools daemon [--socket PATH] [--idle-timeout SECONDS] [--stop]`: keeps the pipeline loaded
// and a sandbox host warm, so that `wit-tools call` from a shell answers in tens of milliseconds,
// and `wit-tools build` skips Node's start, loading the analyzer and jco, and (built again)
// starting its build worker (bin/wit-tools.js hands them over when the socket answers, and runs
// them itself otherwise). The sandbox is the editor's: each call gets fresh instances and only the
// grants its own arguments give; a build runs with its shell's environment and folder; the socket
// lives in a folder only this user can enter. Requests run one at a time.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { flag, has, parseArgs, UsageError } from './args.js';
import type { CheckIo } from './check.js';
import { daemonSocket, servedCommands, type DaemonMessage, type DaemonRequest } from './daemon-socket.js';

export const daemonUsage = `usage: wit-tools daemon [--socket PATH] [--idle-timeout SECONDS] [--stop]

Serves \`wit-tools call\` and \`wit-tools build\` from a warm process: the pipeline loaded, a
sandbox host ready and, for a project built before, its build worker waiting. A call from a shell
skips Node's start of the sandbox, jco's loading and the component's compiling, and still gets
fresh instances and only the grants its own arguments give. A build runs in the shell's folder
with the shell's environment (PATH, the tool chains' variables), one request at a time. Both
commands use the daemon whenever its socket answers (\`WIT_TOOLS_NO_DAEMON=1\` to run directly).

  --socket PATH          where to listen (default: $WIT_TOOLS_DAEMON_SOCKET, else a socket in a
                         folder only you can enter, under $XDG_RUNTIME_DIR or the temp folder)
  --idle-timeout SECONDS exit after this long without a call (default 900; 0: never)
  --stop                 stop the daemon listening there`;

export async function runDaemon(argv: string[], io: CheckIo): Promise<number> {
  const p = parseArgs(argv, { socket: { value: true }, 'idle-timeout': { value: true }, stop: {}, help: { alias: 'h' } });
  if (has(p, 'help')) {
    io.stdout(daemonUsage + '\n');
    return 0;
  }
  const socket = flag(p, 'socket') !== undefined ? path.resolve(io.cwd, flag(p, 'socket')!) : daemonSocket();
  if (has(p, 'stop')) return stop(socket, io);
  const idleText = flag(p, 'idle-timeout') ?? '900';
  const idleSeconds = Number(idleText);
  if (!Number.isFinite(idleSeconds) || idleSeconds < 0) throw new UsageError(`\`--idle-timeout\` must be a number of seconds, not \`${idleText}\``);
  if (process.platform !== 'win32') {
    fs.mkdirSync(path.dirname(socket), { recursive: true, mode: 0o700 });
    if (await answers(socket)) {
      io.stderr(`error: a daemon already listens at ${socket}\n`);
      return 1;
    }
    fs.rmSync(socket, { force: true });
  }
  const { runCall } = await import('./call.js');
  const { runBuild } = await import('./build.js');
  const { prewarmSandbox, disposeSandboxes } = await import('../pipeline/sandbox.js');
  // The analyzer and the build's modules load now, not in the first build.
  void import('../pipeline/build.js').then(() => import('../pipeline/world.js')).catch(() => undefined);
  prewarmSandbox();
  let queue: Promise<unknown> = Promise.resolve();
  let idle: NodeJS.Timeout | undefined;
  let served = 0;
  const server = net.createServer((conn) => {
    conn.setEncoding('utf8');
    let buffer = '';
    conn.on('data', (chunk: string) => {
      buffer += chunk;
      const nl = buffer.indexOf('\n');
      if (nl < 0) return;
      const line = buffer.slice(0, nl);
      buffer = '';
      const send = (m: DaemonMessage) => { if (!conn.destroyed) conn.write(JSON.stringify(m) + '\n'); };
      let req: DaemonRequest;
      try {
        req = JSON.parse(line) as DaemonRequest;
        if ((req as { stop?: unknown }).stop === true) {
          conn.end();
          io.stderr('stopping (asked to)\n');
          void close();
          return;
        }
        if (!Array.isArray(req.argv) || !servedCommands.includes(req.argv[0]) || typeof req.cwd !== 'string') throw new Error(`not ${servedCommands.join(' or ')}`);
      } catch (e) {
        send({ e: `error: the daemon serves \`wit-tools ${servedCommands.join('` and `wit-tools ')}\` only (${(e as Error).message})\n` });
        send({ exit: 2 });
        conn.end();
        return;
      }
      const abort = new AbortController();
      conn.on('close', () => abort.abort());
      queue = queue.then(async () => {
        const t0 = performance.now();
        let code = 1;
        const out: CheckIo = { stdout: (s) => send({ o: s }), stderr: (s) => send({ e: s }), color: !!req.color, cwd: req.cwd };
        const [command, ...args] = req.argv;
        try {
          if (command === 'build') {
            code = await asTheShell(req, () => runBuild(args, out, { signal: abort.signal, keepWarm: true }));
          } else {
            code = await runCall(args, out, { keepWarm: true, signal: abort.signal });
          }
        } catch (e) {
          send({ e: `error: ${(e as Error).message}\n` });
        }
        send({ exit: code });
        conn.end();
        served++;
        io.stderr(`served ${command} ${served} (${args.slice(0, 2).join(' ')}) in ${(performance.now() - t0).toFixed(0)} ms: exit ${code}\n`);
        armIdle();
      });
    });
    conn.on('error', () => undefined);
  });
  const close = () => new Promise<void>((resolve) => {
    clearTimeout(idle);
    server.close(() => resolve());
    disposeSandboxes();
    if (process.platform !== 'win32') fs.rmSync(socket, { force: true });
  });
  const armIdle = () => {
    clearTimeout(idle);
    if (idleSeconds > 0) idle = setTimeout(() => void close(), idleSeconds * 1000);
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socket, () => resolve());
  });
  if (process.platform !== 'win32') fs.chmodSync(socket, 0o600);
  io.stderr(`wit-tools daemon listening at ${socket}${idleSeconds > 0 ? ` (exits after ${idleSeconds} s without a call)` : ''}\n`);
  armIdle();
  await new Promise<void>((resolve) => {
    server.on('close', resolve);
    for (const s of ['SIGINT', 'SIGTERM'] as const) process.once(s, () => void close());
  });
  return 0;
}

/**
 * Runs `work` with the client's environment and folder as the process's own (requests run one at
 * a time, so nothing else sees them), and puts the daemon's back afterwards.
 */
async function asTheShell<T>(req: DaemonRequest, work: () => Promise<T>): Promise<T> {
  const env = process.env;
  const saved = { ...env };
  const cwd = process.cwd();
  const replace = (next: Record<string, string | undefined>) => {
    for (const k of Object.keys(env)) if (!(k in next)) delete env[k];
    Object.assign(env, next);
  };
  if (req.env) replace(req.env);
  try {
    process.chdir(req.cwd);
  } catch {
    // a folder gone: the build reports it
  }
  try {
    return await work();
  } finally {
    replace(saved);
    try {
      process.chdir(cwd);
    } catch {
      // the daemon's own folder is gone; it works with absolute paths
    }
  }
}

/** Whether something accepts connections at `socket`. */
function answers(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const c = net.connect(socket);
    c.on('connect', () => { c.destroy(); resolve(true); });
    c.on('error', () => resolve(false));
  });
}

/** Asks the daemon at `socket` to stop (a `stop` request), and waits until it no longer answers. */
async function stop(socket: string, io: CheckIo): Promise<number> {
  if (!(await answers(socket))) {
    io.stderr(`no daemon listens at ${socket}\n`);
    return 1;
  }
  await new Promise<void>((resolve) => {
    const c = net.connect(socket, () => c.end(JSON.stringify({ stop: true }) + '\n'));
    c.on('close', () => resolve());
    c.on('error', () => resolve());
  });
  for (let i = 0; i < 50 && (await answers(socket)); i++) await new Promise((r) => setTimeout(r, 100));
  io.stdout(`stopped the daemon at ${socket}\n`);
  return 0;
}
