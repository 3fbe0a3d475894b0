import assert from 'node:assert/strict';
import { typeDefText, funcSignature } from 'wit-tools/server/ide/render.js';
import { checkOne } from '../support/analyze.js';

// How hover, the world diagram and signature help write types.
describe('ide: rendering types', () => {
  const { analysis } = checkOne(`package a:b;
interface i {
  type location = tuple<u16, u8, u8>;
  type names = list<string>;
  type maybe = option<location>;
  type outcome = result<names, string>;
  type alias = location;
  record point { x: s32, y: s32 }
  f: func(at: location, p: point) -> result<maybe>;
}`);
  const r = analysis.resolve!;
  const def = (name: string) => typeDefText(r, r.types.find((t) => t.name === name)!, false);

  it('a named structural type shows its structure, not its own name', () => {
    assert.equal(def('location'), 'type location = tuple<u16, u8, u8>');
    assert.equal(def('names'), 'type names = list<string>');
    assert.equal(def('maybe'), 'type maybe = option<location>');
    assert.equal(def('outcome'), 'type outcome = result<names, string>');
  });

  it('aliases, records and signatures name the types they refer to', () => {
    assert.equal(def('alias'), 'type alias = location');
    assert.equal(def('point'), 'record point { x: s32, y: s32, }');
    const f = [...r.interfaces[0].functions.values()][0];
    assert.equal(funcSignature(r, f), 'func(at: location, p: point) -> result<maybe>');
  });
});
