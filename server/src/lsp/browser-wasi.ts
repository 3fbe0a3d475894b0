// The WASI WIT the browser server falls back on, by path under jco's `lib/wit/builtin`
// (`0.2.3/wasi-io/package.wit` → text). Empty here; scripts/bundle.mjs fills it in for the
// browser bundle, where no file can be read.
export const bundledWasiTexts: Record<string, string> = {};
