// Typed failures of the pipeline. Every failure a user can cause or meet has a stable kebab-case
// `code` (what callers switch on) and a one-line `message` (what the CLI prints after `error: `).

export type PipelineErrorCode =
  // arguments and inputs
  | 'bad-argument'
  | 'bad-grant'
  | 'no-such-export'
  | 'ambiguous-export'
  | 'not-callable'
  | 'not-a-command'
  | 'unsupported-import'
  | 'not-a-component'
  | 'link-failed'
  | 'compose-failed'
  | 'invalid-component'
  | 'no-such-file'
  // builds
  | 'no-project'
  | 'wit-errors'
  | 'no-world'
  | 'ambiguous-world'
  | 'missing-tool'
  | 'build-failed'
  | 'exists'
  // running
  | 'trap'
  | 'error-result'
  | 'timeout'
  | 'memory-limit'
  | 'sandbox-failed'
  | 'cancelled'
  | 'transpile-failed';

export class PipelineError extends Error {
  override name = 'PipelineError';

  constructor(
    readonly code: PipelineErrorCode,
    message: string,
    /** Extra data for callers: offsets into a call text, diagnostics, the tool that is missing… */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export function isPipelineError(e: unknown): e is PipelineError {
  return e instanceof PipelineError;
}

/** Throws `cancelled` when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new PipelineError('cancelled', 'cancelled');
}
