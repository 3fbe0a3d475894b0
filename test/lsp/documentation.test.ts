// `wit/documentation` (VS Code: "WIT: Open Documentation"): the page of the item under the cursor
// at its anchor, and any page a link of it names — the same site `wit-tools doc` writes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient, positionAt, uri } from '../support/lsp-client.js';
import { fixtures } from '../support/paths.js';

interface DocAnswer { page: string; anchor?: string; html: string; css: string; search: string }

describe('lsp: documentation of the item under the cursor', function () {
  this.timeout(60_000);

  it('a function: its interface page at its anchor; a link followed; a world; outside any item, the package', async () => {
    const dir = join(fixtures, 'lsp', 'shop');
    const file = join(dir, 'api.wit');
    const text = readFileSync(file, 'utf8');
    const client = await LspClient.start([dir]);
    try {
      client.open(file, text);
      await client.current(file);
      const ask = (p: object) => client.request<DocAnswer | null>('wit/documentation', { textDocument: { uri: uri(file) }, ...p });
      const at = await ask({ position: positionAt(text, text.indexOf('checkout') + 2) });
      assert.ok(at);
      assert.match(at.page, /^shop\/.*\/interface\.api\.html$|^[^/]+\/[^/]+\/interface\.api\.html$/);
      assert.equal(at.anchor, 'checkout');
      assert.match(at.html, /id="checkout"/);
      assert.match(at.html, /Pays for a cart\./);
      assert.match(at.css, /font:/);
      // A link of the page (to `money` in the types interface) names a page the server gives too.
      const href = /<a href="([^"#]*interface\.types\.html)#money">money<\/a>/.exec(at.html);
      assert.ok(href, 'a link to money');
      const base = at.page.split('/').slice(0, -1);
      const target = [...base, href[1]].join('/').replace(/[^/]+\/\.\.\//g, '');
      const next = await ask({ page: `${target}#money` });
      assert.equal(next?.page, target);
      assert.equal(next?.anchor, 'money');
      assert.match(next!.html, /id="money"/);
      const world = await ask({ position: positionAt(text, text.indexOf('export greet') + 3) });
      assert.match(world!.page, /world\.shop\.html$/);
      const none = await ask({ page: 'no/such/page.html' });
      assert.equal(none?.page, 'index.html');
    } finally {
      await client.stop();
    }
  });
});
