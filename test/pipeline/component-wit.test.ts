// A component's WIT is its types in the analyzer's model (component-resolve.ts), printed by the
// analyzer's printer: it must be the text `wasm-tools component wit` prints for the same binary.
// Components of every world of our examples, of a fixture that uses every kind of type, and —
// when the shared corpus is beside the project — of every WASI package, made by wit-component
// itself (jco's `componentEmbed --dummy` + `componentNew`), then read by both. Docs and gates are
// left out of the comparison: the decoder does not read the `package-docs` section.
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { componentEmbed, componentNew } from '@bytecodealliance/jco-transpile/wasm-tools';
import { decodeComponent, printComponentWit } from 'wit-tools/server/pipeline/index.js';
import { resolveSignature } from 'wit-tools/server/pipeline/component-resolve.js';
import { analyzeRoot } from 'wit-tools/server/semantic/analyze.js';
import { nodeFileSystem } from 'wit-tools/server/workspace/fs.js';
import { loadRoot } from 'wit-tools/server/workspace/loader.js';
import { repoRoot } from '../support/paths.js';
import { wasmTools } from './support.js';

const strip = (wit: string) => wit.split('\n').filter((l) => !/^\s*(\/\/\/|@(since|unstable|deprecated|external-id)\()/.test(l)).join('\n');

/** WIT packages (folders or files) and the worlds each defines. */
function roots(): { root: string; worlds: string[] }[] {
  const out: string[] = [
    ...['inventory', 'kv-cache', 'cli-tool', 'greeter', 'tasks'].map((e) => path.join(repoRoot, 'examples', e)),
    ...['notes-py', 'shapes-rust', 'checksum-c', 'wordfreq-go'].map((e) => path.join(repoRoot, 'examples', e, 'wit')),
    path.join(repoRoot, 'test', 'fixtures', 'component-wit', 'tricky'),
  ];
  const corpus = path.resolve(repoRoot, '..', 'shared', 'wit-corpus', 'wasi');
  const expected = path.resolve(corpus, '..', 'wasi-expected.tsv');
  if (fs.existsSync(expected)) {
    for (const line of fs.readFileSync(expected, 'utf8').trim().split('\n').slice(1)) {
      const [root, verdict] = line.split('\t');
      if (verdict === 'ok') out.push(path.join(corpus, root));
    }
  }
  return out.map((root) => {
    const files = fs.statSync(root).isDirectory() ? fs.readdirSync(root).filter((f) => f.endsWith('.wit')).map((f) => path.join(root, f)) : [root];
    const worlds = [...new Set(files.flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/^\s*world\s+([\w-]+)/gm)].map((m) => m[1])))];
    return { root, worlds };
  });
}

describe('pipeline: a component\'s WIT, from the analyzer\'s model', function () {
  this.timeout(300_000);
  let dir: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wit-tools-component-wit-'));
    const { _setPreopens } = (await import('@bytecodealliance/preview2-shim/filesystem' as string)) as { _setPreopens(p: Record<string, string>): void };
    _setPreopens({ '/': '/' });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const dummy = async (root: string, world: string): Promise<Uint8Array> =>
    componentNew(await componentEmbed({ witPath: root, dummy: true, world, features: { tag: 'all' } } as Parameters<typeof componentEmbed>[0]));

  it('prints what wasm-tools component wit prints, for every world of the examples, the fixtures and WASI', async function () {
    const wt = wasmTools();
    if (!wt) this.skip();
    let compared = 0;
    const differ: string[] = [];
    for (const { root, worlds } of roots()) {
      for (const world of worlds) {
        const bytes = await dummy(root, world);
        try { decodeComponent(bytes); } catch (e) { throw new Error(`${root} ${world}: ${e}`); }
        const file = path.join(dir, 'c.wasm');
        fs.writeFileSync(file, bytes);
        const ref: SpawnSyncReturns<string> = spawnSync(wt!, ['component', 'wit', file], { encoding: 'utf8' });
        assert.equal(ref.status, 0, ref.stderr);
        const ours = printComponentWit(decodeComponent(bytes));
        compared++;
        if (strip(ours) !== strip(ref.stdout)) differ.push(`${path.relative(repoRoot, root)} ${world}`);
      }
    }
    assert.ok(compared >= 12, `only ${compared} worlds`);
    assert.deepEqual(differ, []);
  });

  it('the model keeps uses, aliases, resources and the world\'s own items apart, and its WIT resolves again', async () => {
    const bytes = await dummy(path.join(repoRoot, 'test', 'fixtures', 'component-wit', 'tricky'), 'tricky');
    const sig = decodeComponent(bytes);
    const { resolve, world, interfaces } = resolveSignature(sig);
    const shapes = resolve.interfaces[interfaces.get('demo:tricky/shapes@0.3.1')!];
    const kindOf = (n: string) => resolve.types[shapes.types.get(n)!].kind;
    // `use … {id as key}`: an alias in shapes of base's `id`; `type again = key`: of shapes' own `key`.
    const key = kindOf('key');
    assert.ok(key.kind === 'type' && typeof key.type !== 'string');
    assert.equal(resolve.types[key.type.id].name, 'id');
    const again = kindOf('again');
    assert.ok(again.kind === 'type' && typeof again.type !== 'string');
    assert.equal(again.type.id, shapes.types.get('key'));
    // The resource's functions know their resource.
    const draw = shapes.functions.get('[method]canvas.draw')!;
    assert.deepEqual(draw.kind, { kind: 'method', resource: shapes.types.get('canvas') });
    assert.equal(shapes.functions.get('[constructor]canvas')!.kind.kind, 'constructor');
    assert.equal(shapes.functions.get('[static]canvas.count')!.kind.kind, 'static');
    // The world: an inline interface by name, a function, a `use`d type; the export by interface.
    const w = resolve.worlds[world];
    assert.deepEqual([...w.imports.keys()].filter((k) => !k.startsWith('interface-')), ['local', 'color', 'log']);
    assert.equal(resolve.interfaces[(w.imports.get('local')!.item as { id: number }).id].name, null);
    // The printed WIT is WIT the analyzer resolves without a word.
    const wit = printComponentWit(sig);
    const file = path.join(dir, 'tricky-component.wit');
    fs.writeFileSync(file, wit);
    const analysis = analyzeRoot(loadRoot(nodeFileSystem, file));
    assert.deepEqual(analysis.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
  });
});
