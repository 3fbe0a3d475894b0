// `wit-tools doc`: the documentation sites of a fixture package with deps/ and of wasi:http 0.3
// with its deps (from the shared corpus), every link checked (test/doc/links.ts); doc comments as
// Markdown and never as markup; and, where Chromium is installed, the site opened in it: the search
// finds an item, a link goes to its anchor, the world diagram is drawn.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { markdownHtml } from 'wit-tools/server/doc/markdown.js';
import { runCli as runBin } from '../support/cli.js';
import { fixtures, sharedCorpus } from '../support/paths.js';
import { checkLinks } from './links.js';

const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';

describe('doc: documentation sites', function () {
  this.timeout(120_000);
  let out: string;
  before(() => { out = mkdtempSync(join(tmpdir(), 'wit-doc-')); });
  after(() => rmSync(out, { recursive: true, force: true }));

  it('a package with deps/: a page per interface and world, types linked across packages, every link resolves', () => {
    const dir = join(out, 'shop');
    const r = runBin(['doc', join(fixtures, 'lsp', 'shop'), '-o', dir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /wrote \d+ files for 2 packages/);
    const links = checkLinks(dir, '.html');
    assert.deepEqual(links.broken, []);
    assert.ok(links.links > 20, `${links.links} links`);
    const index = readFileSync(join(dir, 'index.html'), 'utf8');
    assert.match(index, /window\.WIT_INDEX = \[/);
  });

  it('wasi:http 0.3 with its deps: hundreds of links, none broken, in HTML and in Markdown', function () {
    const http = sharedCorpus && join(sharedCorpus, 'wasi', 'WASI-main-assembled', 'http');
    if (!http || !existsSync(http)) this.skip();
    const html = join(out, 'http');
    assert.equal(runBin(['doc', http!, '-o', html]).code, 0);
    const h = checkLinks(html, '.html');
    assert.deepEqual(h.broken, []);
    assert.ok(h.pages >= 30 && h.links >= 500, `${h.pages} pages, ${h.links} links`);
    const types = readFileSync(join(html, 'wasi', 'http@0.3.0', 'interface.types.html'), 'utf8');
    // A `use`d type links to the interface that defines it, in another package.
    assert.match(types, /<a href="\.\.\/clocks@0\.3\.0\/interface\.types\.html#duration">duration<\/a>/);
    assert.match(types, /<span class="gate">since 0\.3\.0<\/span>/);
    const md = join(out, 'http-md');
    assert.equal(runBin(['doc', http!, '-o', md, '--format', 'markdown']).code, 0);
    const m = checkLinks(md, '.md');
    assert.deepEqual(m.broken, []);
    assert.ok(m.links >= 200, `${m.links} Markdown links`);
  });

  it('doc comments are Markdown, and never markup', () => {
    assert.equal(markdownHtml('Uses `x` and **y**.\n\n- one\n- two'), '<p>Uses <code>x</code> and <strong>y</strong>.</p>\n<ul><li>one</li><li>two</li></ul>');
    assert.equal(markdownHtml('<script>alert(1)</script> [a](javascript:alert(1))'), '<p>&lt;script&gt;alert(1)&lt;/script&gt; [a](javascript:alert(1))</p>');
  });

  it('in Chromium: the search finds an item and its link lands on the anchor; a world page draws its diagram', async function () {
    const http = sharedCorpus && join(sharedCorpus, 'wasi', 'WASI-main-assembled', 'http');
    if (!existsSync(chromium) || !http || !existsSync(http)) this.skip();
    const site = join(out, 'browser');
    assert.equal(runBin(['doc', http!, '-o', site]).code, 0);
    const { chromium: pw } = await import('playwright-core');
    const browser = await pw.launch({ executablePath: chromium, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    try {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(join(site, 'index.html')).href);
      await page.fill('#search', 'fields');
      const first = page.locator('#results li a').filter({ hasText: /^fields$/ }).first();
      await first.waitFor({ timeout: 10_000 });
      await first.click();
      await page.waitForURL(/interface\.types\.html#fields$/);
      assert.equal(await page.locator('[id="fields"]').count(), 1);
      await page.goto(pathToFileURL(join(site, 'wasi', 'http@0.3.0', 'world.service.html')).href);
      const svg = page.locator('svg.diagram');
      assert.equal(await svg.count(), 1);
      assert.ok((await svg.locator('text').count()) > 3);
      assert.ok((await svg.boundingBox())!.width > 200);
    } finally {
      await browser.close();
    }
  });
});
