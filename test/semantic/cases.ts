// Semantic test cases, one per check wit-parser makes, in our own words. Each lists every
// diagnostic we must report (file:line:col code: message), the first being wit-parser's.
// The differential test also asks wit-parser for its verdict on each single-file case.

export interface Case {
  name: string;
  /** One file (`t.wit`) or several (paths relative to the root folder). */
  files: string | Record<string, string>;
  /** Root to check when `files` has several entries (a folder, or one file). */
  root?: string;
  features?: string[];
  expect: string[];
}

const P = 'package test:pkg;\n';
const V = 'package test:pkg@1.0.0;\n';

export const cases: Case[] = [
  // ---- names that do not exist ----
  { name: 'unknown type in alias', files: `${P}interface i { type a = nope; }`, expect: ['t.wit:2:24 unknown-type: type `nope` does not exist'] },
  { name: 'unknown type in function', files: `${P}interface i { f: func(x: nope); }`, expect: ['t.wit:2:26 unknown-name: name `nope` does not exist'] },
  { name: 'unknown interface in use', files: `${P}interface i { use nope.{t}; }`, expect: ['t.wit:2:19 unknown-name: interface or world `nope` does not exist'] },
  { name: 'unknown name in use', files: `${P}interface a {}\ninterface i { use a.{t}; }`, expect: ['t.wit:3:22 unknown-name: name `t` does not exist'] },
  { name: 'unknown world in include', files: `${P}world w { include nope; }`, expect: ['t.wit:2:19 unknown-name: interface or world `nope` does not exist'] },
  { name: 'unknown import', files: `${P}world w { import nope; }`, expect: ['t.wit:2:18 unknown-name: interface or world `nope` does not exist'] },
  { name: 'unknown package lists the known ones', files: `${P}interface i { use other:pkg/x.{t}; }`, expect: ["t.wit:2:19 unknown-package: package 'other:pkg' not found. known packages:\n    test:pkg"] },
  {
    name: 'interface missing in a dependency',
    files: { 'a.wit': `${P}interface i { use dep:pkg/nope.{t}; }`, 'deps/dep.wit': 'package dep:pkg;\ninterface real { type t = u32; }' },
    root: '.',
    expect: ["a.wit:2:27 unknown-interface: interface 'nope' not found in package 'dep:pkg'"],
  },
  {
    name: 'world missing in a dependency',
    files: { 'a.wit': `${P}world w { include dep:pkg/nope; }`, 'deps/dep.wit': 'package dep:pkg;\nworld real {}' },
    root: '.',
    expect: ["a.wit:2:27 unknown-world: world 'nope' not found in package 'dep:pkg'"],
  },
  {
    name: 'type missing in a dependency interface',
    files: { 'a.wit': `${P}interface i { use dep:pkg/real.{nope}; }`, 'deps/dep.wit': 'package dep:pkg;\ninterface real { type t = u32; }' },
    root: '.',
    expect: ['a.wit:2:33 unknown-name: type `nope` not defined in interface'],
  },
  { name: 'world used as an interface', files: `${P}world w {}\ninterface i { use w.{t}; }`, expect: ['t.wit:3:19 wrong-kind: name `w` is defined as a world, not an interface'] },
  { name: 'interface included as a world', files: `${P}interface i {}\nworld w { include i; }`, expect: ['t.wit:3:19 wrong-kind: name `i` is defined as an interface, not a world'] },
  { name: 'function used as a type', files: `${P}interface i { f: func(); g: func() -> f; }`, expect: ['t.wit:2:39 invalid-type: cannot use function `f` as a type'] },
  { name: 'function imported with use', files: `${P}interface a { f: func(); }\ninterface i { use a.{f}; }`, expect: ['t.wit:3:22 invalid-use: cannot import function `f`'] },
  { name: 'missing package header', files: 'interface i {}', expect: ['t.wit:1:1 missing-package-header: no `package` header was found in any WIT file for this package'] },

  // ---- duplicates ----
  { name: 'duplicate interface', files: `${P}interface i {}\ninterface i {}`, expect: ['t.wit:3:11 duplicate-item: duplicate item named `i`'] },
  { name: 'world and interface share a name', files: `${P}interface i {}\nworld i {}`, expect: ['t.wit:3:7 duplicate-item: duplicate item named `i`'] },
  { name: 'duplicate type', files: `${P}interface i { type a = u32; type a = u8; }`, expect: ['t.wit:2:34 duplicate-name: name `a` is defined more than once'] },
  { name: 'duplicate function', files: `${P}interface i { f: func(); f: func(); }`, expect: ['t.wit:2:26 duplicate-name: name `f` is defined more than once'] },
  { name: 'duplicate parameter', files: `${P}interface i { f: func(a: u32, a: u8); }`, expect: ['t.wit:2:31 duplicate-param: param `a` is defined more than once'] },
  { name: 'use brings a name twice', files: `${P}interface a { type t = u32; }\ninterface i { use a.{t, t}; }`, expect: ['t.wit:3:25 duplicate-name: name `t` is defined more than once'] },
  { name: 'duplicate name in a file', files: `${P}use i as j;\ninterface i {}\ninterface j {}`, expect: ['t.wit:4:11 duplicate-name: duplicate name `j` in this file'] },
  { name: 'duplicate resource method', files: `${P}interface i { resource r { m: func(); m: func(); } }`, expect: ['t.wit:2:39 duplicate-name: duplicate function name `m`'] },
  { name: 'duplicate constructors', files: `${P}interface i { resource r { constructor(); constructor(); } }`, expect: ['t.wit:2:43 duplicate-constructor: duplicate constructors'] },
  { name: 'world exports differing only in case', files: `${P}world w { export get-it: func(); export GET-IT: func(); }`, expect: ['t.wit:2:7 case-insensitive-duplicate: export `GET-IT` in world `w` conflicts with export `get-it` (kebab-case identifiers are case-insensitive)'] },
  {
    name: 'two packages with one name',
    files: { 'a.wit': `${P}interface i {}`, 'deps/x.wit': 'package dup:pkg;\ninterface x {}', 'deps/y.wit': 'package dup:pkg;\ninterface y {}' },
    root: '.',
    expect: ['deps/y.wit:1:9 duplicate-package: package `dup:pkg` is defined in two different locations'],
  },
  { name: 'package names disagree across files', files: { 'a.wit': `${P}interface a {}`, 'b.wit': 'package test:other;\ninterface b {}' }, root: '.', expect: ['b.wit:1:9 package-name-mismatch: package identifier `test:other` does not match previous package name of `test:pkg`'] },
  { name: 'doc comments on two package headers', files: { 'a.wit': `/// one\n${P}`, 'b.wit': `/// two\n${P}` }, root: '.', expect: ["b.wit:1:1 multiple-package-docs: found doc comments on multiple 'package' items"] },

  // ---- cycles ----
  { name: 'type cycle', files: `${P}interface i { type a = b; type b = a; }`, expect: ['t.wit:2:24 cycle: type `b` depends on itself'] },
  { name: 'type cycle through a record', files: `${P}interface i { record r { next: option<r> } }`, expect: ['t.wit:2:39 cycle: type `r` depends on itself'] },
  { name: 'interface cycle', files: `${P}interface a { use b.{t}; type u = u32; }\ninterface b { use a.{u}; type t = u32; }`, expect: ['t.wit:3:11 cycle: interface or world `b` depends on itself', 't.wit:2:22 unknown-name: name `t` does not exist'] },
  { name: 'include cycle', files: `${P}world a { include b; }\nworld b { include a; }`, expect: ['t.wit:3:7 cycle: interface or world `b` depends on itself'] },
  {
    name: 'package cycle',
    files: { 'a.wit': `${P}interface i { use x:x/i.{}; }`, 'deps/x.wit': 'package x:x;\ninterface i { use y:y/i.{}; }', 'deps/y.wit': 'package y:y;\ninterface i { use x:x/i.{}; }' },
    root: '.',
    expect: ['deps/y.wit:2:19 package-cycle: package `x:x` creates a dependency cycle'],
  },

  // ---- worlds: conflicts, shadowing, twice, transitive ----
  { name: 'import conflicts with a function', files: `${P}world w { import x: func(); import x: interface {} }`, expect: ['t.wit:2:36 duplicate-import: import `x` conflicts with prior func of same name'] },
  { name: 'import conflicts with a type', files: `${P}world w { type x = u32; import x: func(); }`, expect: ['t.wit:2:32 duplicate-import: import `x` conflicts with prior type of same name'] },
  { name: 'interface imported twice', files: `${P}interface i {}\nworld w { import i; import i; }`, expect: ['t.wit:3:28 duplicate-import: interface cannot be imported more than once'] },
  { name: 'interface exported twice', files: `${P}interface i {}\nworld w { export i; export i; }`, expect: ['t.wit:3:28 duplicate-import: interface cannot be exported more than once'] },
  { name: 'labelled imports of one interface are fine', files: `${P}interface i {}\nworld w { import a: i; import b: i; import i; }`, expect: [] },
  { name: 'labelled import conflicts with a function', files: `${P}interface i {}\nworld w { import a: func(); import a: i; }`, expect: ['t.wit:3:36 duplicate-import: import `a` conflicts with prior func of same name'] },
  { name: 'include shadows an import', files: `${P}world a { import x: func(); }\nworld b { include a; import x: func(); }`, expect: ['t.wit:3:19 include-shadows: import of `x` shadows previously imported items'] },
  { name: 'include renames a missing name', files: `${P}world a { import x: func(); }\nworld b { include a with { y as z } }`, expect: ['t.wit:3:19 unknown-include-name: no import or export kebab-name `y`. Note that an ID does not support renaming'] },
  {
    name: 'transitive dependency used in incompatible ways',
    files: `${P}interface a { type t = u32; }\ninterface b { use a.{t}; }\ninterface c { use a.{t}; use b.{t as t2}; }\nworld w { export a; export c; }`,
    expect: ['t.wit:5:7 incompatible-dependency: interface `test:pkg/c` transitively depends on an interface in incompatible ways'],
  },

  // ---- resources ----
  { name: 'handle of a non-resource', files: `${P}interface i { type t = u32; type h = own<t>; }`, expect: ['t.wit:2:42 not-a-resource: type `t` used in a handle must be a resource'] },
  { name: 'borrow in a result', files: `${P}interface i { resource r; f: func() -> borrow<r>; }`, expect: ['t.wit:2:27 borrow-in-result: function `f` returns a type which contains a `borrow<T>` which is not supported'] },
  { name: 'constructor returning something else', files: `${P}interface i { resource r { constructor() -> u32; } }`, expect: ['t.wit:2:45 invalid-constructor: if a constructor return type is declared it must be a `result`'] },
  { name: 'constructor result of another type', files: `${P}interface i { resource r { constructor() -> result<u32, string>; } }`, expect: ['t.wit:2:52 invalid-constructor: the `ok` type must be the resource being constructed'] },
  { name: 'fallible constructor is fine', files: `${P}interface i { resource r { constructor() -> result<r, string>; } }`, expect: [] },
  {
    name: 'foreign handle of a non-resource',
    files: { 'a.wit': `${P}interface i { use dep:pkg/d.{t}; type h = borrow<t>; }`, 'deps/dep.wit': 'package dep:pkg;\ninterface d { type t = u32; }' },
    root: '.',
    expect: ['a.wit:2:50 not-a-resource: type used in a handle must be a resource'],
  },

  // ---- feature gates ----
  { name: 'deprecated alone', files: `${V}@deprecated(version = 1.0.0)\ninterface i {}`, expect: ['t.wit:2:2 invalid-gate: cannot specify both @deprecated without @since or @unstable'] },
  { name: 'two since gates', files: `${V}@since(version = 1.0.0)\n@since(version = 1.0.0)\ninterface i {}`, expect: ['t.wit:3:2 invalid-gate: cannot specify @since twice'] },
  { name: 'since and unstable together', files: `${V}@unstable(feature = x)\n@since(version = 1.0.0)\ninterface i {}`, expect: ['t.wit:3:2 invalid-gate: cannot specify both @since and @unstable'] },
  { name: 'version gate in an unversioned package', files: `${P}@since(version = 1.0.0)\ninterface i {}`, expect: ['t.wit:3:11 gate-without-version: package [test:pkg] contains a feature gate with a version specifier, so it must have a version'] },
  { name: 'gate from the future', files: `${V}@since(version = 2.0.0)\ninterface i {}`, expect: ['t.wit:3:11 unreleased-version: feature gate cannot reference unreleased version 2.0.0 of package [test:pkg@1.0.0] (current version 1.0.0)'] },
  { name: 'reference to a gated-off type', files: `${P}interface i {\n  @unstable(feature = off)\n  type g = u32;\n  type t = g;\n}`, expect: ['t.wit:5:8 gated-reference: found a reference to a type which is excluded due to its feature not being activated'] },
  { name: 'gated type with its feature on', files: `${P}interface i {\n  @unstable(feature = on)\n  type g = u32;\n  type t = g;\n}`, features: ['on'], expect: [] },
  { name: 'include of a gated-off world', files: `${P}@unstable(feature = off)\nworld a {}\nworld b { include a; }`, expect: ['t.wit:4:19 gated-reference: found a reference to a world which is excluded due to its feature not being activated'] },
  { name: 'ungated type in a gated-off interface', files: `${P}@unstable(feature = off)\ninterface i { type t = u32; }`, expect: ['t.wit:3:20 gated-reference: found a reference to a interface which is excluded due to its feature not being activated; this type is not gated by a feature but its interface is'] },
  { name: 'attributes on a top-level use', files: `${P}interface i {}\n@since(version = 1.0.0)\nuse i as j;`, expect: ['t.wit:4:1 invalid-attribute: attributes not allowed on top-level use'] },

  // ---- types ----
  { name: 'map with a float key', files: `${P}interface i { type m = map<f32, u8>; }`, expect: ['t.wit:2:24 invalid-map-key: invalid map key type: map keys must be bool, u8, u16, u32, u64, s8, s16, s32, s64, char, or string'] },
  { name: 'map with a string key', files: `${P}interface i { type m = map<string, list<u8>>; }`, expect: [] },
  { name: 'empty enum', files: `${P}interface i { enum e {} }`, expect: ['t.wit:2:20 empty-enum: empty enum'] },
  { name: 'empty variant', files: `${P}interface i { variant v {} }`, expect: ['t.wit:2:23 empty-variant: empty variant'] },
  { name: 'old float names', files: `${P}interface i { type a = float32; }`, expect: ['t.wit:2:24 unknown-type: type `float32` does not exist'] },
  { name: 'fixed-length list too long', files: `${P}interface i { type l = list<u8, 4294967296>; }`, expect: ['t.wit:2:33 invalid-list-size: invalid list size: number too large to fit in target type'] },
  { name: 'nested package inside a nested package', files: 'package a:b {\n  package a:c {}\n}', expect: ['t.wit:2:11 nested-package: nested packages must be placed at the top-level', 't.wit:1:1 missing-package-header: no `package` header was found in any WIT file for this package'] },

  // ---- named imports and exports of one interface (`import primary: store;`) ----
  {
    name: 'named export whose dependency is also exported by an export that needs it imported',
    files: `${P}interface types { type t = u32; }\ninterface store { use types.{t}; }\ninterface user { use store.{t}; }\nworld w { export user; export primary: store; }`,
    expect: ['t.wit:5:7 incompatible-dependency: interface `primary` transitively depends on an interface in incompatible ways'],
  },
  { name: 'the same interface exported under two names', files: `${P}interface types { type t = u32; }\ninterface store { use types.{t}; }\nworld w { export primary: store; export backup: store; }`, expect: [] },

  // ---- a header the parser could not read ----
  { name: 'malformed version in the header: one error, no missing-header noise', files: 'package a:b@0.2.;\ninterface i {}', expect: ["t.wit:1:17 unexpected-token: expected an integer, found ';'"] },

  // ---- every independent error at once ----
  {
    name: 'independent errors all reported',
    files: `${P}interface i {\n  type a = nope;\n  f: func(x: missing);\n  enum e {}\n}\ninterface j { use k.{t}; }\nworld w { import q; }`,
    expect: [
      't.wit:7:19 unknown-name: interface or world `k` does not exist',
      't.wit:3:12 unknown-type: type `nope` does not exist',
      't.wit:5:8 empty-enum: empty enum',
      't.wit:4:14 unknown-name: name `missing` does not exist',
      't.wit:8:18 unknown-name: interface or world `q` does not exist',
    ],
  },
];
