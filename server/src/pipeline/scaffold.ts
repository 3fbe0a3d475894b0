// `new`: a component project that `buildProject` builds as it stands — a WIT world, an
// implementation stub in the language (templates/), its manifest (package.json, Cargo.toml,
// go.mod, a Makefile for C), and a README that says what the build needs.
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PipelineError } from './errors.js';
import { cTemplate } from './templates/c.js';
import { goTemplate } from './templates/go.js';
import { jsSource, tsDeclarations } from './templates/js.js';
import { pythonTemplate } from './templates/python.js';
import { rustTemplate } from './templates/rust.js';
import { toolInfo, type ToolName } from './toolchains.js';

export type TemplateLanguage = 'ts' | 'js' | 'python' | 'go' | 'rust' | 'c';
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

/** Languages whose command is a plain `main` that the preview1 adapter (C, Go) or rustc's wasm32-wasip2 target (Rust) makes `wasi:cli/run`. */
const nativeCommand = (language: TemplateLanguage) => language === 'c' || language === 'go' || language === 'rust';

function worldWit(name: string, template: WorldTemplate, language: TemplateLanguage): string {
  const header = `package local:${name}@0.1.0;\n\n`;
  switch (template) {
    case 'hello':
      return `${header}/// The component's contract: what it exports (and, were there any, what it imports).\nworld ${name} {\n  /// A greeting for \`name\`.\n  export greet: func(name: string) -> string;\n}\n`;
    case 'command':
      return nativeCommand(language)
        ? `${header}/// A command: \`main\` becomes \`wasi:cli/run\` (the tool chain provides it and the WASI imports).\nworld ${name} {\n  export wasi:cli/run@${WASI};\n}\n`
        : `${header}/// A command: \`wit-tools run\` (or \`wasmtime run\`) calls \`run\`.\nworld ${name} {\n  import wasi:cli/environment@${WASI};\n\n  export wasi:cli/run@${WASI};\n}\n`;
    case 'http':
      return `${header}/// An HTTP handler: each request is handed to \`wasi:http/incoming-handler\`.\nworld ${name} {\n  export wasi:http/incoming-handler@${HTTP_WASI};\n}\n`;
  }
}

export const templateLanguages = ['ts', 'js', 'python', 'go', 'rust', 'c'] as const;
export const languageNames: Record<TemplateLanguage, string> = { ts: 'TypeScript', js: 'JavaScript', python: 'Python', go: 'Go', rust: 'Rust', c: 'C' };

/** What each language's build needs, for the README (the build says the same when it is missing). */
const needs: Record<TemplateLanguage, (template: WorldTemplate) => ToolName[]> = {
  ts: () => [], js: () => [], python: () => ['componentize-py'],
  go: (t) => (t === 'command' ? ['go'] : ['go', 'wit-bindgen']),
  rust: () => ['rust-wasm32-wasip2'],
  c: (t) => (t === 'command' ? ['clang'] : ['clang', 'wit-bindgen']),
};

function readme(name: string, language: TemplateLanguage, template: WorldTemplate): string {
  const use = template === 'hello'
    ? `npx wit-tools call dist/${name}.wasm 'greet("world")'`
    : template === 'command'
      ? `npx wit-tools run dist/${name}.wasm -- Ada`
      : `npx wit-tools inspect dist/${name}.wasm   # serve it with \`wasmtime serve\` or \`jco serve\``;
  const tools = needs[language](template).map((t) => `- ${toolInfo(t).what}: \`${toolInfo(t).install}\``);
  const needed = tools.length ? `\nThe build needs (\`npx wit-tools doctor\` says what is here):\n\n${tools.join('\n')}\n` : '';
  const bindings = language === 'ts' || language === 'js' || (template === 'command' && nativeCommand(language)) ? '' : `\nBindings for your editor: \`npx wit-tools bindings\` (the build regenerates what it needs).\n`;
  return `# ${name}\n\nA WebAssembly component in ${languageNames[language]}. \`wit/world.wit\` is its contract; the build checks the\nimplementation against it.\n${needed}${bindings}\n\`\`\`sh\nnpx wit-tools build .\n${use}\n\`\`\`\n`;
}

const runWit = `// The one interface of WASI CLI ${WASI} that the world names (the tool chain brings the rest).\npackage wasi:cli@${WASI};\n\ninterface run {\n  /// Run the program.\n  run: func() -> result;\n}\n`;

/** Creates the project folder `parent/name`. Throws `bad-argument` or `exists`. */
export function newProject(options: NewProjectOptions): NewProjectResult {
  const { name } = options;
  const language = options.language ?? 'ts';
  const template = options.template ?? 'hello';
  if (!/^[a-z][a-z0-9]*(-[a-z][a-z0-9]*)*$/.test(name)) {
    throw new PipelineError('bad-argument', `\`${name}\` is not a valid project name: use lowercase words joined by \`-\` (it becomes the WIT package and world name)`);
  }
  if (!(templateLanguages as readonly string[]).includes(language)) throw new PipelineError('bad-argument', `unknown language \`${language}\` (expected ${templateLanguages.join(', ')})`);
  if (!['hello', 'command', 'http'].includes(template)) throw new PipelineError('bad-argument', `unknown world template \`${template}\` (expected hello, command or http)`);
  if (template === 'http' && language !== 'ts' && language !== 'js') throw new PipelineError('bad-argument', `the http template is for JavaScript and TypeScript components (componentize-js serves \`fetch\`); for ${languageNames[language]}, start from hello or command`);
  const dir = path.resolve(options.parent ?? '.', name);
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) throw new PipelineError('exists', `${dir} already exists and is not empty`);

  const files: Record<string, string> = {};
  files['wit/world.wit'] = worldWit(name, template, language);
  const t = template as 'hello' | 'command';
  switch (language) {
    case 'c': Object.assign(files, cTemplate(name, t)); break;
    case 'go': Object.assign(files, goTemplate(name, t)); break;
    case 'rust': Object.assign(files, rustTemplate(name, t)); break;
    case 'python': Object.assign(files, pythonTemplate(name, t)); break;
    case 'ts':
    case 'js': {
      const ts = language === 'ts';
      files[ts ? 'src/index.ts' : 'src/index.js'] = jsSource(name, template, ts, WASI);
      files['package.json'] = JSON.stringify({
        name, version: '0.1.0', private: true, type: 'module', main: ts ? 'src/index.ts' : 'src/index.js',
        scripts: { build: 'wit-tools build .' },
      }, null, 2) + '\n';
      if (ts) {
        files['tsconfig.json'] = JSON.stringify({
          compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022', 'DOM'], types: [], strict: true, noEmit: true, skipLibCheck: true },
          include: ['src/**/*.ts'],
        }, null, 2) + '\n';
        const decl = tsDeclarations(template, WASI);
        if (decl) files['src/wasi.d.ts'] = decl;
      }
      files['.gitignore'] = 'dist/\nnode_modules/\n';
      break;
    }
  }
  if (template === 'command' && nativeCommand(language)) {
    files['wit/deps/cli/run.wit'] = runWit;
  } else if (template !== 'hello') {
    const source = wasiWitDir();
    for (const dep of wasiDeps(template)) files[`wit/deps/${dep}/package.wit`] = template === 'http' ? httpDep(source, dep) : fs.readFileSync(path.join(source, `wasi-${dep}`, 'package.wit'), 'utf8');
  }
  files['README.md'] = readme(name, language, template);

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
