// The hostile component (test/fixtures/pipeline/hostile) against the sandbox: each attempt to
// read host files, read the host's environment, reach a server on 127.0.0.1, spin forever or
// allocate without bound is denied or stopped; the host stays up; what is granted works.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { callComponent, PipelineError, sandboxLoad, type CallOptions } from 'wit-tools/server/pipeline/index.js';
import { BUILD_TIMEOUT, fixture, scratch } from './support.js';

describe('pipeline: the sandbox contains a hostile component', function () {
  this.timeout(BUILD_TIMEOUT);
  let wasm: string;
  let server: http.Server;
  let port: number;
  let connections = 0;
  const granted = path.join(scratch, 'granted');
  const writable = path.join(scratch, 'writable');

  before(async () => {
    wasm = (await fixture('hostile')).component;
    // A secret beside the component, and one in the folder above the granted one.
    fs.writeFileSync(path.join(path.dirname(wasm), 'secret.txt'), 'secret beside the component');
    fs.mkdirSync(granted, { recursive: true });
    fs.mkdirSync(writable, { recursive: true });
    fs.writeFileSync(path.join(granted, 'allowed.txt'), 'granted text');
    fs.writeFileSync(path.join(scratch, 'secret.txt'), 'secret next to the granted folder');
    process.env.WIT_TOOLS_TEST_SECRET = 'hunter2';
    server = http.createServer((_req, res) => res.end('hello from the host'));
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => {
    server.close();
    delete process.env.WIT_TOOLS_TEST_SECRET;
  });

  const call = (text: string, more: Partial<CallOptions> = {}) => callComponent({ component: wasm, call: text, ...more });
  const stopped = async (p: Promise<unknown>, code: string, message: RegExp) => {
    await assert.rejects(p, (e: unknown) => e instanceof PipelineError && e.code === code && message.test(e.message));
  };

  describe('denied by default', () => {
    it('sees no preopened directory', async () => {
      assert.equal((await call('preopens()')).wave, '[]');
    });

    it('cannot read /etc/passwd', async () => {
      const r = await call('read-file("/etc/passwd")');
      assert.equal(r.isError, true);
      assert.equal(r.wave, 'err("no preopened directories")');
    });

    it('cannot read the file beside it', async () => {
      for (const p of [path.join(path.dirname(wasm), 'secret.txt'), 'secret.txt', '../secret.txt']) {
        const r = await call(`read-file(${JSON.stringify(p)})`);
        assert.equal(r.isError, true, p);
        assert.doesNotMatch(r.wave!, /secret beside/);
      }
    });

    it("sees none of the host's environment", async () => {
      assert.ok(process.env.WIT_TOOLS_TEST_SECRET && process.env.PATH);
      assert.equal((await call('environment()')).wave, '[]');
    });

    it('gets only its name as arguments, and no working directory', async () => {
      assert.equal((await call('args()')).wave, `["${path.basename(wasm, '.wasm')}"]`);
      assert.equal((await call('cwd()')).wave, 'none');
    });

    it('cannot reach a server on 127.0.0.1, and the host does not crash trying', async () => {
      const before = connections;
      const r = await call(`fetch-url("http://127.0.0.1:${port}/")`);
      assert.equal(r.isError, true);
      assert.doesNotMatch(r.wave!, /hello from the host/);
      assert.equal(connections, before, 'the server saw no connection');
      // Still up: the next call works.
      assert.equal((await call('preopens()')).wave, '[]');
    });

    it('is stopped when it loops forever', async () => {
      const started = Date.now();
      await stopped(call('spin()', { limits: { timeoutMs: 2000 } }), 'timeout', /^time limit of 2 s hit: the component was stopped$/);
      assert.ok(Date.now() - started < 8000);
      assert.equal((await call('args()')).isError, false);
    });

    it('floods stdout with 64 MB: the host stays up and the next call works', async () => {
      let bytes = 0;
      const r = await call('shout(64)', { onStdout: (d: Uint8Array) => { bytes += d.length; } });
      assert.equal(r.wave, '64');
      assert.ok(bytes >= 64 * 1048576, `${bytes} bytes reached the caller`);
      assert.equal((await call('environment()')).wave, '[]');
    });

    it('a call that never returns holds up no other call', async () => {
      const started = Date.now();
      const spinning = call('spin()', { limits: { timeoutMs: 6000 } });
      assert.equal((await call('environment()')).wave, '[]');
      assert.ok(Date.now() - started < 5000, 'the second call did not wait for the first');
      await stopped(spinning, 'timeout', /^time limit of 6 s hit/);
    });

    it('a burst of calls runs a bounded number of sandboxes at once, and every call is answered', async () => {
      const { max } = sandboxLoad();
      let peak = 0;
      const watch = setInterval(() => { peak = Math.max(peak, sandboxLoad().running); }, 5);
      try {
        const calls = Array.from({ length: max * 2 + 2 }, (_, i) => (i % 3 === 0 ? call('spin()', { limits: { timeoutMs: 1500 } }).then(() => 'returned', (e: Error) => e.message) : call('args()').then((r) => r.wave!)));
        const name = `["${path.basename(wasm, '.wasm')}"]`;
        const answers = await Promise.all(calls);
        assert.equal(answers.filter((a) => /^time limit/.test(a)).length, Math.ceil((max * 2 + 2) / 3));
        assert.equal(answers.filter((a) => a === name).length, max * 2 + 2 - Math.ceil((max * 2 + 2) / 3));
      } finally {
        clearInterval(watch);
      }
      assert.ok(peak <= max, `${peak} sandboxes ran at once (at most ${max})`);
      assert.deepEqual([sandboxLoad().running, sandboxLoad().waiting], [0, 0]);
    });

    it('is stopped when it allocates without bound', async () => {
      await stopped(call('hog(1000000)', { limits: { maxMemoryMB: 128 } }), 'memory-limit', /^memory limit of 128 MB hit/);
      assert.equal((await call('hog(8)')).wave, '8', 'a modest allocation still works');
    });

    it('a warm sandbox is just as closed, and survives a killed call', async () => {
      await call('preopens()', { keepWarm: true });
      await stopped(call('spin()', { keepWarm: true, limits: { timeoutMs: 1000 } }), 'timeout', /time limit of 1 s/);
      assert.equal((await call('environment()', { keepWarm: true })).wave, '[]');
      assert.equal((await call('environment()', { keepWarm: true, grants: { env: { ONLY: 'this' } } })).wave, '[("ONLY", "this")]');
      assert.equal((await call('environment()', { keepWarm: true })).wave, '[]', 'a grant does not outlive its call');
    });
  });

  describe('granted', () => {
    const dirs = () => [{ host: granted, guest: '/data', writable: false }, { host: writable, guest: '/out', writable: true }];

    it('reads a granted directory', async () => {
      const r = await call('read-file("/data/allowed.txt")', { grants: { dirs: dirs() } });
      assert.equal(r.wave, 'ok("granted text")');
      assert.equal((await call('list-dir("/data")', { grants: { dirs: dirs() } })).wave, 'ok(["allowed.txt"])');
      assert.equal((await call('preopens()', { grants: { dirs: dirs() } })).wave, '["/data", "/out"]');
    });

    it('cannot climb out of it or reach absolute host paths through it', async () => {
      for (const p of ['/data/../secret.txt', '/etc/passwd']) {
        const r = await call(`read-file(${JSON.stringify(p)})`, { grants: { dirs: dirs() } });
        assert.equal(r.isError, true, p);
        assert.match(r.wave!, /not-permitted/);
        assert.doesNotMatch(r.wave!, /secret next/);
      }
    });

    it('does not follow a symlink in a granted directory out of it (absolute, or climbing with ..); one that stays inside is followed', async () => {
      const link = (name: string, target: string) => { const p = path.join(granted, name); if (!fs.existsSync(p)) fs.symlinkSync(target, p); };
      link('escape-abs.txt', path.join(scratch, 'secret.txt'));
      link('escape-rel.txt', '../secret.txt');
      link('inside.txt', 'allowed.txt');
      for (const name of ['escape-abs.txt', 'escape-rel.txt']) {
        const r = await call(`read-following("/data/${name}")`, { grants: { dirs: dirs() } });
        assert.equal(r.isError, true, name);
        assert.match(r.wave!, /not-permitted/, name);
        assert.doesNotMatch(r.wave!, /secret next/);
      }
      assert.equal((await call('read-following("/data/inside.txt")', { grants: { dirs: dirs() } })).wave, 'ok("granted text")');
      // Without following, the link itself is not a file to read.
      assert.equal((await call('read-file("/data/escape-rel.txt")', { grants: { dirs: dirs() } })).isError, true);
    });

    it('writes only where granted :rw', async () => {
      assert.equal((await call('write-file("/data/new.txt", "x")', { grants: { dirs: dirs() } })).wave, 'err("/data: read-only")');
      assert.equal(fs.existsSync(path.join(granted, 'new.txt')), false);
      assert.equal((await call('write-file("/out/new.txt", "written")', { grants: { dirs: dirs() } })).wave, 'ok');
      assert.equal(fs.readFileSync(path.join(writable, 'new.txt'), 'utf8'), 'written');
    });

    it('sees exactly the variables it is given', async () => {
      assert.equal((await call('environment()', { grants: { env: { A: '1', B: 'two' } } })).wave, '[("A", "1"), ("B", "two")]');
    });

    it('reaches the network when allowed (the denial above is the sandbox, not a broken guest)', async () => {
      const before = connections;
      const r = await call(`fetch-url("http://127.0.0.1:${port}/")`, { grants: { allowNetwork: true } });
      assert.equal(r.wave, 'ok("hello from the host")');
      assert.ok(connections > before);
    });
  });
});
