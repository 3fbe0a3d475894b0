// The meaning of a .wac file: every `new` an instance of a package's component, every argument
// checked against the import it fills (on both sides' WIT, with link.ts's comparison), every
// access and export resolved — the errors in wac's own words where wac has them. The result is
// the composition graph compose.ts encodes, and what hover and completion need. Pure: packages
// come from `lookup`.
import { functionDifference, interfaceDifferences, namesMatch } from '../pipeline/link.js';
import type { ComponentSignature, ExternItem } from '../pipeline/types.js';
import { printFunc } from '../pipeline/wit-print.js';
import type { Severity } from '../syntax/diagnostic.js';
import type { Arg, Expr, Ident, PackagePath, Span, WacDocument } from './parse.js';

export interface WacPackage {
  /** `demo:math`. */
  name: string;
  /** Where it was found (`deps/demo/math.wasm`), for messages and go-to-definition. */
  file: string;
  signature: ComponentSignature;
  /** A file holding the component's WIT as text (go to definition lands there). */
  wit?: string;
}

/** A package whose file was found but could not be read as a component. */
export interface UnreadablePackage {
  name: string;
  file: string;
  problem: string;
}

export interface WacDiagnostic extends Span {
  severity: Severity;
  code: string;
  message: string;
  related?: { message: string; span: Span }[];
}

/** What the file's `import` statements declare (read by the WIT analyzer: pipeline/wac.ts). */
export interface WacDeclared {
  /** By the statement's local name: the item under the name it is imported as. */
  imports: Map<string, { item: ExternItem; span: Span }>;
  /** What those imports need imported with them: the interfaces their types come from, the composition's own types. */
  implicit: ExternItem[];
  /** The analyzer's errors, at their places in the .wac. */
  diagnostics: WacDiagnostic[];
}

/** What a name or an expression stands for. */
export type WacValue =
  | { kind: 'instance'; instance: number; package: WacPackage }
  | { kind: 'item'; item: ExternItem; instance: number; export: string; package: WacPackage }
  /** An `import` statement's item; `signature` holds it and what it needs, for comparisons and printing. */
  | {
      kind: 'import';
      item: ExternItem;
      signature: ComponentSignature;
      /** `ops.add` of an imported interface `ops`: the import it is taken from (`item` is the function). */
      of?: string;
    };

/** `export`: a function of an imported instance (`ops.add`), rather than the import itself. */
export type WacArgSource = { kind: 'export'; instance: number; name: string } | { kind: 'import'; name: string; export?: string };

export interface WacInstance {
  package: WacPackage;
  /** Import name of the package's component → what fills it. */
  args: Map<string, WacArgSource>;
  span: Span;
}

export interface WacAnalysis {
  diagnostics: WacDiagnostic[];
  instances: WacInstance[];
  /** `import`: an export of one of the composition's imports (`instance` is then -1). */
  exports: { name: string; instance: number; export?: string; import?: string; span: Span }[];
  /** The imports the file declares, and what they need (in the order they must be declared). */
  imports: ExternItem[];
  /** `let` names and what they stand for (hover, completion). */
  names: Map<string, { value: WacValue; span: Span }>;
  /** Each expression's value, by its start offset (hover). */
  values: { span: Span; value: WacValue }[];
}

/** The short name of an import or export: `ops` for `demo:math/ops@1.0.0`. */
export function shortName(name: string): string {
  const m = /\/([^/@]+)(@.*)?$/.exec(name);
  return m ? m[1] : name;
}

/** The import or export `name` refers to: its exact name, else the one interface so named. */
function findNamed(items: ExternItem[], name: string): ExternItem | undefined {
  return items.find((i) => i.name === name) ?? items.find((i) => namesMatch(name, i.name)) ?? (() => {
    const short = items.filter((i) => shortName(i.name) === name);
    return short.length === 1 ? short[0] : undefined;
  })();
}

/** An expression as written, for hints: `lib`, `lib.ops`. */
function exprText(e: Expr): string {
  switch (e.kind) {
    case 'name': return e.ident.name;
    case 'access': return e.bracket ? `${exprText(e.target)}[${JSON.stringify(e.member.name)}]` : `${exprText(e.target)}.${e.member.name}`;
    case 'paren': return `(${exprText(e.inner)})`;
    case 'new': return `new ${e.package.text} { … }`;
    default: return '…';
  }
}

/** `demo:math/ops@1.0.0 (interface)`, `add: func(…)`: an item in one line for messages and hover. */
export function describeItem(item: ExternItem, signature?: ComponentSignature): string {
  if (item.kind === 'function') return `${item.name}: ${printFunc(item.func, false, signature)}`;
  if (item.kind === 'type') return `type ${item.name}`;
  return `interface ${item.name}`;
}

export function analyzeWac(doc: WacDocument, lookup: (pkg: PackagePath) => WacPackage | UnreadablePackage | undefined, declared?: WacDeclared): WacAnalysis {
  const out: WacAnalysis = { diagnostics: [], instances: [], exports: [], imports: [], names: new Map(), values: [] };
  const error = (span: Span, code: string, message: string, related?: WacDiagnostic['related']) => {
    out.diagnostics.push({ severity: 'error', code, message, start: span.start, end: span.end, related });
  };
  for (const d of doc.diagnostics) out.diagnostics.push({ severity: 'error', code: d.code, message: d.message, start: d.start, end: d.end });
  if (declared) out.diagnostics.push(...declared.diagnostics);
  const importSignature: ComponentSignature = { imports: [], exports: [] };
  /** Imports that `...` asks the host for, by instance. */
  const filled: { name: string; span: Span; package: string }[] = [];
  /** Imports whose type has errors (reported): using them is not an error too. */
  const broken = new Map<string, Span>();

  const evaluate = (e: Expr): WacValue | undefined => {
    const v = evaluateInner(e);
    if (v) out.values.push({ span: { start: e.start, end: e.end }, value: v });
    return v;
  };
  const evaluateInner = (e: Expr): WacValue | undefined => {
    switch (e.kind) {
      case 'missing': return undefined;
      case 'paren': return evaluate(e.inner);
      case 'name': {
        const b = out.names.get(e.ident.name);
        if (!b && !broken.has(e.ident.name)) error(e.ident, 'undefined-name', `undefined name \`${e.ident.name}\``);
        return b?.value;
      }
      case 'access': {
        const target = evaluate(e.target);
        if (!target) return undefined;
        if (target.kind === 'import' && target.item.kind === 'interface' && target.of === undefined) {
          // A function of an imported instance.
          const f = target.item.functions.find((x) => x.name === e.member.name);
          if (!f) {
            const known = target.item.functions.map((x) => `\`${x.name}\``);
            error(e.member, 'unknown-export', `the import \`${target.item.name}\` has no function named \`${e.member.name}\`${known.length ? ` (it has ${known.join(', ')})` : ''}`);
            return undefined;
          }
          return { kind: 'import', item: { kind: 'function', name: f.name, func: f.type }, signature: target.signature, of: target.item.name };
        }
        if (target.kind !== 'instance') {
          const what = target.kind === 'item' ? target.export : target.item.name;
          error(e.member, 'unsupported-access', `\`${what}\` is ${target.kind === 'import' ? 'an import' : target.item.kind === 'function' ? 'a function' : `an ${target.item.kind}`}: wit-tools can access the exports of instances only`);
          return undefined;
        }
        const item = findNamed(target.package.signature.exports, e.member.name);
        if (!item) {
          const known = target.package.signature.exports.map((x) => `\`${x.name}\``);
          const offered = known.length ? `an instance of \`${target.package.name}\` exports ${known.join(', ')}` : `\`${target.package.name}\` exports nothing`;
          error(e.member, 'unknown-export', `the instance has no export named \`${e.member.name}\` (${offered})`);
          return undefined;
        }
        return { kind: 'item', item, instance: target.instance, export: item.name, package: target.package };
      }
      case 'new': return instantiate(e);
    }
  };

  const instantiate = (e: Extract<Expr, { kind: 'new' }>): WacValue | undefined => {
    const found = lookup(e.package);
    const pkg = found && 'signature' in found ? found : undefined;
    if (!pkg) {
      if (found && 'problem' in found) error(e.package, 'unreadable-package', `package \`${e.package.package}\` (${found.file}) is not a component that can be read: ${found.problem}`);
      else error(e.package, 'unknown-package', `unknown package \`${e.package.package}\``);
      for (const a of e.args) if (a.kind === 'named') evaluate(a.value);
      return undefined;
    }
    const imports = pkg.signature.imports;
    const args = new Map<string, WacArgSource>();
    const given = new Map<string, Span>();
    const fill = (imp: ExternItem, value: WacValue, arg: Arg) => {
      const argName = arg.name.name;
      const mismatch = (detail: string) => error(arg, 'mismatched-argument', `mismatched instantiation argument \`${imp.name}\`: ${detail}`);
      const prev = given.get(imp.name);
      if (prev) {
        error(arg.name, 'duplicate-argument', `duplicate instantiation argument \`${argName}\``, [{ message: 'first given here', span: prev }]);
        return;
      }
      given.set(imp.name, arg.name);
      let item: ExternItem;
      let source: WacArgSource;
      if (value.kind === 'instance') {
        // A component instance is not the interface it exports (wac says the same): the
        // argument is `lib.ops` or `lib["ns:pkg/ops@1.0.0"]`.
        const exportsIt = value.package.signature.exports.find((x) => x.kind === imp.kind && namesMatch(imp.name, x.name));
        const firstFunc = imp.kind === 'interface' ? imp.functions[0]?.name : undefined;
        const hint = exportsIt ? ` (pass its export: \`${(arg.kind === 'named' ? exprText(arg.value) : argName)}.${shortName(exportsIt.name)}\`)` : '';
        return error(arg, 'mismatched-argument', `mismatched instantiation argument \`${imp.name}\`: instance is missing expected function export \`${firstFunc ?? imp.name}\`${hint}`);
      }
      let provider: { signature: ComponentSignature };
      let providerLabel: string;
      item = value.item;
      if (value.kind === 'import') {
        source = value.of !== undefined ? { kind: 'import', name: value.of, export: value.item.name } : { kind: 'import', name: value.item.name };
        provider = value;
        providerLabel = `import \`${value.of ?? value.item.name}\``;
      } else {
        source = { kind: 'export', instance: value.instance, name: value.export };
        provider = out.instances[source.instance].package;
        providerLabel = out.instances[source.instance].package.name;
      }
      if (imp.kind !== item.kind) return mismatch(`\`${imp.name}\` is ${imp.kind === 'interface' ? 'an interface' : `a ${imp.kind}`} but the argument is ${item.kind === 'interface' ? 'an interface' : `a ${item.kind}`}`);
      if (imp.kind === 'interface' && item.kind === 'interface') {
        const diffs = interfaceDifferences({ signature: pkg.signature, item: imp, label: pkg.name }, { signature: provider.signature, item, label: providerLabel });
        if (diffs.length) return mismatch(diffs.join('; '));
      } else if (imp.kind === 'function' && item.kind === 'function' && functionDifference({ signature: pkg.signature, func: imp.func }, { signature: provider.signature, func: item.func })) {
        return mismatch(`\`${imp.name}\` is \`${printFunc(imp.func, false, pkg.signature)}\` in ${pkg.name} but \`${printFunc(item.func, false, provider.signature)}\` in ${providerLabel}`);
      }
      args.set(imp.name, source);
    };
    for (const a of e.args) {
      if (a.kind === 'spread') {
        const v = out.names.get(a.name.name)?.value;
        if (!v) { error(a.name, 'undefined-name', `undefined name \`${a.name.name}\``); continue; }
        if (v.kind !== 'instance') { error(a.name, 'not-an-instance', 'an instance is required to perform a spread operation'); continue; }
        for (const x of v.package.signature.exports) {
          const imp = imports.find((i) => i.kind === x.kind && namesMatch(i.name, x.name));
          if (imp && !given.has(imp.name)) fill(imp, { kind: 'item', item: x, instance: v.instance, export: x.name, package: v.package }, { kind: 'inferred', name: { ...a.name, name: imp.name }, start: a.start, end: a.end });
        }
        continue;
      }
      const imp = findNamed(imports, a.name.name);
      if (!imp) {
        error(a.name, 'unknown-argument', `\`${a.name.name}\` is not an import of package \`${pkg.name}\`${imports.length ? ` (it imports ${imports.map((i) => `\`${i.name}\``).join(', ')})` : ''}`);
        if (a.kind === 'named') evaluate(a.value);
        continue;
      }
      let value: WacValue | undefined;
      if (a.kind === 'named') value = evaluate(a.value);
      else {
        value = out.names.get(a.name.name)?.value;
        if (!value) { if (!broken.has(a.name.name)) error(a.name, 'undefined-name', `undefined name \`${a.name.name}\``); given.set(imp.name, a.name); continue; }
      }
      if (value) fill(imp, value, a);
      else given.set(imp.name, a.name); // its error is reported; it is not missing too
    }
    const missing = imports.filter((i) => !given.has(i.name));
    if (e.fill) for (const i of missing) { args.set(i.name, { kind: 'import', name: i.name }); filled.push({ name: i.name, span: e.fill, package: pkg.name }); }
    else if (missing.length) {
      error(e.package, 'missing-argument', `missing instantiation argument${missing.length > 1 ? 's' : ''} ${missing.map((i) => `\`${i.name}\``).join(', ')} for package \`${pkg.name}\` (end the arguments with \`...\` to import ${missing.length > 1 ? 'them' : 'it'} from the host)`);
    }
    out.instances.push({ package: pkg, args, span: { start: e.start, end: e.end } });
    return { kind: 'instance', instance: out.instances.length - 1, package: pkg };
  };

  const exported = new Map<string, Span>();
  const addExport = (name: string, span: Span, instance: number, exportName?: string) => {
    const prev = exported.get(name);
    if (prev) return error(span, 'duplicate-export', `duplicate export \`${name}\``, [{ message: 'previous export here', span: prev }]);
    exported.set(name, span);
    out.exports.push({ name, instance, export: exportName, span });
  };
  const imported = new Map<string, Span>();

  for (const s of doc.statements) {
    if (s.kind === 'declaration') continue; // the WIT analyzer's (pipeline/wac.ts)
    if (s.kind === 'import') {
      const local = s.name.name;
      const d = declared?.imports.get(local);
      const prevName = out.names.get(local)?.span ?? broken.get(local);
      if (prevName) { error(s.name, 'duplicate-name', `duplicate name \`${local}\``, [{ message: 'previously defined here', span: prevName }]); continue; }
      if (!d) { broken.set(local, s.name); continue; } // its error is reported
      const prev = imported.get(d.item.name);
      if (prev) { error(d.span, 'duplicate-import', `duplicate import \`${d.item.name}\``, [{ message: 'previous import here', span: prev }]); continue; }
      imported.set(d.item.name, d.span);
      importSignature.imports.push(d.item);
      out.names.set(local, { value: { kind: 'import', item: d.item, signature: importSignature }, span: s.name });
      continue;
    }
    if (s.kind === 'let') {
      const value = evaluate(s.value);
      const prev = out.names.get(s.name.name);
      if (prev) {
        error(s.name, 'duplicate-name', `duplicate name \`${s.name.name}\``, [{ message: 'previously defined here', span: prev.span }]);
        continue;
      }
      if (value) out.names.set(s.name.name, { value, span: s.name });
      continue;
    }
    const value = evaluate(s.value);
    if (!value) continue;
    if (s.spread) {
      if (value.kind !== 'instance') { error(s.value, 'not-an-instance', 'an instance is required to perform a spread operation'); continue; }
      for (const x of value.package.signature.exports) addExport(x.name, s.value, value.instance, x.name);
      continue;
    }
    const as: Ident | undefined = s.as;
    if (value.kind === 'import') {
      // Under the interface's own name, as wac names it (`import geo: shapes;` → `ns:pkg/shapes`).
      addExport(as?.name ?? (value.item.kind === 'interface' ? value.item.implements ?? value.item.name : value.item.name), as ?? s.value, -1, value.of !== undefined ? value.item.name : undefined);
      out.exports[out.exports.length - 1].import = value.of ?? value.item.name;
      continue;
    }
    if (value.kind === 'instance') {
      if (!as) { error(s.value, 'export-needs-as', 'export statement requires an `as` clause as the export name cannot be inferred'); continue; }
      addExport(as.name, as, value.instance);
      continue;
    }
    addExport(as?.name ?? value.export, as ?? s.value, value.instance, value.export);
  }
  for (const f of filled) {
    if (imported.has(f.name)) error(f.span, 'implicit-import-conflict', `import \`${f.name}\` conflicts with an item that was implicitly imported by an instantiation of \`${f.package}\``, [{ message: 'imported here', span: imported.get(f.name)! }]);
  }
  if (declared) {
    // Declared imports first, then what they need that is not among them.
    importSignature.imports.push(...declared.implicit.filter((i) => !imported.has(i.name)));
    out.imports = importSignature.imports;
  }
  return out;
}
