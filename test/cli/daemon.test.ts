// `wit-tools daemon` for real: a daemon process on a socket of the test's own, and `wit-tools call`
// from a shell handing its calls to it — the answer, the exit code and the errors as a direct call
// gives them, a fresh instance every call (a counter in the component starts at 0 each time),
// and, once the daemon is stopped, the same call made directly.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { cliBin, runCli } from '../support/cli.js';

const counter = `(component
  (core module $m
    (global $g (mut i32) (i32.const 0))
    (func (export "count") (result i32) global.get $g i32.const 1 i32.add global.set $g global.get $g))
  (core instance $i (instantiate $m))
  (func (export "count") (result u32) (canon lift (core func $i "count"))))`;

describe('cli: wit-tools daemon serves `call` from a shell', function () {
  this.timeout(120_000);
  let dir: string;
  let daemon: ChildProcess | undefined;
  let log = '';
  const socket = () => path.join(dir, 'run', 'daemon.sock');
  const env = () => ({ WIT_TOOLS_DAEMON_SOCKET: socket() });

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wit-daemon-'));
    fs.writeFileSync(path.join(dir, 'counter.wasm'), await parse(counter));
  });
  after(() => {
    daemon?.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers as a direct call does, with a fresh instance each time; stopped, the call is made directly', async () => {
    const direct = runCli(['call', 'counter.wasm', 'count()'], { cwd: dir, env: { ...env(), WIT_TOOLS_NO_DAEMON: '1' } });
    assert.deepEqual([direct.code, direct.stdout], [0, '1\n']);

    daemon = spawn(process.execPath, [cliBin, 'daemon', '--idle-timeout', '60'], { cwd: dir, env: { ...process.env, ...env() }, stdio: ['ignore', 'pipe', 'pipe'] });
    daemon.stderr!.on('data', (b: Buffer) => { log += b.toString('utf8'); });
    for (let i = 0; !log.includes('listening at'); i++) {
      if (i > 200) throw new Error(`the daemon did not start: ${log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(log.includes(socket()), log);
    assert.equal(fs.statSync(socket()).mode & 0o777, 0o600);
    assert.equal(fs.statSync(path.dirname(socket())).mode & 0o777, 0o700);

    for (let i = 1; i <= 3; i++) {
      const r = runCli(['call', 'counter.wasm', 'count()'], { cwd: dir, env: env() });
      // Every call starts from a new instance: the counter is 1 each time, never 2 or 3.
      assert.deepEqual([r.code, r.stdout, r.stderr], [0, '1\n', '']);
    }
    const json = runCli(['call', 'counter.wasm', 'count()', '--json'], { cwd: dir, env: env() });
    assert.deepEqual([json.code, json.stdout], [0, '1\n']);
    const wrong = runCli(['call', 'counter.wasm', 'count(5)'], { cwd: dir, env: env() });
    const wrongDirect = runCli(['call', 'counter.wasm', 'count(5)'], { cwd: dir, env: { ...env(), WIT_TOOLS_NO_DAEMON: '1' } });
    assert.equal(wrong.code, 2);
    assert.deepEqual([wrong.code, wrong.stdout, wrong.stderr], [wrongDirect.code, wrongDirect.stdout, wrongDirect.stderr]);
    const missing = runCli(['call', 'nowhere.wasm', 'count()'], { cwd: dir, env: env() });
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /nowhere\.wasm/);
    // (runCli blocks this process: the daemon's log is read once it yields.)
    const served = async () => { await new Promise((r) => setTimeout(r, 200)); return (log.match(/served call/g) ?? []).length; };
    assert.equal(await served(), 6, log);

    const stop = runCli(['daemon', '--stop'], { cwd: dir, env: env() });
    assert.equal(stop.code, 0, stop.stderr);
    await new Promise<void>((resolve) => (daemon!.exitCode !== null ? resolve() : daemon!.once('exit', () => resolve())));
    assert.equal(daemon.exitCode, 0);
    assert.equal(fs.existsSync(socket()), false);
    const after = runCli(['call', 'counter.wasm', 'count()'], { cwd: dir, env: env() });
    assert.deepEqual([after.code, after.stdout], [0, '1\n']);
    assert.equal(await served(), 6);
  });
});
