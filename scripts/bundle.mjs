// Bundles the VS Code extension into dist/ (what the .vsix carries; see .vscodeignore):
//   client.cjs          the extension (CommonJS, `vscode` external)
//   server.js           the language server (ESM), and beside it the workers it forks
//   wasi-wit/           the WASI WIT that stands in for missing deps/ (jco's lib/wit/builtin)
//   node_modules/       the pipeline's runtime: jco-transpile (transpile, inspect) and the
//                       preview2 shims (run, call). componentize-js is not carried: it comes from
//                       the user's project, or is installed on demand.
import { build } from 'esbuild';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
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
// jco's preview1 adapters (50 KB each): C and Go builds wrap their core modules with them.
mkdirSync(join(dist, 'adapters'), { recursive: true });
const jcoLib = join(dirname(require.resolve('@bytecodealliance/jco')), '..', 'lib');
for (const kind of ['command', 'reactor']) copyFileSync(join(jcoLib, `wasi_snapshot_preview1.${kind}.wasm`), join(dist, 'adapters', `wasi_snapshot_preview1.${kind}.wasm`));
console.log(`bundled into dist/: client.cjs, ${Object.keys(serverEntries).map((n) => `${n}.js`).join(', ')}, wasi-wit/, adapters/, node_modules/ (${[...copied].join(', ')})`);
