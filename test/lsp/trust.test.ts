// The server and settings it has not been told to trust: a build command, folders, environment,
// network and looser limits from `initializationOptions` or `workspace/configuration` are ignored
// (and said to be) unless the client passes `trusted: true`; `wit/setTrusted` changes that later.
// Every run and call prints the grants in force.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { LspClient } from '../support/lsp-client.js';

// A component with no imports at all: `answer: func() -> u32` returns 42.
const answerWat = `(component
  (core module $m (func (export "answer") (result i32) i32.const 42))
  (core instance $i (instantiate $m))
  (func (export "answer") (result u32) (canon lift (core func $i "answer"))))`;

describe('lsp: settings the client does not vouch for', function () {
  this.timeout(120_000);
  let dir: string;
  let component: string;
  const clients: LspClient[] = [];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wit-tools-trust-'));
    fs.writeFileSync(path.join(dir, 'world.wit'), 'package demo:trust;\n\nworld w {\n  export answer: func() -> u32;\n}\n');
    fs.mkdirSync(path.join(dir, 'shared'));
    component = path.join(dir, 'answer.wasm');
    fs.writeFileSync(component, await parse(answerWat));
  });
  after(async () => {
    for (const c of clients) await c.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  // What a repository could put in its settings: a command, a folder, a secret, the network, more time.
  const repoSettings = () => ({
    build: { command: `touch ${JSON.stringify(path.join(dir, 'PWNED'))}` },
    run: { allowDirs: [path.join(dir, 'shared')], env: { SECRET: 'x' }, allowNetwork: true, timeoutSeconds: 600, maxMemoryMB: 4096 },
  });

  async function start(init: Record<string, unknown>): Promise<{ client: LspClient; output: string[] }> {
    const client = await LspClient.start([dir], init);
    clients.push(client);
    const output: string[] = [];
    client.rpc.onNotification('wit/output', (p: { text: string }) => { output.push(p.text); });
    return { client, output };
  }
  const exec = <T>(client: LspClient, command: string, args: unknown[]) => client.request<T>('workspace/executeCommand', { command, arguments: args });
  const grantsLine = (output: string[]) => output.join('').split('\n').find((l) => l.startsWith('grants:')) ?? '';

  it('without `trusted`: no build command runs, no grant widens, and the log says what was ignored', async () => {
    const { client, output } = await start({ settings: repoSettings() });
    const built = await exec<{ error?: string }>(client, 'wit.build', [dir]);
    assert.ok(built.error, 'no project a tool chain claims, and the command is not used');
    assert.ok(!fs.existsSync(path.join(dir, 'PWNED')), 'the repository\'s build command did not run');
    const r = await exec<{ wave?: string; error?: string }>(client, 'wit.call', [component, 'answer()']);
    assert.equal(r.error, undefined);
    assert.equal(r.wave, '42');
    assert.equal(grantsLine(output), 'grants: dirs none; env none; network denied; limits 10 s, 512 MB; ignored (not trusted): wit.build.command, wit.run.allowDirs, wit.run.env, wit.run.allowNetwork, wit.run.timeoutSeconds, wit.run.maxMemoryMB');
    assert.ok(client.logs.some((l) => /not trusted: ignoring wit\.build\.command, wit\.run\.allowDirs/.test(l)), client.logs.join('\n'));
    // The same from workspace/configuration.
    client.notify('workspace/didChangeConfiguration', { settings: { wit: repoSettings() } });
    output.length = 0;
    await exec(client, 'wit.call', [component, 'answer()']);
    assert.match(grantsLine(output), /^grants: dirs none; env none; network denied; limits 10 s, 512 MB; ignored/);
    // Narrower limits are always taken.
    client.notify('workspace/didChangeConfiguration', { settings: { wit: { run: { timeoutSeconds: 2, maxMemoryMB: 64 } } } });
    output.length = 0;
    await exec(client, 'wit.call', [component, 'answer()']);
    assert.equal(grantsLine(output), 'grants: dirs none; env none; network denied; limits 2 s, 64 MB');
  });

  it('with `trusted: true`, or after wit/setTrusted, the settings apply and the grants in force are printed', async () => {
    const { client, output } = await start({ settings: repoSettings(), trusted: true });
    await exec(client, 'wit.call', [component, 'answer()']);
    assert.equal(grantsLine(output), `grants: dirs ${path.join(dir, 'shared')} (read-only); env SECRET; network allowed; limits 600 s, 4096 MB`);
    await exec(client, 'wit.build', [dir]);
    assert.ok(fs.existsSync(path.join(dir, 'PWNED')), 'a trusted build command runs');
    fs.rmSync(path.join(dir, 'PWNED'));
    // Trust withdrawn, then given again, on the same settings.
    client.notify('wit/setTrusted', { trusted: false });
    output.length = 0;
    await exec(client, 'wit.call', [component, 'answer()']);
    assert.match(grantsLine(output), /^grants: dirs none; env none; network denied; limits 10 s, 512 MB; ignored/);
    client.notify('wit/setTrusted', { trusted: true });
    output.length = 0;
    await exec(client, 'wit.call', [component, 'answer()']);
    assert.match(grantsLine(output), /^grants: dirs .*shared \(read-only\); env SECRET; network allowed/);
    // A relative folder is the workspace folder's, wherever the component is.
    fs.mkdirSync(path.join(dir, 'sub'), { recursive: true });
    fs.copyFileSync(component, path.join(dir, 'sub', 'answer.wasm'));
    client.notify('workspace/didChangeConfiguration', { settings: { wit: { run: { allowDirs: ['shared:rw'] } } } });
    output.length = 0;
    const r = await exec<{ wave?: string; error?: string }>(client, 'wit.call', [path.join(dir, 'sub', 'answer.wasm'), 'answer()']);
    assert.equal(r.error, undefined);
    assert.equal(grantsLine(output), `grants: dirs ${path.join(dir, 'shared')} as shared (read-write); env none; network denied; limits 10 s, 512 MB`);
  });
});
