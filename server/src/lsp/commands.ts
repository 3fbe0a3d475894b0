// `workspace/executeCommand`: the pipeline's build, run, call and inspect, for any LSP client.
// Long work reports `$/progress`; tool and guest output streams as `wit/output` notifications
// (`{ text }`); a failure answers `{ error, code, details? }` rather than a protocol error, so that clients
// can show it as it is. Code lenses name these commands with their arguments:
//   wit.new       [name, language?, template?, parentDir?] → { dir, files }
//   wit.build     [dirOrFile, world?]          → BuildResult
//   wit.run       [componentOrDir, world?, { with? }] → { exitCode, durationMs }
//   wit.call      [component, call, { with? }] → CallResult          (call in WAVE: `greet("x")`)
//                 `with`: components whose exports serve the component's imports (link.ts)
//   wit.compose   [file.wac, out?]            → { component, bytes }: the WAC file composed into one component
//   wit.linkGraph [component, { with }]        → { graph }: the checked link set as a composition graph (wac/graph.ts); nothing runs
//   wit.providers [component]                  → { imports: [{ name, providers: [file] }] }: the
//                 workspace's components that export what the component imports and WASI does not serve
//                 [dir, world, function]       → builds first; a function without parameters only
//   wit.inspect   [component]                  → InspectResult
//   wit.checkCall [component, call]            → { ok, function?, signature?, error? }  (nothing runs)
//   wit.bindings  [dirOrFile, language?, world?, out?, check?] → BindingsResult (language: the project's)
//   wit.doctor    []                           → LanguageStatus[]   (which tool chains are installed)
import * as nodePath from 'node:path';
import type { CancellationToken, Connection, ExecuteCommandParams } from 'vscode-languageserver/node';
import type { Workspace } from '../workspace/workspace.js';

export const pipelineCommands = ['wit.new', 'wit.build', 'wit.run', 'wit.call', 'wit.inspect', 'wit.checkCall', 'wit.bindings', 'wit.doctor', 'wit.providers', 'wit.compose', 'wit.linkGraph'];

/** The `with` components of a run or call: `{ with: [file…] }` anywhere in the arguments. */
function withOf(args: unknown[]): string[] | undefined {
  for (const a of args) {
    const w = a && typeof a === 'object' && !Array.isArray(a) ? (a as { with?: unknown }).with : undefined;
    if (Array.isArray(w)) return w.filter((x): x is string => typeof x === 'string');
  }
  return undefined;
}

/** What the pipeline reads from the `wit.build.*` and `wit.run.*` settings. */
export interface PipelineSettings {
  build: { command?: string; typecheck: boolean };
  run: { allowDirs: string[]; env: Record<string, string>; allowNetwork: boolean; timeoutSeconds: number; maxMemoryMB: number };
}

const defaults: PipelineSettings = {
  build: { typecheck: true },
  run: { allowDirs: [], env: {}, allowNetwork: false, timeoutSeconds: 10, maxMemoryMB: 512 },
};

/**
 * Reads the settings object a client sends (`wit.build`, `wit.run`), keeping only what is
 * well-formed. Unless the client says the settings are `trusted` (its user vouches for them, as
 * VS Code does for a trusted workspace), nothing in them runs a command or widens a grant: no
 * build command, no folders, environment or network, and limits no looser than the defaults —
 * settings can come from the repository being edited (`.vscode/settings.json`, a project's
 * `.nvim.lua`).
 */
export function pipelineSettings(s: unknown, trusted = false): PipelineSettings {
  const read = readPipelineSettings(s);
  if (trusted) return read;
  return {
    build: { typecheck: read.build.typecheck },
    run: {
      ...defaults.run,
      timeoutSeconds: Math.min(read.run.timeoutSeconds, defaults.run.timeoutSeconds),
      maxMemoryMB: Math.min(read.run.maxMemoryMB, defaults.run.maxMemoryMB),
    },
  };
}

/** What of the settings would run something or widen a grant if trusted: for messages. */
export function untrustedSettings(s: unknown): string[] {
  const read = readPipelineSettings(s);
  const out: string[] = [];
  if (read.build.command) out.push('wit.build.command');
  if (read.run.allowDirs.length) out.push('wit.run.allowDirs');
  if (Object.keys(read.run.env).length) out.push('wit.run.env');
  if (read.run.allowNetwork) out.push('wit.run.allowNetwork');
  if (read.run.timeoutSeconds > defaults.run.timeoutSeconds) out.push('wit.run.timeoutSeconds');
  if (read.run.maxMemoryMB > defaults.run.maxMemoryMB) out.push('wit.run.maxMemoryMB');
  return out;
}

function readPipelineSettings(s: unknown): PipelineSettings {
  const o = (typeof s === 'object' && s !== null ? s : {}) as { build?: Record<string, unknown>; run?: Record<string, unknown> };
  const b = o.build ?? {};
  const r = o.run ?? {};
  const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : d);
  return {
    build: { command: typeof b.command === 'string' && b.command.trim() ? b.command : undefined, typecheck: b.typecheck !== false },
    run: {
      allowDirs: Array.isArray(r.allowDirs) ? r.allowDirs.filter((x): x is string => typeof x === 'string') : [],
      env: typeof r.env === 'object' && r.env !== null ? Object.fromEntries(Object.entries(r.env).filter(([, v]) => typeof v === 'string')) as Record<string, string> : {},
      allowNetwork: r.allowNetwork === true,
      timeoutSeconds: num(r.timeoutSeconds, defaults.run.timeoutSeconds),
      maxMemoryMB: num(r.maxMemoryMB, defaults.run.maxMemoryMB),
    },
  };
}

interface Failure {
  error: string;
  code: string;
  details?: Record<string, unknown>;
}

type Pipeline = typeof import('../pipeline/index.js');

export function registerCommands(connection: Connection, workspace: Workspace, log: (m: string) => void): { setSettings(s: unknown, trusted: boolean): void } {
  let settings = defaults;
  let ignored: string[] = [];
  // The pipeline (and jco behind it) loads on first use: editing WIT never pays for it.
  let pipeline: Promise<Pipeline> | undefined;
  const load = () => (pipeline ??= import('../pipeline/index.js'));
  const output = (text: string) => void connection.sendNotification('wit/output', { text });
  const decoder = () => {
    const d = new TextDecoder();
    return (chunk: Uint8Array) => output(d.decode(chunk, { stream: true }));
  };

  /** The innermost workspace folder that holds `dir`. */
  function folderOf(dir: string): string | undefined {
    return workspace.folders.filter((f) => dir === f || dir.startsWith(f + nodePath.sep)).sort((a, b) => b.length - a.length)[0];
  }

  /** The project folder for a WIT file or folder: the nearest one up that a toolchain claims. */
  async function projectDir(p: Pipeline, target: string): Promise<string> {
    let dir = /\.(wit|wasm)$/.test(target) ? nodePath.dirname(target) : target;
    const stop = folderOf(dir) ?? nodePath.parse(dir).root;
    let first: unknown;
    for (;;) {
      try {
        p.detectProject(dir);
        return dir;
      } catch (e) {
        first ??= e;
        // A `wit/` folder's project is its parent.
        const up = nodePath.dirname(dir);
        if (up === dir || !up.startsWith(stop) || dir === stop) break;
        dir = up;
      }
    }
    // Asked with a build command: the folder itself.
    if (settings.build.command) return /\.(wit|wasm)$/.test(target) ? nodePath.dirname(target) : target;
    throw first;
  }

  /** `wit.run.allowDirs` are relative to the workspace folder that holds the component (else its folder). */
  function sandbox(componentDir: string, p: Pipeline, signal: AbortSignal) {
    const cwd = folderOf(componentDir) ?? componentDir;
    const dirs = settings.run.allowDirs.map((d) => p.parseDirGrant(d, cwd));
    // The grants in force, with every run and call.
    const dirText = dirs.length ? dirs.map((d) => `${d.host}${d.guest !== d.host ? ` as ${d.guest}` : ''} (${d.writable ? 'read-write' : 'read-only'})`).join(', ') : 'none';
    const envNames = Object.keys(settings.run.env);
    output(`grants: dirs ${dirText}; env ${envNames.length ? envNames.join(', ') : 'none'}; network ${settings.run.allowNetwork ? 'allowed' : 'denied'}; limits ${settings.run.timeoutSeconds} s, ${settings.run.maxMemoryMB} MB${ignored.length ? `; ignored (not trusted): ${ignored.join(', ')}` : ''}\n`);
    return {
      grants: { dirs, env: settings.run.env, allowNetwork: settings.run.allowNetwork },
      limits: { timeoutMs: settings.run.timeoutSeconds * 1000, maxMemoryMB: settings.run.maxMemoryMB },
      signal,
      onStdout: decoder(),
      onStderr: decoder(),
    };
  }

  async function build(p: Pipeline, target: string, world: string | undefined, signal: AbortSignal, progress: (m: string) => void) {
    const dir = await projectDir(p, target);
    output(`building ${dir}${world ? ` (world ${world})` : ''}\n`);
    const r = await p.buildProject({
      dir,
      world,
      command: settings.build.command,
      typecheck: settings.build.typecheck,
      // The next build of this project finds its worker waiting.
      keepWarm: true,
      signal,
      onProgress: (x) => { progress(x.message); output(`  ${x.message}\n`); },
      onOutput: (text) => output(text),
    }).catch((e: unknown) => {
      // The client may offer to install a missing tool into the project.
      if (p.isPipelineError(e)) e.details.projectDir ??= dir;
      throw e;
    });
    // The last progress message already says what was built, its size and the time.
    return r;
  }

  async function run(params: ExecuteCommandParams, token: CancellationToken): Promise<unknown> {
    const args = params.arguments ?? [];
    const str = (i: number) => (typeof args[i] === 'string' && args[i] ? (args[i] as string) : undefined);
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    const signal = abort.signal;
    const p = await load();
    // Progress is created for the commands that do long work, when they begin.
    let progress: Awaited<ReturnType<typeof connection.window.createWorkDoneProgress>> | undefined;
    const begin = async (title: string, message: string, cancellable = false) => {
      progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
      progress?.begin(title, undefined, message, cancellable);
    };
    const report = (m: string) => progress?.report(m);
    try {
      switch (params.command) {
        case 'wit.new': {
          const name = str(0);
          if (!name) return fail('bad-argument', 'wit.new needs a name');
          const parent = str(3) ?? workspace.folders[0];
          const r = await p.newProject({ name, language: (str(1) ?? 'ts') as never, template: (str(2) ?? 'hello') as never, parent });
          output(`created ${r.dir}: ${r.files.join(', ')}\n`);
          return r;
        }
        case 'wit.build': {
          const target = str(0) ?? workspace.folders[0];
          if (!target) return fail('bad-argument', 'wit.build needs a project folder or a WIT file');
          await begin('WIT: building', 'detecting the toolchain', true);
          return await build(p, target, str(1), signal, report);
        }
        case 'wit.run': {
          const target = str(0);
          if (!target) return fail('bad-argument', 'wit.run needs a component or a project folder');
          await begin('WIT: running', nodePath.basename(target), true);
          const component = target.endsWith('.wasm') ? target : (await build(p, target, str(1), signal, report)).component;
          output(`running ${component}\n`);
          const r = await p.runComponent({ component, with: withOf(args), ...sandbox(nodePath.dirname(component), p, signal), onLog: (l) => output(`${l}\n`) });
          output(`exit code ${r.exitCode} (${(r.durationMs / 1000).toFixed(2)} s)\n`);
          return r;
        }
        case 'wit.call': {
          let component = str(0);
          if (!component) return fail('bad-argument', 'wit.call needs a component');
          let call = str(1);
          await begin('WIT: calling', call ?? '', true);
          if (args.length >= 3 && typeof args[2] === 'string') {
            // From a code lens: [dir, world, function]; build first.
            component = (await build(p, component, str(1), signal, report)).component;
            const fn = str(2);
            if (!fn) return fail('bad-argument', 'wit.call needs a function');
            const c = await p.prepareComponent(component, { signal });
            const f = p.findExport(c.signature, fn);
            if (f.func.params.length > 0) return fail('bad-argument', `\`${f.shortName}\` takes arguments (${f.signature}); call it as \`wit-tools call ${component} '${f.shortName}(…)'\``);
            call = `${f.shortName}()`;
          }
          if (!call) return fail('bad-argument', 'wit.call needs the call, e.g. greet("world")');
          output(`calling ${call} on ${nodePath.basename(component)}\n`);
          return await p.callComponent({ component, call, keepWarm: true, with: withOf(args), ...sandbox(nodePath.dirname(component), p, signal), onLog: (l) => output(`${l}\n`) });
        }
        case 'wit.compose': {
          const file = str(0);
          if (!file) return fail('bad-argument', 'wit.compose needs a .wac file');
          await begin('WIT: composing', nodePath.basename(file), false);
          const out = str(1) ?? file.replace(/\.wac$/, '') + '.wasm';
          const { composeWac } = await import('../pipeline/wac.js');
          const r = await composeWac(file, out, { signal });
          output(`composed ${out} (${r.loaded.analysis.instances.length} instances)\n`);
          return { component: out, bytes: r.bytes };
        }
        case 'wit.linkGraph': {
          // Reads and checks the link set; runs nothing.
          const component = str(0);
          if (!component) return fail('bad-argument', 'wit.linkGraph needs a component');
          const withFiles = ((args[1] as { with?: unknown } | undefined)?.with);
          const files = Array.isArray(withFiles) ? withFiles.filter((x): x is string => typeof x === 'string') : [];
          const { checkLinks, linkGraph } = await import('../pipeline/link-set.js');
          const app = await p.prepareComponent(component, { signal });
          // Drawn even where nothing serves an import yet (it shows on the left); a misfit still refuses.
          return { graph: linkGraph(await checkLinks(app, files, { signal }, () => true)) };
        }
        case 'wit.providers': {
          const component = str(0);
          if (!component) return fail('bad-argument', 'wit.providers needs a component');
          const { findProviders } = await import('../pipeline/providers.js');
          return await findProviders(component, workspace.folders, { signal });
        }
        case 'wit.inspect': {
          const component = str(0);
          if (!component) return fail('bad-argument', 'wit.inspect needs a component');
          await begin('WIT: reading the component', nodePath.basename(component));
          const r = await p.inspectComponent(component, { signal });
          return { path: r.path, hash: r.hash, size: r.size, wit: r.wit, rows: r.rows, functions: r.functions };
        }
        case 'wit.checkCall': {
          const component = str(0);
          const call = str(1) ?? '';
          if (!component) return { ok: false, error: 'no component' };
          try {
            const c = await p.prepareComponent(component, { signal });
            const { target } = p.checkCall(c.signature, call);
            return { ok: true, function: target.name, signature: target.signature };
          } catch (e) {
            return { ok: false, error: (e as Error).message };
          }
        }
        case 'wit.bindings': {
          const target = str(0) ?? workspace.folders[0];
          if (!target) return fail('bad-argument', 'wit.bindings needs a project folder or a WIT file');
          const language = str(1);
          if (language !== undefined && !p.isBindingsLanguage(language)) return fail('bad-argument', `unknown language \`${language}\` (expected ${p.bindingsLanguages.join(', ')})`);
          // A folder of WIT alone is enough when the language is given.
          const dir = language ? (/\.(wit|wasm)$/.test(target) ? nodePath.dirname(target) : target) : await projectDir(p, target);
          const base = language && nodePath.basename(dir) === 'wit' ? nodePath.dirname(dir) : dir;
          await begin('WIT: generating bindings', language ?? '', true);
          const r = await p.generateBindings({ dir: base, language, world: str(2), out: str(3), check: args[4] === true, signal, onProgress: (m) => { report(m); output(`  ${m}\n`); }, onOutput: (text) => output(text) });
          output(`${args[4] === true ? (r.upToDate ? 'up to date' : `stale: ${[...r.changed, ...r.removed].join(', ')}`) : `wrote ${r.changed.length} file${r.changed.length === 1 ? '' : 's'}${r.removed.length ? `, removed ${r.removed.length}` : ''}`}: ${r.language} bindings of \`${r.world}\` in ${r.outDir}\n`);
          return r;
        }
        case 'wit.doctor':
          return await p.checkToolchains();
        default:
          return fail('unknown-command', `unknown command ${params.command}`);
      }
    } catch (e) {
      const code = p.isPipelineError(e) ? e.code : 'internal-error';
      if (!p.isPipelineError(e)) log(`${params.command} failed: ${(e as Error).stack ?? e}`);
      output(`${(e as Error).message}\n`);
      // Details let a client act: the missing tool and its install hint, build diagnostics, where a call is wrong.
      return { ...fail(code, (e as Error).message), ...(p.isPipelineError(e) && Object.keys(e.details).length ? { details: e.details } : {}) };
    } finally {
      progress?.done();
    }
  }

  connection.onExecuteCommand((params, token) => run(params, token));
  return {
    setSettings: (s, trusted) => {
      settings = pipelineSettings(s, trusted);
      const now = trusted ? [] : untrustedSettings(s);
      if (now.join() !== ignored.join() && now.length) log(`not trusted: ignoring ${now.join(', ')} (the client passes \`trusted: true\` when its user vouches for these settings)`);
      ignored = now;
    },
  };
}

function fail(code: string, error: string): Failure {
  return { error, code };
}
