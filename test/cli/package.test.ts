import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from '../support/paths.js';

// What `npm pack` puts in the package that `npm install -g wit-tools` installs: the compiled
// server and CLI that the bins load (npm would otherwise follow .gitignore, which ignores every
// out/ folder), and none of the sources, tests or the extension's client.
function jsUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? jsUnder(p) : e.name.endsWith('.js') ? [relative(repoRoot, p)] : [];
  });
}

describe('cli: the npm package', function () {
  this.timeout(120_000);
  let files: string[];
  before(() => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
  });

  it('carries the bins and every compiled module of the server and the CLI', () => {
    for (const bin of ['bin/wit-tools.js', 'bin/wit-language-server.js', 'package.json', 'README.md', 'LICENSE']) assert.ok(files.includes(bin), bin);
    // The scripts that install the tool chains, which `wit-tools doctor` and the README name.
    for (const script of ['scripts/install-toolchains.sh', 'scripts/install-c-toolchain.sh']) assert.ok(files.includes(script), script);
    const compiled = jsUnder(join(repoRoot, 'server', 'out'));
    assert.ok(compiled.includes(join('server', 'out', 'cli', 'main.js')));
    const missing = compiled.filter((f) => !files.includes(f.split('\\').join('/')));
    assert.deepEqual(missing, []);
  });

  it('leaves out sources, tests, the client, source maps and build state', () => {
    const stray = files.filter((f) => (/^(test|client|docs|\.ci|dist|node_modules|server\/src)\//.test(f) || /^scripts\/.*\.mjs$/.test(f)) || /\.(map|tsbuildinfo|vsix)$/.test(f));
    assert.deepEqual(stray, []);
  });
});
