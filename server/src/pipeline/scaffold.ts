// `new`: a component project that `buildProject` builds as it stands — a WIT world, an
// implementation stub, a package.json (TypeScript, JavaScript) or a Makefile (C), and a README.
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PipelineError } from './errors.js';

export type TemplateLanguage = 'ts' | 'js' | 'c';
export type WorldTemplate = 'hello' | 'command' | 'http';

export interface NewProjectOptions {
  /** The project's name: kebab-case; also the folder, the package (`local:NAME`) and the world. */
  name: string;
  /** Where to create the folder (default: the current directory). */
  parent?: string;
  language?: TemplateLanguage;
  template?: WorldTemplate;
}

export interface NewProjectResult {
  dir: string;
  /** Created files, relative to `dir`. */
  files: string[];
  /** What to type next. */
  next: string[];
}

const WASI = '0.2.12';
/**
 * componentize-js 0.22's engine implements `wasi:http@0.2.10`, and a world must export the
 * version the engine has; jco ships 0.2.12 text only, so the http template gets that text with
 * its versions set to 0.2.10 (the two differ in documentation, not in shape).
 */
const HTTP_WASI = '0.2.10';

/**
 * jco's copy of the WASI WIT packages (`lib/wit/builtin/0.2.12/wasi-*`): `wasi-wit/` beside this
 * module in the packaged extension, else in jco.
 */
function wasiWitDir(): string {
  const bundled = fileURLToPath(new URL(`./wasi-wit/${WASI}`, import.meta.url));
  if (fs.existsSync(bundled)) return bundled;
  try {
    const api = createRequire(import.meta.url).resolve('@bytecodealliance/jco');
    return path.join(path.dirname(api), '..', 'lib', 'wit', 'builtin', WASI);
  } catch {
    throw new PipelineError('missing-tool', 'the command and http templates copy WASI WIT from @bytecodealliance/jco, which is not installed', { tool: 'jco' });
  }
}

/**
 * A WASI package at the version componentize-js's engine has for HTTP: jco's own 0.2.10 text
 * where it ships one (clocks, io, sockets, whose `network` resource carries the `noop` method
 * that works around a componentize-js bindings bug); otherwise the 0.2.12 text renumbered, with
 * `wasi:cli`'s worlds left out (they include worlds that jco's 0.2.10 packages do not define).
 */
function httpDep(source: string, dep: string): string {
  const real = path.join(source, '..', HTTP_WASI, `wasi-${dep}`, 'package.wit');
  if (fs.existsSync(real)) return fs.readFileSync(real, 'utf8');
  let text = fs.readFileSync(path.join(source, `wasi-${dep}`, 'package.wit'), 'utf8').replaceAll(`@${WASI}`, `@${HTTP_WASI}`);
  if (dep === 'cli') text = text.replace(/^world (command|imports) \{[\s\S]*?^\}\n/gm, '');
  return text;
}

/** `wasi:cli` needs the packages its `imports` world includes; `wasi:http` needs those too. */
function wasiDeps(template: WorldTemplate): string[] {
  const base = ['cli', 'clocks', 'filesystem', 'io', 'random', 'sockets'];
  return template === 'http' ? [...base, 'http'] : base;
}

function worldWit(name: string, template: WorldTemplate, language: TemplateLanguage): string {
  const header = `package local:${name}@0.1.0;\n\n`;
  switch (template) {
    case 'hello':
      return `${header}/// The component's contract: what it exports (and, were there any, what it imports).\nworld ${name} {\n  /// A greeting for \`name\`.\n  export greet: func(name: string) -> string;\n}\n`;
    case 'command':
      return language === 'c'
        ? `${header}/// A command: \`main\` becomes \`wasi:cli/run\` (the preview1 adapter provides it and the imports).\nworld ${name} {\n  export wasi:cli/run@${WASI};\n}\n`
        : `${header}/// A command: \`wit-tools run\` (or \`wasmtime run\`) calls \`run\`.\nworld ${name} {\n  import wasi:cli/environment@${WASI};\n\n  export wasi:cli/run@${WASI};\n}\n`;
    case 'http':
      return `${header}/// An HTTP handler: each request is handed to \`wasi:http/incoming-handler\`.\nworld ${name} {\n  export wasi:http/incoming-handler@${HTTP_WASI};\n}\n`;
  }
}

function jsSource(name: string, template: WorldTemplate, ts: boolean): string {
  switch (template) {
    case 'hello':
      return `// The \`${name}\` world (wit/world.wit): each export of the world is an export of this module.\n\nexport function greet(name${ts ? ': string' : ''})${ts ? ': string' : ''} {\n  return \`Hello, \${name}!\`;\n}\n`;
    case 'command':
      return `// The \`${name}\` world (wit/world.wit): \`run\` is the program; console output goes to stdout.\nimport { getArguments } from 'wasi:cli/environment@${WASI}';\n\nexport const run = {\n  run()${ts ? ': void' : ''} {\n    const names = getArguments().slice(1);\n    console.log(\`Hello, \${names.length ? names.join(' and ') : 'world'}!\`);\n  },\n};\n`;
    case 'http':
      return `// The \`${name}\` world (wit/world.wit): componentize-js turns \`fetch\` events into\n// \`wasi:http/incoming-handler\` calls.\naddEventListener('fetch', (event${ts ? ': any' : ''}) =>\n  event.respondWith(new Response(\`Hello from ${name}: \${new URL(event.request.url).pathname}\\n\`)),\n);\n`;
  }
}

/** Declarations for the editor; the build type-checks against jco's generated types as well. */
function tsDeclarations(template: WorldTemplate): string | undefined {
  if (template === 'command') return `// For the editor: the WASI interface this component imports (the build generates the full types).\ndeclare module 'wasi:cli/environment@${WASI}' {\n  export function getArguments(): string[];\n}\n`;
  return undefined;
}

function cSource(name: string, template: WorldTemplate): string {
  if (template === 'command') {
    return `// The \`${name}\` command: clang builds it for wasm32-wasi; the preview1 command adapter makes \`main\`\n// the component's \`wasi:cli/run\`.\n#include <stdio.h>\n\nint main(int argc, char **argv) {\n  if (argc < 2) {\n    printf("Hello, world!\\n");\n    return 0;\n  }\n  for (int i = 1; i < argc; i++) printf("Hello, %s!\\n", argv[i]);\n  return 0;\n}\n`;
  }
  return `// The \`${name}\` world (wit/world.wit) in C, written against the canonical ABI by hand: a string\n// arrives as (pointer, length) in memory the host allocated with \`cabi_realloc\`; a string result\n// is returned through a pointer to (pointer, length), and \`cabi_post_greet\` frees it afterwards.\n#include <stdint.h>\n#include <stdlib.h>\n#include <string.h>\n\n__attribute__((export_name("cabi_realloc")))\nvoid *cabi_realloc(void *ptr, size_t old_size, size_t align, size_t new_size) {\n  (void)old_size;\n  if (new_size == 0) return (void *)align;\n  void *p = realloc(ptr, new_size);\n  if (p == NULL) abort();\n  return p;\n}\n\nstatic uint32_t result_area[2];\n\n__attribute__((export_name("greet")))\nuint32_t *greet(char *name, size_t len) {\n  static const char hello[] = "Hello, ";\n  size_t n = sizeof hello - 1;\n  char *out = malloc(n + len + 1);\n  memcpy(out, hello, n);\n  memcpy(out + n, name, len);\n  out[n + len] = '!';\n  free(name);\n  result_area[0] = (uint32_t)(uintptr_t)out;\n  result_area[1] = (uint32_t)(n + len + 1);\n  return result_area;\n}\n\n__attribute__((export_name("cabi_post_greet")))\nvoid greet_post_return(uint32_t *area) {\n  free((void *)(uintptr_t)area[0]);\n}\n`;
}

function readme(name: string, language: TemplateLanguage, template: WorldTemplate): string {
  const lang = { ts: 'TypeScript', js: 'JavaScript', c: 'C' }[language];
  const use = template === 'hello'
    ? `npx wit-tools call dist/${name}.wasm 'greet("world")'`
    : template === 'command'
      ? `npx wit-tools run dist/${name}.wasm -- Ada`
      : `npx wit-tools inspect dist/${name}.wasm   # serve it with \`wasmtime serve\` or \`jco serve\``;
  const needs = language === 'c' ? '\nNeeds clang, lld and wasi-libc (`sudo apt-get install clang lld wasi-libc libclang-rt-dev-wasm32`).\n' : '';
  return `# ${name}\n\nA WebAssembly component in ${lang}. \`wit/world.wit\` is its contract; the build checks the\nimplementation against it.\n${needs}\n\`\`\`sh\nnpx wit-tools build .\n${use}\n\`\`\`\n`;
}

/** Creates the project folder `parent/name`. Throws `bad-argument` or `exists`. */
export function newProject(options: NewProjectOptions): NewProjectResult {
  const { name } = options;
  const language = options.language ?? 'ts';
  const template = options.template ?? 'hello';
  if (!/^[a-z][a-z0-9]*(-[a-z][a-z0-9]*)*$/.test(name)) {
    throw new PipelineError('bad-argument', `\`${name}\` is not a valid project name: use lowercase words joined by \`-\` (it becomes the WIT package and world name)`);
  }
  if (!['ts', 'js', 'c'].includes(language)) throw new PipelineError('bad-argument', `unknown language \`${language}\` (expected ts, js or c)`);
  if (!['hello', 'command', 'http'].includes(template)) throw new PipelineError('bad-argument', `unknown world template \`${template}\` (expected hello, command or http)`);
  if (language === 'c' && template === 'http') throw new PipelineError('bad-argument', 'the http template needs a JavaScript or TypeScript component (C has no HTTP bindings here)');
  const dir = path.resolve(options.parent ?? '.', name);
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) throw new PipelineError('exists', `${dir} already exists and is not empty`);

  const files: Record<string, string> = {};
  files['wit/world.wit'] = worldWit(name, template, language);
  if (language === 'c') {
    if (template === 'command') files['wit/deps/cli/run.wit'] = `// The one interface of WASI CLI ${WASI} that the world names (the adapter brings the rest).\npackage wasi:cli@${WASI};\n\ninterface run {\n  /// Run the program.\n  run: func() -> result;\n}\n`;
    files['main.c'] = cSource(name, template);
    files.Makefile = `# \`make\` builds dist/${name}.wasm with wit-tools (clang, then jco's preview1 adapter).\nWIT_TOOLS ?= npx wit-tools\n\ndist/${name}.wasm: main.c wit/world.wit\n\t$(WIT_TOOLS) build .\n\nclean:\n\trm -rf dist\n\n.PHONY: clean\n`;
  } else {
    const ts = language === 'ts';
    files[ts ? 'src/index.ts' : 'src/index.js'] = jsSource(name, template, ts);
    files['package.json'] = JSON.stringify({
      name, version: '0.1.0', private: true, type: 'module', main: ts ? 'src/index.ts' : 'src/index.js',
      scripts: { build: 'wit-tools build .' },
    }, null, 2) + '\n';
    if (ts) {
      files['tsconfig.json'] = JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022', 'DOM'], types: [], strict: true, noEmit: true, skipLibCheck: true },
        include: ['src/**/*.ts'],
      }, null, 2) + '\n';
      const decl = tsDeclarations(template);
      if (decl) files['src/wasi.d.ts'] = decl;
    }
    if (template !== 'hello') {
      const source = wasiWitDir();
      for (const dep of wasiDeps(template)) files[`wit/deps/${dep}/package.wit`] = template === 'http' ? httpDep(source, dep) : fs.readFileSync(path.join(source, `wasi-${dep}`, 'package.wit'), 'utf8');
    }
  }
  files['README.md'] = readme(name, language, template);
  files['.gitignore'] = 'dist/\nnode_modules/\n';

  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  const next = [`cd ${path.relative(process.cwd(), dir) || '.'}`, 'npx wit-tools build .'];
  if (template === 'hello') next.push(`npx wit-tools call dist/${name}.wasm 'greet("world")'`);
  else if (template === 'command') next.push(`npx wit-tools run dist/${name}.wasm -- Ada`);
  return { dir, files: Object.keys(files), next };
}
