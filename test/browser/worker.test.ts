// The browser language server for real: dist/browser-server.js (what the extension's `browser`
// entry starts on vscode.dev and github.dev) run in a web worker inside headless Chromium, spoken
// to over postMessage as VS Code's browser client does, on a workspace whose files have a
// `vscode-test-web://` URI and reach the server only as the client hands them over. It reports
// problems (a local deps/ package and the WASI WIT inside the bundle resolve), answers hover,
// definition, completion, formatting, symbols and semantic tokens, follows file changes, and
// says that the pipeline is not there.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { repoRoot } from '../support/paths.js';
import { walk } from '../support/walk.js';

const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const fixture = path.join(repoRoot, 'test', 'fixtures', 'browser-workspace');
const root = 'vscode-test-web://mount';
const uriOf = (rel: string) => `${root}/${rel}`;

// The page's side: a JSON-RPC peer over the worker's messages; the server's own requests to the
// client (configuration, registrations, progress) are answered with null, as a client may.
const page = `<!doctype html><meta charset="utf-8"><script>
const worker = new Worker('/browser-server.js');
let next = 0;
const pending = new Map();
window.notes = [];
window.errors = [];
worker.onerror = (e) => window.errors.push(String(e.message));
worker.onmessage = ({ data: m }) => {
  if (m.method && m.id !== undefined) { worker.postMessage({ jsonrpc: '2.0', id: m.id, result: null }); return; }
  if (m.method) { window.notes.push(m); return; }
  pending.get(m.id)?.(m);
  pending.delete(m.id);
};
window.request = (method, params) => new Promise((resolve) => { const id = ++next; pending.set(id, resolve); worker.postMessage({ jsonrpc: '2.0', id, method, params }); });
window.notify = (method, params) => worker.postMessage({ jsonrpc: '2.0', method, params });
</script>`;

interface Note { method: string; params: { uri: string; diagnostics: { message: string; code?: string; severity: number; range: { start: { line: number; character: number } } }[] } & Record<string, unknown> }

describe('browser: the language server in a web worker (Chromium)', function () {
  this.timeout(120_000);
  let server: http.Server;
  let browser: import('playwright-core').Browser;
  let tab: import('playwright-core').Page;
  const bundle = path.join(repoRoot, 'dist', 'browser-server.js');

  before(async function () {
    if (!fs.existsSync(chromiumPath)) {
      if (process.env.CI) throw new Error(`no Chromium at ${chromiumPath}: apt-get install -y chromium`);
      this.skip();
    }
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'bundle.mjs')], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    server = http.createServer((req, res) => {
      if (req.url === '/browser-server.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' });
        res.end(fs.readFileSync(bundle));
      } else {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(page);
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    tab = await browser.newPage();
    await tab.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  const request = <T>(method: string, params: unknown) => tab.evaluate(([m, p]) => (globalThis as unknown as { request(m: string, p: unknown): Promise<{ result?: T; error?: { message: string } }> }).request(m as string, p), [method, params] as const);
  const notify = (method: string, params: unknown) => tab.evaluate(([m, p]) => (globalThis as unknown as { notify(m: string, p: unknown): void }).notify(m as string, p), [method, params] as const);
  const notes = () => tab.evaluate(() => (globalThis as unknown as { notes: Note[] }).notes);
  /** The newest diagnostics published for `uri`, waiting until `ready` accepts them. */
  async function diagnosticsOf(uri: string, ready: (d: Note['params']['diagnostics']) => boolean): Promise<Note['params']['diagnostics']> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const last = (await notes()).filter((n) => n.method === 'textDocument/publishDiagnostics' && n.params.uri === uri).at(-1);
      if (last && ready(last.params.diagnostics)) return last.params.diagnostics;
      if (Date.now() > deadline) throw new Error(`no diagnostics as expected for ${uri}: ${JSON.stringify(last?.params.diagnostics)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('checks, navigates and formats the workspace it is handed; the pipeline says it is not there', async () => {
    const files = walk(fixture).map((f) => ({ uri: uriOf(path.relative(fixture, f).split(path.sep).join('/')), text: fs.readFileSync(f, 'utf8') }));
    assert.equal(files.length, 3);
    const init = await request<{ capabilities: Record<string, unknown>; serverInfo: { name: string } }>('initialize', {
      processId: null, rootUri: root, workspaceFolders: [{ uri: root, name: 'mount' }],
      capabilities: { workspace: { configuration: true } },
      initializationOptions: { settings: {}, trusted: false, files },
    });
    assert.equal(init.error, undefined, init.error?.message);
    assert.equal(init.result!.serverInfo.name, 'wit-language-server');
    for (const c of ['hoverProvider', 'definitionProvider', 'completionProvider', 'documentFormattingProvider', 'semanticTokensProvider', 'documentSymbolProvider']) assert.ok(init.result!.capabilities[c], c);
    await notify('initialized', {});

    // The problems of every package, with no file open: the broken one at its place; the app,
    // whose `acme:geo` is in deps/ and whose `wasi:io` only the bundle carries, with a note for it.
    const broken = await diagnosticsOf(uriOf('broken/broken.wit'), (d) => d.length > 0);
    assert.deepEqual(broken.map((d) => [d.severity, d.range.start.line, d.range.start.character, d.message]), [[1, 4, 7, 'type `nope` does not exist']]);
    const app = await diagnosticsOf(uriOf('wit/app.wit'), () => true);
    assert.deepEqual(app.filter((d) => d.severity === 1), []);
    assert.ok(app.some((d) => d.code === 'bundled-wasi' && /wasi:io@0\.2\.3/.test(d.message)), JSON.stringify(app));
    // The bundled WIT itself is not the user's: nothing is published for it (not even "no problems").
    const bundledNotes = (await notes()).filter((n) => n.method === 'textDocument/publishDiagnostics' && /wasi-wit/.test(n.params.uri));
    assert.deepEqual(bundledNotes.map((n) => n.params.uri), []);

    const appText = files.find((f) => f.uri.endsWith('app.wit'))!.text;
    const at = (needle: string, plus = 0) => {
      const o = appText.indexOf(needle) + plus;
      const before = appText.slice(0, o);
      return { line: before.split('\n').length - 1, character: o - before.lastIndexOf('\n') - 1 };
    };
    await notify('textDocument/didOpen', { textDocument: { uri: uriOf('wit/app.wit'), languageId: 'wit', version: 1, text: appText } });
    const doc = { uri: uriOf('wit/app.wit') };

    const hover = await request<{ contents: { value: string } }>('textDocument/hover', { textDocument: doc, position: at('at: point', 5) });
    assert.match(hover.result!.contents.value, /record point \{/);
    assert.match(hover.result!.contents.value, /A point\./);

    const def = await request<{ uri: string; range: { start: { line: number } } }[] | { uri: string; range: { start: { line: number } } }>('textDocument/definition', { textDocument: doc, position: at('at: point', 5) });
    const first = Array.isArray(def.result) ? def.result[0] : def.result!;
    assert.equal(first.uri, uriOf('wit/deps/acme-geo/shapes.wit'));
    assert.equal(first.range.start.line, 5);

    const wasiDef = await request<{ uri: string }[] | { uri: string }>('textDocument/definition', { textDocument: doc, position: at('{input-stream}', 1) });
    const wasi = Array.isArray(wasiDef.result) ? wasiDef.result[0] : wasiDef.result!;
    assert.match(wasi.uri, /^wit-tools:\/\/bundled\/wasi-wit\/0\.2\.\d+\/wasi-io\/package\.wit$/);
    // …whose text the client asks for to show it (no file system serves that scheme).
    const wasiText = await request<string | null>('wit/fileText', { textDocument: { uri: wasi.uri } });
    // (as the analysis read it: the bundled 0.2.x standing in for the 0.2.3 asked for, re-versioned)
    assert.match(wasiText.result!, /^package wasi:io@0\.2\.3;/m);
    assert.match(wasiText.result!, /resource input-stream/);

    const completion = await request<{ items: { label: string }[] } | { label: string }[]>('textDocument/completion', { textDocument: doc, position: at('label: string', 7) });
    const labels = (Array.isArray(completion.result) ? completion.result : completion.result!.items).map((i) => i.label);
    for (const l of ['string', 'point', 'input-stream', 'list']) assert.ok(labels.includes(l), `${l} in ${labels.join(', ')}`);

    const symbols = await request<{ name: string; children?: { name: string }[] }[]>('textDocument/documentSymbol', { textDocument: doc });
    const names = JSON.stringify(symbols.result);
    for (const n of ['store', 'pin', 'place', 'app']) assert.ok(names.includes(`"${n}"`), `${n} in ${names}`);

    const tokens = await request<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument: doc });
    assert.ok(tokens.result!.data.length >= 5 * 10 && tokens.result!.data.length % 5 === 0, `${tokens.result!.data.length}`);

    const messy = 'package demo:messy;\n/// Docs.\ninterface  i{\nuse types.{error};\n/// A record.\nrecord r {\nhits: u64,\n}\nf:func( a:u32 )->u32;\n}\nworld w {\n@external-id("memory://cache")\nimport i;\n}\n';
    await notify('textDocument/didOpen', { textDocument: { uri: uriOf('messy.wit'), languageId: 'wit', version: 1, text: messy } });
    const edits = await request<{ newText: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }[]>('textDocument/formatting', { textDocument: { uri: uriOf('messy.wit') }, options: { tabSize: 2, insertSpaces: true } });
    assert.equal(TextDocument.applyEdits(TextDocument.create('messy.wit', 'wit', 1, messy), edits.result!), 'package demo:messy;\n\n/// Docs.\ninterface i {\n  use types.{error};\n  /// A record.\n  record r {\n    hits: u64,\n  }\n  f: func(a: u32) -> u32;\n}\n\nworld w {\n  @external-id("memory://cache")\n  import i;\n}\n');

    // A file the workspace changes on disk (the client's watcher sends it): the broken package is
    // fixed, and a dependency removed is missed.
    await notify('wit/workspaceFiles', { changed: [{ uri: uriOf('broken/broken.wit'), text: 'package demo:broken;\n\ninterface oops {\n  record r {\n    a: u8,\n  }\n}\n' }] });
    assert.deepEqual(await diagnosticsOf(uriOf('broken/broken.wit'), (d) => d.length === 0), []);
    await notify('wit/workspaceFiles', { deleted: [uriOf('wit/deps/acme-geo/shapes.wit')] });
    const missing = await diagnosticsOf(uriOf('wit/app.wit'), (d) => d.some((x) => x.severity === 1));
    assert.match(missing.find((d) => d.severity === 1)!.message, /package 'acme:geo@1\.0\.0' not found|acme:geo/);

    // No lens offers what cannot run here (on Node the world has Build above it).
    const lenses = await request<{ command?: { command: string } }[]>('textDocument/codeLens', { textDocument: doc });
    assert.deepEqual((lenses.result ?? []).filter((l) => /^wit\.(build|run|call)$/.test(l.command?.command ?? '')), []);
    const diagram = await request<{ world: string; exports: { name: string }[] } | null>('wit/worldDiagram', { textDocument: doc, position: at('world app', 7) });
    assert.equal(diagram.result?.world, 'app');
    assert.deepEqual(diagram.result!.exports.map((e) => e.name), ['store']);

    const build = await request<{ code: string; error: string }>('workspace/executeCommand', { command: 'wit.build', arguments: [uriOf('wit')] });
    assert.equal(build.result!.code, 'unavailable-in-browser');
    assert.match(build.result!.error, /^wit\.build is not available in the browser/);

    const errors = await tab.evaluate(() => (globalThis as unknown as { errors: string[] }).errors);
    assert.deepEqual(errors, []);
    const logged = (await notes()).filter((n) => n.method === 'window/logMessage' && (n.params as { type?: number }).type === 1);
    assert.deepEqual(logged, []);
  });
});
