// Compiler messages that point at files, turned into diagnostics: clang/gcc/TinyGo
// (`file:line:col: error: …`), Go (`file.go:line:col: message`), rustc (`error[E0308]: …` then `--> file:line:col`), Python
// tracebacks (`File "x.py", line 3`), and StarlingMonkey's (`file.js:3:5 SyntaxError: …`).
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface BuildDiagnostic {
  severity: 'error' | 'warning' | 'information';
  /** Absolute path. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  endLine?: number;
  endColumn?: number;
  message: string;
  /** The tool's own code (`TS2322`, `E0308`), when it has one. */
  code?: string;
  /** `tsc`, `clang`, `rustc`, `componentize-js`… */
  source: string;
}

// eslint-disable-next-line no-control-regex
const ansi = /\x1b\[[0-9;]*m/g;

function fileIn(cwd: string, file: string, roots: string[]): string | undefined {
  const candidates = path.isAbsolute(file) ? [file] : [cwd, ...roots].map((r) => path.resolve(r, file));
  return candidates.find((c) => {
    try {
      return fs.statSync(c).isFile();
    } catch {
      return false;
    }
  });
}

/**
 * Every `file:line:col` message in a tool's output whose file exists (relative paths are tried
 * against `cwd`, then `roots`).
 */
export function parseCompilerOutput(output: string, cwd: string, source: string, roots: string[] = []): BuildDiagnostic[] {
  const out: BuildDiagnostic[] = [];
  const lines = output.replace(ansi, '').split(/\r?\n/);
  const push = (file: string, line: number, column: number, severity: BuildDiagnostic['severity'], message: string, code?: string) => {
    const abs = fileIn(cwd, file, roots);
    if (!abs) return;
    if (out.some((d) => d.file === abs && d.line === line && d.column === column && d.message === message)) return;
    out.push({ severity, file: abs, line, column, message, source, ...(code ? { code } : {}) });
  };
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    let m: RegExpExecArray | null;
    // clang, gcc, TinyGo, Go: `src/a.c:3:5: error: message`
    if ((m = /^(.+?):(\d+):(\d+): (fatal error|error|warning|note): (.*)$/.exec(l))) {
      if (m[4] !== 'note') push(m[1], +m[2], +m[3], m[4] === 'warning' ? 'warning' : 'error', m[5]);
      continue;
    }
    // Go: `./export_wit_world/greet.go:6:9: undefined: x` (no severity: every one is an error)
    if ((m = /^(.+?\.go):(\d+):(\d+): (.*)$/.exec(l))) {
      push(m[1].replace(/^\.\//, ''), +m[2], +m[3], 'error', m[4]);
      continue;
    }
    // rustc: `error[E0308]: mismatched types` … `  --> src/lib.rs:4:5`
    if ((m = /^(error|warning)(?:\[(E\d+)\])?: (.*)$/.exec(l))) {
      for (let j = i + 1; j < Math.min(lines.length, i + 4); j++) {
        const at = /^\s*--> (.+?):(\d+):(\d+)$/.exec(lines[j]);
        if (at) {
          push(at[1], +at[2], +at[3], m[1] === 'warning' ? 'warning' : 'error', m[3], m[2]);
          break;
        }
      }
      continue;
    }
    // Python: `  File "app.py", line 3` … `SyntaxError: invalid syntax`
    if ((m = /^\s*File "(.+?)", line (\d+)/.exec(l))) {
      const msg = lines.slice(i + 1).find((x) => /^[A-Za-z]+(Error|Exception): /.test(x));
      if (msg) push(m[1], +m[2], 1, 'error', msg.trim());
      continue;
    }
    // StarlingMonkey (componentize-js): `index.js:3:10 SyntaxError: unexpected token` or `at file.js:3:10`
    if ((m = /(?:^|\s)([^\s:()]+\.[cm]?[jt]s):(\d+):(\d+)\s+([A-Za-z]*Error: .*)$/.exec(l))) {
      push(m[1], +m[2], +m[3], 'error', m[4]);
      continue;
    }
  }
  return out;
}
