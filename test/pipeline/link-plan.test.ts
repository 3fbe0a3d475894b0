// The link plan on hand-written signatures: names match as wasmtime's linker matches them, and
// every kind of mismatch is named with both sides (function, parameter, result, record field,
// enum case, variant case, resource, missing type), as are no provider, two providers and a cycle.
import assert from 'node:assert/strict';
import { interfaceDifferences, namesMatch, planLinks, PipelineError, type ComponentSignature } from 'wit-tools/server/pipeline/index.js';
import type { InterfaceItem, ValType } from 'wit-tools/server/pipeline/types.js';

const s32: ValType = { kind: 's32' };
const s64: ValType = { kind: 's64' };
const str: ValType = { kind: 'string' };

function ops(overrides: Partial<InterfaceItem> = {}): InterfaceItem {
  return {
    kind: 'interface',
    name: 'demo:math/ops@1.0.0',
    types: [],
    functions: [{ name: 'add', type: { params: [{ name: 'a', type: s32 }, { name: 'b', type: s32 }], result: s32, async: false } }],
    ...overrides,
  };
}

const sig = (imports: InterfaceItem[], exports: InterfaceItem[]): ComponentSignature => ({ imports, exports });

function linkError(f: () => unknown): PipelineError {
  try {
    f();
  } catch (e) {
    if (e instanceof PipelineError) return e;
    throw e;
  }
  throw new Error('expected a link error');
}

describe('pipeline: the link plan', () => {
  it('matches names as wasmtime does: same interface, semver-compatible versions', () => {
    const table: [string, string, boolean][] = [
      ['demo:math/ops@1.0.0', 'demo:math/ops@1.0.0', true],
      ['demo:math/ops@1.0.0', 'demo:math/ops@1.4.2', true],
      ['demo:math/ops@1.0.0', 'demo:math/ops@2.0.0', false],
      ['wasi:io/streams@0.2.0', 'wasi:io/streams@0.2.12', true],
      ['wasi:io/streams@0.2.0', 'wasi:io/streams@0.3.0', false],
      ['a:b/c@0.0.1', 'a:b/c@0.0.2', false],
      ['a:b/c@1.0.0-rc1', 'a:b/c@1.0.0', false],
      ['demo:math/ops', 'demo:math/ops@1.0.0', false],
      ['demo:math/ops@1.0.0', 'demo:math/other@1.0.0', false],
    ];
    for (const [a, b, want] of table) assert.equal(namesMatch(a, b), want, `${a} ~ ${b}`);
  });

  it('names each kind of difference with both sides', () => {
    const point = (fields: { name: string; type: ValType }[]): ValType => ({ kind: 'record', name: 'point', owner: 'demo:math/ops@1.0.0', fields });
    const color = (cases: string[]): ValType => ({ kind: 'enum', name: 'color', owner: 'demo:math/ops@1.0.0', cases });
    const shape = (t: ValType): ValType => ({ kind: 'variant', name: 'shape', owner: 'demo:math/ops@1.0.0', cases: [{ name: 'dot', type: t }, { name: 'none' }] });
    const d = (wanted: InterfaceItem, given: InterfaceItem) =>
      interfaceDifferences({ signature: { imports: [wanted], exports: [] }, item: wanted, label: 'app.wasm' }, { signature: { imports: [], exports: [given] }, item: given, label: 'lib.wasm' });
    assert.deepEqual(d(ops(), ops()), []);
    assert.deepEqual(d(ops(), ops({ functions: [] })), ['import demo:math/ops@1.0.0: `add` is missing in lib.wasm (app.wasm calls `add: func(a: s32, b: s32) -> s32`)']);
    assert.deepEqual(d(ops(), ops({ functions: [{ name: 'add', type: { params: [{ name: 'a', type: s64 }, { name: 'b', type: s64 }], result: s64, async: false } }] })), ['import demo:math/ops@1.0.0: `add` takes (a: s32, b: s32) -> s32 in app.wasm but (a: s64, b: s64) -> s64 in lib.wasm']);
    assert.match(d(ops(), ops({ functions: [{ name: 'add', type: { params: [{ name: 'a', type: s32 }, { name: 'b', type: s32 }], result: str, async: false } }] }))[0], /-> s32 in app\.wasm but \(a: s32, b: s32\) -> string in lib\.wasm/);
    assert.match(d(ops(), ops({ functions: [{ name: 'add', type: { params: [{ name: 'x', type: s32 }, { name: 'b', type: s32 }], result: s32, async: false } }] }))[0], /takes \(a: s32, b: s32\) -> s32 in app\.wasm but \(x: s32, b: s32\) -> s32/);
    const p1 = point([{ name: 'x', type: s32 }, { name: 'y', type: s32 }]);
    assert.deepEqual(d(ops({ types: [{ name: 'point', type: p1 }] }), ops({ types: [{ name: 'point', type: point([{ name: 'x', type: s32 }]) }] })), ['import demo:math/ops@1.0.0: type `point` is record { x: s32, y: s32 } in app.wasm but record { x: s32 } in lib.wasm (record `point` has fields (x, y) on one side and (x) on the other)']);
    assert.match(d(ops({ types: [{ name: 'point', type: p1 }] }), ops({ types: [{ name: 'point', type: point([{ name: 'x', type: s32 }, { name: 'y', type: s64 }]) }] }))[0], /field `y` of `point`: `s32` is `s32` but `s64` is `s64`|field `y` of `point`/);
    assert.match(d(ops({ types: [{ name: 'color', type: color(['red', 'green']) }] }), ops({ types: [{ name: 'color', type: color(['red', 'green', 'blue']) }] }))[0], /type `color` is enum \{ red, green \} in app\.wasm but enum \{ red, green, blue \} in lib\.wasm/);
    assert.match(d(ops({ types: [{ name: 'shape', type: shape(s32) }] }), ops({ types: [{ name: 'shape', type: shape(str) }] }))[0], /case `dot` of `shape`/);
    const counter: ValType = { kind: 'resource', name: 'counter', owner: 'demo:math/ops@1.0.0' };
    assert.deepEqual(d(ops({ types: [{ name: 'counter', type: counter }] }), ops()), ['import demo:math/ops@1.0.0: type `counter` is missing in lib.wasm (app.wasm uses a resource)']);
    assert.match(d(ops({ types: [{ name: 'counter', type: counter }] }), ops({ types: [{ name: 'counter', type: point([]) }] }))[0], /type `counter` is a resource in app\.wasm but record \{  \} in lib\.wasm/);
  });

  it('orders providers first, follows a chain, and refuses a cycle', () => {
    const format: InterfaceItem = { kind: 'interface', name: 'demo:num/format@0.1.0', types: [], functions: [] };
    const fmt2: InterfaceItem = { ...format, functions: [{ name: 'spell', type: { params: [{ name: 'n', type: s32 }], result: str, async: false } }] };
    const plan = planLinks([
      { label: 'app.wasm', signature: sig([ops()], []) },
      { label: 'num.wasm', signature: sig([], [fmt2]) },
      { label: 'bridge.wasm', signature: sig([fmt2], [ops()]) },
    ], () => false);
    assert.deepEqual(plan.order, [1, 2, 0]);
    assert.deepEqual(plan.sources[0].get('demo:math/ops@1.0.0'), { from: 'component', provider: 2, export: 'demo:math/ops@1.0.0' });
    const cycle = linkError(() => planLinks([
      { label: 'a.wasm', signature: sig([ops()], [fmt2]) },
      { label: 'b.wasm', signature: sig([fmt2], [ops()]) },
    ], () => false));
    assert.equal(cycle.code, 'link-failed');
    assert.match(cycle.message, /the components import each other in a cycle: a\.wasm → b\.wasm → a\.wasm/);
    const two = linkError(() => planLinks([
      { label: 'app.wasm', signature: sig([ops()], []) },
      { label: 'x.wasm', signature: sig([], [ops()]) },
      { label: 'y.wasm', signature: sig([], [ops({ name: 'demo:math/ops@1.2.0' })]) },
    ], () => false));
    assert.equal(two.message, 'import demo:math/ops@1.0.0 of app.wasm is exported by x.wasm and y.wasm: pass only one of them');
    const none = linkError(() => planLinks([{ label: 'app.wasm', signature: sig([ops()], []) }, { label: 'num.wasm', signature: sig([], [fmt2]) }], () => false));
    assert.match(none.message, /import demo:math\/ops@1\.0\.0 of app\.wasm has no provider: none of num\.wasm exports it/);
    const unused = linkError(() => planLinks([{ label: 'app.wasm', signature: sig([ops()], []) }, { label: 'lib.wasm', signature: sig([], [ops()]) }, { label: 'num.wasm', signature: sig([], [fmt2]) }], () => false));
    assert.equal(unused.message, 'num.wasm serves none of the imports of app.wasm or of the components it uses');
    // What the host serves is the host's; a type-only interface needs nothing.
    const hosted = planLinks([{ label: 'app.wasm', signature: sig([ops({ name: 'wasi:cli/stdout@0.2.0' }), format], []) }], (n) => n.startsWith('wasi:'));
    assert.deepEqual([...hosted.sources[0].values()], [{ from: 'host' }, { from: 'host' }]);
  });

  it('serves `import primary: ops;` (an interface under a label) with an export of that interface, checked on its WIT', () => {
    const labelled = ops({ name: 'primary', implements: 'demo:math/ops@1.0.0' });
    const plan = planLinks([{ label: 'app.wasm', signature: sig([labelled], []) }, { label: 'lib.wasm', signature: sig([], [ops({ name: 'demo:math/ops@1.1.0' })]) }], () => false);
    assert.deepEqual(plan.sources[0].get('primary'), { from: 'component', provider: 1, export: 'demo:math/ops@1.1.0' });
    const wide = ops({ functions: [{ name: 'add', type: { params: [{ name: 'a', type: s64 }, { name: 'b', type: s64 }], result: s64, async: false } }] });
    const e = linkError(() => planLinks([{ label: 'app.wasm', signature: sig([labelled], []) }, { label: 'lib.wasm', signature: sig([], [wide]) }], () => false));
    assert.equal(e.message, 'import primary (demo:math/ops@1.0.0): `add` takes (a: s32, b: s32) -> s32 in app.wasm but (a: s64, b: s64) -> s64 in lib.wasm');
  });
});
