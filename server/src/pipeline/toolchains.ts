// The tool chains each language builds with: which tools, the versions we pin, where they are
// looked for, and — for each tool that is missing — the one command that installs it. The build,
// `wit-tools doctor`, the server and the VS Code offer to install all read this table.
//
// Where tools are looked for, in order: PATH; then the folders an installer puts them in that a
// GUI-started editor's PATH often lacks (~/.cargo/bin, ~/go/bin, /usr/local/go/bin); then the
// tools home (`$WIT_TOOLS_HOME`, else `~/.local/share/wit-tools`), where
// `scripts/install-toolchains.sh` installs what has no system package:
//   venv/bin/componentize-py      (PyPI, pinned)
//   cargo/bin/wit-bindgen          (crates.io, pinned; also wasm-tools for the tests)
//   go/wit-bindgen-go-VERSION/src/pkg   (the Go runtime of wit-bindgen's Go bindings)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** componentize-py from PyPI. */
export const COMPONENTIZE_PY_VERSION = '0.25.1';
/** wit-bindgen-cli (the C and Go generators, `wit-tools bindings`) and the `wit-bindgen` crate of Rust templates. */
export const WIT_BINDGEN_VERSION = '0.63.0';
/** The oldest Go whose `go:wasmexport` and `-buildmode=c-shared` for wasip1 wit-bindgen's Go bindings need. */
export const MIN_GO = [1, 25] as const;

/** `$WIT_TOOLS_HOME`, else `$XDG_DATA_HOME/wit-tools`, else `~/.local/share/wit-tools`. */
export function toolsHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.WIT_TOOLS_HOME) return path.resolve(env.WIT_TOOLS_HOME);
  const data = env.XDG_DATA_HOME || path.join(env.HOME || os.homedir() || os.tmpdir(), '.local', 'share');
  return path.join(data, 'wit-tools');
}

/** `~/…` for display and for commands a user copies. */
function tilde(p: string): string {
  const home = os.homedir();
  return home && (p === home || p.startsWith(home + path.sep)) ? `~${p.slice(home.length)}` : p;
}

/** The folders installers use, each from the variable that names it (HOME, CARGO_HOME, GOPATH, GOROOT). */
function extraDirs(env: NodeJS.ProcessEnv): string[] {
  const home = env.HOME ?? os.homedir();
  const tools = toolsHome(env);
  return [
    path.join(tools, 'venv', 'bin'),
    path.join(tools, 'cargo', 'bin'),
    ...(env.CARGO_HOME ? [path.join(env.CARGO_HOME, 'bin')] : []),
    ...(home ? [path.join(home, '.cargo', 'bin')] : []),
    ...(env.GOPATH ? env.GOPATH.split(path.delimiter).map((g) => path.join(g, 'bin')) : home ? [path.join(home, 'go', 'bin')] : []),
    path.join(env.GOROOT || '/usr/local/go', 'bin'),
  ];
}

/** The full path of `command`: on PATH, else in the folders installers use (or `undefined`). */
export function which(command: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (command.includes('/') || command.includes('\\')) return fs.existsSync(command) ? command : undefined;
  const exts = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of [...(env.PATH ?? '').split(path.delimiter), ...extraDirs(env)]) {
    if (!dir) continue;
    for (const ext of exts) {
      const p = path.join(dir, command + ext);
      try {
        if (fs.statSync(p).isFile()) return p;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

export type ToolName =
  | 'clang' | 'wasi-libc' | 'cargo' | 'rust-wasm32-wasip2' | 'cargo-component'
  | 'go' | 'go-wit-runtime' | 'tinygo' | 'wit-bindgen' | 'componentize-py' | 'python'
  | 'typescript' | 'jco';

export interface ToolInfo {
  /** What the tool is, for messages. */
  what: string;
  /** The one command that installs it, as a user would type it; undefined where no command can (a download). */
  install?: string;
  /** Where to read more, when a command alone cannot do it. */
  more?: string;
  /** The command runs in the project folder (npm installs), not anywhere. */
  inProject?: boolean;
}

function goDownload(): string {
  const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch as string] ?? process.arch;
  return `curl -sSfL https://go.dev/dl/go1.26.8.${process.platform}-${arch}.tar.gz | sudo tar -xz -C /usr/local`;
}

/** Every tool the pipeline may need, with the command that installs it. */
export function toolInfo(tool: ToolName, env: NodeJS.ProcessEnv = process.env): ToolInfo {
  const home = tilde(toolsHome(env));
  switch (tool) {
    case 'clang': return { what: 'clang and wasm-ld (lld) for wasm32-wasi', install: 'sudo apt-get install -y clang lld wasi-libc libclang-rt-dev-wasm32', more: 'or the WASI SDK (https://github.com/WebAssembly/wasi-sdk) with WASI_SDK_PATH set' };
    case 'wasi-libc': return { what: 'the WASI C library (wasi-libc)', install: 'sudo apt-get install -y wasi-libc libclang-rt-dev-wasm32', more: 'or the WASI SDK with WASI_SDK_PATH set' };
    case 'cargo': return { what: 'Rust (cargo and rustc)', install: "curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --target wasm32-wasip2", more: 'https://rustup.rs' };
    case 'rust-wasm32-wasip2': return { what: "Rust's wasm32-wasip2 target (its standard library)", install: 'rustup target add wasm32-wasip2', more: 'Rust 1.82 or newer; without rustup, a Rust whose sysroot has lib/rustlib/wasm32-wasip2' };
    case 'cargo-component': return { what: 'cargo-component', install: 'cargo install --locked cargo-component' };
    case 'go': return { what: `Go ${MIN_GO.join('.')} or newer`, install: goDownload(), more: 'https://go.dev/dl/ (then put /usr/local/go/bin on PATH)' };
    case 'go-wit-runtime': return {
      what: 'the Go runtime package of wit-bindgen\'s Go bindings (go.bytecodealliance.org/pkg), which the Go module proxy did not serve',
      install: `mkdir -p ${home}/go && curl -sSfL https://static.crates.io/crates/wit-bindgen-go/${WIT_BINDGEN_VERSION}/download | tar -xz -C ${home}/go`,
      more: 'it ships inside the wit-bindgen-go crate; `cargo install wit-bindgen-cli` leaves a copy in ~/.cargo/registry too',
    };
    case 'tinygo': return { what: 'TinyGo 0.34 or newer', more: 'https://tinygo.org/getting-started/install/' };
    case 'wit-bindgen': return { what: `wit-bindgen ${WIT_BINDGEN_VERSION} (the C, Go and Rust bindings generators)`, install: `cargo install --locked wit-bindgen-cli@${WIT_BINDGEN_VERSION}` };
    case 'componentize-py': return {
      what: `componentize-py ${COMPONENTIZE_PY_VERSION}`,
      install: `python3 -m venv ${home}/venv && ${home}/venv/bin/pip install componentize-py==${COMPONENTIZE_PY_VERSION}`,
      more: `or \`pip install componentize-py==${COMPONENTIZE_PY_VERSION}\` into any environment on PATH`,
    };
    case 'python': return { what: 'Python 3.10 or newer', install: 'sudo apt-get install -y python3 python3-venv', more: 'https://www.python.org/downloads/' };
    case 'typescript': return { what: 'TypeScript 5', install: 'npm install --save-dev typescript@5', inProject: true };
    case 'jco': return { what: 'jco (with componentize-js and the preview1 adapters)', install: 'npm install --save-dev @bytecodealliance/jco', inProject: true };
  }
}

/** The one-line advice for a missing tool: the command, and where to read more. */
export function installAdvice(tool: ToolName, env: NodeJS.ProcessEnv = process.env): string {
  const info = toolInfo(tool, env);
  const run = info.install ? `install it with \`${info.install}\`${info.inProject ? ' in the project' : ''}` : 'install it';
  return `${run}${info.more ? ` (${info.more})` : ''}`;
}
