// WAVE and JSON values against WIT types, without a component: parsing (with places), checking
// (the value jco gets), printing (what a result looks like), and the errors' words and columns.
import assert from 'node:assert/strict';
import { checkCall, hostToJson, jsonToHost, parseWave, parseWaveCall, printWave, ValueError, waveToHost, WaveSyntaxError, PipelineError } from 'wit-tools/server/pipeline/index.js';
import type { ComponentSignature, FuncType, ValType } from 'wit-tools/server/pipeline/index.js';
import { formatF32 } from 'wit-tools/server/pipeline/wave.js';
import { witIdent, witKeywords } from 'wit-tools/server/pipeline/types.js';
import { lexWit } from 'wit-tools/server/syntax/index.js';

const prim = (kind: string) => ({ kind }) as ValType;
const u8 = prim('u8');
const u32 = prim('u32');
const s64 = prim('s64');
const u64 = prim('u64');
const f32 = prim('f32');
const f64 = prim('f64');
const str = prim('string');
const chr = prim('char');
const bool = prim('bool');
const tone: ValType = { kind: 'enum', cases: ['friendly', 'formal', 'ok'], name: 'tone' };
const perms: ValType = { kind: 'flags', flags: ['read', 'write-all'], name: 'perms' };
const point: ValType = { kind: 'record', fields: [{ name: 'x', type: u32 }, { name: 'y-coord', type: u32 }], name: 'point' };
const opts: ValType = { kind: 'record', fields: [{ name: 'label', type: { kind: 'option', type: str } }, { name: 'count', type: u8 }], name: 'opts' };
const allOpt: ValType = { kind: 'record', fields: [{ name: 'a', type: { kind: 'option', type: u8 } }], name: 'all-opt' };
const shape: ValType = { kind: 'variant', cases: [{ name: 'circle', type: f32 }, { name: 'rect', type: point }, { name: 'empty' }, { name: 'none' }], name: 'shape' };
const optU8: ValType = { kind: 'option', type: u8 };
const optOpt: ValType = { kind: 'option', type: optU8 };
const res: ValType = { kind: 'result', ok: u8, err: str };
const resNoOk: ValType = { kind: 'result', err: str };
const bare: ValType = { kind: 'result' };
const tuple: ValType = { kind: 'tuple', types: [u8, str, bool] };
const bytes: ValType = { kind: 'list', element: u8 };
const rgb: ValType = { kind: 'fixed-list', element: u8, size: 3 };

describe('pipeline: WIT names in printed types', () => {
  it('escapes exactly the words the WIT lexer reads as keywords', () => {
    const words = [...witKeywords, 'greet', 'point', 'lists', 'types', 'resources', 'wasi', 'self', 'none', 'ok', 'true', 'x', 'error', 'await', 'default'];
    for (const w of words) {
      const t = lexWit(w).tokens;
      assert.equal(witIdent(w).startsWith('%'), t.length === 1 && t[0].kind === 'keyword', w);
    }
  });
});

describe('pipeline: WAVE', () => {
  describe('checking values against types (what jco receives)', () => {
    const ok: [string, ValType, unknown][] = [
      ['true', bool, true],
      ['255', u8, 255],
      ['-9223372036854775808', s64, -9223372036854775808n],
      ['18446744073709551615', u64, 18446744073709551615n],
      ['3.5', f32, 3.5],
      ['-inf', f64, -Infinity],
      ['inf', f64, Infinity],
      ['6.022e+23', f64, 6.022e23],
      ["'☃'", chr, '☃'],
      ["'\\u{1F600}'", chr, '😀'],
      ["'\\''", chr, "'"],
      ['"a\\tb\\"c\\\\"', str, 'a\tb"c\\'],
      ['"""\n    two\n      lines\n    """', str, 'two\n  lines'],
      ['[1, 2, 3,]', bytes, [1, 2, 3]],
      ['[]', bytes, []],
      ['[0, 128, 255]', rgb, [0, 128, 255]],
      ['(1, "x", false)', tuple, [1, 'x', false]],
      ['formal', tone, 'formal'],
      ['%ok', tone, 'ok'],
      ['{write-all, read}', perms, { read: true, writeAll: true }],
      ['{}', perms, { read: false, writeAll: false }],
      ['{y-coord: 2, x: 1}', point, { x: 1, yCoord: 2 }],
      ['{count: 1}', opts, { label: undefined, count: 1 }],
      ['{label: some("a"), count: 1}', opts, { label: 'a', count: 1 }],
      ['{label: "flat", count: 1}', opts, { label: 'flat', count: 1 }],
      ['{:}', allOpt, { a: undefined }],
      ['circle(1.5)', shape, { tag: 'circle', val: 1.5 }],
      ['rect({x: 1, y-coord: 2})', shape, { tag: 'rect', val: { x: 1, yCoord: 2 } }],
      ['empty', shape, { tag: 'empty' }],
      ['%none', shape, { tag: 'none' }],
      ['none', optU8, undefined],
      ['some(7)', optU8, 7],
      ['7', optU8, 7],
      ['none', optOpt, { tag: 'none' }],
      ['some(none)', optOpt, { tag: 'some', val: undefined }],
      ['some(some(1))', optOpt, { tag: 'some', val: 1 }],
      ['ok(1)', res, { tag: 'ok', val: 1 }],
      ['1', res, { tag: 'ok', val: 1 }],
      ['err("no")', res, { tag: 'err', val: 'no' }],
      ['ok', resNoOk, { tag: 'ok' }],
      ['err', bare, { tag: 'err' }],
      ['// a comment\n  42 // another', u8, 42],
    ];
    for (const [text, type, expected] of ok) {
      it(`${JSON.stringify(text)} → ${JSON.stringify(expected, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v === undefined ? '<undefined>' : v))}`, () => {
        assert.deepEqual(waveToHost(parseWave(text), type), expected);
      });
    }
  });

  describe('values that do not fit, with what was expected and where', () => {
    const bad: [string, ValType, RegExp, number][] = [
      ['256', u8, /expected `u8`, found `256` \(out of range 0\.\.=255\)/, 0],
      ['-1', u32, /out of range 0\.\.=4294967295/, 0],
      ['1.5', u8, /not an integer/, 0],
      ['"x"', u8, /expected `u8`, found a string/, 0],
      ["'x'", str, /expected `string`, found a char \(strings are written in double quotes\)/, 0],
      ['"xy"', chr, /chars are written in single quotes/, 0],
      ['[1, 2]', rgb, /exactly 3 elements, found 2/, 0],
      ['[1, 300]', bytes, /found `300`/, 4],
      ['(1, "x")', tuple, /of 3, found a tuple of 2/, 0],
      ['loud', tone, /`tone` \(an enum\) has no case `loud` \(its cases: friendly, formal, ok\)/, 0],
      ['{read, exec}', perms, /has no flag `exec`/, 7],
      ['{x: 1}', point, /missing field `y-coord` \(`u32`\) of `point` \(a record\)/, 5],
      ['{x: 1, y-coord: 2, z: 3}', point, /has no field `z` \(its fields: x, y-coord\)/, 19],
      ['{x: 1, x: 2, y-coord: 1}', point, /field `x` is given twice/, 7],
      ['circle', shape, /case `circle` of `shape` \(a variant\) carries `f32`: write `circle\(…\)`/, 0],
      ['empty(1)', shape, /carries no value/, 6],
      ['square(1)', shape, /has no case `square`/, 0],
      ['some', optU8, /`some` needs a value/, 0],
      ['1', optOpt, /write `some\(…\)` or `none`/, 0],
      ['"x"', res, /expected `result<u8, string>`, found a string \(write `ok\(…\)` or `err\(…\)`\)/, 0],
      ['err', res, /carries `string`: write `err\(…\)`/, 0],
    ];
    for (const [text, type, message, start] of bad) {
      it(`${JSON.stringify(text)} as ${JSON.stringify(type.name ?? type.kind)}`, () => {
        assert.throws(() => waveToHost(parseWave(text), type), (e: unknown) => {
          assert.ok(e instanceof ValueError, String(e));
          assert.match(e.reason, message);
          assert.equal(e.span?.start, start);
          return true;
        });
      });
    }
  });

  describe('syntax errors, at their column', () => {
    const syntax: [string, RegExp, number][] = [
      ['[1, 2', /expected `,` or `]`, found the end of the text/, 5],
      ['"open', /unterminated string/, 0],
      ["''", /empty char literal/, 0],
      ["'ab'", /exactly one character/, 0],
      ['"\\q"', /unknown escape `\\q`/, 1],
      ['"\\u{d800}"', /not a Unicode scalar value/, 1],
      ['007', /leading zeros/, 0],
      ['{a: 1, b}', /expected `:` after field `b`/, 7],
      ['{a, b: 1}', /flags are written without values/, 5],
      ['1 2', /unexpected `2` after the value/, 2],
      ['Foo-bar', /invalid label/, 0],
      ['()', /a tuple needs at least one value/, 0],
      ['"a\nb"', /a newline in a string must be written `\\n`/, 2],
    ];
    for (const [text, message, start] of syntax) {
      it(JSON.stringify(text), () => {
        assert.throws(() => parseWave(text), (e: unknown) => {
          assert.ok(e instanceof WaveSyntaxError, String(e));
          assert.match(e.message, message);
          assert.equal(e.start, start);
          return true;
        });
      });
    }
  });

  describe('printing results', () => {
    const cases: [unknown, ValType, string][] = [
      [true, bool, 'true'],
      [18446744073709551615n, u64, '18446744073709551615'],
      [1.100000023841858, f32, '1.1'],
      [NaN, f32, 'nan'],
      [-Infinity, f64, '-inf'],
      [0.1 + 0.2, f64, '0.30000000000000004'],
      ['\n', chr, "'\\n'"],
      ['a"b\u0007', str, '"a\\"b\\u{7}"'],
      [new Uint8Array([1, 2]), bytes, '[1, 2]'],
      [[1, 'x', false], tuple, '(1, "x", false)'],
      [{ x: 1, yCoord: 2 }, point, '{x: 1, y-coord: 2}'],
      [{ label: undefined, count: 3 }, opts, '{count: 3}'],
      [{ a: undefined }, allOpt, '{:}'],
      [{ read: true, writeAll: true }, perms, '{read, write-all}'],
      ['ok', tone, '%ok'],
      [{ tag: 'none' }, shape, '%none'],
      [{ tag: 'rect', val: { x: 0, yCoord: 0 } }, shape, 'rect({x: 0, y-coord: 0})'],
      [undefined, optU8, 'none'],
      [5, optU8, 'some(5)'],
      [{ tag: 'some', val: undefined }, optOpt, 'some(none)'],
      [{ tag: 'err', val: 'no' }, res, 'err("no")'],
      [{ tag: 'ok' }, bare, 'ok'],
    ];
    for (const [value, type, text] of cases) {
      it(text, () => assert.equal(printWave(value, type), text));
    }

    it('prints what it reads: every accepted value round-trips', () => {
      for (const [text, type] of [['{y-coord: 2, x: 1}', point], ['some(some(1))', optOpt], ['rect({x: 1, y-coord: 2})', shape], ['"tab\\there"', str], ['[0, 128, 255]', rgb]] as [string, ValType][]) {
        const printed = printWave(waveToHost(parseWave(text), type), type);
        assert.deepEqual(waveToHost(parseWave(printed), type), waveToHost(parseWave(text), type));
      }
    });

    it('f32 values print with the fewest digits that read back the same', () => {
      for (const x of [0.1, 1 / 3, 3.4028234663852886e38, 1e-45, 123456.789]) {
        const f = Math.fround(x);
        assert.equal(Math.fround(Number(formatF32(f))), f);
      }
    });
  });

  describe('JSON values', () => {
    it('accepts the JSON shapes and gives the same values as WAVE', () => {
      assert.deepEqual(jsonToHost({ x: 1, 'y-coord': 2 }, point), waveToHost(parseWave('{x: 1, y-coord: 2}'), point));
      assert.deepEqual(jsonToHost(['read'], perms), { read: true, writeAll: false });
      assert.deepEqual(jsonToHost({ read: true }, perms), { read: true, writeAll: false });
      assert.deepEqual(jsonToHost({ tag: 'circle', val: 2 }, shape), { tag: 'circle', val: 2 });
      assert.deepEqual(jsonToHost('empty', shape), { tag: 'empty' });
      assert.deepEqual(jsonToHost(null, optU8), undefined);
      assert.deepEqual(jsonToHost({ tag: 'some', val: null }, optOpt), { tag: 'some', val: undefined });
      assert.deepEqual(jsonToHost('18446744073709551615', u64), 18446744073709551615n);
      assert.deepEqual(jsonToHost({ tag: 'err', val: 'x' }, res), { tag: 'err', val: 'x' });
      assert.deepEqual(jsonToHost('-inf', f64), -Infinity);
    });

    it('refuses what does not fit, with a path', () => {
      assert.throws(() => jsonToHost({ x: 1 }, point), /missing field `y-coord`/);
      assert.throws(() => jsonToHost(2 ** 60, u64), /must be written as strings/);
      assert.throws(() => jsonToHost('ab', chr), /exactly one Unicode scalar value/);
      assert.throws(() => jsonToHost('\ud800', str), /not valid Unicode/);
      assert.throws(() => jsonToHost([1, 'x'], bytes), (e: unknown) => e instanceof ValueError && e.path.join('') === '[1]' && /expected `u8`, found the string "x"/.test(e.reason));
    });

    it('prints results as JSON', () => {
      assert.deepEqual(hostToJson({ tag: 'some', val: 3 }, optOpt), { tag: 'some', val: 3 });
      assert.deepEqual(hostToJson(undefined, optU8), null);
      assert.deepEqual(hostToJson(2n ** 63n, u64), '9223372036854775808');
      assert.deepEqual(hostToJson(5n, u64), 5);
      assert.deepEqual(hostToJson({ read: false, writeAll: true }, perms), ['write-all']);
      assert.deepEqual(hostToJson(NaN, f64), 'nan');
    });
  });

  describe('calls', () => {
    const fn = (params: [string, ValType][], result?: ValType): FuncType => ({ params: params.map(([name, type]) => ({ name, type })), ...(result ? { result } : {}), async: false });
    const sig: ComponentSignature = {
      imports: [],
      exports: [
        { kind: 'function', name: 'greet', func: fn([['name', str]], str) },
        { kind: 'interface', name: 'a:b/one@1.0.0', functions: [{ name: 'f', type: fn([['x', u8], ['opt', optU8]], u8) }], types: [] },
        { kind: 'interface', name: 'a:c/two@1.0.0', functions: [{ name: 'f', type: fn([], u8) }, { name: 'g', type: fn([['r', { kind: 'borrow', resource: { kind: 'resource', name: 'thing' } }]]) }], types: [] },
      ],
    };

    it('parses the call and keeps places', () => {
      const c = parseWaveCall(' pkg:ns/iface@1.0.0/f-name( 1, "two" ,) ');
      assert.equal(c.name, 'pkg:ns/iface@1.0.0/f-name');
      assert.equal(c.nameSpan.start, 1);
      assert.equal(c.args.length, 2);
      assert.equal(c.args[1].start, 31);
    });

    it('checks arguments before anything runs, naming the parameter, the type and the column', () => {
      assert.deepEqual(checkCall(sig, 'greet("Ada")').args, ['Ada']);
      assert.throws(() => checkCall(sig, 'greet(7)'), (e: unknown) => e instanceof PipelineError && e.code === 'bad-argument'
        && e.message === 'argument `name` (1 of 1) at column 7: expected `string`, found the number `7`' && e.details.start === 6);
      assert.throws(() => checkCall(sig, 'greet()'), /missing argument `name` \(1 of 1, `string`\) at column 7/);
      assert.throws(() => checkCall(sig, 'greet("a", "b")'), /too many arguments at column 12: `greet` takes 1/);
      assert.throws(() => checkCall(sig, 'greet("a"'), /syntax error at column 10: expected `,` or `\)`/);
    });

    it('lets trailing options be left out', () => {
      assert.deepEqual(checkCall(sig, 'one/f(1)').args, [1, undefined]);
    });

    it('asks for the interface when two exports share a name, and takes either qualified form', () => {
      assert.throws(() => checkCall(sig, 'f(1)'), (e: unknown) => e instanceof PipelineError && e.code === 'ambiguous-export' && /`a:b\/one@1\.0\.0\/f`, `a:c\/two@1\.0\.0\/f`/.test(e.message));
      assert.equal(checkCall(sig, 'two/f()').target.name, 'a:c/two@1.0.0/f');
      assert.equal(checkCall(sig, 'a:b/one@1.0.0/f(1)').target.name, 'a:b/one@1.0.0/f');
      assert.equal(checkCall(sig, 'a:b/one/f(1)').target.name, 'a:b/one@1.0.0/f');
    });

    it('says why a function that takes a resource cannot be called', () => {
      assert.throws(() => checkCall(sig, 'g()'), (e: unknown) => e instanceof PipelineError && e.code === 'not-callable'
        && /cannot be called from here: parameter `r` takes a resource \(`borrow<thing>`\)/.test(e.message));
    });

    it('names what exists when the function does not', () => {
      assert.throws(() => checkCall(sig, 'hello()'), /exports no function `hello` \(it exports: greet, one\/f, two\/f, g\)/);
    });

    it('takes JSON arguments in order or by name', () => {
      assert.deepEqual(checkCall(sig, 'one/f', [1]).args, [1, undefined]);
      assert.deepEqual(checkCall(sig, 'one/f', { opt: 2, x: 1 }).args, [1, 2]);
      assert.throws(() => checkCall(sig, 'one/f', { x: 300 }), /argument `x` \(1 of 2\) at \$\.x: expected `u8`, found 300/);
      assert.throws(() => checkCall(sig, 'one/f', { y: 1 }), /has no parameter `y`/);
    });
  });
});
