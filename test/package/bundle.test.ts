// The extension's bundle ships no native code, so one .vsix serves every platform VS Code runs on
// (linux, darwin, win32; x64 and arm64): `scripts/bundle.mjs` writes dist/ as `npm run package`
// packs it, and here no file of it is a native module or a platform's binding, and the two
// stand-ins for packages that had one work — the transpiler loads and transpiles a component with
// them, a `minify` says it is not available, `fadvise` accepts advice, `rename` renames.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../support/paths.js';
import { walk } from '../support/walk.js';

const dist = path.join(repoRoot, 'dist');


describe('package: one bundle for every platform', function () {
  this.timeout(180_000);

  before(() => {
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'bundle.mjs')], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });

  it('has no native module and no platform-specific package', () => {
    const files = walk(dist).map((f) => path.relative(dist, f));
    assert.ok(files.length > 100, `${files.length} files`);
    const native = files.filter((f) => /\.(node|so|dylib|dll|exe)$/.test(f) || /(^|[/\\])[^/\\]*-(linux|darwin|win32|android|freebsd)-(x64|arm64|ia32|arm)[^/\\]*[/\\]/.test(f));
    assert.deepEqual(native, []);
    // What a platform would need is declared nowhere either: no optional native dependency left.
    for (const f of files.filter((x) => x.endsWith('package.json'))) {
      const meta = JSON.parse(fs.readFileSync(path.join(dist, f), 'utf8')) as { optionalDependencies?: Record<string, string>; name?: string };
      const platformDeps = Object.keys(meta.optionalDependencies ?? {}).filter((d) => /-(linux|darwin|win32)-/.test(d));
      const shipped = platformDeps.filter((d) => fs.existsSync(path.join(dist, 'node_modules', d)));
      assert.deepEqual(shipped, [], `${meta.name}: ${shipped.join(', ')}`);
    }
  });

  it('the stand-ins work: jco-transpile loads and transpiles, fadvise and rename behave', async () => {
    const require = createRequire(path.join(dist, 'server.js'));
    const minify = require(path.join(dist, 'node_modules', 'oxc-minify')) as { minify(): Promise<unknown> };
    await assert.rejects(minify.minify(), /not available in the wit-tools extension/);
    const nodeFs = require(path.join(dist, 'node_modules', '@bytecodealliance', 'jco-node-fs')) as { fadvise(fd: number, o: bigint, l: bigint, a: string): void; rename(a: string, b: string): void };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wit-bundle-'));
    const a = path.join(dir, 'a.txt');
    fs.writeFileSync(a, 'x');
    const fd = fs.openSync(a, 'r');
    nodeFs.fadvise(fd, 0n, 1n, 'sequential');
    assert.throws(() => nodeFs.fadvise(fd, 0n, 1n, 'soon'), /unknown file advice/);
    fs.closeSync(fd);
    nodeFs.rename(a, path.join(dir, 'b.txt'));
    assert.deepEqual(fs.readdirSync(dir), ['b.txt']);
    // The transpiler as the bundled server loads it (it imports oxc-minify at load time).
    const jt = (await import(pathToFileURL(path.join(dist, 'node_modules', '@bytecodealliance', 'jco-transpile', 'dist', 'index.js')).href)) as { transpileBytes(bytes: Uint8Array, opts: object): Promise<{ files: Record<string, Uint8Array> }> };
    const wt = (await import(pathToFileURL(path.join(dist, 'node_modules', '@bytecodealliance', 'jco-transpile', 'dist', 'wasm-tools.js')).href)) as { parse(wat: string): Promise<Uint8Array> };
    const component = await wt.parse('(component (core module $m (func (export "f") (result i32) i32.const 7)) (core instance $i (instantiate $m)) (func (export "seven") (result u32) (canon lift (core func $i "f"))))');
    const out = await jt.transpileBytes(component, { name: 'seven', instantiation: 'async' });
    const names = Object.keys(out.files);
    assert.ok(names.some((n) => n.endsWith('seven.js')), names.join(', '));
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('package: the CLI\'s npm package for every platform', function () {
  this.timeout(180_000);

  it('carries no native file and names no platform\'s package: npm picks those of jco for the machine it installs on', () => {
    const r = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 1 << 26 });
    assert.equal(r.status, 0, r.stderr);
    const files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
    assert.ok(files.some((f) => f === 'bin/wit-tools.js'), 'the CLI is in the package');
    assert.deepEqual(files.filter((f) => /\.(node|so|dylib|dll|exe)$/.test(f)), []);
    const meta = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
    const named = Object.keys({ ...meta.dependencies, ...meta.optionalDependencies }).filter((d) => /-(linux|darwin|win32)-/.test(d));
    assert.deepEqual(named, []);
  });
});
