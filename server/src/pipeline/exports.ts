// The functions a component exports, how a user names them (`greet`, `formatting/format-greeting`,
// `example:greeter/formatting@0.1.0/format-greeting`), whether they can be called from here, and
// where jco puts them on the instance object.
import { PipelineError } from './errors.js';
import { describeType, jsClassName, jsName, unwritablePart, type ComponentSignature, type FuncType, type ValType } from './types.js';
import { printFunc, splitInterfaceName } from './wit-print.js';

export interface ExportedFunction {
  /** The fully qualified name: `greet`, `example:greeter/formatting@0.1.0/format-greeting`, `…/tally.count-all`. */
  name: string;
  /** The shortest unambiguous name among the component's exports. */
  shortName: string;
  /** The exported interface, when the function belongs to one. */
  interfaceName?: string;
  /** The function's WIT name inside its scope (`format-greeting`, `tally.count-all`). */
  witName: string;
  func: FuncType;
  /** `func(name: string) -> string`. */
  signature: string;
  /** Property path on jco's instance object. */
  jsPath: string[];
  /** Why it cannot be called from here, when it cannot. */
  notCallable?: string;
  /** The result is a `result<…>` (jco throws its error case). */
  returnsResult: boolean;
}

function reasonNotCallable(kind: 'method' | 'constructor' | 'static' | 'plain', f: FuncType, resource?: string): string | undefined {
  if (kind === 'method') return `it is a method of resource \`${resource}\`, which needs a \`${resource}\` to call it on`;
  if (kind === 'constructor') return `it is the constructor of resource \`${resource}\`; calling it would return a resource`;
  if (f.async) return 'it is an async function (jco calls those through JSPI, which Node 20 lacks)';
  for (const p of f.params) {
    const u = unwritablePart(p.type);
    if (u) return `parameter \`${p.name}\` takes ${describeUnwritable(u)}`;
  }
  if (f.result) {
    const u = unwritablePart(f.result);
    if (u) return `it returns ${describeUnwritable(u)}`;
  }
  return undefined;
}

function describeUnwritable(t: ValType): string {
  switch (t.kind) {
    case 'own': case 'borrow': return `a resource (${describeType(t)})`;
    case 'resource': return `a resource (${describeType(t)})`;
    case 'stream': case 'future': return `a ${t.kind} (${describeType(t)})`;
    case 'error-context': return 'an `error-context`';
    default: return describeType(t);
  }
}

/** Every function the component exports, world-level first, then by interface. */
export function exportedFunctions(sig: ComponentSignature): ExportedFunction[] {
  const out: ExportedFunction[] = [];
  for (const item of sig.exports) {
    if (item.kind === 'function') {
      out.push({
        name: item.name, shortName: item.name, witName: item.name, func: item.func, signature: printFunc(item.func, false, sig),
        jsPath: [jsName(item.name)], notCallable: reasonNotCallable('plain', item.func), returnsResult: item.func.result?.kind === 'result',
      });
    } else if (item.kind === 'interface') {
      const key = splitInterfaceName(item.name).pkg ? item.name : jsName(item.name);
      for (const f of item.functions) {
        const m = /^\[(method|constructor|static)\]([^.]+)(?:\.(.+))?$/.exec(f.name);
        const kind = (m?.[1] ?? 'plain') as 'method' | 'constructor' | 'static' | 'plain';
        const witName = m ? (kind === 'constructor' ? `${m[2]}.constructor` : `${m[2]}.${m[3]}`) : f.name;
        const jsPath = kind === 'static' ? [key, jsClassName(m![2]), jsName(m![3])] : [key, jsName(witName)];
        out.push({
          name: `${item.name}/${witName}`, shortName: '', interfaceName: item.name, witName, func: f.type,
          signature: printFunc(f.type, kind === 'method', sig), jsPath,
          notCallable: reasonNotCallable(kind, f.type, m?.[2]), returnsResult: f.type.result?.kind === 'result',
        });
      }
    }
  }
  for (const f of out) if (!f.shortName) f.shortName = shortest(f, out);
  return out;
}

/** `format-greeting` if unique, else `formatting/format-greeting` if unique, else the full name. */
function shortest(f: ExportedFunction, all: ExportedFunction[]): string {
  for (const candidate of candidates(f)) {
    if (all.filter((g) => matches(g, candidate)).length === 1) return candidate;
  }
  return f.name;
}

function candidates(f: ExportedFunction): string[] {
  if (!f.interfaceName) return [f.name];
  const { iface } = splitInterfaceName(f.interfaceName);
  return [f.witName, `${iface}/${f.witName}`, f.name];
}

/** Whether `name` (as a user writes it) designates `f`. */
function matches(f: ExportedFunction, name: string): boolean {
  if (name === f.name) return true;
  const slash = name.lastIndexOf('/');
  const fn = slash < 0 ? name : name.slice(slash + 1);
  if (fn !== f.witName) return false;
  if (slash < 0) return true;
  if (!f.interfaceName) return false;
  const prefix = name.slice(0, slash);
  const { pkg, iface } = splitInterfaceName(f.interfaceName);
  if (prefix === f.interfaceName || prefix === iface) return true;
  // `ns:pkg/iface` without the version.
  return !!pkg && prefix === `${pkg.replace(/@.*$/, '')}/${iface}`;
}

/** The export `name` designates. Throws `no-such-export` or `ambiguous-export`. */
export function findExport(sig: ComponentSignature, name: string): ExportedFunction {
  const all = exportedFunctions(sig);
  const hits = all.filter((f) => matches(f, name));
  if (hits.length === 1) return hits[0];
  if (hits.length > 1) {
    throw new PipelineError('ambiguous-export', `\`${name}\` names ${hits.length} exports: ${hits.map((h) => `\`${h.name}\``).join(', ')}; write one of those`, { candidates: hits.map((h) => h.name) });
  }
  const names = all.map((f) => f.shortName);
  throw new PipelineError('no-such-export', `the component exports no function \`${name}\`${names.length ? ` (it exports: ${names.join(', ')})` : ' (it exports no functions)'}`, { available: names });
}
