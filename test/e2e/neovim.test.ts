import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtures, repoRoot } from '../support/paths.js';
import { serverBin } from '../support/lsp-client.js';

const hasNvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' }).status === 0;

/** Runs headless Neovim 0.7 on cash.wit with our init.lua; returns its exit status and report. */
function runNeovim(server: string): { status: number | null; report: string } {
  const dir = mkdtempSync(join(tmpdir(), 'wit-nvim-'));
  try {
    cpSync(join(fixtures, 'lsp', 'nvim', 'cash.wit'), join(dir, 'cash.wit'));
    const xdg = join(dir, 'xdg');
    const result = join(dir, 'result.txt');
    const r = spawnSync('nvim', ['--headless', '-i', 'NONE', '-u', join(repoRoot, 'test', 'e2e', 'neovim', 'init.lua'), 'cash.wit', '+lua check()'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, XDG_CONFIG_HOME: xdg, XDG_DATA_HOME: xdg, XDG_STATE_HOME: xdg, XDG_CACHE_HOME: xdg, WIT_SERVER: server, WIT_RESULT: result },
    });
    let report = '';
    try { report = readFileSync(result, 'utf8'); } catch { /* no report */ }
    return { status: r.status, report };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// A real Neovim attaches the server to a .wit buffer and gets a diagnostic and a hover.
describe('e2e: Neovim', function () {
  this.timeout(120_000);
  before(function () {
    if (!hasNvim) {
      if (process.env.CI) throw new Error('nvim is not installed: .ci/run installs Debian\'s neovim');
      this.skip();
    }
  });

  it('gets the diagnostic and the hover from wit-language-server', () => {
    const { status, report } = runNeovim(serverBin);
    assert.equal(status, 0, report);
    assert.match(report, /^diagnostic 8:24 name `monye` does not exist$/m);
    assert.match(report, /^hover .*record money .*Cents, always\./m);
  });

  it('fails without the server (so the test cannot pass by accident)', () => {
    const { status, report } = runNeovim(join(repoRoot, 'bin', 'no-such-server.js'));
    assert.notEqual(status, 0);
    assert.match(report, /FAIL no diagnostics/);
  });
});
