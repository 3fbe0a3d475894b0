// `wit-tools doc`: the documentation of a package and its dependencies, from the resolved model —
// static files, as rustdoc or buf's registry pages give their users. HTML: an index with a search
// box, one page per interface and per world (`NS/NAME@VERSION/interface.IFACE.html`, an anchor per
// type and function: stable URLs), every type linked to its definition across packages, doc
// comments rendered as Markdown, gates shown. Markdown: one file per package (`NS-NAME@VERSION.md`)
// with explicit anchors, so that links between files and within them resolve (wit-bindgen's
// markdown output has headings whose anchors do not: wit-bindgen#1516). Pure: model in, files out.
import { formatPackageName, type Docs, type Function, type InterfaceId, type PackageId, type Resolve, type Stability, type Type, type TypeDef, type TypeId, type WorldId, type WorldItem } from '../semantic/model.js';
import { formatSemver } from '../syntax/semver.js';
import { escapeHtml, markdownHtml } from './markdown.js';

export type DocFormat = 'html' | 'markdown';

/** Relative path → content. */
export type DocFiles = Map<string, string>;

interface Target {
  /** The page (relative to the site's root) and the anchor. */
  page: string;
  anchor?: string;
  label: string;
}

/** The folder of a package's pages: `wasi/http@0.3.0`. */
export const pkgDir = (r: Resolve, p: PackageId) => {
  const n = r.packages[p].name;
  return `${n.namespace}/${n.name}${n.version ? `@${formatSemver(n.version)}` : ''}`;
};

/** The anchor of a function: `blob.read` for `[method]blob.read`, `blob.constructor` for `[constructor]blob`. */
export function funcAnchor(name: string): string {
  const m = /^\[(?:async )?(method|static|constructor)\](.*)$/.exec(name);
  if (!m) return name;
  return m[1] === 'constructor' ? `${m[2]}.constructor` : m[2];
}

function relative(from: string, to: string): string {
  const a = from.split('/').slice(0, -1);
  const b = to.split('/');
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
}

function stabilityText(s: Stability): string[] {
  const out: string[] = [];
  if (s.kind === 'stable') out.push(`since ${formatSemver(s.since)}`);
  if (s.kind === 'unstable') out.push(`unstable: ${s.feature}`);
  if (s.kind !== 'unknown' && s.deprecated) out.push(`deprecated since ${formatSemver(s.deprecated)}`);
  return out;
}

export function buildDocs(resolve: Resolve, packages: PackageId[], format: DocFormat): DocFiles {
  return new Site(resolve, packages, format).build();
}

class Site {
  private readonly files: DocFiles = new Map();
  private readonly md: boolean;

  constructor(private readonly r: Resolve, private readonly packages: PackageId[], format: DocFormat) {
    this.md = format === 'markdown';
  }

  // ---- where things are ----

  private interfacePage(id: InterfaceId): string | undefined {
    const i = this.r.interfaces[id];
    if (i.package === null || i.name === null) return undefined;
    return this.md ? this.mdFile(i.package) : `${pkgDir(this.r, i.package)}/interface.${i.name}.html`;
  }

  private worldPage(id: WorldId): string | undefined {
    const w = this.r.worlds[id];
    if (w.package === null) return undefined;
    return this.md ? this.mdFile(w.package) : `${pkgDir(this.r, w.package)}/world.${w.name}.html`;
  }

  private mdFile(p: PackageId): string {
    return `${pkgDir(this.r, p).replace('/', '-')}.md`;
  }

  /** In Markdown every item of a package is in one file: its anchors carry the interface or world. */
  private anchor(scope: string, name?: string): string {
    return this.md ? (name === undefined ? scope : `${scope}.${name}`) : name ?? '';
  }

  private typeTarget(id: TypeId): Target | undefined {
    const t = this.r.types[id];
    if (t.name === null) return undefined;
    if (t.owner.kind === 'interface') {
      const page = this.interfacePage(t.owner.id);
      const iface = this.r.interfaces[t.owner.id];
      return page ? { page, anchor: this.anchor(`interface.${iface.name}`, t.name), label: t.name } : undefined;
    }
    if (t.owner.kind === 'world') {
      const page = this.worldPage(t.owner.id);
      return page ? { page, anchor: this.anchor(`world.${this.r.worlds[t.owner.id].name}`, t.name), label: t.name } : undefined;
    }
    return undefined;
  }

  private link(from: string, target: Target | undefined, label: string): string {
    if (!target || !this.inSite(target.page)) return this.md ? `\`${label}\`` : `<span class="name">${escapeHtml(label)}</span>`;
    const href = (target.page === from ? '' : relative(from, target.page)) + (target.anchor ? `#${target.anchor}` : '');
    return this.md ? `[\`${label}\`](${href})` : `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`;
  }

  private readonly sitePages = new Set<string>();

  private inSite(page: string): boolean {
    return this.sitePages.has(page);
  }

  // ---- types and functions as text with links ----

  private type(from: string, t: Type): string {
    const plain = (s: string) => (this.md ? s : escapeHtml(s));
    if (typeof t === 'string') return this.md ? t : `<span class="prim">${t}</span>`;
    const def = this.r.types[t.id];
    if (def.name !== null) return this.link(from, this.typeTarget(t.id), def.name);
    const k = def.kind;
    const inner = (x: Type | undefined) => (x === undefined ? '_' : this.type(from, x));
    switch (k.kind) {
      case 'list': return `${plain('list<')}${this.type(from, k.type)}${plain('>')}`;
      case 'fixed-length-list': return `${plain('list<')}${this.type(from, k.type)}, ${k.size}${plain('>')}`;
      case 'map': return `${plain('map<')}${this.type(from, k.key)}, ${this.type(from, k.value)}${plain('>')}`;
      case 'option': return `${plain('option<')}${this.type(from, k.type)}${plain('>')}`;
      case 'tuple': return `${plain('tuple<')}${k.types.map((x) => this.type(from, x)).join(', ')}${plain('>')}`;
      case 'result': return k.ok === undefined && k.err === undefined ? 'result' : k.err === undefined ? `${plain('result<')}${inner(k.ok)}${plain('>')}` : `${plain('result<')}${inner(k.ok)}, ${inner(k.err)}${plain('>')}`;
      case 'handle': return k.handle === 'borrow' ? `${plain('borrow<')}${this.type(from, { id: k.resource })}${plain('>')}` : this.type(from, { id: k.resource });
      case 'future': case 'stream': return k.type === undefined ? k.kind : `${plain(`${k.kind}<`)}${this.type(from, k.type)}${plain('>')}`;
      case 'type': return this.type(from, k.type);
      default: return plain(k.kind);
    }
  }

  private signature(from: string, f: Function): string {
    const isMethod = f.kind.kind === 'method' || f.kind.kind === 'async-method';
    const params = f.params.filter((_, i) => !(isMethod && i === 0)).map((p) => `${this.md ? p.name : escapeHtml(p.name)}: ${this.type(from, p.type)}`).join(', ');
    const async = f.kind.kind.startsWith('async') ? 'async ' : '';
    const result = f.result === undefined ? '' : ` -> ${this.type(from, f.result)}`;
    if (f.kind.kind === 'constructor') return `constructor(${params})`;
    return `${f.kind.kind === 'static' || f.kind.kind === 'async-static' ? 'static ' : ''}${async}func(${params})${result}`;
  }

  private docs(d: Docs): string {
    if (!d.contents) return '';
    return this.md ? d.contents.trim() : `<div class="docs">${markdownHtml(d.contents)}</div>`;
  }

  private gates(s: Stability): string {
    const g = stabilityText(s);
    if (!g.length) return '';
    return this.md ? ` _(${g.join('; ')})_` : g.map((x) => ` <span class="gate${/deprecated/.test(x) ? ' deprecated' : /unstable/.test(x) ? ' unstable' : ''}">${escapeHtml(x)}</span>`).join('');
  }

  // ---- pages ----

  build(): DocFiles {
    const pkgs = this.packages;
    for (const p of pkgs) {
      if (this.md) { this.sitePages.add(this.mdFile(p)); continue; }
      this.sitePages.add(`${pkgDir(this.r, p)}/index.html`);
      for (const id of this.r.packages[p].interfaces.values()) this.sitePages.add(this.interfacePage(id)!);
      for (const id of this.r.packages[p].worlds.values()) this.sitePages.add(this.worldPage(id)!);
    }
    if (this.md) {
      for (const p of pkgs) this.files.set(this.mdFile(p), this.markdownPackage(p));
      this.files.set('README.md', `# WIT documentation\n\n${pkgs.map((p) => `- [\`${formatPackageName(this.r.packages[p].name)}\`](${this.mdFile(p)})`).join('\n')}\n`);
      return this.files;
    }
    const index: { name: string; kind: string; url: string; in: string }[] = [];
    for (const p of pkgs) {
      const pkg = this.r.packages[p];
      const dir = pkgDir(this.r, p);
      const pkgName = formatPackageName(pkg.name);
      index.push({ name: pkgName, kind: 'package', url: `${dir}/index.html`, in: '' });
      for (const [name, id] of pkg.interfaces) {
        const page = this.interfacePage(id)!;
        index.push({ name, kind: 'interface', url: page, in: pkgName });
        const iface = this.r.interfaces[id];
        for (const [t] of iface.types) index.push({ name: t, kind: 'type', url: `${page}#${t}`, in: `${pkgName}/${name}` });
        for (const [f] of iface.functions) index.push({ name: f.replace(/^\[[^\]]*\]/, ''), kind: 'function', url: `${page}#${funcAnchor(f)}`, in: `${pkgName}/${name}` });
        this.files.set(page, this.interfaceHtml(id, page));
      }
      for (const [name, id] of pkg.worlds) {
        const page = this.worldPage(id)!;
        index.push({ name, kind: 'world', url: page, in: pkgName });
        this.files.set(page, this.worldHtml(id, page));
      }
      this.files.set(`${dir}/index.html`, this.packageHtml(p, `${dir}/index.html`));
    }
    this.files.set('index.html', this.indexHtml(index));
    this.files.set('style.css', STYLE);
    this.files.set('search.js', SEARCH);
    return this.files;
  }

  private pageHtml(page: string, title: string, body: string, crumbs: [string, string | undefined][]): string {
    const root = relative(page, 'index.html');
    const nav = crumbs.map(([label, href]) => (href ? `<a href="${escapeHtml(relative(page, href))}">${escapeHtml(label)}</a>` : escapeHtml(label))).join(' / ');
    return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
      `<link rel="stylesheet" href="${escapeHtml(relative(page, 'style.css'))}"></head>\n<body><nav><a href="${escapeHtml(root)}">Packages</a>${nav ? ` / ${nav}` : ''}</nav>\n<main>\n${body}\n</main></body></html>\n`;
  }

  private packageHtml(p: PackageId, page: string): string {
    const pkg = this.r.packages[p];
    const name = formatPackageName(pkg.name);
    const list = (label: string, items: [string, string][]) => (items.length ? `<h2>${label}</h2>\n<ul>${items.map(([n, href]) => `<li><a href="${escapeHtml(relative(page, href))}">${escapeHtml(n)}</a>${this.summary(href)}</li>`).join('')}</ul>` : '');
    const body = `<h1>package <code>${escapeHtml(name)}</code></h1>\n${this.docs(pkg.docs)}\n` +
      list('Interfaces', [...pkg.interfaces].map(([n, id]) => [n, this.interfacePage(id)!])) +
      list('Worlds', [...pkg.worlds].map(([n, id]) => [n, this.worldPage(id)!]));
    return this.pageHtml(page, name, body, [[name, undefined]]);
  }

  /** The first sentence of an interface's or world's docs, for lists. */
  private summary(page: string): string {
    const m = /\/(interface|world)\.([^/]+)\.html$/.exec(page);
    if (!m) return '';
    const p = this.packages.find((x) => page.startsWith(`${pkgDir(this.r, x)}/`));
    if (p === undefined) return '';
    const pkg = this.r.packages[p];
    const id = m[1] === 'interface' ? pkg.interfaces.get(m[2]) : pkg.worlds.get(m[2]);
    const docs = id === undefined ? undefined : m[1] === 'interface' ? this.r.interfaces[id].docs : this.r.worlds[id].docs;
    const first = docs?.contents?.trim().split(/\n\s*\n|(?<=\.)\s/)[0];
    return first ? ` — ${escapeHtml(first.replace(/\s+/g, ' '))}` : '';
  }

  private typeDefHtml(page: string, id: TypeId, methods: Function[]): string {
    const t = this.r.types[id];
    const name = t.name!;
    const head = (kw: string, rest = '') => `<h3 id="${escapeHtml(name)}"><span class="kw">${kw}</span> <a class="self" href="#${escapeHtml(name)}">${escapeHtml(name)}</a>${rest}${this.gates(t.stability)}</h3>`;
    const k = t.kind;
    const rows = (items: { name: string; type?: string; docs: Docs }[]) => `<dl>${items.map((x) => `<dt id="${escapeHtml(`${name}.${x.name}`)}"><code>${escapeHtml(x.name)}</code>${x.type ? `: <code>${x.type}</code>` : ''}</dt><dd>${this.docs(x.docs)}</dd>`).join('')}</dl>`;
    switch (k.kind) {
      case 'record': return `${head('record')}${this.docs(t.docs)}${rows(k.fields.map((f) => ({ name: f.name, type: this.type(page, f.type), docs: f.docs })))}`;
      case 'variant': return `${head('variant')}${this.docs(t.docs)}${rows(k.cases.map((c) => ({ name: c.name, type: c.type === undefined ? undefined : this.type(page, c.type), docs: c.docs })))}`;
      case 'enum': return `${head('enum')}${this.docs(t.docs)}${rows(k.cases.map((c) => ({ name: c.name, docs: c.docs })))}`;
      case 'flags': return `${head('flags')}${this.docs(t.docs)}${rows(k.flags.map((c) => ({ name: c.name, docs: c.docs })))}`;
      case 'resource':
        return `${head('resource')}${this.docs(t.docs)}${methods.map((f) => `<h4 id="${escapeHtml(funcAnchor(f.name))}"><code>${escapeHtml(f.kind.kind === 'constructor' ? 'constructor' : f.name.replace(/^\[[^\]]*\][^.]*\./, ''))}: ${this.signature(page, f)}</code>${this.gates(f.stability)}</h4>${this.docs(f.docs)}`).join('')}`;
      case 'type': {
        const target = typeof k.type === 'string' ? undefined : this.r.types[k.type.id];
        const use = t.fromUse && target && target.owner.kind === 'interface' && !(t.owner.kind === 'interface' && target.owner.id === t.owner.id);
        return `${head(use ? 'use' : 'type', ` = <code>${this.type(page, k.type)}</code>`)}${this.docs(t.docs)}`;
      }
      default: return `${head('type', ` = <code>${this.type(page, { id })}</code>`)}${this.docs(t.docs)}`;
    }
  }

  private interfaceHtml(id: InterfaceId, page: string): string {
    const iface = this.r.interfaces[id];
    const pkg = iface.package!;
    const pkgName = formatPackageName(this.r.packages[pkg].name);
    const methodsOf = (res: TypeId) => [...iface.functions.values()].filter((f) => 'resource' in f.kind && f.kind.resource === res);
    const types = [...iface.types.values()].map((t) => this.typeDefHtml(page, t, methodsOf(t))).join('\n');
    const funcs = [...iface.functions.values()].filter((f) => !('resource' in f.kind)).map((f) => `<h3 id="${escapeHtml(funcAnchor(f.name))}"><a class="self" href="#${escapeHtml(funcAnchor(f.name))}">${escapeHtml(f.name)}</a>: <code>${this.signature(page, f)}</code>${this.gates(f.stability)}</h3>${this.docs(f.docs)}`).join('\n');
    const usedBy = [...this.r.worlds.entries()].filter(([, w]) => [...w.imports.values(), ...w.exports.values()].some((e) => e.item.kind === 'interface' && e.item.id === id));
    const worlds = usedBy.length ? `<h2>Worlds</h2><ul>${usedBy.map(([wid, w]) => `<li>${this.link(page, this.worldPage(wid) ? { page: this.worldPage(wid)!, label: w.name } : undefined, w.name)} ${w.imports.has(`interface-${id}`) || [...w.imports.values()].some((e) => e.item.kind === 'interface' && e.item.id === id) ? 'imports' : 'exports'} it</li>`).join('')}</ul>` : '';
    const body = `<h1>interface <code>${escapeHtml(iface.name!)}</code>${this.gates(iface.stability)}</h1>\n<p class="path"><code>${escapeHtml(this.r.idOf(id) ?? iface.name!)}</code></p>\n${this.docs(iface.docs)}\n` +
      (types ? `<h2>Types</h2>\n${types}\n` : '') + (funcs ? `<h2>Functions</h2>\n${funcs}\n` : '') + worlds;
    return this.pageHtml(page, `${this.r.idOf(id)} — WIT`, body, [[pkgName, `${pkgDir(this.r, pkg)}/index.html`], [iface.name!, undefined]]);
  }

  private worldItemHtml(page: string, key: string, item: WorldItem): string {
    switch (item.kind) {
      case 'interface': {
        const target = this.interfacePage(item.id);
        const label = /^interface-\d+$/.test(key) ? this.r.idOf(item.id) ?? key : key;
        const inline = this.r.interfaces[item.id].name === null;
        if (inline) {
          const iface = this.r.interfaces[item.id];
          return `<li id="${escapeHtml(key)}"><code>${escapeHtml(key)}</code>: interface { ${[...iface.functions.values()].map((f) => `<code>${escapeHtml(f.name)}: ${this.signature(page, f)}</code>`).join('; ')} }</li>`;
        }
        return `<li id="${escapeHtml(label)}">${/^interface-\d+$/.test(key) ? '' : `<code>${escapeHtml(key)}</code>: `}${this.link(page, target ? { page: target, label } : undefined, this.r.idOf(item.id) ?? label)}</li>`;
      }
      case 'function': return `<li id="${escapeHtml(key)}"><code>${escapeHtml(key)}: ${this.signature(page, item.func)}</code>${this.docs(item.func.docs)}</li>`;
      case 'type': return `<li>${this.typeDefHtml(page, item.id, [])}</li>`;
    }
  }

  private worldHtml(id: WorldId, page: string): string {
    const w = this.r.worlds[id];
    const pkg = w.package!;
    const pkgName = formatPackageName(this.r.packages[pkg].name);
    const side = (label: string, m: typeof w.imports) => (m.size ? `<h2>${label}</h2>\n<ul class="items">${[...m].map(([k, e]) => this.worldItemHtml(page, k, e.item)).join('')}</ul>` : '');
    const diagram = worldDiagram(this.r, id);
    const body = `<h1>world <code>${escapeHtml(w.name)}</code>${this.gates(w.stability)}</h1>\n${this.docs(w.docs)}\n${diagram}\n${side('Imports', w.imports)}\n${side('Exports', w.exports)}`;
    return this.pageHtml(page, `${pkgName}/${w.name} — WIT`, body, [[pkgName, `${pkgDir(this.r, pkg)}/index.html`], [w.name, undefined]]);
  }

  private indexHtml(index: { name: string; kind: string; url: string; in: string }[]): string {
    const pkgs = index.filter((x) => x.kind === 'package');
    const body = `<h1>WIT documentation</h1>\n<input id="search" type="search" placeholder="Search interfaces, worlds, types, functions…" autocomplete="off">\n<ul id="results"></ul>\n` +
      `<h2>Packages</h2>\n<ul id="packages">${pkgs.map((p) => `<li><a href="${escapeHtml(p.url)}">${escapeHtml(p.name)}</a></li>`).join('')}</ul>\n` +
      `<script>window.WIT_INDEX = ${JSON.stringify(index).replace(/</g, '\\u003c')};</script>\n<script src="search.js"></script>`;
    return this.pageHtml('index.html', 'WIT documentation', body, []);
  }

  // ---- Markdown ----

  private markdownPackage(p: PackageId): string {
    const pkg = this.r.packages[p];
    const file = this.mdFile(p);
    const out: string[] = [`# package \`${formatPackageName(pkg.name)}\``, '', this.docs(pkg.docs), ''];
    const a = (id: string) => `<a name="${id}"></a>`;
    for (const [name, id] of pkg.interfaces) {
      const iface = this.r.interfaces[id];
      out.push(`${a(`interface.${name}`)}`, `## interface \`${name}\`${this.gates(iface.stability)}`, '', this.docs(iface.docs), '');
      for (const [tname, tid] of iface.types) {
        const t = this.r.types[tid];
        out.push(`${a(`interface.${name}.${tname}`)}`, `### ${this.mdKind(t)} \`${tname}\`${this.gates(t.stability)}`, '', this.docs(t.docs), '', ...this.mdTypeBody(file, t));
      }
      for (const [fname, f] of iface.functions) {
        out.push(`${a(`interface.${name}.${funcAnchor(fname)}`)}`, `### \`${fname}\`${this.gates(f.stability)}`, '', `\`${fname}: ${this.signature(file, f).replace(/`/g, '')}\``, '', this.docs(f.docs), '');
      }
    }
    for (const [name, id] of pkg.worlds) {
      const w = this.r.worlds[id];
      out.push(`${a(`world.${name}`)}`, `## world \`${name}\`${this.gates(w.stability)}`, '', this.docs(w.docs), '');
      for (const [label, m] of [['Imports', w.imports], ['Exports', w.exports]] as const) {
        if (!m.size) continue;
        out.push(`**${label}**`, '');
        for (const [k, e] of m) {
          if (e.item.kind === 'interface') {
            const target = this.interfacePage(e.item.id);
            const iname = this.r.interfaces[e.item.id].name;
            const full = this.r.idOf(e.item.id) ?? k;
            out.push(`- ${/^interface-\d+$/.test(k) ? '' : `\`${k}\`: `}${iname !== null && target ? this.link(file, { page: target, anchor: `interface.${iname}`, label: full }, full) : `\`${k}\``}`);
          } else if (e.item.kind === 'function') out.push(`- \`${k}\`: ${this.signature(file, e.item.func)}`);
          else out.push(`- type \`${k}\``);
        }
        out.push('');
      }
    }
    return out.filter((x, i, xs) => !(x === '' && xs[i - 1] === '')).join('\n') + '\n';
  }

  private mdKind(t: TypeDef): string {
    return t.kind.kind === 'type' ? (t.fromUse ? 'use' : 'type') : t.kind.kind;
  }

  private mdTypeBody(file: string, t: TypeDef): string[] {
    const k = t.kind;
    switch (k.kind) {
      case 'record': return [...k.fields.map((f) => `- \`${f.name}\`: ${this.type(file, f.type)}${f.docs.contents ? ` — ${f.docs.contents.trim().replace(/\s+/g, ' ')}` : ''}`), ''];
      case 'variant': return [...k.cases.map((c) => `- \`${c.name}\`${c.type !== undefined ? `(${this.type(file, c.type)})` : ''}${c.docs.contents ? ` — ${c.docs.contents.trim().replace(/\s+/g, ' ')}` : ''}`), ''];
      case 'enum': return [...k.cases.map((c) => `- \`${c.name}\``), ''];
      case 'flags': return [...k.flags.map((c) => `- \`${c.name}\``), ''];
      case 'type': return [`= ${this.type(file, k.type)}`, ''];
      default: return [];
    }
  }
}

/** A world's imports and exports drawn as an SVG: imports on the left, exports on the right. */
export function worldDiagram(r: Resolve, id: WorldId): string {
  const w = r.worlds[id];
  const label = (k: string, item: WorldItem) => (item.kind === 'interface' && /^interface-\d+$/.test(k) ? r.idOf(item.id) ?? k : k);
  const imports = [...w.imports].filter(([, e]) => e.item.kind !== 'type').map(([k, e]) => label(k, e.item));
  const exports = [...w.exports].filter(([, e]) => e.item.kind !== 'type').map(([k, e]) => label(k, e.item));
  const rowH = 26;
  const rows = Math.max(imports.length, exports.length, 1);
  const height = rows * rowH + 40;
  const boxW = 260;
  const width = boxW * 2 + 200;
  const text = (x: number, y: number, s: string, anchor: string) => `<text x="${x}" y="${y}" text-anchor="${anchor}">${escapeHtml(s.length > 38 ? `${s.slice(0, 37)}…` : s)}</text>`;
  const center = { x: boxW + 40, y: 20, w: 120, h: height - 40 };
  const parts = [
    `<rect class="world" x="${center.x}" y="${center.y}" width="${center.w}" height="${center.h}" rx="8"/>`,
    text(center.x + center.w / 2, center.y + center.h / 2 + 4, w.name, 'middle'),
    ...imports.flatMap((s, i) => { const y = 20 + i * rowH + rowH / 2; return [`<line x1="${boxW}" y1="${y}" x2="${center.x}" y2="${y}"/>`, text(boxW - 6, y + 4, s, 'end')]; }),
    ...exports.flatMap((s, i) => { const y = 20 + i * rowH + rowH / 2; const x = center.x + center.w; return [`<line x1="${x}" y1="${y}" x2="${x + 40}" y2="${y}"/>`, text(x + 46, y + 4, s, 'start')]; }),
  ];
  return `<svg class="diagram" role="img" aria-label="world ${escapeHtml(w.name)}: ${imports.length} imports, ${exports.length} exports" viewBox="0 0 ${width + 200} ${height}" width="${width + 200}" height="${height}">${parts.join('')}</svg>`;
}

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1f2328;background:#fff}
nav{padding:.6em 1.2em;border-bottom:1px solid #d0d7de;background:#f6f8fa}main{max-width:60em;padding:0 1.2em 3em}
code{font:13px ui-monospace,monospace;background:#f6f8fa;padding:.1em .3em;border-radius:4px}
h3{margin-top:1.6em}h3 code,h4 code{background:none}.kw{color:#8250df}.prim{color:#953800}a.self{color:inherit}
.gate{font-size:12px;margin-left:.5em;padding:0 .5em;border-radius:1em;background:#ddf4ff;color:#0969da}
.gate.deprecated{background:#fff1e5;color:#bc4c00}.gate.unstable{background:#fbefff;color:#8250df}
.docs p{margin:.3em 0}dl{margin-left:1em}dt{margin-top:.4em}dd{margin-left:1.5em}
svg.diagram text{font:12px ui-monospace,monospace}svg.diagram line{stroke:#8c959f}svg.diagram rect.world{fill:#ddf4ff;stroke:#0969da}
#search{width:100%;font-size:16px;padding:.4em;margin:1em 0}#results li span{color:#59636e;margin-left:.5em}
`;

const SEARCH = `(function(){var input=document.getElementById('search'),out=document.getElementById('results'),index=window.WIT_INDEX||[];
function show(){var q=input.value.trim().toLowerCase();out.textContent='';if(!q)return;
index.filter(function(x){return x.name.toLowerCase().indexOf(q)>=0}).slice(0,50).forEach(function(x){
var li=document.createElement('li'),a=document.createElement('a'),s=document.createElement('span');a.href=x.url;a.textContent=x.name;
s.textContent=x.kind+(x.in?' in '+x.in:'');li.appendChild(a);li.appendChild(s);out.appendChild(li);});}
input.addEventListener('input',show);if(location.hash.slice(1)){input.value=decodeURIComponent(location.hash.slice(1));show();}})();
`;
