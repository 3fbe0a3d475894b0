// The tool chain table: the install script installs the versions the pipeline pins; tools are
// found on PATH and where installers put them; `wit-tools doctor` reports each language.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMPONENTIZE_PY_VERSION, MIN_GO, toolInfo, toolsHome, which, WIT_BINDGEN_VERSION } from 'wit-tools/server/pipeline/toolchains.js';
import { repoRoot } from '../support/paths.js';
import { runBin, scratch } from './support.js';

describe('pipeline: tool chains', () => {
  it('scripts/install-toolchains.sh pins what toolchains.ts pins, and the templates ask for the same wit-bindgen', () => {
    const script = fs.readFileSync(path.join(repoRoot, 'scripts', 'install-toolchains.sh'), 'utf8');
    assert.match(script, new RegExp(`^COMPONENTIZE_PY_VERSION=${COMPONENTIZE_PY_VERSION.replaceAll('.', '\\.')}$`, 'm'));
    assert.match(script, new RegExp(`^WIT_BINDGEN_VERSION=${WIT_BINDGEN_VERSION.replaceAll('.', '\\.')}$`, 'm'));
    assert.match(script, new RegExp(`^MIN_GO=${MIN_GO.join('\\.')}$`, 'm'));
    assert.equal(toolInfo('wit-bindgen').install, `cargo install --locked wit-bindgen-cli@${WIT_BINDGEN_VERSION}`);
    for (const example of ['shapes-rust']) {
      assert.match(fs.readFileSync(path.join(repoRoot, 'examples', example, 'Cargo.toml'), 'utf8'), new RegExp(`wit-bindgen = "${WIT_BINDGEN_VERSION.replaceAll('.', '\\.')}"`));
    }
  });

  it('finds a tool on PATH, else in the tools home, ~/.cargo/bin and GOROOT/bin; nowhere else', () => {
    const root = path.join(scratch, 'which');
    const mk = (dir: string, name: string) => {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, name), '#!/bin/sh\n', { mode: 0o755 });
      return path.join(dir, name);
    };
    const env = { PATH: path.join(root, 'path'), HOME: path.join(root, 'home'), WIT_TOOLS_HOME: path.join(root, 'tools'), GOROOT: path.join(root, 'goroot') };
    const onPath = mk(env.PATH, 'a');
    const venv = mk(path.join(env.WIT_TOOLS_HOME, 'venv', 'bin'), 'componentize-py');
    const cargo = mk(path.join(env.HOME, '.cargo', 'bin'), 'cargo');
    const go = mk(path.join(env.GOROOT, 'bin'), 'go');
    mk(path.join(root, 'elsewhere'), 'hidden');
    assert.equal(which('a', env), onPath);
    assert.equal(which('componentize-py', env), venv);
    assert.equal(which('cargo', env), cargo);
    assert.equal(which('go', env), go);
    assert.equal(which('hidden', env), undefined);
    assert.equal(toolsHome(env), env.WIT_TOOLS_HOME);
    assert.equal(toolsHome({ HOME: '/h' }), path.join('/h', '.local', 'share', 'wit-tools'));
    assert.equal(toolsHome({ HOME: '/h', XDG_DATA_HOME: '/d' }), path.join('/d', 'wit-tools'));
  });

  it('every tool has a command that installs it, or a page that says how', () => {
    for (const tool of ['clang', 'wasi-libc', 'cargo', 'rust-wasm32-wasip2', 'cargo-component', 'go', 'go-wit-runtime', 'tinygo', 'wit-bindgen', 'componentize-py', 'python', 'typescript', 'jco'] as const) {
      const info = toolInfo(tool);
      assert.ok(info.install || info.more, tool);
      assert.ok(!info.install?.includes('\n'), tool);
    }
    assert.equal(toolInfo('rust-wasm32-wasip2').install, 'rustup target add wasm32-wasip2');
    assert.match(toolInfo('go-wit-runtime', { HOME: '/h', WIT_TOOLS_HOME: '/t' }).install!, /^mkdir -p \/t\/go && curl -sSfL https:\/\/static\.crates\.io\/crates\/wit-bindgen-go\/0\.63\.0\/download \| tar -xz -C \/t\/go$/);
  });

  it('wit-tools doctor: each language with its tools, where they are or the command that installs them', () => {
    const r = runBin(['doctor', '--json']);
    const report = JSON.parse(r.stdout) as { ok: boolean; languages: { language: string; ok: boolean; tools: { tool: string; path?: string; install?: string; optional?: boolean }[] }[] };
    assert.deepEqual(report.languages.map((l) => l.language), ['ts', 'python', 'go', 'rust', 'c']);
    assert.equal(r.code, report.ok ? 0 : 1);
    for (const l of report.languages) {
      assert.equal(l.ok, l.tools.every((t) => t.optional || t.path), l.language);
      for (const t of l.tools) assert.ok(t.path || t.install || t.optional, `${l.language}: ${t.tool}`);
    }
    // With nothing on PATH and no installer folders, every language but TypeScript (jco comes with wit-tools) is missing.
    const empty = path.join(scratch, 'doctor-empty');
    fs.mkdirSync(empty, { recursive: true });
    const bare = runBin(['doctor'], { env: { PATH: empty, HOME: empty, WIT_TOOLS_HOME: empty, GOROOT: empty, CARGO_HOME: empty, GOPATH: empty } });
    assert.equal(bare.code, 1);
    assert.match(bare.stdout, /^✓ TypeScript \/ JavaScript$/m);
    assert.match(bare.stdout, /^✗ Python\n {4}componentize-py 0\.25\.1: missing\n {6}install: python3 -m venv /m);
    assert.match(bare.stdout, /^✗ Rust$/m);
    assert.match(bare.stdout, /install: cargo install --locked wit-bindgen-cli@0\.63\.0/);
  });
});
