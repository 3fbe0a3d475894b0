// The WIT syntax tree. Immutable, every node carries its span (UTF-16 offsets into the file), and
// every child that a broken input can lack is optional: consumers must tolerate missing pieces.
// Shapes follow wit-parser's AST (crates/wit-parser/src/ast.rs).

export interface Span {
  readonly start: number;
  readonly end: number;
}

/** A name: `foo` or `%foo` (then `explicit` is true and `name` is without the `%`). */
export interface Id {
  readonly kind: 'id';
  readonly name: string;
  readonly span: Span;
  readonly explicit: boolean;
}

/** Comments attached to the item that follows them, as wit-parser attaches them. */
export interface Docs {
  /** Raw comment texts (`/// x`, `/** y *\/`, `// z`) in order. */
  readonly comments: readonly string[];
  /** From the first comment's start to the last comment's end (trailing whitespace excluded). */
  readonly span?: Span;
}

export interface Version {
  readonly text: string;
  readonly span: Span;
}

export type Attribute =
  | { readonly kind: 'since'; readonly span: Span; readonly version?: Version }
  | { readonly kind: 'unstable'; readonly span: Span; readonly feature?: Id }
  | { readonly kind: 'deprecated'; readonly span: Span; readonly version?: Version }
  | { readonly kind: 'external-id'; readonly span: Span; readonly value?: string; readonly valueSpan?: Span };

export interface PackageName {
  readonly kind: 'package-name';
  readonly span: Span;
  readonly namespace?: Id;
  readonly name?: Id;
  readonly version?: Version;
}

/** One `.wit` file: an optional `package a:b;` header and its items. */
export interface WitFile {
  readonly kind: 'file';
  readonly span: Span;
  readonly package?: PackageName;
  readonly packageDocs: Docs;
  readonly items: readonly TopItem[];
}

export type TopItem = InterfaceDecl | WorldDecl | ToplevelUse | NestedPackage;

/** `package a:b { … }` inside a file. */
export interface NestedPackage {
  readonly kind: 'nested-package';
  readonly span: Span;
  readonly docs: Docs;
  readonly attributes: readonly Attribute[];
  readonly keywordSpan: Span;
  readonly name?: PackageName;
  readonly items: readonly TopItem[];
}

/** `use a:b/c@1.0.0 as d;` or `use iface;` at the top of a file. */
export interface ToplevelUse {
  readonly kind: 'toplevel-use';
  readonly span: Span;
  /** The `use` keyword (wit-parser's span for the item). */
  readonly keywordSpan: Span;
  readonly attributes: readonly Attribute[];
  readonly path?: UsePath;
  readonly as?: Id;
}

/** `iface` (local) or `ns:pkg/iface@1.2.3` (foreign). */
export type UsePath =
  | { readonly kind: 'local-path'; readonly span: Span; readonly name: Id }
  | { readonly kind: 'package-path'; readonly span: Span; readonly package: PackageName; readonly name?: Id };

export interface InterfaceDecl {
  readonly kind: 'interface';
  readonly span: Span;
  readonly docs: Docs;
  readonly attributes: readonly Attribute[];
  readonly name?: Id;
  readonly items: readonly InterfaceItem[];
  /** Span of the `{ … }` body, when present. */
  readonly bodySpan?: Span;
}

export type InterfaceItem = TypeDef | NamedFunc | Use;

/** `use iface.{a, b as c};` inside an interface or world. */
export interface Use {
  readonly kind: 'use';
  readonly span: Span;
  readonly attributes: readonly Attribute[];
  readonly path?: UsePath;
  readonly names: readonly UseName[];
}

export interface UseName {
  readonly name: Id;
  readonly as?: Id;
}

export interface WorldDecl {
  readonly kind: 'world';
  readonly span: Span;
  readonly docs: Docs;
  readonly attributes: readonly Attribute[];
  readonly name?: Id;
  readonly items: readonly WorldItem[];
  readonly bodySpan?: Span;
}

export type WorldItem = ImportExport | Use | TypeDef | Include;

export interface ImportExport {
  readonly kind: 'import' | 'export';
  readonly span: Span;
  readonly docs: Docs;
  readonly attributes: readonly Attribute[];
  readonly extern?: ExternKind;
}

/**
 * What an import or export names: an inline `name: interface { … }`, a path (`iface`,
 * `ns:pkg/iface@v`), a labelled path (`label: iface`) or a function (`name: func(…)`).
 */
export type ExternKind =
  | { readonly kind: 'extern-interface'; readonly span: Span; readonly name: Id; readonly items: readonly InterfaceItem[]; readonly bodySpan?: Span }
  | { readonly kind: 'extern-path'; readonly span: Span; readonly path: UsePath }
  | { readonly kind: 'extern-named-path'; readonly span: Span; readonly name: Id; readonly path?: UsePath }
  | { readonly kind: 'extern-func'; readonly span: Span; readonly name: Id; readonly func?: Func };

export interface Include {
  readonly kind: 'include';
  readonly span: Span;
  readonly attributes: readonly Attribute[];
  readonly path?: UsePath;
  readonly names: readonly IncludeName[];
}

export interface IncludeName {
  readonly name: Id;
  readonly as?: Id;
}

export interface TypeDef {
  readonly kind: 'typedef';
  readonly span: Span;
  readonly docs: Docs;
  readonly attributes: readonly Attribute[];
  /** The keyword that introduced it: `type`, `record`, `variant`, `enum`, `flags` or `resource`. */
  readonly keyword: 'type' | 'record' | 'variant' | 'enum' | 'flags' | 'resource';
  readonly name?: Id;
  readonly type?: TypeExpr;
}

export interface NamedFunc {
  readonly kind: 'func';
  readonly span: Span;
  readonly docs: Docs;
  readonly attributes: readonly Attribute[];
  readonly name: Id;
  readonly func?: Func;
}

export interface Func {
  readonly span: Span;
  /** Span of the `func` keyword (wit-parser's function span). */
  readonly funcSpan: Span;
  readonly async: boolean;
  readonly params: readonly Param[];
  readonly result?: TypeExpr;
  /** Span of `( … )`, for signature help. */
  readonly paramsSpan?: Span;
}

export interface Param {
  readonly name: Id;
  readonly type?: TypeExpr;
}

export type ResourceFunc =
  | { readonly kind: 'method' | 'static'; readonly span: Span; readonly docs: Docs; readonly attributes: readonly Attribute[]; readonly name: Id; readonly func?: Func }
  | { readonly kind: 'constructor'; readonly span: Span; readonly docs: Docs; readonly attributes: readonly Attribute[]; readonly keywordSpan: Span; readonly params: readonly Param[]; readonly result?: TypeExpr; readonly paramsSpan?: Span };

export type PrimitiveName = 'bool' | 'u8' | 'u16' | 'u32' | 'u64' | 's8' | 's16' | 's32' | 's64' | 'f32' | 'f64' | 'char' | 'string' | 'error-context';

/** A type expression. `span` is wit-parser's span for it (the keyword, or the name). */
export type TypeExpr =
  | { readonly kind: 'primitive'; readonly span: Span; readonly name: PrimitiveName }
  | { readonly kind: 'name'; readonly span: Span; readonly id: Id }
  | { readonly kind: 'list'; readonly span: Span; readonly full: Span; readonly element?: TypeExpr; readonly size?: number; readonly sizeSpan?: Span }
  | { readonly kind: 'map'; readonly span: Span; readonly full: Span; readonly key?: TypeExpr; readonly value?: TypeExpr }
  | { readonly kind: 'option'; readonly span: Span; readonly full: Span; readonly element?: TypeExpr }
  | { readonly kind: 'result'; readonly span: Span; readonly full: Span; readonly ok?: TypeExpr; readonly err?: TypeExpr }
  | { readonly kind: 'tuple'; readonly span: Span; readonly full: Span; readonly types: readonly TypeExpr[] }
  | { readonly kind: 'future' | 'stream'; readonly span: Span; readonly full: Span; readonly element?: TypeExpr }
  | { readonly kind: 'handle'; readonly span: Span; readonly full: Span; readonly handle: 'own' | 'borrow'; readonly resource?: Id }
  | { readonly kind: 'record'; readonly span: Span; readonly fields: readonly Field[] }
  | { readonly kind: 'variant'; readonly span: Span; readonly cases: readonly Case[] }
  | { readonly kind: 'enum'; readonly span: Span; readonly cases: readonly EnumCase[] }
  | { readonly kind: 'flags'; readonly span: Span; readonly flags: readonly EnumCase[] }
  | { readonly kind: 'resource'; readonly span: Span; readonly funcs: readonly ResourceFunc[]; readonly bodySpan?: Span };

export interface Field {
  readonly docs: Docs;
  readonly name: Id;
  readonly type?: TypeExpr;
  readonly span: Span;
}

export interface Case {
  readonly docs: Docs;
  readonly name: Id;
  readonly type?: TypeExpr;
  readonly span: Span;
}

export interface EnumCase {
  readonly docs: Docs;
  readonly name: Id;
  readonly span: Span;
}

export const noDocs: Docs = Object.freeze({ comments: Object.freeze([]) as readonly string[] });
