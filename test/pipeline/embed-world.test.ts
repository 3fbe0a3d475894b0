// A reactor's world embedded into its core module: the `component-type` section made once per WIT
// tree and world and appended gives, byte for byte, what jco's `componentEmbed` of the module gives;
// a changed WIT is a new section.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { embedWorld } from 'wit-tools/server/pipeline/embed-world.js';
import { examples, scratch, writeProject } from './support.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- jco's wasm-tools is untyped */
async function jcoWasmTools(dirs: string[]): Promise<any> {
  const jco = createRequire(import.meta.url).resolve('@bytecodealliance/jco-transpile');
  const shim = await import(pathToFileURL(createRequire(jco).resolve('@bytecodealliance/preview2-shim/filesystem')).href);
  shim._setPreopens(Object.fromEntries(dirs.map((d) => [d, d])));
  return import('@bytecodealliance/jco-transpile/wasm-tools');
}

describe('pipeline: a world embedded into a core module', function () {
  this.timeout(120_000);

  it('is what componentEmbed gives, for each reactor example; a changed WIT gets its own section', async () => {
    // A real core module with imports, exports and code: jco's preview1 reactor adapter.
    const core = fs.readFileSync(path.join(path.dirname(createRequire(import.meta.url).resolve('@bytecodealliance/jco')), '..', 'lib', 'wasi_snapshot_preview1.reactor.wasm'));
    const cases = [['checksum-c', 'checksum'], ['wordfreq-go', 'wordfreq']].map(([ex, world]) => ({ wit: path.join(examples, ex, 'wit'), world }));
    const changed = writeProject('embed', 'changed', { 'wit/world.wit': 'package demo:embed;\n\nworld w {\n  export f: func(x: u32) -> u32;\n}\n' });
    const tools = await jcoWasmTools([...cases.map((c) => c.wit), path.join(changed, 'wit')]);
    const sections = path.join(scratch, 'cache', 'component-type');
    for (const { wit, world } of cases) {
      const want = Buffer.from(await tools.componentEmbed({ binary: core, witPath: wit, world }));
      const first = Buffer.from(await embedWorld(tools, core, wit, world));
      const again = Buffer.from(await embedWorld(tools, core, wit, world));
      assert.ok(want.equals(first), `${world}: the embedding with a new section`);
      assert.ok(want.equals(again), `${world}: the embedding with the kept section`);
    }
    const before = fs.readdirSync(sections).length;
    assert.ok(before >= cases.length, `${before} sections kept in the cache folder`);
    const wit = path.join(changed, 'wit');
    const one = Buffer.from(await embedWorld(tools, core, wit, 'w'));
    fs.writeFileSync(path.join(wit, 'world.wit'), 'package demo:embed;\n\nworld w {\n  export f: func(x: u64) -> u64;\n}\n');
    const two = Buffer.from(await embedWorld(tools, core, wit, 'w'));
    assert.ok(!one.equals(two), 'a changed world embeds differently');
    assert.ok(Buffer.from(await tools.componentEmbed({ binary: core, witPath: wit, world: 'w' })).equals(two), 'and as componentEmbed does');
    assert.equal(fs.readdirSync(sections).length, before + 2);
  });
});
