// Which world of a project's WIT to build: the analyzer checks the WIT (every error, with its
// place) and the world is the one asked for, or the only one.
import { analyzeRoot } from '../semantic/analyze.js';
import type { Diagnostic } from '../syntax/index.js';
import { nodeFileSystem } from '../workspace/fs.js';
import { loadRoot } from '../workspace/loader.js';
import { PipelineError } from './errors.js';

export interface WorldChoice {
  world: string;
  /** `ns:pkg` of the package that defines it. */
  package: string;
  /** Whether the world exports `wasi:cli/run` (a command). */
  command: boolean;
  /** Names of everything the world exports. */
  exports: string[];
  diagnostics: Diagnostic[];
  texts: Map<string, string>;
}

/** Analyzes the project's WIT and picks the world: the one asked for, or the only one. */
export function chooseWorld(witDir: string, asked?: string): WorldChoice {
  const analysis = analyzeRoot(loadRoot(nodeFileSystem, witDir), {});
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length || !analysis.resolve || analysis.main === undefined) {
    const first = errors[0];
    throw new PipelineError('wit-errors', `the WIT in ${witDir} has ${errors.length || 'unresolved'} error${errors.length === 1 ? '' : 's'}${first ? `: ${first.message}` : ''}`, { diagnostics: analysis.diagnostics, texts: analysis.texts });
  }
  const resolve = analysis.resolve;
  const pkg = resolve.packages[analysis.main];
  const names = [...pkg.worlds.keys()];
  const pkgName = `${pkg.name.namespace}:${pkg.name.name}`;
  let world: string | undefined;
  if (asked !== undefined) {
    const plain = asked.replace(/^[^/]*\//, '').replace(/@.*$/, '');
    world = names.find((n) => n === asked || n === plain);
    if (!world) throw new PipelineError('no-world', `no world \`${asked}\` in ${pkgName} (its worlds: ${names.join(', ') || 'none'})`, { worlds: names });
  } else if (names.length === 1) {
    world = names[0];
  } else if (names.length === 0) {
    throw new PipelineError('no-world', `${pkgName} defines no world to build`, { worlds: [] });
  } else {
    throw new PipelineError('ambiguous-world', `${pkgName} defines ${names.length} worlds (${names.join(', ')}): pick one with --world`, { worlds: names });
  }
  const w = resolve.worlds[pkg.worlds.get(world)!];
  const exports = [...w.exports.values()].map(({ key }) => resolve.nameWorldKey(key));
  const command = exports.some((e) => /^wasi:cli\/run@/.test(e));
  return { world, package: pkgName, command, exports, diagnostics: analysis.diagnostics, texts: analysis.texts };
}
