// `wit-language-server --stdio` (or `--node-ipc`, `--socket=N`): the language server process.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server.js';

const connection = createConnection(ProposedFeatures.all);
startServer(connection);
// A bug in a handler must not take the editor's server down with it.
process.on('uncaughtException', (e) => connection.console.error(`uncaught: ${e.stack ?? e}`));
process.on('unhandledRejection', (e) => connection.console.error(`unhandled rejection: ${(e as Error)?.stack ?? e}`));
connection.listen();
