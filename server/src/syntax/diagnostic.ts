// Diagnostics produced by the analysis. Offsets are UTF-16 code unit offsets into one file's text;
// the protocol edge (lsp/) and the CLI turn them into line/column.

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A syntax error within one file. */
export interface SyntaxError {
  /** Stable kebab-case code, e.g. `unexpected-token`. */
  code: string;
  /** The message, in wit-parser's words where wit-parser has one. */
  message: string;
  start: number;
  end: number;
  /** Errors that make wit-parser reject the file before parsing (control codes, bidi overrides). */
  wholeFile?: boolean;
  /**
   * Where wit-parser meets the error, when that differs from `start`: a bad character inside a
   * string literal is found when the literal's token is lexed, i.e. at the token's start.
   */
  order?: number;
}

/** A place in a file: `file` is a path (CLI) or a URI (language server), `span` UTF-16 offsets. */
export interface Location {
  file: string;
  span: { start: number; end: number };
}

/** A diagnostic of any phase, placed in a file. */
export interface Diagnostic extends Location {
  severity: Severity;
  code: string;
  message: string;
  /** Other places the message talks about ("defined here", the other location of a duplicate). */
  related?: { message: string; location: Location }[];
  tags?: ('deprecated' | 'unnecessary')[];
  /** Further lines of explanation (wit-parser's hints). */
  notes?: string[];
}
