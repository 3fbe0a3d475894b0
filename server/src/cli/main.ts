// The `wit-tools` command line: check, resolve, fmt, build, run, call, inspect.
import * as fs from 'node:fs';
import { UsageError } from './args.js';

interface Command {
  run(argv: string[], io: Io): number | Promise<number>;
  usage: string;
}

// Each command loads on demand: `wit-tools call` does not pay for the WIT parser, nor `check` for jco.
const commands: Record<string, () => Promise<Command>> = {
  check: async () => { const m = await import('./check.js'); return { run: m.runCheck, usage: m.checkUsage }; },
  lint: async () => { const m = await import('./lint.js'); return { run: m.runLint, usage: m.lintUsage }; },
  resolve: async () => { const m = await import('./resolve.js'); return { run: m.runResolve, usage: m.resolveUsage }; },
  fmt: async () => { const m = await import('./fmt.js'); return { run: (a, io) => m.runFmt(a, io), usage: m.fmtUsage }; },
  print: async () => { const m = await import('./print.js'); return { run: m.runPrint, usage: m.printUsage }; },
  doc: async () => { const m = await import('./doc.js'); return { run: m.runDoc, usage: m.docUsage }; },
  new: async () => { const m = await import('./new.js'); return { run: m.runNew, usage: m.newUsage }; },
  build: async () => { const m = await import('./build.js'); return { run: m.runBuild, usage: m.buildUsage }; },
  bindings: async () => { const m = await import('./bindings.js'); return { run: m.runBindings, usage: m.bindingsUsage }; },
  doctor: async () => { const m = await import('./doctor.js'); return { run: m.runDoctor, usage: m.doctorUsage }; },
  inspect: async () => { const m = await import('./inspect.js'); return { run: m.runInspect, usage: m.inspectUsage }; },
  run: async () => { const m = await import('./run.js'); return { run: m.runRun, usage: m.runUsage }; },
  call: async () => { const m = await import('./call.js'); return { run: m.runCall, usage: m.callUsage }; },
  daemon: async () => { const m = await import('./daemon.js'); return { run: m.runDaemon, usage: m.daemonUsage }; },
  compose: async () => { const m = await import('./compose.js'); return { run: m.runCompose, usage: m.composeUsage }; },
  breaking: async () => { const m = await import('./breaking.js'); return { run: m.runBreaking, usage: m.breakingUsage }; },
  plug: async () => { const m = await import('./compose.js'); return { run: m.runPlug, usage: m.plugUsage }; },
};

const usage = `wit-tools — check, resolve and format WIT; build, run and call WebAssembly components

usage: wit-tools <command> [options]

commands:
  check     check WIT files and packages (and WAC files), reporting every error
  lint      run named lint rules over WIT packages (WASI's conventions; wit-tools.toml)
  resolve   print the resolved packages as wit-parser's JSON
  fmt       format WIT files, keeping every comment (--check, --write)
  print     print a resolved package as WIT, the way wasm-tools does
  doc       write the documentation of a package and its deps (HTML with search, or Markdown)
  new       scaffold a component project (TypeScript, JavaScript, Python, Go, Rust or C)
  build     build the component of a project (JS/TS, Python, Go, Rust, C)
  bindings  generate a world's guest bindings for a language (--check for CI)
  doctor    show which language tool chains are installed, and how to install the rest
  inspect   print a component's WIT, imports and exports
  run       run a wasi:cli/run component in a sandbox
  call      call a component's export with WAVE or JSON arguments, in a sandbox (--with links)
  daemon    keep a warm sandbox for \`call\` from a shell (tens of milliseconds a call)
  compose   compose the components of a WAC file into one component
  breaking  list the changes since another version of a package, and what they break (--against)
  plug      compose an app with the components that serve its imports
  help      show this help (\`--version\`: the version)

Run \`wit-tools <command> --help\` for a command's options.`;

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  color: boolean;
  cwd: string;
}

const defaultIo: Io = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  color: !!process.stdout.isTTY && !process.env.NO_COLOR,
  cwd: process.cwd(),
};

/** This package's version (package.json's, three folders up from server/out/cli). */
function version(): string {
  return (JSON.parse(fs.readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/** Runs the CLI; resolves to the process exit code (0 ok, 1 errors found, 2 usage error). */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  let loaded: Command | undefined;
  try {
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      io.stdout(usage + '\n');
      return command === undefined ? 2 : 0;
    }
    if (command === '--version' || command === '-V' || command === 'version') {
      io.stdout(`wit-tools ${version()}\n`);
      return 0;
    }
    const load = Object.hasOwn(commands, command) ? commands[command] : undefined;
    if (!load) throw new UsageError(`unknown command \`${command}\``);
    loaded = await load();
    return await loaded.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`error: ${e.message}\n\n${loaded?.usage ?? usage}\n`);
      return 2;
    }
    io.stderr(`error: internal failure: ${(e as Error).stack ?? e}\n`);
    return 3;
  }
}
