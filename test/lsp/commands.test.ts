import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspClient, uri } from '../support/lsp-client.js';
import { repoRoot } from '../support/paths.js';

// The pipeline through `workspace/executeCommand`, as any LSP editor reaches it: a real build of
// examples/greeter (TypeScript → componentize-js), then inspect, check and call on the result.
describe('lsp: pipeline commands', function () {
  this.timeout(300_000);
  let dir: string;
  let client: LspClient;
  const progress: unknown[] = [];
  const output: string[] = [];
  const exec = <T>(command: string, args: unknown[]) => client.request<T>('workspace/executeCommand', { command, arguments: args });
  let component = '';

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wit-lsp-cmd-'));
    for (const example of ['greeter', 'cli-tool', 'wordfreq-go']) {
      cpSync(join(repoRoot, 'examples', example), join(dir, example), { recursive: true, filter: (s) => !s.includes('node_modules') && !s.includes(`${'/'}dist`) });
    }
    client = await LspClient.start([dir], {}, { window: { workDoneProgress: true } });
    client.rpc.onNotification('$/progress', (p: unknown) => { progress.push(p); });
    client.rpc.onNotification('wit/output', (p: { text: string }) => { output.push(p.text); });
  });
  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('an unknown command answers an error object, not a protocol error', async () => {
    const r = await exec<{ error: string; code: string }>('wit.nonsense', []);
    assert.equal(r.code, 'unknown-command');
  });

  it('wit.build from the WIT file, as a code lens passes it: progress, output, the component', async () => {
    const wit = join(dir, 'greeter', 'greeter.wit');
    const lenses = await (async () => {
      client.open(wit, readFileSync(wit, 'utf8'));
      await client.current(wit);
      return client.request<{ command: { command: string; arguments: unknown[] } }[]>('textDocument/codeLens', { textDocument: { uri: uri(wit) } });
    })();
    const build = lenses.find((l) => l.command.command === 'wit.build')!;
    assert.ok(build, 'a Build lens');
    const r = await exec<{ component: string; size: number; world: string; language: string; error?: string }>('wit.build', build.command.arguments);
    assert.equal(r.error, undefined, r.error);
    component = r.component;
    assert.ok(existsSync(component));
    assert.equal(r.world, 'greeter');
    assert.equal(r.language, 'typescript');
    assert.ok(r.size > 1000);
    const kinds = progress.map((p) => (p as { value: { kind: string } }).value.kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(kinds[kinds.length - 1], 'end');
    assert.ok(output.join('').includes('built '), output.join(''));
  });

  it('wit.inspect: the WIT and the callable functions', async () => {
    const r = await exec<{ wit: string; functions: { shortName: string; signature: string }[] }>('wit.inspect', [component]);
    assert.match(r.wit, /export greet: func\(name: string\) -> string;/);
    assert.deepEqual(r.functions.map((f) => f.shortName).sort(), ['format-greeting', 'greet', 'supported-languages']);
  });

  it('wit.checkCall: a call is checked against the signature without running', async () => {
    assert.deepEqual(await exec('wit.checkCall', [component, 'greet("Ada")']), { ok: true, function: 'greet', signature: 'func(name: string) -> string' });
    const bad = await exec<{ ok: boolean; error: string }>('wit.checkCall', [component, 'greet(42)']);
    assert.equal(bad.ok, false);
    assert.match(bad.error, /expected `string`, found the number `42`/);
  });

  it('wit.call: runs in the sandbox; records and enums in WAVE', async () => {
    const r = await exec<{ wave: string; json: unknown; isError: boolean }>('wit.call', [component, 'greet("Ada")']);
    assert.equal(r.wave, '"Hello, Ada!"');
    assert.equal(r.isError, false);
    const f = await exec<{ wave: string }>('wit.call', [component, 'format-greeting("Ada", { tone: formal, language: none, repeat: 1 })']);
    assert.match(f.wave, /Ada/);
  });

  it('wit.call from a lens: a function without parameters runs; one with parameters says how to call it', async () => {
    const none = await exec<{ wave: string }>('wit.call', [join(dir, 'greeter'), 'greeter', 'supported-languages']);
    assert.match(none.wave, /^\[/);
    const needs = await exec<{ error: string; code: string }>('wit.call', [join(dir, 'greeter'), 'greeter', 'greet']);
    assert.equal(needs.code, 'bad-argument');
    assert.match(needs.error, /takes arguments/);
  });

  it('wit.run on a project folder: builds, runs the command in the sandbox, streams its output, returns its exit code', async () => {
    output.length = 0;
    const r = await exec<{ exitCode: number; error?: string }>('wit.run', [join(dir, 'cli-tool')]);
    assert.equal(r.error, undefined, r.error);
    assert.equal(r.exitCode, 0);
    const text = output.join('');
    assert.match(text, /built .*cli-tool\.wasm/);
    // No arguments and an empty stdin: lines, words and bytes, all zero.
    assert.match(text, /^\s*0\s+0\s+0\s*$/m, text);
    assert.match(text, /exit code 0 \(\d+\.\d+ s\)/);
  });

  it('wit.bindings: the project\'s language by default, or the one asked; check mode writes nothing', async () => {
    const r = await exec<{ language: string; world: string; outDir: string; files: string[]; changed: string[]; upToDate: boolean; error?: string }>('wit.bindings', [join(dir, 'greeter')]);
    assert.equal(r.error, undefined, r.error);
    assert.deepEqual([r.language, r.world, r.outDir], ['ts', 'greeter', join(dir, 'greeter', 'bindings')]);
    assert.ok(r.files.includes('greeter.d.ts') && r.changed.length === r.files.length, r.files.join(', '));
    assert.ok(existsSync(join(dir, 'greeter', 'bindings', 'greeter.d.ts')));
    const check = await exec<{ upToDate: boolean }>('wit.bindings', [join(dir, 'greeter'), 'ts', null, null, true]);
    assert.equal(check.upToDate, true);
    const bad = await exec<{ code: string; error: string }>('wit.bindings', [join(dir, 'greeter'), 'cobol']);
    assert.equal(bad.code, 'bad-argument');
  });

  it('wit.build and wit.call on a Go component (wit-bindgen go, mainline Go, the preview1 adapter)', async function () {
    const tools = await exec<{ language: string; ok: boolean }[]>('wit.doctor', []);
    assert.deepEqual(tools.map((t) => t.language), ['ts', 'python', 'go', 'rust', 'c']);
    if (!tools.find((t) => t.language === 'go')!.ok) {
      if (process.env.WIT_TOOLS_REQUIRE_TOOLCHAINS) assert.fail('the Go tool chain is required here');
      this.skip();
    }
    const built = await exec<{ component: string; language: string; error?: string }>('wit.build', [join(dir, 'wordfreq-go', 'wit', 'wordfreq.wit')]);
    assert.equal(built.error, undefined, built.error);
    assert.equal(built.language, 'go');
    const r = await exec<{ wave: string; error?: string }>('wit.call', [built.component, 'top-words("a b a", 1)']);
    assert.equal(r.wave, '[{word: "a", count: 2}]', r.error);
  });

  it('failures answer { error, code }, and the server stays up', async () => {
    const missing = await exec<{ error: string; code: string }>('wit.inspect', [join(dir, 'nope.wasm')]);
    assert.equal(missing.code, 'no-such-file');
    const notWasm = await exec<{ error: string; code: string }>('wit.call', [join(dir, 'greeter', 'greeter.wit'), 'x()']);
    assert.ok(notWasm.code, JSON.stringify(notWasm));
    const h = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: uri(join(dir, 'greeter', 'greeter.wit')) }, position: { line: 0, character: 5 } });
    assert.ok(h === null || typeof h === 'object');
  });
});
