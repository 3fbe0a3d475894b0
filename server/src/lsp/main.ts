// `wit-language-server --stdio` (or `--node-ipc`, `--socket=N`): the language server process.
// The disk, with the files a client hands over in front of it (a virtual workspace's, such as
// GitHub Repositories: see ServerHost.files).
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { LayeredFileSystem, MemoryFileSystem, nodeFileSystem } from '../workspace/fs.js';
import { startServer } from './server.js';

const connection = createConnection(ProposedFeatures.all);
const handed = new MemoryFileSystem();
startServer(connection, new LayeredFileSystem(handed, nodeFileSystem), { files: handed });
// A bug in a handler must not take the editor's server down with it.
process.on('uncaughtException', (e) => connection.console.error(`uncaught: ${e.stack ?? e}`));
process.on('unhandledRejection', (e) => connection.console.error(`unhandled rejection: ${(e as Error)?.stack ?? e}`));
connection.listen();
