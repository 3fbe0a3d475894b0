// A static site's links, checked without a browser: every `href` of every page must name a page of
// the site (or the web) and, with `#anchor`, an element id (or `<a name>`) on that page.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { walk } from '../support/walk.js';

export interface LinkReport {
  pages: number;
  links: number;
  broken: string[];
}


export function checkLinks(dir: string, ext: '.html' | '.md'): LinkReport {
  const pages = walk(dir).filter((f) => f.endsWith(ext));
  const ids = new Map<string, Set<string>>();
  const idsOf = (file: string) => {
    let s = ids.get(file);
    if (!s) {
      s = new Set();
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\s(?:id|name)="([^"]*)"/g)) s.add(m[1].replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
      ids.set(file, s);
    }
    return s;
  };
  const report: LinkReport = { pages: pages.length, links: 0, broken: [] };
  for (const page of pages) {
    const text = fs.readFileSync(page, 'utf8');
    const hrefs = ext === '.html' ? [...text.matchAll(/\shref="([^"]*)"/g)].map((m) => m[1].replace(/&amp;/g, '&')) : [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
    for (const href of hrefs) {
      if (/^https?:/.test(href)) continue;
      report.links++;
      const [file, anchor] = href.split('#');
      const target = file ? path.resolve(path.dirname(page), file) : page;
      if (!fs.existsSync(target)) { report.broken.push(`${path.relative(dir, page)}: ${href} (no such page)`); continue; }
      if (anchor !== undefined && anchor !== '' && !idsOf(target).has(decodeURIComponent(anchor))) report.broken.push(`${path.relative(dir, page)}: ${href} (no such anchor)`);
    }
  }
  return report;
}
