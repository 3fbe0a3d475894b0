// The server's idle task (ServerHost.idle: the Node server's garbage collection): run once the
// server has been quiet for IDLE_MS after work, once per quiet stretch, never while work goes on.
// The server runs in this process on a pair of streams, with the files in memory.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { createConnection } from 'vscode-languageserver/node';
import { IDLE_MS, startServer } from 'wit-tools/server/lsp/server.js';
import { MemoryFileSystem } from 'wit-tools/server/workspace/fs.js';
import { pathToUri } from 'wit-tools/server/workspace/uri.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('lsp: the idle task runs once the server is quiet', function () {
  this.timeout(30_000);

  it('after an analysis and after requests, once each time, and not while typing goes on', async () => {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const serverConnection = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
    const file = '/idle/pkg/a.wit';
    const text = 'package a:b;\ninterface i {\n  f: func() -> u32;\n}\n';
    const idles: number[] = [];
    startServer(serverConnection, new MemoryFileSystem({ [file]: text }), { idle: () => idles.push(performance.now()) });
    serverConnection.listen();
    const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    const published: number[] = [];
    client.onNotification('textDocument/publishDiagnostics', (p: { version?: number }) => { published.push(p.version ?? -1); });
    client.onRequest('workspace/configuration', (p: unknown) => (p as { items: unknown[] }).items.map(() => ({})));
    client.onRequest('client/registerCapability', () => null);
    client.listen();
    try {
      await client.sendRequest('initialize', { processId: null, rootUri: pathToUri('/idle'), workspaceFolders: [{ uri: pathToUri('/idle'), name: 'idle' }], capabilities: {} });
      client.sendNotification('initialized', {});
      const uri = pathToUri(file);
      client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'wit', version: 1, text } });
      for (let i = 0; !published.includes(1); i++) {
        if (i > 200) throw new Error('no diagnostics for the opened file');
        await sleep(20);
      }
      assert.equal(idles.length, 0, 'the idle task ran before the server was quiet');

      // Typing faster than IDLE_MS: no idle task in between.
      const typingStarted = performance.now();
      let version = 1;
      let current = text;
      let lastWork = 0;
      while (performance.now() - typingStarted < IDLE_MS * 2) {
        current += ' ';
        lastWork = performance.now();
        client.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ text: current }] });
        await sleep(IDLE_MS / 6);
      }
      assert.equal(idles.length, 0, 'the idle task ran while typing went on');
      await sleep(IDLE_MS * 2);
      assert.equal(idles.length, 1);
      assert.ok(idles[0] - lastWork >= IDLE_MS * 0.9, `ran ${idles[0] - lastWork} ms after the last work`);

      // A request is work too; quiet again, the task runs once more, and then no more.
      const hover = await client.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 3 } });
      assert.ok(hover, 'no hover on `f`');
      await sleep(IDLE_MS * 2.5);
      assert.equal(idles.length, 2);
    } finally {
      client.dispose();
      serverConnection.dispose();
    }
  });
});
