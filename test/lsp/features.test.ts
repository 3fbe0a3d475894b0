import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatWit, isFormatFailure } from 'wit-tools/server/ide/format.js';
import { fixtures } from '../support/paths.js';
import { LspClient, offsetAt, positionAt, uri, type Range } from '../support/lsp-client.js';

// Every feature through the protocol, on a package with deps/, with a real client over stdio.
describe('lsp: features', function () {
  this.timeout(60_000);
  let dir: string;
  let client: LspClient;
  let types: string;
  let api: string;
  let clock: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wit-lsp-'));
    cpSync(join(fixtures, 'lsp', 'shop'), join(dir, 'shop'), { recursive: true });
    types = join(dir, 'shop', 'types.wit');
    api = join(dir, 'shop', 'api.wit');
    clock = join(dir, 'shop', 'deps', 'clocks', 'wall-clock.wit');
    client = await LspClient.start([dir]);
    client.open(types, readFileSync(types, 'utf8'));
    client.open(api, readFileSync(api, 'utf8'));
    await client.current(api);
  });
  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The position of the `n`th occurrence of `needle` in the file (plus `delta` characters). */
  function at(path: string, needle: string, n = 0, delta = 1) {
    const text = client.text(path);
    let i = -1;
    for (let k = 0; k <= n; k++) i = text.indexOf(needle, i + 1);
    assert.ok(i >= 0, `${needle} in ${path}`);
    return { textDocument: { uri: uri(path) }, position: positionAt(text, i + delta) };
  }
  const slice = (path: string, r: Range) => readFileSync(path, 'utf8').slice(offsetAt(readFileSync(path, 'utf8'), r.start), offsetAt(readFileSync(path, 'utf8'), r.end));

  it('publishes an empty list for a clean package, with the document version', async () => {
    const p = await client.current(api);
    assert.deepEqual(p.diagnostics, []);
    assert.equal(p.version, 1);
  });

  it('shows a hint with the deprecated tag where a @deprecated type is named', async () => {
    const text = client.text(types);
    client.edit(types, text.indexOf('type price = money;'), text.indexOf('type price = money;'), 'type legacy = old-price;\n  ');
    const p = await client.current(types);
    const hint = p.diagnostics.find((d) => d.code === 'deprecated');
    assert.ok(hint, JSON.stringify(p.diagnostics));
    assert.deepEqual(hint!.tags, [2]);
    client.edit(types, text.indexOf('type price = money;'), text.indexOf('type price = money;') + 'type legacy = old-price;\n  '.length, '');
    await client.current(types);
  });

  it('reports a broken file with the reference\'s words, related files clean, and clears it when fixed', async () => {
    const text = client.text(api);
    const i = text.indexOf('result<money, string>');
    client.edit(api, i, i + 'result<money, string>'.length, 'result<monye, string>');
    const broken = await client.current(api);
    assert.deepEqual(broken.diagnostics.map((d) => [d.code, d.message]), [['unknown-name', 'name `monye` does not exist']]);
    client.edit(api, i, i + 'result<monye, string>'.length, 'result<money, string>');
    const fixed = await client.current(api);
    assert.deepEqual(fixed.diagnostics, []);
  });

  it('hover: the doc comment, the signature, and where a used name comes from', async () => {
    const h = await client.request<{ contents: { value: string } }>('textDocument/hover', at(api, 'money', 0));
    assert.match(h.contents.value, /record money/);
    assert.match(h.contents.value, /An amount of money, in cents\./);
    assert.match(h.contents.value, /used from `acme:shop\/types@0\.1\.0`/);
    const alias = await client.request<{ contents: { value: string } }>('textDocument/hover', at(types, 'price', 0));
    assert.match(alias.contents.value, /type price = money/);
    const fn = await client.request<{ contents: { value: string } }>('textDocument/hover', at(api, 'checkout'));
    assert.match(fn.contents.value, /checkout: func\(c: borrow<cart>, when: datetime\) -> result<money, string>/);
    assert.match(fn.contents.value, /Pays for a cart\./);
    const builtin = await client.request<{ contents: { value: string } }>('textDocument/hover', at(types, 'u64'));
    assert.match(builtin.contents.value, /unsigned 64-bit/);
  });

  it('definition: across files of the package and into deps/', async () => {
    const d1 = await client.request<{ uri: string; range: Range }[]>('textDocument/definition', at(api, 'money', 1));
    assert.equal(d1[0].uri, uri(types));
    assert.equal(slice(types, d1[0].range), 'money');
    const d2 = await client.request<{ uri: string; range: Range }[]>('textDocument/definition', at(api, 'datetime', 1));
    assert.equal(d2[0].uri, uri(clock));
    assert.equal(slice(clock, d2[0].range), 'datetime');
    const d3 = await client.request<{ uri: string; range: Range }[]>('textDocument/definition', at(api, 'wall-clock', 0));
    assert.equal(d3[0].uri, uri(clock));
  });

  it('type definition: an alias leads to the type it stands for', async () => {
    const d = await client.request<{ uri: string; range: Range }[]>('textDocument/typeDefinition', at(types, 'price'));
    assert.equal(slice(types, d[0].range), 'money');
  });

  it('references and document highlight', async () => {
    const refs = await client.request<{ uri: string; range: Range }[]>('textDocument/references', { ...at(types, 'record money', 0, 8), context: { includeDeclaration: true } });
    const where = refs.map((r) => `${r.uri === uri(types) ? 'types' : 'api'}:${r.range.start.line}`);
    assert.deepEqual(where.sort(), ['api:1', 'api:5', 'types:12', 'types:20', 'types:6'].sort());
    const hl = await client.request<{ range: Range; kind: number }[]>('textDocument/documentHighlight', at(types, 'record money', 0, 8));
    assert.equal(hl.length, 3);
    assert.equal(hl.filter((h) => h.kind === 3).length, 1);
  });

  it('rename: edits every file; refuses keywords; escapes a keyword name', async () => {
    const prep = await client.request<{ placeholder: string }>('textDocument/prepareRename', at(types, 'record money', 0, 8));
    assert.equal(prep.placeholder, 'money');
    await assert.rejects(client.request('textDocument/prepareRename', at(types, 'record', 0, 2)), /cannot be renamed|keyword/);
    const edit = await client.request<{ changes: Record<string, { newText: string }[]> }>('textDocument/rename', { ...at(types, 'record money', 0, 8), newName: 'amount' });
    assert.deepEqual(Object.keys(edit.changes).sort(), [uri(api), uri(types)].sort());
    assert.equal(edit.changes[uri(types)].length, 3);
    assert.equal(edit.changes[uri(api)].length, 2);
    const kw = await client.request<{ changes: Record<string, { newText: string }[]> }>('textDocument/rename', { ...at(types, 'record money', 0, 8), newName: 'interface' });
    assert.ok(Object.values(kw.changes).flat().every((e) => e.newText === '%interface'));
    await assert.rejects(client.request('textDocument/rename', { ...at(types, 'record money', 0, 8), newName: 'Bad_Name' }), /not a valid WIT name/);
  });

  it('completion: types in scope and built-ins in a type position', async () => {
    const text = client.text(api);
    const i = text.indexOf('state: func(c: borrow<cart>)');
    client.edit(api, i, i, 'peek: func(x: ');
    const res = await client.request<{ label: string }[]>('textDocument/completion', { textDocument: { uri: uri(api) }, position: positionAt(client.text(api), i + 'peek: func(x: '.length) });
    const labels = res.map((r) => r.label);
    for (const l of ['money', 'cart', 'status', 'datetime', 'u32', 'string', 'list']) assert.ok(labels.includes(l), `${l} in ${labels.join(',')}`);
    client.edit(api, i, i + 'peek: func(x: '.length, '');
  });

  it('completion: use paths, foreign interfaces and their types, keywords at item start', async () => {
    const text = client.text(api);
    const i = text.indexOf('  /// Pays');
    const probe = async (insert: string) => {
      client.edit(api, i, i, insert);
      const res = await client.request<{ label: string }[]>('textDocument/completion', { textDocument: { uri: uri(api) }, position: positionAt(client.text(api), i + insert.length) });
      client.edit(api, i, i + insert.length, '');
      return res.map((r) => r.label);
    };
    assert.ok((await probe('use ')).includes('types'));
    assert.ok((await probe('use ')).includes('wasi:clocks/wall-clock@0.2.3'));
    assert.ok((await probe('use wasi:clocks/')).includes('wall-clock@0.2.3'));
    assert.ok((await probe('use wasi:clocks/wall-clock@0.2.3.{')).includes('datetime'));
    const start = await probe('\n  ');
    for (const k of ['type', 'record', 'resource', 'use', 'func']) assert.ok(start.includes(k), `${k} in ${start.join(',')}`);
    assert.deepEqual((await probe('@')).sort(), ['deprecated', 'external-id', 'since', 'unstable']);
  });

  it('document symbols: package, interfaces with their types and functions, worlds', async () => {
    type Sym = { name: string; children?: Sym[] };
    const syms = await client.request<Sym[]>('textDocument/documentSymbol', { textDocument: { uri: uri(types) } });
    assert.equal(syms[0].name, 'acme:shop@0.1.0');
    const iface = syms[0].children![0];
    assert.equal(iface.name, 'types');
    assert.deepEqual(iface.children!.map((c) => c.name), ['money', 'price', 'status', 'cart', 'old-price']);
    assert.deepEqual(iface.children![3].children!.map((c) => c.name), ['constructor', 'add', 'total']);
  });

  it('workspace symbols', async () => {
    const syms = await client.request<{ name: string; location: { uri: string } }[]>('workspace/symbol', { query: 'date' });
    assert.ok(syms.some((s) => s.name === 'datetime' && s.location.uri === uri(clock)));
  });

  it('folding and selection ranges', async () => {
    const folds = await client.request<{ startLine: number; endLine: number }[]>('textDocument/foldingRange', { textDocument: { uri: uri(types) } });
    assert.ok(folds.some((f) => f.startLine === 4 && f.endLine === 26), JSON.stringify(folds));
    const sel = await client.request<{ range: Range; parent?: unknown }[]>('textDocument/selectionRange', { textDocument: { uri: uri(types) }, positions: [at(types, 'cents:').position] });
    let depth = 0;
    for (let s: { parent?: unknown } | undefined = sel[0]; s; s = s.parent as { parent?: unknown } | undefined) depth++;
    assert.ok(depth >= 4, `selection chain of ${depth}`);
  });

  it('semantic tokens, full and range', async () => {
    const full = await client.request<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri: uri(api) } });
    assert.ok(full.data.length > 50 && full.data.length % 5 === 0);
    const range = await client.request<{ data: number[] }>('textDocument/semanticTokens/range', { textDocument: { uri: uri(api) }, range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } } });
    assert.ok(range.data.length > 0 && range.data.length < full.data.length);
  });

  it('document links: a foreign package links to its file', async () => {
    const links = await client.request<{ target: string; range: Range }[]>('textDocument/documentLink', { textDocument: { uri: uri(api) } });
    assert.ok(links.some((l) => l.target === uri(clock) && slice(api, l.range) === 'wasi:clocks'), JSON.stringify(links));
  });

  it('inlay hints: what an alias stands for', async () => {
    const hints = await client.request<{ label: string }[]>('textDocument/inlayHint', { textDocument: { uri: uri(types) }, range: { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } } });
    assert.ok(hints.some((h) => h.label === ' = record money'), JSON.stringify(hints));
  });

  it('signature help inside a function\'s parameter list', async () => {
    const sh = await client.request<{ signatures: { label: string }[]; activeParameter: number }>('textDocument/signatureHelp', at(api, 'when: datetime'));
    assert.equal(sh.signatures[0].label, 'checkout: func(c: borrow<cart>, when: datetime) -> result<money, string>');
    assert.equal(sh.activeParameter, 1);
  });

  it('code actions: did you mean, add the missing use, kebab-case, organize uses', async () => {
    const text = client.text(api);
    const i = text.indexOf('-> status;');
    client.edit(api, i, i + '-> status;'.length, '-> statsu;');
    let p = await client.current(api);
    const d = p.diagnostics[0];
    let actions = await client.request<{ title: string; edit: { changes: Record<string, { newText: string }[]> } }[]>('textDocument/codeAction', { textDocument: { uri: uri(api) }, range: d.range, context: { diagnostics: [d] } });
    assert.ok(actions.some((a) => a.title === 'Change to `status`'), actions.map((a) => a.title).join(' | '));
    client.edit(api, i, i + '-> statsu;'.length, '-> price;');
    p = await client.current(api);
    actions = await client.request('textDocument/codeAction', { textDocument: { uri: uri(api) }, range: p.diagnostics[0].range, context: { diagnostics: p.diagnostics } });
    const add = actions.find((a) => a.title === 'Add `use types.{price}`');
    assert.ok(add, actions.map((a) => a.title).join(' | '));
    assert.match(add!.edit.changes[uri(api)][0].newText, /use types\.\{price\};/);
    client.edit(api, i, i + '-> price;'.length, '-> status;');
    await client.current(api);
    const j = client.text(api).indexOf('state');
    client.edit(api, j, j + 'state'.length, 'my_state');
    p = await client.current(api);
    actions = await client.request('textDocument/codeAction', { textDocument: { uri: uri(api) }, range: p.diagnostics[0].range, context: { diagnostics: p.diagnostics } });
    assert.ok(actions.some((a) => a.title === 'Rename to `my-state` (kebab-case)'));
    client.edit(api, j, j + 'my_state'.length, 'state');
    await client.current(api);
    const org = await client.request<{ title: string; edit: { changes: Record<string, { newText: string }[]> } }[]>('textDocument/codeAction', { textDocument: { uri: uri(api) }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.organizeImports'] } });
    assert.equal(org[0].title, 'Organize uses');
    assert.equal(org[0].edit.changes[uri(api)][0].newText, 'use types.{cart, money, status};\n  use wasi:clocks/wall-clock@0.2.3.{datetime};');
  });

  it('code lenses above the world and its function exports', async () => {
    const lenses = await client.request<{ command: { title: string; command: string; arguments: unknown[] } }[]>('textDocument/codeLens', { textDocument: { uri: uri(api) } });
    assert.deepEqual(lenses.map((l) => l.command.command), ['wit.build', 'wit.call']);
    assert.deepEqual(lenses[1].command.arguments.slice(1), ['shop', 'greet']);
  });

  it('formatting: whole document and a range, whitespace-only edits that keep every comment', async () => {
    const original = client.text(types);
    // Squash the layout: every run of spaces becomes one, every item's indentation goes.
    const messy = original.replace(/\n +/g, '\n').replace(/: +/g, ':  ');
    client.replaceAll(types, messy);
    await client.current(types);
    type Edit = { range: Range; newText: string };
    const apply = (text: string, edits: Edit[]) => {
      const sorted = [...edits].sort((a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start));
      for (const e of sorted) text = text.slice(0, offsetAt(text, e.range.start)) + e.newText + text.slice(offsetAt(text, e.range.end));
      return text;
    };
    const edits = await client.request<Edit[]>('textDocument/formatting', { textDocument: { uri: uri(types) }, options: { tabSize: 4, insertSpaces: true } });
    assert.ok(edits.length > 0);
    for (const e of edits) assert.match(e.newText, /^[\s,]*$/, 'only whitespace (and trailing commas) change');
    const formatted = apply(messy, edits);
    const strip = (t: string) => t.replace(/[\s,]+/g, '');
    assert.equal(strip(formatted), strip(messy));
    const expected = formatWit(messy, { indent: 2 });
    assert.ok(!isFormatFailure(expected));
    assert.equal(formatted, expected.text);
    assert.deepEqual(formatWit(formatted), { text: formatted, changed: false, skipped: [] });
    // A range inside the package header formats the header only; one inside the interface, the interface.
    const rangeFormat = (from: number, to: number) => client.request<Edit[]>('textDocument/rangeFormatting', {
      textDocument: { uri: uri(types) },
      range: { start: positionAt(messy, from), end: positionAt(messy, to) },
      options: { tabSize: 2, insertSpaces: true },
    });
    const body = messy.indexOf('record money');
    const headerEdits = await rangeFormat(messy.indexOf('package'), messy.indexOf('package') + 3);
    assert.ok(headerEdits.every((e) => offsetAt(messy, e.range.end) < body), JSON.stringify(headerEdits));
    const bodyEdits = await rangeFormat(body, body + 3);
    assert.ok(bodyEdits.some((e) => offsetAt(messy, e.range.start) > body));
    assert.ok(bodyEdits.length < edits.length + 1);
    client.replaceAll(types, original);
    await client.current(types);
  });

  it('a request that fails answers with an error, and the server stays up', async () => {
    await assert.rejects(client.request('textDocument/hover', { textDocument: { uri: 'file:///nowhere/x.wit' }, position: { line: 0, character: 0 } }).then((r) => { if (r !== null) throw new Error('x'); }).then(() => { throw new Error('answered'); }), /answered/);
    await assert.rejects(client.request('textDocument/definition', { nonsense: true }));
    const h = await client.request<{ contents: { value: string } }>('textDocument/hover', at(api, 'money', 0));
    assert.match(h.contents.value, /record money/);
  });

  it('positions past the end of a document are clamped', async () => {
    const r = await client.request<unknown>('textDocument/hover', { textDocument: { uri: uri(types) }, position: { line: 10_000, character: 5 } });
    assert.equal(r, null);
    const c = await client.request<unknown[]>('textDocument/completion', { textDocument: { uri: uri(types) }, position: { line: 10_000, character: 5 } });
    assert.ok(Array.isArray(c));
  });
});
