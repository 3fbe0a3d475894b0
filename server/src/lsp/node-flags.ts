// The Node flags the language server runs with: the VS Code client's execArgv, the tests' and
// benchmarks' server, and bin/wit-language-server.js sets them as it starts where a launcher did
// not (V8 then applies them to what it grows from there on). V8's young generation grows to 16 MB
// semi-spaces under the analyses' short-lived garbage and keeps them committed; 2 MB ones hold the
// server with wasi:http open, after typing, at 78 MB rather than 105 (npm run bench -- lsp, same
// session), for some 7 % more time per keystroke in a 1 MB file and none measurable on wasi:http.
export const serverNodeFlags: readonly string[] = ['--max-semi-space-size=2'];
