// A component's WIT as text: its signature (binary.ts) put into the analyzer's model
// (component-resolve.ts) and printed by the analyzer's printer (semantic/print.ts) — the text
// `wasm-tools component wit` prints: the world, then every package it imports or exports
// interfaces of, as `package wasi:io@0.2.12 { interface streams { … } }`.
import type { PackageId, Resolve } from '../semantic/model.js';
import { printFunctionType, printInterface, printPackage, printWorld } from '../semantic/print.js';
import { interfaceNameParts, interfaceOfItem, resolveSignature } from './component-resolve.js';
import type { ComponentSignature, FuncType, InterfaceItem } from './types.js';

/** `wasi:io/streams@0.2.12` → package `wasi:io@0.2.12`, interface `streams`. */
export function splitInterfaceName(name: string): { pkg?: string; iface: string } {
  const { pkg, iface } = interfaceNameParts(name);
  return pkg ? { pkg: `${pkg.namespace}:${pkg.name}${pkg.version ? `@${pkg.version}` : ''}`, iface } : { iface };
}

export function printComponentWit(sig: ComponentSignature, worldName = 'root'): string {
  const cr = resolveSignature(sig, worldName);
  return printPackage(cr.resolve, cr.package, packagesInOrder(cr.resolve).filter((i) => i !== cr.package));
}

/**
 * Packages with the ones they use types from first, else in the order they were met — the
 * order wit-parser's decoder leaves them in, which is the order wasm-tools prints.
 */
function packagesInOrder(resolve: Resolve): PackageId[] {
  const out: PackageId[] = [];
  const state = new Map<PackageId, 'visiting' | 'done'>();
  const visit = (p: PackageId) => {
    if (state.has(p)) return;
    state.set(p, 'visiting');
    for (const iface of resolve.packages[p].interfaces.values()) {
      for (const dep of resolve.interfaceDirectDeps(iface)) {
        const q = resolve.interfaces[dep].package;
        if (q !== null && q !== p) visit(q);
      }
    }
    state.set(p, 'done');
    out.push(p);
  };
  resolve.packages.forEach((_, p) => visit(p));
  return out;
}

/** The component's world alone: `world name { import …; export …; }`. */
export function printComponentWorld(sig: ComponentSignature, worldName = 'root'): string {
  const cr = resolveSignature(sig, worldName);
  return printWorld(cr.resolve, cr.world);
}

/** One interface the component imports or exports, with its types and functions. */
export function printComponentInterface(sig: ComponentSignature, item: InterfaceItem): string {
  const cr = resolveSignature(sig);
  const id = interfaceOfItem(cr, item);
  return printInterface(cr.resolve, id, cr.resolve.interfaces[id].name ?? item.name);
}

const scratch = new WeakMap<FuncType, ComponentSignature>();

/**
 * `func(name: string) -> string`, `async func()`: a function's type with all its parameters, or
 * without a method's `self` (`skipSelf`, as inside a resource). With the component's signature
 * the function is printed from the component's model (a resource the component defines is named
 * there); without it, from a model of the function alone.
 */
export function printFunc(f: FuncType, skipSelf = false, sig?: ComponentSignature): string {
  const known = sig ? resolveSignature(sig) : undefined;
  const fn = known?.functions.get(f);
  if (known && fn) return printFunctionType(known.resolve, fn, !(skipSelf && /^(async-)?method$/.test(fn.kind.kind)));
  let own = scratch.get(f);
  if (!own) scratch.set(f, (own = { imports: [{ kind: 'function', name: 'f', func: f }], exports: [] }));
  const cr = resolveSignature(own);
  const text = printFunctionType(cr.resolve, cr.functions.get(f)!, true);
  if (!skipSelf || f.params.length === 0) return text;
  // `func(self: borrow<r>, n: u32)` → `func(n: u32)`: the first parameter goes.
  return printFunc({ ...f, params: f.params.slice(1) });
}
