// Spans keep the shape V8 gives `{ start, end }` of two small integers, even after the chevrotain
// path has parsed broken WIT. Chevrotain starts its locations at NaN, so V8 holds its offsets as
// boxed doubles; one of them stored into a span turned every span in the process (the fast
// path's too) into a shape with two boxed doubles: 72 bytes and three objects instead of 40 and
// one, which made parsing a big file a quarter slower once any broken file had been parsed.
// Shapes are V8's business, so the check runs in a child with V8's natives syntax.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../support/paths.js';

const script = (parseJs: string) => `
const { parseWit } = await import(${JSON.stringify(pathToFileURL(parseJs).href)});
const valid = 'package a:b;\\ninterface i { record r { x: u32 } f: func(a: list<r>) -> option<string>; }\\n';
const before = parseWit(valid).file.items[0];
const broken = parseWit('package a:b;\\ninterface i {\\n  f: func(a: u32;\\n  record r { x: }\\n  type t = list<\\n');
const after = parseWit(valid).file.items[0];
console.log(JSON.stringify({
  brokenErrors: broken.errors.length,
  itemSpan: %HaveSameMap(before.span, after.span),
  nameSpan: %HaveSameMap(before.name.span, after.name.span),
  brokenSpan: %HaveSameMap(before.span, broken.file.items[0].span),
}));
`;

describe('span shapes', () => {
  it('a span keeps its shape after the grammar has parsed broken WIT', function () {
    this.timeout(60_000);
    const parseJs = join(repoRoot, 'server', 'out', 'syntax', 'parse.js');
    const r = spawnSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', script(parseJs)], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const shapes = JSON.parse(r.stdout) as Record<string, number | boolean>;
    assert.ok((shapes.brokenErrors as number) > 0, 'the broken text must go through the grammar');
    assert.deepEqual(shapes, { brokenErrors: shapes.brokenErrors, itemSpan: true, nameSpan: true, brokenSpan: true });
  });
});
