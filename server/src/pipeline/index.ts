// The compile/run pipeline, one implementation for the CLI, the language server's
// `workspace/executeCommand` and the VS Code commands. Plain functions taking options objects;
// progress, tool output and guest output arrive through callbacks (nothing is printed here);
// failures are `PipelineError`s with a stable `code`; long operations take an `AbortSignal`.
//
//   newProject        scaffold a component project that `buildProject` builds as it stands
//   buildProject      detect the toolchain beside the WIT, build, report path/size/time/diagnostics
//   inspectComponent  a component's WIT, its imports and exports, its callable functions
//   callComponent     call one export; arguments in WAVE or JSON, checked before anything runs
//   runComponent      run a `wasi:cli/run` command, output streamed, exit code returned
//   checkCall         check a call against a signature without running anything (for editors)
//   generateBindings  a world's guest bindings from the language's own generator (or a check of them)
//   checkToolchains   which language tool chains are installed, and how to install the rest
//   planLinks         which component serves which import (`--with`), both sides' WIT compared
//   composeWac        a .wac file composed into one component (plugComponents: the one-line form)
//
// Every run and call happens in a sandbox (sandbox.ts): no files, environment, network or
// arguments unless granted, a time limit and a memory limit.

export { PipelineError, isPipelineError, type PipelineErrorCode } from './errors.js';
export { buildProject, type BuildOptions, type BuildProgress, type BuildResult, type BuildStage } from './build.js';
export type { BuildDiagnostic } from './compiler-output.js';
export { detectProject, type Language, type Project } from './project.js';
export { chooseWorld, type WorldChoice } from './world.js';
export { inspectComponent, type InspectResult, type InspectRow } from './inspect.js';
export { callComponent, checkCall, prepareCall, type CallOptions, type CallResult, type PreparedCall } from './call.js';
export { runComponent, type RunOptions, type RunComponentResult } from './run.js';
export { newProject, templateLanguages, languageNames, type NewProjectOptions, type NewProjectResult, type TemplateLanguage, type WorldTemplate } from './scaffold.js';
export { generateBindings, bindingsLanguages, bindingsLanguageNames, isBindingsLanguage, type BindingsLanguage, type BindingsOptions, type BindingsResult } from './bindings.js';
export { checkToolchains, type LanguageStatus, type ToolStatus } from './doctor.js';
export { toolInfo, toolsHome, type ToolName } from './toolchains.js';
export { disposeSandboxes, prewarmSandbox, sandboxLoad } from './sandbox.js';
export { formatSize } from './units.js';
export { parseDirGrant, parseEnvGrant, DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT_MS, type DirGrant, type Grants, type Limits } from './grants.js';
export { prepareComponent, cacheRoot, type PreparedComponent } from './cache.js';
export { exportedFunctions, findExport, type ExportedFunction } from './exports.js';
export { decodeComponent } from './binary.js';
export { printComponentWit } from './wit-print.js';
export { parseWave, parseWaveCall, printWave, waveToHost, WaveSyntaxError, ValueError } from './wave.js';
export { jsonToHost, hostToJson } from './json-values.js';
export type { ComponentSignature, ValType, FuncType } from './types.js';
export { planLinks, interfaceDifferences, namesMatch, type LinkComponent, type LinkPlan } from './link.js';
export { encodeComposition, type CompositionGraph } from './compose.js';
export { plugComponents, plugGraph, type PlugOptions } from './plug.js';
export { composeWac, loadWac, findPackageFile, type LoadedWac, type WacOptions } from './wac.js';
