// Snapshot and targeted tests for syntaxes/wit.tmLanguage.json.
// UPDATE_SNAPSHOTS=1 rewrites test/fixtures/grammar/*.wit.snap; review the diff like code.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { IGrammar } from 'vscode-textmate';
import {
  STANDARD_SCOPE_ROOTS, compileRegexes, grammarPath, loadWitGrammar, renderSnapshot, repoRoot,
  tokenizeWit, type WitToken,
} from './textmate.js';

const fixturesDir = path.join(repoRoot, 'test', 'fixtures', 'grammar');
const updateSnapshots = process.env.UPDATE_SNAPSHOTS === '1';
const fixtureNames = readdirSync(fixturesDir).filter((name) => name.endsWith('.wit')).sort();

let grammar: IGrammar;

function tokens(text: string): WitToken[] {
  return tokenizeWit(grammar, text).flat();
}

/** The token whose text is exactly `text` (the `occurrence`-th one, 0-based). */
function tokenOf(source: string, text: string, occurrence = 0): WitToken {
  const found = tokens(source).filter((token) => token.text === text);
  const token = found[occurrence];
  if (!token) {
    const seen = tokens(source).map((t) => JSON.stringify(t.text)).join(' ');
    assert.fail(`no token ${JSON.stringify(text)} (#${occurrence}) in ${JSON.stringify(source)}; tokens: ${seen}`);
  }
  return token;
}

function assertScope(source: string, text: string, scope: string, occurrence = 0): void {
  const token = tokenOf(source, text, occurrence);
  assert.ok(
    token.scopes.includes(scope),
    `${JSON.stringify(text)} in ${JSON.stringify(source)}: expected ${scope}, got ${token.scopes.join(' ')}`,
  );
}

function assertNoScopeMatching(source: string, text: string, pattern: RegExp, occurrence = 0): void {
  const token = tokenOf(source, text, occurrence);
  const bad = token.scopes.filter((scope) => pattern.test(scope));
  assert.deepEqual(bad, [], `${JSON.stringify(text)} in ${JSON.stringify(source)} must not have ${pattern}`);
}

const KEYWORD_SCOPE = /^(keyword|storage|support)\./;

describe('TextMate grammar', () => {
  before(async () => {
    grammar = await loadWitGrammar();
  });

  describe('snapshots', () => {
    it('has fixtures', () => {
      assert.ok(fixtureNames.length >= 5, `expected fixtures in ${fixturesDir}`);
    });

    for (const name of fixtureNames) {
      it(name, () => {
        const source = readFileSync(path.join(fixturesDir, name), 'utf8');
        const actual = renderSnapshot(source, tokenizeWit(grammar, source));
        const snapPath = path.join(fixturesDir, `${name}.snap`);
        if (updateSnapshots || !existsSync(snapPath)) {
          writeFileSync(snapPath, actual);
          if (!updateSnapshots) assert.fail(`wrote missing snapshot ${snapPath}; review it and run again`);
          return;
        }
        const expected = readFileSync(snapPath, 'utf8');
        assert.equal(actual, expected, `${name} differs from its snapshot (UPDATE_SNAPSHOTS=1 rewrites it)`);
      });
    }
  });

  describe('scope names', () => {
    /** Calls `visit` with every key/value pair anywhere in the raw grammar, depth first. */
    function walk(node: unknown, visit: (key: string, value: unknown) => void): void {
      if (Array.isArray(node)) {
        for (const child of node) walk(child, visit);
      } else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          visit(key, value);
          walk(value, visit);
        }
      }
    }

    const raw = JSON.parse(readFileSync(grammarPath, 'utf8')) as Record<string, unknown>;

    it('declares scopeName source.wit', () => {
      assert.equal(raw.scopeName, 'source.wit');
    });

    it('every scope in the grammar has a standard root and ends in .wit', () => {
      const names = new Set<string>();
      walk([raw.patterns, raw.repository], (key, value) => {
        if ((key === 'name' || key === 'contentName') && typeof value === 'string') {
          value.split(/\s+/).forEach((scope) => names.add(scope));
        }
      });
      assert.ok(names.size > 40, `only ${names.size} scope names found`);
      const bad = [...names].filter((scope) =>
        !(STANDARD_SCOPE_ROOTS as readonly string[]).includes(scope.split('.')[0] ?? '') || !scope.endsWith('.wit'));
      assert.deepEqual(bad, []);
    });

    it('every scope emitted on the fixtures has a standard root', () => {
      const emitted = new Set<string>();
      for (const name of fixtureNames) {
        const source = readFileSync(path.join(fixturesDir, name), 'utf8');
        for (const token of tokenizeWit(grammar, source).flat()) token.scopes.forEach((s) => emitted.add(s));
      }
      const bad = [...emitted].filter((scope) =>
        !(STANDARD_SCOPE_ROOTS as readonly string[]).includes(scope.split('.')[0] ?? ''));
      assert.deepEqual(bad, []);
    });

    it('every regex compiles with oniguruma', async () => {
      const regexes: string[] = [];
      walk(raw.repository, (key, value) => {
        if (['match', 'begin', 'end', 'while'].includes(key) && typeof value === 'string') regexes.push(value);
      });
      assert.ok(regexes.length > 50);
      for (const regex of regexes) {
        await assert.doesNotReject(compileRegexes([regex]), `does not compile: ${regex}`);
      }
    });

    it('every repository rule is reachable from the top level', () => {
      const repository = raw.repository as Record<string, unknown>;
      const reached = new Set<string>();
      const visit = (node: unknown): void => {
        if (Array.isArray(node)) node.forEach(visit);
        else if (node && typeof node === 'object') {
          for (const [key, value] of Object.entries(node)) {
            if (key === 'include' && typeof value === 'string' && value.startsWith('#')) {
              const ruleName = value.slice(1);
              assert.ok(ruleName in repository, `include of unknown rule ${value}`);
              if (!reached.has(ruleName)) {
                reached.add(ruleName);
                visit(repository[ruleName]);
              }
            } else {
              visit(value);
            }
          }
        }
      };
      visit(raw.patterns);
      assert.deepEqual(Object.keys(repository).filter((ruleName) => !reached.has(ruleName)), []);
    });
  });

  describe('keywords', () => {
    // [source, keyword token, expected scope]
    const cases: Array<[string, string, string]> = [
      ['package a:b;', 'package', 'keyword.other.package.wit'],
      ['interface i {}', 'interface', 'storage.type.interface.wit'],
      ['world w {}', 'world', 'storage.type.world.wit'],
      ['interface i { use t.{a}; }', 'use', 'keyword.control.use.wit'],
      ['interface i { use t.{a as b}; }', 'as', 'keyword.control.as.wit'],
      ['world w { import i; }', 'import', 'keyword.control.import.wit'],
      ['world w { export i; }', 'export', 'keyword.control.export.wit'],
      ['world w { include v; }', 'include', 'keyword.control.include.wit'],
      ['world w { include v with { a as b } }', 'with', 'keyword.control.with.wit'],
      ['interface i { type t = u32; }', 'type', 'storage.type.type.wit'],
      ['interface i { record r {} }', 'record', 'storage.type.record.wit'],
      ['interface i { variant v { a } }', 'variant', 'storage.type.variant.wit'],
      ['interface i { enum e { a } }', 'enum', 'storage.type.enum.wit'],
      ['interface i { flags f { a } }', 'flags', 'storage.type.flags.wit'],
      ['interface i { resource r; }', 'resource', 'storage.type.resource.wit'],
      ['interface i { f: func(); }', 'func', 'storage.type.function.wit'],
      ['interface i { f: async func(); }', 'async', 'storage.modifier.async.wit'],
      ['interface i { resource r { f: static func(); } }', 'static', 'storage.modifier.static.wit'],
      ['interface i { resource r { constructor(); } }', 'constructor', 'storage.type.constructor.wit'],
      ['from', 'from', 'keyword.control.from.wit'],
    ];
    for (const [source, keyword, scope] of cases) {
      it(`${keyword} is ${scope}`, () => assertScope(source, keyword, scope));
    }

    const primitives = ['bool', 's8', 's16', 's32', 's64', 'u8', 'u16', 'u32', 'u64', 'f32', 'f64', 'char', 'string'];
    for (const primitive of primitives) {
      it(`${primitive} is a primitive type`, () =>
        assertScope(`type t = ${primitive};`, primitive, 'support.type.primitive.wit'));
    }

    const builtins = ['list', 'option', 'result', 'tuple', 'map', 'future', 'stream', 'own', 'borrow'];
    for (const builtin of builtins) {
      it(`${builtin}<…> is a builtin type`, () =>
        assertScope(`type t = ${builtin}<u8>;`, builtin, 'support.type.builtin.wit'));
    }
    it('error-context is one builtin type token', () =>
      assertScope('f: func(e: error-context);', 'error-context', 'support.type.builtin.wit'));
    it('`_` in result<_, e> is a placeholder', () =>
      assertScope('type t = result<_, e>;', '_', 'variable.language.placeholder.wit'));
  });

  describe('kebab-case names are never split at keywords', () => {
    const names = [
      'list-of-things', 'my-list', 'record-id', 'u8-count', 'type-of', 'borrow-checker', 'result-code',
      'use-cases', 'string-builder', 'has-interface', 'error-context-id', 'world-map', 'async-io', 'func-ptr',
    ];
    for (const name of names) {
      it(`${name} as a type`, () => {
        const source = `type t = ${name};`;
        assertScope(source, name, 'entity.name.type.wit');
        assertNoScopeMatching(source, name, KEYWORD_SCOPE);
      });
      it(`${name} as a field`, () => {
        const source = `record r { ${name}: u32 }`;
        assertScope(source, name, 'variable.other.member.wit');
      });
      it(`${name} as a function`, () => {
        assertScope(`${name}: func();`, name, 'entity.name.function.wit');
      });
    }

    it('list inside list-of-things has no keyword scope anywhere on the line', () => {
      const all = tokens('x: func(list-of-things: list-of-things) -> list-of-things;');
      assert.deepEqual(all.filter((t) => t.text === 'list'), []);
      assert.equal(all.filter((t) => t.text === 'list-of-things').length, 3);
    });
  });

  describe('identifiers and declarations', () => {
    it('%interface is an identifier, not a keyword', () => {
      assertScope('interface %interface {}', '%interface', 'entity.name.type.interface.wit');
      assertNoScopeMatching('interface %interface {}', '%interface', KEYWORD_SCOPE);
      assertScope('%record: func(%type: u32);', '%record', 'entity.name.function.wit');
      assertScope('%record: func(%type: u32);', '%type', 'variable.parameter.wit');
      assertScope('type t = %list;', '%list', 'entity.name.type.wit');
    });

    const declarations: Array<[string, string, string]> = [
      ['interface types {}', 'types', 'entity.name.type.interface.wit'],
      ['world proxy {}', 'proxy', 'entity.name.type.world.wit'],
      ['record point { x: u32 }', 'point', 'entity.name.type.record.wit'],
      ['variant shape { circle(f32) }', 'shape', 'entity.name.type.variant.wit'],
      ['enum color { red }', 'color', 'entity.name.type.enum.wit'],
      ['flags perms { read }', 'perms', 'entity.name.type.flags.wit'],
      ['resource file;', 'file', 'entity.name.type.resource.wit'],
      ['resource file { }', 'file', 'entity.name.type.resource.wit'],
      ['type size = u64;', 'size', 'entity.name.type.alias.wit'],
    ];
    for (const [source, name, scope] of declarations) {
      it(`${source} names ${name}`, () => assertScope(source, name, scope));
    }

    const functions = [
      'get: func() -> u32;',
      'get: async func() -> u32;',
      'get: static func() -> u32;',
      'get: static async func() -> u32;',
      'get : func();',
    ];
    for (const source of functions) {
      it(`function name in ${source}`, () => assertScope(source, 'get', 'entity.name.function.wit'));
    }

    it('parameters, fields, cases and members', () => {
      assertScope('f: func(bytes: list<u8>, count: u32);', 'bytes', 'variable.parameter.wit');
      assertScope('f: func(bytes: list<u8>, count: u32);', 'count', 'variable.parameter.wit');
      assertScope('record r { size: u64, }', 'size', 'variable.other.member.wit');
      assertScope('variant v { none, some(u32) }', 'some', 'variable.other.enummember.wit');
      assertScope('variant v { none, some(my-type) }', 'my-type', 'entity.name.type.wit');
      assertScope('enum e { alpha, beta }', 'beta', 'variable.other.enummember.wit');
      assertScope('flags f { read, write }', 'write', 'variable.other.enummember.wit');
    });

    it('parameters on their own lines', () => {
      const source = 'f: func(\n  first: u32,\n  second: list<u8>,\n) -> u32;\nnext: func();';
      assertScope(source, 'first', 'variable.parameter.wit');
      assertScope(source, 'second', 'variable.parameter.wit');
      assertScope(source, 'next', 'entity.name.function.wit');
    });

    it('types in a signature', () => {
      const source = 'f: func(a: own<r>, b: borrow<r>) -> result<list<u8, 4>, error-code>;';
      assertScope(source, 'r', 'entity.name.type.wit');
      assertScope(source, '->', 'keyword.operator.arrow.wit');
      assertScope(source, '4', 'constant.numeric.integer.wit');
      assertScope(source, '<', 'punctuation.definition.generic.begin.wit');
      assertScope(source, 'error-code', 'entity.name.type.wit');
    });
  });

  describe('package names and paths', () => {
    it('package name with a prerelease version', () => {
      const source = 'package wasi:http@0.3.0-rc-2025-09-16;';
      assertScope(source, 'wasi', 'entity.name.namespace.wit');
      assertScope(source, ':', 'punctuation.separator.namespace.wit');
      assertScope(source, 'http', 'entity.name.namespace.wit');
      assertScope(source, '@', 'punctuation.separator.version.wit');
      assertScope(source, '0.3.0-rc-2025-09-16', 'constant.numeric.version.wit');
    });

    it('qualified interface path in use, with a version before .{', () => {
      const source = 'use foo:bar/baz@1.0.0.{a, b as c};';
      assertScope(source, 'foo', 'entity.name.namespace.wit');
      assertScope(source, 'bar', 'entity.name.namespace.wit');
      assertScope(source, '/', 'punctuation.separator.path.wit');
      assertScope(source, 'baz', 'entity.name.type.interface.wit');
      assertScope(source, '1.0.0', 'constant.numeric.version.wit');
      assertScope(source, '.', 'punctuation.accessor.wit');
      assertScope(source, 'a', 'entity.name.type.wit');
      assertScope(source, 'c', 'entity.name.type.wit');
    });

    it('plain-named import of an interface path', () => {
      const source = 'world w { import primary: wasi:keyvalue/store@0.2.0; }';
      assertScope(source, 'primary', 'entity.name.type.interface.wit');
      assertScope(source, 'wasi', 'entity.name.namespace.wit');
      assertScope(source, 'store', 'entity.name.type.interface.wit');
    });

    it('include names a world', () => {
      assertScope('world w { include wasi:cli/imports@0.2.3; }', 'imports', 'entity.name.type.world.wit');
      assertScope('world w { include base with { a as b } }', 'base', 'entity.name.type.world.wit');
    });
  });

  describe('comments', () => {
    it('/// lines are documentation comments', () => {
      const source = '  /// Returns the `name`.\nget: func();';
      for (const token of tokenizeWit(grammar, source)[0]!.filter((t) => t.text.trim())) {
        assert.ok(token.scopes.includes('comment.line.documentation.wit'), `${token.text}: ${token.scopes.join(' ')}`);
      }
      assertScope(source, '`name`', 'markup.inline.raw.wit');
      assertScope(source, 'get', 'entity.name.function.wit');
    });

    it('// and //// lines are ordinary comments', () => {
      assertScope('// note', '//', 'comment.line.double-slash.wit');
      assertScope('//// banner', '//', 'comment.line.double-slash.wit');
      assertNoScopeMatching('//// banner', '//', /documentation/);
    });

    it('/** */ is a documentation comment, /**/ is not', () => {
      assertScope('/** Docs. */ record r {}', '/**', 'comment.block.documentation.wit');
      assertScope('/** Docs. */ record r {}', 'record', 'storage.type.record.wit');
      assertNoScopeMatching('/**/ record r {}', '/*', /documentation/);
      assertScope('/**/ record r {}', 'record', 'storage.type.record.wit');
    });

    it('nested block comments close correctly', () => {
      const source = '/* a /* b */ c */ record r {}';
      assertScope(source, ' c ', 'comment.block.wit');
      assertScope(source, 'record', 'storage.type.record.wit');
      assertNoScopeMatching(source, 'record', /^comment\./);
      const multiLine = '/* one\n /* two\n */ still comment\n*/\nenum e { a }';
      assertScope(multiLine, ' still comment', 'comment.block.wit');
      assertScope(multiLine, 'enum', 'storage.type.enum.wit');
      assertNoScopeMatching(multiLine, 'enum', /^comment\./);
    });

    it('comments inside types and signatures', () => {
      const source = 'f: func(a: /* inline */ u32) -> u32; // trailing';
      assertScope(source, ' inline ', 'comment.block.wit');
      assertScope(source, 'u32', 'support.type.primitive.wit');
      assertScope(source, ' trailing', 'comment.line.double-slash.wit');
    });
  });

  describe('gates and strings', () => {
    it('@since(version = 1.2.3) has the version as a constant', () => {
      const source = '@since(version = 1.2.3)\nf: func();';
      assertScope(source, '@', 'punctuation.definition.annotation.wit');
      assertScope(source, 'since', 'storage.type.annotation.wit');
      assertScope(source, 'version', 'entity.other.attribute-name.wit');
      assertScope(source, '=', 'keyword.operator.assignment.wit');
      assertScope(source, '1.2.3', 'constant.numeric.version.wit');
      assertScope(source, 'f', 'entity.name.function.wit');
    });

    it('@unstable(feature = name) and @deprecated(version = …)', () => {
      assertScope('@unstable(feature = fancy-io)', 'fancy-io', 'constant.other.feature.wit');
      assertScope('@unstable(feature = fancy-io)', 'unstable', 'storage.type.annotation.wit');
      assertScope('@deprecated(version = 0.2.2)', 'deprecated', 'storage.type.annotation.wit');
      assertScope('@deprecated(version = 0.2.2)', '0.2.2', 'constant.numeric.version.wit');
    });

    it('@external-id("…") carries a string', () => {
      const source = '@external-id("https://esm.sh/slugify@1.6.6")';
      assertScope(source, 'external-id', 'storage.type.annotation.wit');
      assertScope(source, 'https://esm.sh/slugify@1.6.6', 'string.quoted.double.wit');
    });

    const escapes = ['\\u{1F600}', '\\"', '\\\\', '\\n', '\\t', '\\r', "\\'", '\\7f', '\\u{41}'];
    for (const escape of escapes) {
      it(`string escape ${escape}`, () => {
        const source = `@external-id("a${escape}b")`;
        assertScope(source, escape, 'constant.character.escape.wit');
        assertScope(source, escape, 'string.quoted.double.wit');
      });
    }

    it('an unknown escape is invalid, and a string stops at the end of its line', () => {
      assertScope('@external-id("a\\qb")', '\\q', 'invalid.illegal.escape.wit');
      assertScope('@external-id("open\nrecord r {}', 'record', 'storage.type.record.wit');
    });
  });

  describe('recovery from half-typed code', () => {
    it('a missing `;` does not swallow the next item', () => {
      const source = 'interface i {\n  use types.{a}\n  get: func() -> u32\n  type x = u32\n  record r { f: u8 }\n}';
      assertScope(source, 'get', 'entity.name.function.wit');
      assertScope(source, 'type', 'storage.type.type.wit');
      assertScope(source, 'r', 'entity.name.type.record.wit');
      assertScope(source, 'f', 'variable.other.member.wit');
    });

    it('a declaration without a body ends at the next item', () => {
      const source = 'record half\nenum e { a }';
      assertScope(source, 'half', 'entity.name.type.record.wit');
      assertScope(source, 'a', 'variable.other.enummember.wit');
      assertNoScopeMatching(source, 'enum', /meta\.record/);
    });
  });
});
