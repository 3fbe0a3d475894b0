import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspClient, positionAt, uri } from '../support/lsp-client.js';

// The workspace through the protocol: scanning, file watching, closing, settings, bundled WASI.
describe('lsp: workspace', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'wit-ws-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('scans the workspace folders at start-up and reports on files nobody opened', async () => {
    mkdirSync(join(dir, 'pkg'));
    writeFileSync(join(dir, 'pkg', 'a.wit'), 'package a:a;\ninterface i { f: func() -> nope; }\n');
    const client = await LspClient.start([dir]);
    try {
      const p = await client.diagnostics(join(dir, 'pkg', 'a.wit'), (x) => x.diagnostics.length > 0);
      assert.equal(p.diagnostics[0].message, 'name `nope` does not exist');
      assert.equal(p.version, undefined);
    } finally { await client.stop(); }
  });

  it('file watcher events update the model: a dependency created and deleted in deps/', async () => {
    mkdirSync(join(dir, 'pkg'));
    const a = join(dir, 'pkg', 'a.wit');
    writeFileSync(a, 'package a:a;\ninterface i { use b:b/j.{t}; }\n');
    const client = await LspClient.start([dir]);
    try {
      client.open(a, 'package a:a;\ninterface i { use b:b/j.{t}; }\n');
      let p = await client.current(a);
      assert.match(p.diagnostics[0].message, /^package 'b:b' not found/);
      mkdirSync(join(dir, 'pkg', 'deps'));
      const b = join(dir, 'pkg', 'deps', 'b.wit');
      writeFileSync(b, 'package b:b;\ninterface j { type t = u32; }\n');
      client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(b), type: 1 }] });
      p = await client.diagnostics(a, (x) => x.diagnostics.length === 0);
      assert.deepEqual(p.diagnostics, []);
      unlinkSync(b);
      client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(b), type: 3 }] });
      p = await client.diagnostics(a, (x) => x.diagnostics.length > 0);
      assert.match(p.diagnostics[0].message, /^package 'b:b' not found/);
    } finally { await client.stop(); }
  });

  it('WIT that npm install puts under node_modules is not reported as the user\'s', async () => {
    mkdirSync(join(dir, 'pkg'));
    const a = join(dir, 'pkg', 'a.wit');
    writeFileSync(a, 'package a:a;\ninterface i { f: func() -> nope; }\n');
    const client = await LspClient.start([dir]);
    try {
      await client.diagnostics(a, (x) => x.diagnostics.length > 0);
      const lib = join(dir, 'pkg', 'node_modules', 'some-lib', 'wit');
      mkdirSync(lib, { recursive: true });
      const broken = join(lib, 'broken.wit');
      writeFileSync(broken, 'package x:y;\ninterface j { g: func() -> missing; }\n');
      client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(broken), type: 1 }] });
      // A later, real change is reported; the node_modules file never is.
      writeFileSync(a, 'package a:a;\ninterface i { f: func() -> also-nope; }\n');
      client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(a), type: 2 }] });
      await client.diagnostics(a, (x) => x.diagnostics.some((d) => d.message.includes('also-nope')));
      assert.deepEqual(client.published.filter((p) => p.uri === uri(broken)), []);
    } finally { await client.stop(); }
  });

  it('a component that cargo writes into target/…/release/deps/ is no package\'s dependency', async () => {
    mkdirSync(join(dir, 'crate', 'wit'), { recursive: true });
    const a = join(dir, 'crate', 'wit', 'a.wit');
    writeFileSync(a, 'package a:a;\ninterface i { f: func() -> nope; }\n');
    const client = await LspClient.start([dir]);
    try {
      await client.diagnostics(a, (x) => x.diagnostics.length > 0);
      const deps = join(dir, 'crate', 'target', 'wasm32-wasip2', 'release', 'deps');
      mkdirSync(deps, { recursive: true });
      const built = join(deps, 'crate.wasm');
      // A component, not an encoded WIT package (the decoder would refuse it).
      writeFileSync(built, Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00]));
      client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(built), type: 1 }] });
      writeFileSync(a, 'package a:a;\ninterface i { f: func() -> still-nope; }\n');
      client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(a), type: 2 }] });
      await client.diagnostics(a, (x) => x.diagnostics.some((d) => d.message.includes('still-nope')));
      assert.deepEqual(client.published.filter((p) => p.uri.includes('/target/') && p.diagnostics.length > 0), []);
    } finally { await client.stop(); }
  });

  it('closing a file that no longer exists clears its diagnostics', async () => {
    const f = join(dir, 'gone.wit');
    writeFileSync(f, 'package g:g;\ninterface i { f: func() -> nope; }\n');
    const client = await LspClient.start([dir]);
    try {
      client.open(f, 'package g:g;\ninterface i { f: func() -> nope; }\n');
      await client.diagnostics(f, (x) => x.diagnostics.length > 0);
      unlinkSync(f);
      client.close(f);
      const p = await client.diagnostics(f, (x) => x.diagnostics.length === 0);
      assert.deepEqual(p.diagnostics, []);
    } finally { await client.stop(); }
  });

  it('wit.features turns gates on', async () => {
    const f = join(dir, 'g.wit');
    const text = 'package g:g;\ninterface i {\n  @unstable(feature = fancy)\n  type t = u32;\n  type u = t;\n}\n';
    writeFileSync(f, text);
    const client = await LspClient.start([dir]);
    try {
      client.open(f, text);
      await client.diagnostics(f, (x) => x.diagnostics.some((d) => /excluded due to its feature/.test(d.message)));
      client.notify('workspace/didChangeConfiguration', { settings: { wit: { features: ['fancy'] } } });
      const p = await client.diagnostics(f, (x) => x.diagnostics.length === 0);
      assert.deepEqual(p.diagnostics, []);
    } finally { await client.stop(); }
  });

  it('a missing WASI package comes from the WIT bundled with jco, said in a diagnostic and in hover', async () => {
    const f = join(dir, 'app.wit');
    const text = 'package app:app;\nworld w {\n  import wasi:clocks/wall-clock@0.2.3;\n}\n';
    writeFileSync(f, text);
    const client = await LspClient.start([dir]);
    try {
      client.open(f, text);
      const p = await client.current(f);
      assert.deepEqual(p.diagnostics.map((d) => [d.severity, d.code]), [[3, 'bundled-wasi']]);
      assert.match(p.diagnostics[0].message, /using the WASI 0\.2\.\d+ WIT bundled with jco/);
      const h = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: uri(f) }, position: positionAt(text, text.indexOf('wall-clock') + 2) });
      assert.match(h.contents.value, /bundled with jco/);
      // Off by setting: the reference's behaviour.
      client.notify('workspace/didChangeConfiguration', { settings: { wit: { dependencies: { bundledWasi: false } } } });
      const off = await client.diagnostics(f, (x) => x.diagnostics.some((d) => d.severity === 1));
      assert.match(off.diagnostics[0].message, /^package 'wasi:clocks@0\.2\.3' not found/);
    } finally { await client.stop(); }
  });

  it("a virtual workspace's files, handed over by the client at start and on change, are checked and navigated (GitHub Repositories on the desktop)", async () => {
    const root = '/vscode-vfs:github/owner/repo';
    const app = `${root}/wit/app.wit`;
    const broken = `${root}/broken/broken.wit`;
    const files = [
      { uri: uri(app), text: 'package demo:app;\n\ninterface store {\n  use acme:geo/shapes@1.0.0.{point};\n  place: func(p: point);\n}\n' },
      { uri: uri(`${root}/wit/deps/geo/shapes.wit`), text: 'package acme:geo@1.0.0;\n\ninterface shapes {\n  record point { x: f64, y: f64 }\n}\n' },
      { uri: uri(broken), text: 'package demo:broken;\ninterface i { f: func() -> nope; }\n' },
    ];
    assert.equal(files[0].uri, 'vscode-vfs://github/owner/repo/wit/app.wit');
    const client = await LspClient.start([root], { files });
    try {
      const p = await client.diagnostics(broken, (x) => x.diagnostics.length > 0);
      assert.equal(p.diagnostics[0].message, 'name `nope` does not exist');
      assert.deepEqual((await client.diagnostics(app)).diagnostics, []);
      client.open(app, files[0].text);
      const def = await client.request<{ uri: string }[] | { uri: string }>('textDocument/definition', { textDocument: { uri: uri(app) }, position: positionAt(files[0].text, files[0].text.indexOf('point)')) });
      assert.equal((Array.isArray(def) ? def[0] : def).uri, 'vscode-vfs://github/owner/repo/wit/deps/geo/shapes.wit');
      client.notify('wit/workspaceFiles', { changed: [{ uri: uri(broken), text: 'package demo:broken;\ninterface i { f: func() -> u8; }\n' }] });
      await client.diagnostics(broken, (x) => x.diagnostics.length === 0);
      assert.deepEqual(client.errors, []);
    } finally { await client.stop(); }
  });
});
