// The value types of a component's imports and exports, as the component binary states them
// (see binary.ts): a graph of plain objects, one per type definition, so that a type written once
// and used in many places is one object. Named types carry their WIT name and the interface that
// defines them. This is what call arguments are checked against and what results are printed with.

export type PrimitiveKind = 'bool' | 'u8' | 'u16' | 'u32' | 'u64' | 's8' | 's16' | 's32' | 's64' | 'f32' | 'f64' | 'char' | 'string' | 'error-context';

export type IntegerKind = 'u8' | 'u16' | 'u32' | 'u64' | 's8' | 's16' | 's32' | 's64';

interface Named {
  /** The WIT name, when the type is exported under a name (`record point`, `type sku = string`). */
  name?: string;
  /** The interface that defines the name (`wasi:io/streams@0.2.12`), or undefined for a world. */
  owner?: string;
  /**
   * For `type headers = fields;` (a name for another named type): the type it names. The object
   * is a copy of that type under the new name, so everything that reads the structure works as
   * before; printing says `headers` where the WIT says it.
   */
  aliasOf?: ValType;
}

export type ValType = Named &
  (
    | { kind: PrimitiveKind }
    | { kind: 'list'; element: ValType }
    | { kind: 'fixed-list'; element: ValType; size: number }
    | { kind: 'map'; key: ValType; value: ValType }
    | { kind: 'tuple'; types: ValType[] }
    | { kind: 'record'; fields: { name: string; type: ValType }[] }
    | { kind: 'variant'; cases: { name: string; type?: ValType }[] }
    | { kind: 'enum'; cases: string[] }
    | { kind: 'flags'; flags: string[] }
    | { kind: 'option'; type: ValType }
    | { kind: 'result'; ok?: ValType; err?: ValType }
    | { kind: 'own' | 'borrow'; resource: ResourceType }
    | { kind: 'future' | 'stream'; type?: ValType }
    | ResourceType
  );

export interface ResourceType extends Named {
  kind: 'resource';
}

export interface FuncType {
  params: { name: string; type: ValType }[];
  result?: ValType;
  async: boolean;
}

/** A function of a world or an interface, with the name it is exported or imported under. */
export interface FuncItem {
  /** The name in its scope: `greet`, `[method]tally.feed`, `[static]tally.count-all`. */
  name: string;
  type: FuncType;
}

/** An imported or exported interface: its functions and the types it names. */
export interface InterfaceItem {
  kind: 'interface';
  /** `wasi:cli/environment@0.2.12`, or a plain name for an unnamed (world-local) interface. */
  name: string;
  /** For `import primary: store;` (an interface under a plain name): the interface, `ns:pkg/store@v`. */
  implements?: string;
  functions: FuncItem[];
  /**
   * Type names as the interface exports them, in order. `via`: for a type the interface takes
   * from another one, the interface it was taken through when that is not the one that defines
   * it (`wasi:filesystem/types` uses `error` through `wasi:io/streams`, which uses it from
   * `wasi:io/error`), so that its WIT says `use` as the component's binary does.
   */
  types: { name: string; type: ValType; via?: string }[];
}

export interface FunctionExternItem {
  kind: 'function';
  name: string;
  func: FuncType;
}

export interface TypeExternItem {
  kind: 'type';
  name: string;
  type: ValType;
}

export type ExternItem = InterfaceItem | FunctionExternItem | TypeExternItem;

/** What a component imports and exports. */
export interface ComponentSignature {
  imports: ExternItem[];
  exports: ExternItem[];
}

/** bool, numbers, char, string, error-context. */
export function isPrimitive(t: ValType): t is Named & { kind: PrimitiveKind } {
  switch (t.kind) {
    case 'bool': case 'u8': case 'u16': case 'u32': case 'u64': case 's8': case 's16': case 's32': case 's64':
    case 'f32': case 'f64': case 'char': case 'string': case 'error-context':
      return true;
    default:
      return false;
  }
}

export function isInteger(kind: string): kind is IntegerKind {
  return /^[us](8|16|32|64)$/.test(kind);
}

export const integerRange: Record<IntegerKind, [bigint, bigint]> = {
  u8: [0n, 255n],
  u16: [0n, 65535n],
  u32: [0n, 4294967295n],
  u64: [0n, 18446744073709551615n],
  s8: [-128n, 127n],
  s16: [-32768n, 32767n],
  s32: [-2147483648n, 2147483647n],
  s64: [-9223372036854775808n, 9223372036854775807n],
};

/**
 * WIT's keywords (wit-parser's lexer), which a name must be written with `%` to use. Kept here
 * rather than asking the lexer so that calling a component does not load the parser; a test
 * checks the list against `lexWit`.
 */
export const witKeywords: ReadonlySet<string> = new Set([
  'use', 'type', 'func', 'u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64', 'f32', 'f64', 'char', 'resource', 'own',
  'borrow', 'record', 'flags', 'variant', 'enum', 'bool', 'string', 'option', 'result', 'future', 'stream',
  'error-context', 'list', 'map', 'as', 'from', 'static', 'interface', 'tuple', 'import', 'export', 'world', 'package',
  'constructor', 'include', 'with', 'async',
]);

/** A WIT identifier as it must be written: `%list` for a name that is a keyword. */
export function witIdent(name: string): string {
  return witKeywords.has(name) ? `%${name}` : name;
}

/**
 * How a type is written in WIT where it is used: its name when it has one, otherwise its
 * structure (`list<string>`, `result<_, error>`, `tuple<u8, u8>`).
 */
export function formatType(t: ValType): string {
  return t.name !== undefined ? witIdent(t.name) : formatStructure(t);
}

/** The type's own structure, ignoring its name (`type sku = string` gives `string`). */
export function formatStructure(t: ValType): string {
  switch (t.kind) {
    case 'list': return `list<${formatType(t.element)}>`;
    case 'fixed-list': return `list<${formatType(t.element)}, ${t.size}>`;
    case 'map': return `map<${formatType(t.key)}, ${formatType(t.value)}>`;
    case 'tuple': return `tuple<${t.types.map(formatType).join(', ')}>`;
    case 'option': return `option<${formatType(t.type)}>`;
    case 'result':
      if (!t.ok && !t.err) return 'result';
      if (!t.err) return `result<${formatType(t.ok!)}>`;
      return `result<${t.ok ? formatType(t.ok) : '_'}, ${formatType(t.err)}>`;
    case 'own': return formatType(t.resource);
    case 'borrow': return `borrow<${formatType(t.resource)}>`;
    case 'future': case 'stream': return t.type ? `${t.kind}<${formatType(t.type)}>` : t.kind;
    case 'record': return 'record';
    case 'variant': return 'variant';
    case 'enum': return 'enum';
    case 'flags': return 'flags';
    case 'resource': return 'resource';
    default: return t.kind;
  }
}

/** `greeting-options (a record)`, `list<string>`: a type for messages. */
export function describeType(t: ValType): string {
  const written = formatType(t);
  if (t.name === undefined) return `\`${written}\``;
  switch (t.kind) {
    case 'record': case 'variant': case 'enum': case 'flags': case 'resource':
      return `\`${written}\` (${t.kind === 'enum' ? 'an' : 'a'} ${t.kind})`;
    default:
      return `\`${written}\` (${formatStructure(t)})`;
  }
}

/** The first resource, stream or future a type reaches (things a value cannot be written for). */
export function unwritablePart(t: ValType, seen = new Set<ValType>()): ValType | undefined {
  if (seen.has(t)) return undefined;
  seen.add(t);
  switch (t.kind) {
    case 'own': case 'borrow': case 'resource': case 'future': case 'stream': case 'error-context':
      return t;
    case 'list': case 'fixed-list': return unwritablePart(t.element, seen);
    case 'map': return unwritablePart(t.key, seen) ?? unwritablePart(t.value, seen);
    case 'tuple': for (const x of t.types) { const u = unwritablePart(x, seen); if (u) return u; } return undefined;
    case 'record': for (const f of t.fields) { const u = unwritablePart(f.type, seen); if (u) return u; } return undefined;
    case 'variant': for (const c of t.cases) { const u = c.type && unwritablePart(c.type, seen); if (u) return u; } return undefined;
    case 'option': return unwritablePart(t.type, seen);
    case 'result': return (t.ok && unwritablePart(t.ok, seen)) || (t.err && unwritablePart(t.err, seen)) || undefined;
    default: return undefined;
  }
}

/**
 * jco's JavaScript name for a WIT name (heck's lowerCamelCase: `format-greeting` →
 * `formatGreeting`, `HTTP-request` → `httpRequest`).
 */
export function jsName(kebab: string): string {
  return kebab
    .split('-')
    .filter((w) => w !== '')
    .map((w, i) => (i === 0 ? w.toLowerCase() : w[0].toUpperCase() + w.slice(1).toLowerCase()))
    .join('');
}

/** jco's class name for a resource (`tally` → `Tally`, `input-stream` → `InputStream`). */
export function jsClassName(kebab: string): string {
  const c = jsName(kebab);
  return c ? c[0].toUpperCase() + c.slice(1) : c;
}
