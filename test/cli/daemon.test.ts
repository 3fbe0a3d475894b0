// `wit-tools daemon` for real: a daemon process on a socket of the test's own, and `wit-tools call`
// from a shell handing its calls to it — the answer, the exit code and the errors as a direct call
// gives them, a fresh instance every call (a counter in the component starts at 0 each time),
// and, once the daemon is stopped, the same call made directly. `wit-tools build` handed over too:
// run in the shell's folder with the shell's environment, a C component byte for byte the one a
// direct build writes (also once the daemon's warm worker has rehearsed the wrap), and errors as
// a direct build gives them.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { cliBin, runCli } from '../support/cli.js';
import { examples, hasToolchain } from '../pipeline/support.js';

const counter = `(component
  (core module $m
    (global $g (mut i32) (i32.const 0))
    (func (export "count") (result i32) global.get $g i32.const 1 i32.add global.set $g global.get $g))
  (core instance $i (instantiate $m))
  (func (export "count") (result u32) (canon lift (core func $i "count"))))`;

describe('cli: wit-tools daemon serves `call` and `build` from a shell', function () {
  this.timeout(300_000);
  let dir: string;
  let daemon: ChildProcess | undefined;
  let log = '';
  const socket = () => path.join(dir, 'run', 'daemon.sock');
  const env = () => ({ WIT_TOOLS_DAEMON_SOCKET: socket() });
  const startDaemon = async () => {
    log = '';
    daemon = spawn(process.execPath, [cliBin, 'daemon', '--idle-timeout', '60'], { cwd: dir, env: { ...process.env, ...env() }, stdio: ['ignore', 'pipe', 'pipe'] });
    daemon.stderr!.on('data', (b: Buffer) => { log += b.toString('utf8'); });
    for (let i = 0; !log.includes('listening at'); i++) {
      if (i > 200) throw new Error(`the daemon did not start: ${log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const stopDaemon = async () => {
    const stop = runCli(['daemon', '--stop'], { cwd: dir, env: env() });
    assert.equal(stop.code, 0, stop.stderr);
    await new Promise<void>((resolve) => (daemon!.exitCode !== null ? resolve() : daemon!.once('exit', () => resolve())));
    assert.equal(daemon!.exitCode, 0);
  };
  // (runCli blocks this process: the daemon's log is read once it yields.)
  const served = async (what = 'call|build') => { await new Promise((r) => setTimeout(r, 200)); return (log.match(new RegExp(`served (${what}) \\d+`, 'g')) ?? []).length; };
  const noTime = (s: string) => s.replace(/ in \d+\.\d s$/m, ' in N s');

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

    await startDaemon();
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
    assert.equal(await served(), 6, log);

    await stopDaemon();
    assert.equal(fs.existsSync(socket()), false);
    const after = runCli(['call', 'counter.wasm', 'count()'], { cwd: dir, env: env() });
    assert.deepEqual([after.code, after.stdout], [0, '1\n']);
    assert.equal(await served(), 6);
  });

  it('builds in the shell\'s folder with its environment; a C component as a direct build writes it', async function () {
    const project = path.join(dir, 'custom');
    fs.mkdirSync(path.join(project, 'wit'), { recursive: true });
    fs.writeFileSync(path.join(project, 'wit', 'w.wit'), 'package a:b;\nworld w {\n  export f: func() -> u32;\n}\n');
    // The command sees the shell's variable and folder, not the daemon's.
    const command = 'printf "%s|%s" "$FROM_THE_SHELL" "$PWD" > "$WIT_TOOLS_OUT"';
    await startDaemon();
    const built = runCli(['build', 'custom', '--command', command, '-o', 'out/w.wasm'], { cwd: dir, env: { ...env(), FROM_THE_SHELL: 'shell-value' } });
    assert.equal(built.code, 0, built.stderr);
    assert.equal(fs.readFileSync(path.join(dir, 'out', 'w.wasm'), 'utf8'), `shell-value|${project}`);
    assert.equal(await served('build'), 1, log);
    assert.equal(process.env.FROM_THE_SHELL, undefined);
    const direct = runCli(['build', 'custom', '--command', command, '-o', 'out/w.wasm'], { cwd: dir, env: { ...env(), FROM_THE_SHELL: 'shell-value', WIT_TOOLS_NO_DAEMON: '1' } });
    assert.deepEqual([built.code, noTime(built.stdout)], [direct.code, noTime(direct.stdout)]);
    // A failing command: the same exit code and message.
    const failing = ['build', 'custom', '--command', 'exit 3'];
    const bad = runCli(failing, { cwd: dir, env: env() });
    const badDirect = runCli(failing, { cwd: dir, env: { ...env(), WIT_TOOLS_NO_DAEMON: '1' } });
    assert.equal(bad.code, 1);
    assert.deepEqual([bad.code, bad.stdout, bad.stderr], [badDirect.code, badDirect.stdout, badDirect.stderr]);
    // The variables the daemon gave its build are gone again: the next build does not see them.
    const after = runCli(['build', 'custom', '--command', command, '-o', 'out/w.wasm'], { cwd: dir, env: env() });
    assert.equal(after.code, 0, after.stderr);
    assert.equal(fs.readFileSync(path.join(dir, 'out', 'w.wasm'), 'utf8'), `|${project}`);

    if (hasToolchain('c')) {
      const c = path.join(dir, 'checksum-c');
      fs.cpSync(path.join(examples, 'checksum-c'), c, { recursive: true, filter: (f) => !/[/\\](dist|bindings)$/.test(f) });
      const byDirect = runCli(['build', 'checksum-c', '-o', 'direct.wasm', '-q'], { cwd: dir, env: { ...env(), WIT_TOOLS_NO_DAEMON: '1' } });
      assert.equal(byDirect.code, 0, byDirect.stderr);
      // The second build through the daemon takes the worker that rehearsed the first one's wrap.
      for (const out of ['first.wasm', 'second.wasm']) {
        const r = runCli(['build', 'checksum-c', '-o', out, '-q'], { cwd: dir, env: env() });
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual(fs.readFileSync(path.join(dir, out)), fs.readFileSync(path.join(dir, 'direct.wasm')), out);
        await new Promise((r) => setTimeout(r, 1500));
      }
      const called = runCli(['call', 'second.wasm', 'to-hex([0, 255, 16])'], { cwd: dir, env: env() });
      assert.equal(called.code, 0, called.stderr);
      assert.match(called.stdout, /^ok\("00ff10"\)\n$/);
      // A compiler error: file:line:col, as a direct build prints it.
      fs.appendFileSync(path.join(c, 'checksum.c'), '\nint broken( {\n');
      const wrong = runCli(['build', 'checksum-c', '-q'], { cwd: dir, env: env() });
      const wrongDirect = runCli(['build', 'checksum-c', '-q'], { cwd: dir, env: { ...env(), WIT_TOOLS_NO_DAEMON: '1' } });
      assert.equal(wrong.code, 1);
      assert.match(wrong.stderr, /checksum-c\/checksum\.c:\d+:\d+: error: /);
      assert.deepEqual([wrong.code, wrong.stderr], [wrongDirect.code, wrongDirect.stderr]);
    }
    await stopDaemon();
  });
});
