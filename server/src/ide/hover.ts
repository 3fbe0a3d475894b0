// Hover: the item's WIT signature, its doc comment as Markdown, where a `use`d name comes from,
// what an alias expands to, and what the built-in types are.
import * as nodePath from 'node:path';
import { lexWitStretch, type WitFile } from '../syntax/index.js';
import type { TypeDef } from '../semantic/model.js';
import { formatPackageName } from '../semantic/model.js';
import { bundledWitDir } from '../workspace/bundled-wasi.js';
import { itemsAround } from './decorations.js';
import type { SemanticIndex } from './index.js';
import { deprecatedSince, expandAlias, funcSignature, qualifiedInterface, shortFuncName, stabilityText, typeDefText, typeText, witName } from './render.js';

export interface HoverResult {
  markdown: string;
  start: number;
  end: number;
}

const builtins: Record<string, string> = {
  bool: 'A boolean: `true` or `false`.',
  u8: 'An unsigned 8-bit integer (0 to 255).', u16: 'An unsigned 16-bit integer.', u32: 'An unsigned 32-bit integer.', u64: 'An unsigned 64-bit integer.',
  s8: 'A signed 8-bit integer (-128 to 127).', s16: 'A signed 16-bit integer.', s32: 'A signed 32-bit integer.', s64: 'A signed 64-bit integer.',
  f32: 'A 32-bit IEEE 754 floating-point number.', f64: 'A 64-bit IEEE 754 floating-point number.',
  char: 'A Unicode scalar value.', string: 'A Unicode string.',
  'error-context': 'An opaque, debuggable error value that can cross component boundaries.',
  list: '`list<T>`: a sequence of `T`; `list<T, N>`: exactly `N` values.',
  map: '`map<K, V>`: a map from keys `K` (integers, `bool`, `char` or `string`) to values `V`.',
  option: '`option<T>`: a `T` or nothing.',
  result: '`result<T, E>`: success with `T` or failure with `E`; either may be omitted.',
  tuple: '`tuple<A, B, …>`: a fixed sequence of values of different types.',
  future: '`future<T>`: a value of type `T` that arrives later (async).',
  stream: '`stream<T>`: a sequence of `T` values that arrive over time (async).',
  own: '`own<R>`: an owned handle to resource `R` (what a bare `R` means).',
  borrow: '`borrow<R>`: a handle to resource `R` lent for the duration of a call.',
};

function wit(code: string): string {
  return '```wit\n' + code + '\n```';
}

function docs(contents: string | undefined): string {
  return contents ? `\n\n---\n\n${contents}` : '';
}

function fileNote(path: string | undefined): string {
  if (!path) return '';
  const bundled = bundledWitDir();
  if (bundled && path.startsWith(bundled)) return 'from the WASI WIT bundled with jco';
  return `\`${nodePath.basename(nodePath.dirname(path))}/${nodePath.basename(path)}\``;
}

/** `ast`, the tree of `text` when the caller has it, limits the lexing for a keyword to the items around `offset`. */
export function computeHover(index: SemanticIndex, file: string, text: string, offset: number, ast?: WitFile): HoverResult | undefined {
  const occ = index.at(file, offset);
  const r = index.resolve;
  if (occ && r) {
    const s = occ.symbol;
    let md = '';
    switch (s.kind) {
      case 'type': {
        const d = r.types[s.id];
        if (!d) return undefined;
        md = typeHover(index, d);
        break;
      }
      case 'interface': {
        const i = r.interfaces[s.id];
        const gate = stabilityText(i.stability);
        md = wit(`${gate ? gate + '\n' : ''}interface ${witName(i.name ?? '?')}`) + `\n\n\`${qualifiedInterface(r, s.id)}\` · ${i.types.size} types, ${i.functions.size} functions` +
          (i.loc ? ` · ${fileNote(i.loc.file)}` : '') + docs(i.docs.contents);
        break;
      }
      case 'world': {
        const w = r.worlds[s.id];
        const gate = stabilityText(w.stability);
        const pkg = w.package !== null ? formatPackageName(r.packages[w.package].name) : '';
        md = wit(`${gate ? gate + '\n' : ''}world ${witName(w.name)}`) + `\n\n\`${pkg}/${w.name}\` · ${w.imports.size} imports, ${w.exports.size} exports` + docs(w.docs.contents);
        break;
      }
      case 'package': {
        const p = r.packages[s.id];
        md = wit(`package ${formatPackageName(p.name)}`) + `\n\n${p.interfaces.size} interfaces, ${p.worlds.size} worlds` + (p.loc ? ` · ${fileNote(p.loc.file)}` : '') + docs(p.docs.contents);
        break;
      }
      case 'function': {
        const f = index.func(s);
        if (!f) return undefined;
        const gate = stabilityText(f.stability);
        md = wit(`${gate ? gate + '\n' : ''}${witName(shortFuncName(f.name))}: ${funcSignature(r, f)}`) + docs(f.docs.contents);
        break;
      }
    }
    return { markdown: md, start: occ.start, end: occ.end };
  }
  // Built-in type keywords.
  const { from, to } = ast ? itemsAround(ast, text.length, { start: offset, end: offset }) : { from: 0, to: text.length };
  const tok = lexWitStretch(text, from, to).tokens.find((t) => t.start <= offset && offset <= t.end && t.kind === 'keyword');
  if (tok && builtins[tok.text]) return { markdown: wit(tok.text) + '\n\n' + builtins[tok.text], start: tok.start, end: tok.end };
  return undefined;
}

function typeHover(index: SemanticIndex, d: TypeDef): string {
  const r = index.resolve!;
  // A `use`d name: show the original, and where it comes from.
  if (d.fromUse && d.kind.kind === 'type' && typeof d.kind.type !== 'string') {
    const target = r.types[d.kind.type.id];
    const from = target?.owner.kind === 'interface' ? qualifiedInterface(r, target.owner.id) : '?';
    const renamed = target && target.name !== d.name ? ` as \`${d.name}\`` : '';
    return wit(target ? typeDefText(r, target) : `type ${d.name}`) + `\n\nused from \`${from}\`${renamed}` + (target?.loc ? ` · ${fileNote(target.loc.file)}` : '') + docs(target?.docs.contents) + deprecation(target ?? d);
  }
  let md = wit(`${stabilityText(d.stability) ? stabilityText(d.stability) + '\n' : ''}${typeDefText(r, d)}`);
  if (d.kind.kind === 'type') {
    const expanded = expandAlias(r, d.kind.type);
    const direct = typeText(r, d.kind.type);
    const full = typeof expanded === 'string' ? expanded : typeText(r, expanded);
    if (full !== direct) md += `\n\nexpands to \`${full}\``;
    if (typeof expanded !== 'string' && r.types[expanded.id]?.name) {
      const target = r.types[expanded.id];
      md += '\n\n' + wit(typeDefText(r, target));
    }
  }
  if (d.owner.kind === 'interface') md += `\n\nin \`${qualifiedInterface(r, d.owner.id)}\``;
  return md + docs(d.docs.contents) + deprecation(d);
}

function deprecation(d: TypeDef): string {
  const v = deprecatedSince(d.stability);
  return v ? `\n\n**Deprecated** since ${v}.` : '';
}
