// The `wit-tools` command line: check, resolve, fmt, build, run, call, inspect.
import { UsageError } from './args.js';
import { checkUsage, runCheck } from './check.js';
import { runFmt } from './fmt.js';
import { runPrint } from './print.js';
import { resolveUsage, runResolve } from './resolve.js';

const usage = `wit-tools — check, resolve and format WIT; build, run and call WebAssembly components

usage: wit-tools <command> [options]

commands:
  check     check WIT files and packages, reporting every error
  resolve   print the resolved packages as wit-parser's JSON
  fmt       format WIT files, keeping every comment (--check, --write)
  print     print a resolved package as WIT, the way wasm-tools does
  help      show this help

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

/** Runs the CLI; resolves to the process exit code (0 ok, 1 errors found, 2 usage error). */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check':
        return runCheck(rest, io);
      case 'resolve':
        return runResolve(rest, io);
      case 'fmt':
        return runFmt(rest, io);
      case 'print':
        return runPrint(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(usage + '\n');
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command \`${command}\``);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`error: ${e.message}\n\n${command === 'check' ? checkUsage : command === 'resolve' ? resolveUsage : usage}\n`);
      return 2;
    }
    io.stderr(`error: internal failure: ${(e as Error).stack ?? e}\n`);
    return 3;
  }
}
