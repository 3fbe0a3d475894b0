// Bundles the VS Code extension into dist/ (what the .vsix carries; see .vscodeignore):
//   client.cjs          the extension (CommonJS, `vscode` external)
//   server.js           the language server (ESM), and beside it the workers it forks
//   wasi-wit/           the WASI WIT that stands in for missing deps/ (jco's lib/wit/builtin)
//   node_modules/       the pipeline's runtime: jco-transpile (transpile, inspect) and the
//                       preview2 shims (run, call). componentize-js is not carried: it comes from
//                       the user's project, or is installed on demand.
import { build } from 'esbuild';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

// Packages loaded at run time from dist/node_modules rather than bundled (they load .wasm files
// next to their own modules).
const runtime = ['@bytecodealliance/jco-transpile', '@bytecodealliance/preview2-shim', '@bytecodealliance/preview3-shim', 'oxc-minify'];
const external = [...runtime, '@bytecodealliance/jco', '@bytecodealliance/componentize-js', 'typescript', 'binaryen'];

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: false, minify: true, legalComments: 'none', logLevel: 'warning' };

await build({ ...common, entryPoints: [join(root, 'client/src/extension.ts')], outfile: join(dist, 'client.cjs'), format: 'cjs', external: ['vscode'] });

// ESM with `require` available for the CommonJS libraries bundled inside (vscode-languageserver).
const banner = { js: "import { createRequire as __witRequire } from 'node:module'; const require = __witRequire(import.meta.url);" };
const serverEntries = {
  server: 'server/src/lsp/main.ts',
  'decode-worker': 'server/src/workspace/decode-worker.ts',
};
for (const [name, file] of [['transpile-worker', 'server/src/pipeline/transpile-worker.ts'], ['build-worker', 'server/src/pipeline/build-worker.ts'], ['sandbox-host', 'server/src/pipeline/sandbox-host.ts']]) {
  if (existsSync(join(root, file))) serverEntries[name] = file;
}
// syntax/chevrotain.ts finds chevrotain's single-file build at run time (its package entry loads
// lodash-es as hundreds of modules); in the bundle esbuild inlines chevrotain, so a re-export does.
const chevrotainInline = {
  name: 'chevrotain-inline',
  setup(b) {
    b.onLoad({ filter: /[\\/]syntax[\\/]chevrotain\.ts$/ }, () => ({ contents: "export { CstParser, EOF, Lexer, createToken } from 'chevrotain';", loader: 'ts' }));
  },
};
await build({ ...common, plugins: [chevrotainInline], entryPoints: Object.fromEntries(Object.entries(serverEntries).map(([k, v]) => [k, join(root, v)])), outdir: dist, format: 'esm', splitting: false, external, banner });

// The browser (vscode.dev, github.dev): the language server for a web worker, one file with the
// WASI WIT inside, and the extension's browser entry. Node's modules do not exist there:
// `path` is path-browserify (Node's POSIX path, which the server's paths are there), `url` a
// POSIX file-URL pair, and every other built-in a stand-in whose functions fail as a missing file
// does; the pipeline, loaded on demand on Node, is a module that says it is not available.
const nodeBuiltins = new Set(require('node:module').builtinModules);
const browserShims = {
  name: 'browser-shims',
  setup(b) {
    b.onResolve({ filter: /^(node:)?path$/ }, () => ({ path: require.resolve('path-browserify') }));
    b.onResolve({ filter: /^(node:)?url$/ }, () => ({ path: 'url', namespace: 'shim' }));
    b.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, (a) => (nodeBuiltins.has(a.path.replace(/^node:/, '')) ? { path: a.path.replace(/^node:/, ''), namespace: 'shim' } : undefined));
    b.onResolve({ filter: /[\\/]pipeline[\\/]/ }, (a) => (a.kind === 'dynamic-import' ? { path: a.path, namespace: 'no-pipeline' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'no-pipeline' }, () => ({ contents: "throw Object.assign(new Error('the pipeline (build, run, call, compose) is not available in the browser: it needs VS Code on the desktop or the wit-tools CLI'), { code: 'unavailable-in-browser' });", loader: 'js' }));
    b.onLoad({ filter: /^url$/, namespace: 'shim' }, () => ({ loader: 'js', contents: [
      "export function fileURLToPath(u) { const url = new URL(String(u)); if (url.protocol !== 'file:') throw new TypeError('The URL must be of scheme file'); return url.pathname.split('/').map(decodeURIComponent).join('/'); }",
      "export function pathToFileURL(p) { return new URL('file://' + String(p).split('/').map(encodeURIComponent).join('/')); }",
      'export const URL = globalThis.URL;',
    ].join('\n') }));
    b.onLoad({ filter: /.*/, namespace: 'shim' }, (a) => {
      // The module's own export names (as this Node has them), each a function that fails.
      const names = Object.keys(require(`node:${a.path}`)).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k) && k !== 'default');
      const known = { existsSync: '() => false', platform: "() => 'browser'", cwd: "() => '/'", homedir: "() => '/'", tmpdir: "() => '/tmp'", EOL: "'\\n'", sep: "'/'", constants: '{}' };
      return { loader: 'js', contents: [
        `const missing = (what) => Object.assign(new Error(${JSON.stringify(a.path)} + '.' + what + ' is not available in the browser'), { code: 'ENOENT' });`,
        ...names.map((k) => `export const ${k} = ${known[k] ?? `(..._) => { throw missing(${JSON.stringify(k)}); }`};`),
        `export default { ${names.join(', ')} };`,
      ].join('\n') };
    });
  },
};
const wasiTexts = {};
const builtinWit = join(packageDir('@bytecodealliance/jco', root), 'lib', 'wit', 'builtin');
const collect = (dir, rel) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) collect(join(dir, e.name), rel ? `${rel}/${e.name}` : e.name);
    else if (e.name.endsWith('.wit')) wasiTexts[rel ? `${rel}/${e.name}` : e.name] = readFileSync(join(dir, e.name), 'utf8');
  }
};
collect(builtinWit, '');
const browserWasi = {
  name: 'browser-wasi',
  setup(b) {
    b.onLoad({ filter: /[\\/]lsp[\\/]browser-wasi\.ts$/ }, () => ({ contents: `export const bundledWasiTexts = ${JSON.stringify(wasiTexts)};`, loader: 'js' }));
  },
};
const browserCommon = { bundle: true, platform: 'browser', target: 'es2022', sourcemap: false, minify: true, legalComments: 'none', logLevel: 'warning' };
await build({
  ...browserCommon, plugins: [chevrotainInline, browserWasi, browserShims], entryPoints: [join(root, 'server/src/lsp/browser.ts')], outfile: join(dist, 'browser-server.js'), format: 'iife',
  alias: { 'vscode-languageserver/node': 'vscode-languageserver/browser' },
  // A web worker has no `process`; path-browserify asks it for the current folder (of a relative path).
  banner: { js: "var process = globalThis.process || { cwd: () => '/', env: {}, platform: 'browser', versions: {} };" },
  define: { 'import.meta.url': JSON.stringify('file:///wit-tools-browser/browser-server.js') },
});
await build({ ...browserCommon, plugins: [browserShims], entryPoints: [join(root, 'client/src/browser.ts')], outfile: join(dist, 'client-browser.cjs'), format: 'cjs', external: ['vscode'], alias: { 'vscode-languageclient/node': 'vscode-languageclient/browser' } });

// WASI WIT for packages missing from deps/.
cpSync(join(packageDir('@bytecodealliance/jco', root), 'lib', 'wit', 'builtin'), join(dist, 'wasi-wit'), { recursive: true });

/** Where `name` is installed as Node would find it from the package in `from`. */
function packageDir(name, from) {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

// The runtime packages and what they need, without source maps and type declarations.
const copied = new Set();
function copyPackage(name, from) {
  if (copied.has(name)) return;
  const dir = packageDir(name, from);
  if (!dir) return; // optional, not installed (e.g. another platform's native binding)
  copied.add(name);
  const pkgJson = join(dir, 'package.json');
  cpSync(dir, join(dist, 'node_modules', name), { recursive: true, filter: (src) => !/\.(map|d\.ts|md)$/.test(src) && !src.endsWith('/src') });
  const meta = JSON.parse(readFileSync(pkgJson, 'utf8'));
  for (const dep of [...Object.keys(meta.dependencies ?? {}), ...Object.keys(meta.optionalDependencies ?? {})]) {
    if (dep === 'binaryen') continue; // only for `--optimize`, 90 MB
    copyPackage(dep, dir);
  }
}
for (const name of runtime) copyPackage(name, root);

// Nothing native, so that one .vsix serves every platform VS Code runs on. Two packages the
// runtime names have native bindings, one per platform, and neither is needed here:
// - oxc-minify: jco-transpile imports it at load time but calls it only for `--minify`, which the
//   pipeline never asks for. A stand-in whose `minify` says so.
// - @bytecodealliance/jco-node-fs: the shims load it lazily for `fadvise` (advice, which a no-op
//   honours — POSIX calls it advisory) and `rename` (node's own does the same). A stand-in in JS.
for (const name of ['oxc-minify', '@oxc-minify', '@bytecodealliance/jco-node-fs', ...readdirSync(join(dist, 'node_modules', '@bytecodealliance')).filter((n) => n.startsWith('jco-node-fs-')).map((n) => `@bytecodealliance/${n}`)]) {
  rmSync(join(dist, 'node_modules', name), { recursive: true, force: true });
}
const standIn = (name, files) => {
  const dir = join(dist, 'node_modules', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '0.0.0-wit-tools', description: 'wit-tools: a pure-JS stand-in (see scripts/bundle.mjs)', main: 'index.js' }, null, 2) + '\n');
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
};
standIn('oxc-minify', {
  'index.js': "'use strict';\nexports.minify = async function minify() {\n  throw new Error('minifying is not available in the wit-tools extension (it ships no native code)');\n};\n",
});
standIn('@bytecodealliance/jco-node-fs', {
  'index.js': [
    "'use strict';",
    "const fs = require('node:fs');",
    "const ADVICE = new Set(['normal', 'sequential', 'random', 'will-need', 'dont-need', 'no-reuse']);",
    'exports.fadvise = function fadvise(fd, offset, length, advice) {',
    "  if (!Number.isInteger(fd) || fd < 0) throw new TypeError('fd must be a non-negative integer');",
    "  if (typeof offset !== 'bigint' || typeof length !== 'bigint' || offset < 0n || length < 0n) throw new TypeError('offset and length must be unsigned 64-bit bigints');",
    "  if (!ADVICE.has(advice)) throw new TypeError(`unknown file advice: ${advice}`);",
    '  // Advice only: doing nothing is a correct answer.',
    '};',
    'exports.rename = function rename(oldPath, newPath) {',
    "  for (const v of [oldPath, newPath]) if (typeof v !== 'string' || v.includes('\\0')) throw new TypeError('paths must be strings without null bytes');",
    '  fs.renameSync(oldPath, newPath);',
    '};',
    '',
  ].join('\n'),
});
// jco's preview1 adapters (50 KB each): C and Go builds wrap their core modules with them.
mkdirSync(join(dist, 'adapters'), { recursive: true });
const jcoLib = join(dirname(require.resolve('@bytecodealliance/jco')), '..', 'lib');
for (const kind of ['command', 'reactor']) copyFileSync(join(jcoLib, `wasi_snapshot_preview1.${kind}.wasm`), join(dist, 'adapters', `wasi_snapshot_preview1.${kind}.wasm`));
console.log(`bundled into dist/: client.cjs, client-browser.cjs, browser-server.js (the web worker), ${Object.keys(serverEntries).map((n) => `${n}.js`).join(', ')}, wasi-wit/, adapters/, node_modules/ (${[...copied].filter((n) => !/oxc-minify|jco-node-fs/.test(n)).join(', ')}; pure-JS stand-ins for oxc-minify and jco-node-fs: no native code)`);
