// Completion that knows where the cursor is. The context comes from the tokens before the cursor
// (so it works in half-typed, unparseable code); the candidates come from the resolved model when
// there is one, and from the syntax tree of the file otherwise.
import { formatSemver, lexWitStretch, lowerBound, type Token, type WitFile } from '../syntax/index.js';
import type { Resolve } from '../semantic/model.js';
import { formatPackageName } from '../semantic/model.js';
import type { SemanticIndex } from './index.js';
import { typeDefText, witName } from './render.js';

export type CompletionKind = 'keyword' | 'type' | 'interface' | 'world' | 'module' | 'snippet' | 'function' | 'value' | 'property';

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  detail?: string;
  documentation?: string;
  /** Text to insert, when it differs from the label; a snippet when `snippet` is set. */
  insert?: string;
  snippet?: boolean;
  sortText?: string;
}

export interface CompletionResult {
  items: CompletionItem[];
  /** The span of the partial word the items replace. */
  start: number;
  end: number;
}

const builtinTypes = ['bool', 'u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64', 'f32', 'f64', 'char', 'string', 'error-context'];
const genericTypes: [string, string][] = [
  ['list', 'list<${1:T}>'], ['option', 'option<${1:T}>'], ['result', 'result<${1:T}, ${2:E}>'], ['tuple', 'tuple<${1:A}, ${2:B}>'],
  ['map', 'map<${1:K}, ${2:V}>'], ['future', 'future<${1:T}>'], ['stream', 'stream<${1:T}>'], ['own', 'own<${1:R}>'], ['borrow', 'borrow<${1:R}>'],
];

const snippets = {
  interface: ['interface', 'interface ${1:name} {\n\t$0\n}', 'an interface'],
  world: ['world', 'world ${1:name} {\n\t$0\n}', 'a world'],
  package: ['package', 'package ${1:namespace}:${2:name}@${3:0.1.0};', 'the package header'],
  func: ['func', '${1:name}: func(${2}) -> ${3:result};', 'a function'],
  asyncFunc: ['async func', '${1:name}: async func(${2}) -> ${3:result};', 'an async function'],
  record: ['record', 'record ${1:name} {\n\t${2:field}: ${3:u32},\n}', 'a record'],
  variant: ['variant', 'variant ${1:name} {\n\t${2:case}(${3:u32}),\n}', 'a variant'],
  enum: ['enum', 'enum ${1:name} {\n\t${2:first},\n}', 'an enum'],
  flags: ['flags', 'flags ${1:name} {\n\t${2:flag},\n}', 'flags'],
  resource: ['resource', 'resource ${1:name} {\n\tconstructor(${2});\n\t${3:method}: func(${4});\n}', 'a resource'],
  type: ['type', 'type ${1:name} = ${2:u32};', 'a type alias'],
  use: ['use', 'use ${1:interface}.{${2:name}};', 'use types from an interface'],
  importFunc: ['import func', 'import ${1:name}: func(${2});', 'import a function'],
  exportFunc: ['export func', 'export ${1:name}: func(${2});', 'export a function'],
  constructor: ['constructor', 'constructor(${1});', 'the constructor'],
  method: ['method', '${1:name}: func(${2});', 'a method'],
  staticFunc: ['static func', '${1:name}: static func(${2});', 'a static function'],
} as const;

function snippet(key: keyof typeof snippets): CompletionItem {
  const [label, body, doc] = snippets[key];
  return { label, kind: 'snippet', insert: body, snippet: true, detail: doc, sortText: `2${label}` };
}

function keyword(word: string, detail?: string): CompletionItem {
  return { label: word, kind: 'keyword', detail, sortText: `1${word}` };
}

type Block = 'top' | 'package' | 'interface' | 'world' | 'resource' | 'members' | 'use-names' | 'include-names' | 'other';

interface Frame {
  open: string;
  block: Block;
  /** The name of the interface/world/… the block belongs to. */
  owner?: string;
}

/** What the cursor is inside, from the brackets and keywords before it. */
function frames(tokens: Token[]): Frame[] {
  const stack: Frame[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i].text;
    if (t === '{') {
      // The keyword that introduced this block: scan back over the item's head.
      let block: Block = 'other';
      let owner: string | undefined;
      for (let k = i - 1; k >= 0 && k >= i - 40; k--) {
        const w = tokens[k].text;
        if (w === ';' || w === '{' || w === '}') break;
        if (w === 'interface') { block = 'interface'; owner = tokens[k + 1]?.kind === 'keyword' ? undefined : tokens[k + 1]?.text; break; }
        if (w === 'world') { block = 'world'; owner = tokens[k + 1]?.text; break; }
        if (w === 'resource') { block = 'resource'; owner = tokens[k + 1]?.text; break; }
        if (w === 'record' || w === 'variant' || w === 'enum' || w === 'flags') { block = 'members'; owner = w; break; }
        if (w === 'package') { block = 'package'; break; }
        if (w === 'with') { block = 'include-names'; break; }
        if (w === 'use') { block = 'use-names'; break; }
      }
      stack.push({ open: '{', block, owner });
    } else if (t === '(' || t === '<') {
      stack.push({ open: t, block: 'other' });
    } else if (t === '}' || t === ')' || t === '>') {
      const want = t === '}' ? '{' : t === ')' ? '(' : '<';
      // Unbalanced closers in broken code: pop to the matching opener, if any.
      const at = stack.map((f) => f.open).lastIndexOf(want);
      if (at >= 0) stack.length = at;
    }
  }
  return stack;
}

/** The start of the statement the cursor is in: the token after the last `;`, `{` or `}`. */
function statementStart(tokens: Token[]): number {
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i].text;
    if (t === ';' || t === '{' || t === '}') return i + 1;
  }
  return 0;
}

export interface CompletionContext {
  index?: SemanticIndex;
  file: string;
  text: string;
  ast?: WitFile;
  /** The parse errors of `ast`: lexing starts after the last item before the cursor only when none comes before it. */
  errors?: readonly { start: number }[];
  offset: number;
}

/**
 * Where the cursor's context starts: the closing `}` or `;` of the last top-level item that ends
 * before it, where the brackets balance; what the context looks at (the enclosing blocks, the
 * statement, a few tokens back) is after it. Lexing from the start of a 1 MB file took 20–30 ms
 * for each completion. In a file with errors an item counts only when the next one starts
 * before the first error: an item the parser closed at the end of the file, its `}` missing,
 * may have its error reported there, after the cursor.
 */
function contextStart(ctx: CompletionContext): number {
  const { ast, errors, text, offset } = ctx;
  if (!ast || !errors) return 0;
  let limit = offset;
  for (const e of errors) limit = Math.min(limit, e.start);
  const items = ast.items;
  // The last item that ends by `limit`.
  let k = lowerBound(items, limit + 1, (i) => i.span.end) - 1;
  if (errors.length && k >= 0 && !(k + 1 < items.length && items[k + 1].span.start < limit)) k--;
  if (k < 0) return 0;
  const end = items[k].span.end;
  const closer = text.charCodeAt(end - 1);
  return closer === 0x7d || closer === 0x3b ? end - 1 : 0;
}

export function computeCompletion(ctx: CompletionContext): CompletionResult {
  const { text, offset } = ctx;
  const lexed = lexWitStretch(text, contextStart(ctx), offset);
  const empty = { items: [], start: offset, end: offset };
  // Not inside comments or strings.
  for (const c of lexed.comments) if (c.start < offset && (c.end > offset || (!c.block && !c.text.endsWith('\n')))) return empty;
  let tokens = lexed.tokens;
  let start = offset;
  const last = tokens[tokens.length - 1];
  // A word being typed: it is replaced, and the context is what comes before it.
  if (last && last.end === offset && (last.kind === 'id' || last.kind === 'keyword' || last.kind === 'explicit-id' || last.kind === 'integer')) {
    start = last.start;
    tokens = tokens.slice(0, -1);
  }
  if (tokens.length && tokens[tokens.length - 1].kind === 'string' && tokens[tokens.length - 1].end === offset && !tokens[tokens.length - 1].text.endsWith('"')) return empty;
  const items = candidates(ctx, tokens, frames(tokens));
  // Deduplicate by label, keeping the first.
  const seen = new Set<string>();
  return { items: items.filter((i) => (seen.has(i.label) ? false : (seen.add(i.label), true))), start, end: offset };
}

function candidates(ctx: CompletionContext, tokens: Token[], stack: Frame[]): CompletionItem[] {
  const prev = tokens[tokens.length - 1]?.text;
  const prev2 = tokens[tokens.length - 2]?.text;
  const block = stack.length ? stack[stack.length - 1] : undefined;
  const stmt = tokens.slice(statementStart(tokens));
  const head = stmt.filter((t) => t.text !== '@').length ? stmt : [];
  const first = head.find((t, i) => !(t.text === '@' || (i > 0 && head[i - 1].text === '@')) && !isInsideGate(head, i))?.text;

  // ---- gates ----
  if (prev === '@') return ['since', 'unstable', 'deprecated', 'external-id'].map((g) => ({ label: g, kind: 'keyword' as const, detail: 'gate', insert: gateSnippet(g), snippet: true }));
  const gate = openGate(tokens);
  if (gate) {
    if (prev === '(') return [{ label: gate === 'unstable' ? 'feature' : 'version', kind: 'property', insert: gate === 'unstable' ? 'feature = ' : 'version = ' }];
    if (prev === '=' && gate === 'unstable') return features(ctx).map((f) => ({ label: f, kind: 'value', detail: 'feature used in this workspace' }));
    if (prev === '=') return versions(ctx).map((v) => ({ label: v, kind: 'value', detail: 'a version of this package' }));
    return [];
  }

  // ---- `use` and paths ----
  if (block?.block === 'use-names') return typesOfUsedInterface(ctx, tokens);
  const pathStart = first === 'use' || first === 'import' || first === 'export' || first === 'include';
  if (pathStart && (prev === ':' || prev === '/') && isPackagePath(stmt)) return packagePathItems(ctx, stmt, prev);
  if (first === 'use' && prev === 'use') return [...localItems(ctx, 'interface'), ...foreignItems(ctx, 'interface')];
  if (first === 'use' && prev === '.') return [{ label: '{…}', kind: 'snippet', insert: '{${1:name}};', snippet: true }];
  if ((first === 'import' || first === 'export') && (prev === 'import' || prev === 'export')) {
    return [...localItems(ctx, 'interface'), ...foreignItems(ctx, 'interface'), snippet(prev === 'import' ? 'importFunc' : 'exportFunc')];
  }
  if ((first === 'import' || first === 'export') && prev === ':' && stmt.length === 3) {
    return [keyword('func'), keyword('async'), keyword('interface'), ...localItems(ctx, 'interface'), ...foreignItems(ctx, 'interface')];
  }
  if (first === 'include' && prev === 'include') return [...localItems(ctx, 'world'), ...foreignItems(ctx, 'world')];

  // ---- type positions ----
  const inParams = block?.open === '(' || (block?.open === '<');
  const typePosition =
    prev === '->' || prev === '<' || (prev === ',' && block?.open === '<') ||
    (prev === '=' && first === 'type') ||
    (prev === ':' && (inParams || block?.block === 'members')) ||
    (prev === '(' && block?.open === '(' && stack[stack.length - 2]?.block === 'members');
  if (typePosition) {
    if (prev === ',' && tokens.slice(-3, -2)[0] && isListSize(tokens)) return [];
    return typeItems(ctx, stack);
  }
  // A function's name is followed by `func`.
  if (prev === ':' && (block?.block === 'interface' || block?.block === 'resource' || block?.block === 'world')) {
    return [keyword('func'), keyword('async'), ...(block.block === 'resource' ? [keyword('static')] : [])];
  }
  if (prev === 'async') return [keyword('func')];
  if (prev === 'static') return [keyword('func'), keyword('async')];

  // ---- the start of an item ----
  const atItemStart = !prev || prev === ';' || prev === '{' || prev === '}' || prev === ')' && prev2 !== undefined && isGateClose(tokens);
  if (!atItemStart) return [];
  const where = block?.block ?? 'top';
  switch (where) {
    case 'top': case 'package':
      return [...(tokens.length === 0 ? [keyword('package'), snippet('package')] : []), keyword('interface'), keyword('world'), keyword('use'), snippet('interface'), snippet('world'),
        ...(where === 'top' ? [keyword('package')] : [])];
    case 'interface':
      return [keyword('type'), keyword('record'), keyword('variant'), keyword('enum'), keyword('flags'), keyword('resource'), keyword('use'),
        snippet('func'), snippet('asyncFunc'), snippet('record'), snippet('variant'), snippet('enum'), snippet('flags'), snippet('resource'), snippet('type'), snippet('use')];
    case 'world':
      return [keyword('import'), keyword('export'), keyword('include'), keyword('use'), keyword('type'), keyword('record'), keyword('variant'), keyword('enum'),
        keyword('flags'), keyword('resource'), snippet('importFunc'), snippet('exportFunc'), snippet('record'), snippet('variant'), snippet('resource'), snippet('use')];
    case 'resource':
      return [keyword('constructor'), snippet('constructor'), snippet('method'), snippet('staticFunc')];
    default:
      return [];
  }
}

function gateSnippet(g: string): string {
  if (g === 'since' || g === 'deprecated') return `${g}(version = \${1:0.1.0})`;
  if (g === 'unstable') return 'unstable(feature = ${1:name})';
  return 'external-id("${1:id}")';
}

function isInsideGate(head: Token[], i: number): boolean {
  let depth = 0;
  for (let k = 0; k < i; k++) {
    if (head[k].text === '(' && k > 1 && head[k - 2].text === '@') depth++;
    else if (head[k].text === ')' && depth > 0) depth--;
  }
  return depth > 0;
}

/** `@since(` … with the cursor before its `)`: which gate. */
function openGate(tokens: Token[]): string | undefined {
  for (let i = tokens.length - 1; i >= 0 && i >= tokens.length - 6; i--) {
    if (tokens[i].text === ')') return undefined;
    if (tokens[i].text === '(' && tokens[i - 2]?.text === '@') return tokens[i - 1].text;
  }
  return undefined;
}

function isGateClose(tokens: Token[]): boolean {
  for (let i = tokens.length - 2; i >= 0 && i >= tokens.length - 8; i--) if (tokens[i].text === '(' ) return tokens[i - 2]?.text === '@';
  return false;
}

function isListSize(tokens: Token[]): boolean {
  let depth = 0;
  for (let i = tokens.length - 2; i >= 0; i--) {
    const t = tokens[i].text;
    if (t === '>') depth++;
    else if (t === '<') { if (depth === 0) return tokens[i - 1]?.text === 'list'; depth--; }
  }
  return false;
}

function isPackagePath(stmt: Token[]): boolean {
  // `use ns:` / `use ns:pkg/` / `import ns:pkg/`, not `import label: …`.
  const colon = stmt.findIndex((t) => t.text === ':');
  if (colon < 0) return false;
  const before = stmt[colon - 1];
  const after = stmt[colon + 1];
  return !!before && before.end === stmt[colon].start && (!after || after.start === stmt[colon].end);
}

// ---- candidates from the model ----

function resolveOf(ctx: CompletionContext): Resolve | undefined {
  return ctx.index?.resolve;
}

/** The package this file belongs to, in the resolved model. */
function filePackage(ctx: CompletionContext): number | undefined {
  const r = resolveOf(ctx);
  if (!r) return undefined;
  for (let i = 0; i < r.packages.length; i++) if (r.packages[i].files.includes(ctx.file)) return i;
  return undefined;
}

function localItems(ctx: CompletionContext, kind: 'interface' | 'world'): CompletionItem[] {
  const r = resolveOf(ctx);
  const pkg = filePackage(ctx);
  const out: CompletionItem[] = [];
  if (r && pkg !== undefined) {
    const p = r.packages[pkg];
    const names = kind === 'interface' ? p.interfaces : p.worlds;
    for (const [name, id] of names) {
      const docs = kind === 'interface' ? r.interfaces[id]?.docs.contents : r.worlds[id]?.docs.contents;
      out.push({ label: witName(name), kind, detail: `${kind} in ${formatPackageName(p.name)}`, documentation: docs, sortText: `0${name}` });
    }
  } else if (ctx.ast) {
    for (const item of ctx.ast.items) if (item.kind === kind && item.name) out.push({ label: witName(item.name.name), kind, sortText: `0${item.name.name}` });
  }
  return out;
}

function foreignItems(ctx: CompletionContext, kind: 'interface' | 'world'): CompletionItem[] {
  const r = resolveOf(ctx);
  const mine = filePackage(ctx);
  if (!r) return [];
  const out: CompletionItem[] = [];
  r.packages.forEach((p, id) => {
    if (id === mine) return;
    const v = p.name.version ? `@${formatSemver(p.name.version)}` : '';
    for (const [name, iid] of kind === 'interface' ? p.interfaces : p.worlds) {
      const label = `${p.name.namespace}:${p.name.name}/${name}${v}`;
      const docs = kind === 'interface' ? r.interfaces[iid]?.docs.contents : r.worlds[iid]?.docs.contents;
      out.push({ label, kind: 'module', detail: `${kind} from ${formatPackageName(p.name)}`, documentation: docs, sortText: `1${label}` });
    }
  });
  return out;
}

/** After `use ns:` — package names; after `use ns:pkg/` — that package's interfaces (with its version). */
function packagePathItems(ctx: CompletionContext, stmt: Token[], prev: string): CompletionItem[] {
  const r = resolveOf(ctx);
  if (!r) return [];
  const colon = stmt.findIndex((t) => t.text === ':');
  const ns = stmt[colon - 1]?.text;
  const isWorld = stmt[0]?.text === 'include';
  const out: CompletionItem[] = [];
  if (prev === ':') {
    for (const p of r.packages) if (p.name.namespace === ns) out.push({ label: p.name.name, kind: 'module', detail: formatPackageName(p.name) });
    return out;
  }
  const pkgName = stmt[colon + 1]?.text;
  for (const p of r.packages) {
    if (p.name.namespace !== ns || p.name.name !== pkgName) continue;
    const v = p.name.version ? `@${formatSemver(p.name.version)}` : '';
    for (const [name, id] of isWorld ? p.worlds : p.interfaces) {
      const docs = isWorld ? r.worlds[id]?.docs.contents : r.interfaces[id]?.docs.contents;
      out.push({ label: `${name}${v}`, kind: isWorld ? 'world' : 'interface', detail: formatPackageName(p.name), documentation: docs });
    }
  }
  return out;
}

/** Inside `use iface.{…}`: the types of that interface. */
function typesOfUsedInterface(ctx: CompletionContext, tokens: Token[]): CompletionItem[] {
  const r = resolveOf(ctx);
  const open = tokens.map((t) => t.text).lastIndexOf('{');
  const dot = tokens[open - 1]?.text === '.' ? open - 1 : -1;
  if (!r || dot < 0) return [];
  // The path: `iface`, or `ns:pkg/iface@1.2.3`.
  const useAt = tokens.map((t) => t.text).lastIndexOf('use', dot);
  const path = tokens.slice(useAt + 1, dot).map((t) => t.text).join('');
  const m = /^([^:]+):([^/]+)\/([^@]+)(?:@(.+))?$/.exec(path);
  let iface: number | undefined;
  if (m) {
    r.packages.forEach((p) => {
      if (p.name.namespace === m[1] && p.name.name === m[2] && (!m[4] || (p.name.version && formatSemver(p.name.version) === m[4]))) iface = p.interfaces.get(m[3]);
    });
  } else {
    const pkg = filePackage(ctx);
    if (pkg !== undefined) iface = r.packages[pkg].interfaces.get(path);
  }
  if (iface === undefined) return [];
  const already = new Set(tokens.slice(open + 1).map((t) => t.text));
  const out: CompletionItem[] = [];
  for (const [name, id] of r.interfaces[iface].types) {
    if (already.has(name)) continue;
    const d = r.types[id];
    out.push({ label: witName(name), kind: 'type', detail: d ? typeDefText(r, d, false) : undefined, documentation: d?.docs.contents });
  }
  return out;
}

/** Built-in types, generics, and the named types in scope where the cursor is. */
function typeItems(ctx: CompletionContext, stack: Frame[]): CompletionItem[] {
  const out: CompletionItem[] = [];
  const r = resolveOf(ctx);
  const scope = stack.slice().reverse().find((f) => f.block === 'interface' || f.block === 'world');
  if (r && scope) {
    const pkg = filePackage(ctx);
    let types: Map<string, number> | undefined;
    if (scope.block === 'interface') {
      for (const [i, iface] of r.interfaces.entries()) {
        if (iface.loc?.file === ctx.file && iface.name === scope.owner && (pkg === undefined || iface.package === pkg)) { types = iface.types; void i; break; }
      }
    } else {
      for (const w of r.worlds) {
        if (w.loc?.file === ctx.file && w.name === scope.owner) {
          types = new Map();
          for (const { key, item } of w.imports.values()) if (item.kind === 'type' && 'name' in key) types.set(key.name, item.id);
        }
      }
    }
    for (const [name, id] of types ?? []) {
      const d = r.types[id];
      out.push({ label: witName(name), kind: 'type', detail: d ? typeDefText(r, d, false) : undefined, documentation: d?.docs.contents, sortText: `0${name}` });
    }
  } else if (ctx.ast && scope) {
    // No model: the names defined in the enclosing interface of this file.
    for (const item of ctx.ast.items) {
      if (item.kind === 'interface' && item.name?.name === scope.owner) {
        for (const i of item.items) {
          if (i.kind === 'typedef' && i.name) out.push({ label: witName(i.name.name), kind: 'type', sortText: `0${i.name.name}` });
          if (i.kind === 'use') for (const n of i.names) out.push({ label: witName((n.as ?? n.name).name), kind: 'type', sortText: `0${n.name.name}` });
        }
      }
    }
  }
  for (const b of builtinTypes) out.push({ label: b, kind: 'keyword', detail: 'built-in type', sortText: `1${b}` });
  for (const [g, body] of genericTypes) out.push({ label: g, kind: 'keyword', detail: 'built-in type', insert: body, snippet: true, sortText: `1${g}` });
  return out;
}

function features(ctx: CompletionContext): string[] {
  const r = resolveOf(ctx);
  const set = new Set<string>();
  const add = (s: { kind: string; feature?: string }) => { if (s.kind === 'unstable' && s.feature) set.add(s.feature); };
  if (r) {
    for (const i of r.interfaces) { add(i.stability as { kind: string; feature?: string }); for (const f of i.functions.values()) add(f.stability as { kind: string; feature?: string }); }
    for (const t of r.types) add(t.stability as { kind: string; feature?: string });
    for (const w of r.worlds) add(w.stability as { kind: string; feature?: string });
  }
  for (const m of ctx.text.matchAll(/feature\s*=\s*([a-z][a-z0-9-]*)/g)) set.add(m[1]);
  return [...set].sort();
}

function versions(ctx: CompletionContext): string[] {
  const set = new Set<string>();
  const m = /package\s+[^;{]*@([0-9][^\s;{]*)/.exec(ctx.text);
  if (m) set.add(m[1]);
  for (const v of ctx.text.matchAll(/version\s*=\s*([0-9][0-9a-z.+-]*)/g)) set.add(v[1]);
  return [...set];
}
