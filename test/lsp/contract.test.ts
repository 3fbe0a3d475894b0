// Lint findings and breaking changes in the editor: diagnostics linked to their rule's page, the
// quick fixes (the rule's own, and the ignore comment), the code lens above the package, and git
// left alone in a workspace the client does not vouch for.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient, offsetAt, positionAt, uri, type Diag } from '../support/lsp-client.js';

const committed = `package demo:lsp@1.0.0;

interface types {
  type id = u32;
}

interface ops {
  use types.{id};
  add: func(a: s32, b: s32) -> s32;
}

world calc {
  export ops;
}
`;

// Edited since the commit: \`add\` takes s64 now.
const edited = committed.replace('add: func(a: s32, b: s32) -> s32;', 'add: func(a: s64, b: s32) -> s32;');

type Linked = Diag & { codeDescription?: { href: string }; source?: string };
interface Action { title: string; kind?: string; edit?: { changes: Record<string, { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]> } }

function applyEdits(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const sorted = [...edits].sort((a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offsetAt(out, e.range.start)) + e.newText + out.slice(offsetAt(out, e.range.end));
  return out;
}

describe('lsp: lint and breaking changes as diagnostics', function () {
  this.timeout(120_000);
  let dir: string;
  let file: string;
  const clients: LspClient[] = [];
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wit-tools-contract-'));
    file = path.join(dir, 'pkg.wit');
    fs.writeFileSync(file, committed);
    fs.writeFileSync(path.join(dir, 'wit-tools.toml'), '[lint]\nuse = ["minimal"]\n');
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: dir, stdio: 'pipe' });
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'v1');
    fs.writeFileSync(file, edited);
  });
  after(async () => {
    for (const c of clients) await c.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('trusted: an unused `use` and the changed parameter, each linked to its rule; fixes; the lens counts the breaking change', async () => {
    const client = await LspClient.start([dir], { trusted: true });
    clients.push(client);
    client.open(file, edited);
    const has = (code: string) => (p: { diagnostics: Diag[] }) => p.diagnostics.some((d) => d.code === code);
    const pub = await client.diagnostics(file, (p) => has('unused-use')(p) && has('param-type-changed')(p));
    const lint = pub.diagnostics.find((d) => d.code === 'unused-use') as Linked;
    assert.match(lint.codeDescription!.href, /^file:.*\/docs\/rules\/unused-use\.md$/);
    assert.ok(fs.existsSync(new URL(lint.codeDescription!.href)), 'the page ships beside the server');
    assert.equal(lint.source, 'wit lint');
    assert.equal(edited.slice(offsetAt(edited, lint.range.start), offsetAt(edited, lint.range.end)), 'id');
    const breaking = pub.diagnostics.find((d) => d.code === 'param-type-changed') as Linked;
    assert.match(breaking.codeDescription!.href, /breaking\.md#param-type-changed$/);
    assert.match(breaking.message, /^since HEAD: parameter `a` of `add`/);
    assert.equal(positionAt(edited, edited.indexOf('add: func')).line, breaking.range.start.line);
    const versionLow = pub.diagnostics.find((d) => d.code === 'version-too-low');
    assert.ok(versionLow, 'the version 1.0.0 does not allow a breaking change');

    const lenses = await client.request<{ command?: { title: string } }[]>('textDocument/codeLens', { textDocument: { uri: uri(file) } });
    assert.ok(lenses.some((l) => /breaking change since HEAD — needs 2\.0\.0/.test(l.command?.title ?? '')), JSON.stringify(lenses.map((l) => l.command?.title)));

    const actions = await client.request<Action[]>('textDocument/codeAction', { textDocument: { uri: uri(file) }, range: lint.range, context: { diagnostics: [lint] } });
    const titles = actions.map((a) => a.title);
    const ignore = actions.find((a) => /wit-lint: ignore unused-use/.test(a.title) || /ignore/i.test(a.title));
    assert.ok(ignore, JSON.stringify(titles));
    const remove = actions.find((a) => a !== ignore && /remove|unused/i.test(a.title));
    assert.ok(remove, JSON.stringify(titles));
    // The rule's fix takes the `use` out; the finding goes with it.
    const removed = applyEdits(edited, remove.edit!.changes[uri(file)]);
    assert.doesNotMatch(removed, /use types/);
    client.replaceAll(file, removed);
    const after = await client.current(file);
    assert.ok(!after.diagnostics.some((d) => d.code === 'unused-use'));
    // The ignore comment silences it where the `use` stays.
    const ignored = applyEdits(edited, ignore.edit!.changes[uri(file)]);
    assert.match(ignored, /\/\/ wit-lint: ignore unused-use/);
    client.replaceAll(file, ignored);
    const quiet = await client.current(file);
    assert.ok(!quiet.diagnostics.some((d) => d.code === 'unused-use'), JSON.stringify(quiet.diagnostics.map((d) => d.code)));
    assert.ok(quiet.diagnostics.some((d) => d.code === 'param-type-changed'));
  });

  it('not trusted: lint still shows, git is not run for breaking changes', async () => {
    const client = await LspClient.start([dir], {});
    clients.push(client);
    client.open(file, edited);
    const pub = await client.diagnostics(file, (p) => p.diagnostics.some((d) => d.code === 'unused-use'));
    assert.ok(!pub.diagnostics.some((d) => d.code === 'param-type-changed' || d.code === 'version-too-low'));
  });

  it('wit.lint.enable off, wit.breaking.against empty: neither', async () => {
    const client = await LspClient.start([dir], { trusted: true, settings: { lint: { enable: 'off' }, breaking: { against: '' } } });
    clients.push(client);
    client.open(file, edited);
    const pub = await client.current(file);
    assert.deepEqual(pub.diagnostics.map((d) => d.code), []);
  });
});
