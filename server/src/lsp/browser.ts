// The language server in a web worker (vscode.dev, github.dev): the same server, with the
// workspace's WIT in memory as the client sends it, the WASI WIT it falls back on carried inside
// the bundle, and no pipeline. scripts/bundle.mjs builds it into dist/browser-server.js.
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { useBundledWit } from '../workspace/bundled-wasi.js';
import { MemoryFileSystem } from '../workspace/fs.js';
import { startServer } from './server.js';
import { bundledWasiTexts } from './browser-wasi.js';

declare const self: ConstructorParameters<typeof BrowserMessageReader>[0];

const files = new MemoryFileSystem();
// The bundled WASI lives beside the workspace, under a scheme of its own (never a workspace's).
const wasiDir = '/wit-tools:bundled/wasi-wit';
for (const [relative, text] of Object.entries(bundledWasiTexts)) files.write(`${wasiDir}/${relative}`, text);
useBundledWit(wasiDir, files);

const connection = createConnection(new BrowserMessageReader(self), new BrowserMessageWriter(self));
startServer(connection, files, { files, pipeline: false });
connection.listen();
