// The WIT grammar as a chevrotain CstParser. Each rule mirrors a function of wit-parser's
// recursive-descent parser (crates/wit-parser/src/ast.rs) so that the first error is found at the
// same token with the same words; chevrotain's recovery then carries on to find the rest.
// Nothing chevrotain-typed leaves syntax/: parse.ts turns the CST into the AST of ast.ts.
import { CstParser, EOF, type CstNode, type IParserErrorMessageProvider, type IToken, type ParserMethod, type TokenType } from './chevrotain.js';
import * as T from './tokens.js';

/** wit-parser's limit on nested types and nested packages. */
export const MAX_NESTING = 100;

const itemMessages = {
  top: '`world`, `interface` or `use`',
  interface: '`type`, `resource` or `func`',
  world: '`import`, `export`, `include`, `use`, or type definition',
  resource: '`constructor` or identifier',
} as const;

export function describeFound(tok: IToken): string {
  return tok.tokenType === EOF ? 'eof' : T.describeTokenType(tok.tokenType);
}

/** Rule names whose closing `}` wit-parser never expects directly: at eof it asks for an item. */
const eofItemMessage: Record<string, string> = {
  interfaceBody: itemMessages.interface,
  worldBody: itemMessages.world,
  resourceBody: itemMessages.resource,
  nestedPackage: itemMessages.top,
};

/**
 * Lists parsed like wit-parser's `parse_list_trailer`: right after the opening token or a comma,
 * wit-parser asks for an item, so a missing item reads "expected <item>", not "expected <end>".
 */
const listItems: Record<string, { end: TokenType; open: TokenType; item: string }> = {
  paramList: { end: T.RParen, open: T.LParen, item: 'an identifier or string' },
  use: { end: T.RBrace, open: T.LBrace, item: 'an identifier or string' },
  include: { end: T.RBrace, open: T.LBrace, item: 'an identifier or string' },
  flagsDecl: { end: T.RBrace, open: T.LBrace, item: 'an identifier or string' },
  enumDecl: { end: T.RBrace, open: T.LBrace, item: 'an identifier or string' },
  variantDecl: { end: T.RBrace, open: T.LBrace, item: 'an identifier or string' },
  recordDecl: { end: T.RBrace, open: T.LBrace, item: 'an identifier or string' },
  tupleType: { end: T.RAngle, open: T.LAngle, item: 'a type' },
};

const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, previous, ruleName }) {
    const list = listItems[ruleName];
    if (list && expected === list.end && previous && (previous.tokenType === list.open || previous.tokenType === T.Comma)) {
      return `expected ${list.item}, found ${describeFound(actual)}`;
    }
    if (actual.tokenType === EOF && expected === T.RBrace && eofItemMessage[ruleName]) {
      return `expected ${eofItemMessage[ruleName]}, found eof`;
    }
    if (expected === T.Integer && ruleName === 'listType') return `expected fixed-length, found ${describeFound(actual)}`;
    return `expected ${T.describeTokenType(expected)}, found ${describeFound(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `expected ${itemMessages.top}, found ${describeFound(firstRedundant)}`;
  },
  buildNoViableAltMessage({ actual, customUserDescription }) {
    return `expected ${customUserDescription ?? 'something else'}, found ${describeFound(actual[0])}`;
  },
  buildEarlyExitMessage({ actual, customUserDescription }) {
    return `expected ${customUserDescription ?? 'something else'}, found ${describeFound(actual[0])}`;
  },
};

/** A problem the grammar notices itself (junk tokens, nesting limits), beside chevrotain's errors. */
export interface GrammarNote {
  message: string;
  code: string;
  token: IToken;
}

export class WitGrammar extends CstParser {
  /** Errors found by grammar actions rather than by chevrotain's matching. */
  notes: GrammarNote[] = [];
  private lastJunk = -2;
  private skipDepth = 0;

  /**
   * @param validate chevrotain's checks of the grammar itself (ambiguities, left recursion): a
   *   third of the parser's start-up, so the tests run them (test/syntax) and the tools do not.
   */
  constructor(validate = false) {
    super(T.allTokens, {
      recoveryEnabled: true,
      // Every decision is one token of lookahead plus GATEs, like wit-parser's `peek`, so a
      // broken item fails at the same token as in wit-parser.
      maxLookahead: 1,
      nodeLocationTracking: 'onlyOffset',
      errorMessageProvider: messages,
      skipValidations: !validate,
    });
    this.performSelfAnalysis();
  }

  /** A rule taking the nesting depth (chevrotain supports ARGS; its CstParser typings do not). */
  private RULE1(name: string, impl: (depth: number) => void): ParserMethod<[number], CstNode> {
    return this.RULE(name, impl as unknown as () => void) as unknown as ParserMethod<[number], CstNode>;
  }

  /** Resets per-parse state and sets the input. */
  start(tokens: IToken[]): void {
    this.notes = [];
    this.lastJunk = -2;
    this.input = tokens;
  }

  /**
   * Where chevrotain's re-sync recovery stops. Its default takes the first follow-set entry that
   * matches, and the catch-all junk alternatives put `AnyToken` in many follow sets, which would
   * make an outer rule swallow a `}` that closes an inner one, or restart an item in the middle of
   * a broken one. Prefer a token of exactly the expected type within the current statement (up to
   * its `;`, `{` or `}`); else the first token a catch-all accepts; else chevrotain's search.
   */
  findReSyncTokenType(): TokenType {
    const follows = (this as unknown as { flattenFollowSet(): TokenType[] }).flattenFollowSet();
    const set = new Set(follows);
    let fallback: TokenType | undefined;
    for (let k = 1; ; k++) {
      const t = this.LA(k).tokenType;
      if (t === EOF) return fallback ?? EOF;
      if (set.has(t)) return t;
      if (fallback === undefined) {
        if ((t === T.Id || t === T.ExplicitId) && set.has(T.AnyId)) fallback = T.AnyId;
        else if (set.has(T.AnyToken)) fallback = T.AnyToken;
      }
      if ((t === T.Semicolon || t === T.LBrace || t === T.RBrace) && fallback !== undefined) return fallback;
    }
  }

  private is(t: TokenType, k = 1): boolean {
    return this.LA(k).tokenType === t;
  }

  private isId(k = 1): boolean {
    const t = this.LA(k).tokenType;
    return t === T.Id || t === T.ExplicitId;
  }

  /** Records a junk token once per run of junk, with the message of the enclosing item list. */
  private junk(tok: IToken, expected: string): void {
    const index = (this as unknown as { currIdx: number }).currIdx;
    if (index !== this.lastJunk + 1) {
      this.notes.push({ code: 'unexpected-token', message: `expected ${expected}, found ${describeFound(tok)}`, token: tok });
    }
    this.lastJunk = index;
  }

  // ---- file structure ----

  /** `package a:b;` then items; the header only when the name is followed by `;`. */
  public file = this.RULE('file', () => {
    this.OPTION({
      GATE: () => this.isHeader(),
      DEF: () => {
        this.SUBRULE(this.packageHeader);
      },
    });
    this.MANY({ GATE: () => !this.is(EOF), DEF: () => this.SUBRULE(this.topItem, { ARGS: [0] }) });
  });

  /** The header alone: the first call of a chunked parse (see `chunk`). */
  public header = this.RULE('header', () => {
    this.OPTION({ GATE: () => this.isHeader(), DEF: () => this.SUBRULE(this.packageHeader) });
  });

  /** Items left for the current `chunk` call. */
  private chunkLeft = 0;

  /**
   * Up to `size` top-level items. parse.ts calls this repeatedly, turning each chunk into AST
   * and dropping its CST, so a 10 MB file never holds its whole CST at once.
   */
  public chunk: ParserMethod<[number], CstNode> = this.RULE1('chunk', (size: number) => {
    this.ACTION(() => { this.chunkLeft = size; });
    this.MANY({ GATE: () => !this.is(EOF) && this.chunkLeft-- > 0, DEF: () => this.SUBRULE(this.topItem, { ARGS: [0] }) });
  });

  /** A chunk's loop ends before the end of input on purpose: no recovery towards the end. */
  shouldInRepetitionRecoveryBeTried(expectTokAfterLastMatch: TokenType, nextTokIdx: number, notStuck: boolean): boolean {
    if (expectTokAfterLastMatch === EOF) return false;
    const base = CstParser.prototype as unknown as { shouldInRepetitionRecoveryBeTried(a: TokenType, b: number, c: boolean): boolean };
    return base.shouldInRepetitionRecoveryBeTried.call(this, expectTokAfterLastMatch, nextTokIdx, notStuck);
  }

  /** Chunked parses stop before the end on purpose: no "redundant input" complaint. */
  onAfterParse(_ruleName: string): void {
    const v = (this as unknown as { tokVector: IToken[] }).tokVector;
    while (v.length && v[v.length - 1].tokenType === EOF) v.pop();
  }

  /** Where the parser is in its input. */
  get position(): number {
    return (this as unknown as { currIdx: number }).currIdx;
  }

  private packageHeader = this.RULE('packageHeader', () => {
    this.CONSUME(T.Package);
    this.SUBRULE(this.packageName);
    this.CONSUME(T.Semicolon);
  });

  /**
   * wit-parser peeks `package name` and takes it as a header only when `;` follows. When the
   * name itself is malformed, both readings stop at the same error inside the name; we then take
   * it as a header if `;` comes before any `{`, so that recovery keeps `package a:b@0.2.;` a
   * header rather than a nameless nested package.
   */
  private isHeader(): boolean {
    if (!this.is(T.Package)) return false;
    const end = this.packageNameEnd(2);
    if (end !== undefined) return this.is(T.Semicolon, end);
    for (let k = 2; k < 64; k++) {
      const t = this.LA(k).tokenType;
      if (t === T.Semicolon) return true;
      if (t === T.LBrace || t === T.RBrace || t === EOF) return false;
    }
    return false;
  }

  /** The lookahead index just past a well-formed package name starting at `k`, if there is one. */
  private packageNameEnd(k: number): number | undefined {
    if (!this.isId(k++)) return undefined;
    if (!this.is(T.Colon, k++)) return undefined;
    if (!this.isId(k++)) return undefined;
    if (this.is(T.At, k)) {
      k++;
      for (const t of [T.Integer, T.Period, T.Integer, T.Period, T.Integer]) if (!this.is(t, k++)) return undefined;
      for (const prefix of [T.Minus, T.Plus]) {
        if (!this.is(prefix, k)) continue;
        k++;
        for (;;) {
          const t = this.LA(k).tokenType;
          if (t === T.Id || t === T.Integer || t === T.Minus) { k++; continue; }
          const u = this.LA(k + 1).tokenType;
          if (t === T.Period && (u === T.Id || u === T.Integer || u === T.Minus)) { k += 2; continue; }
          break;
        }
      }
    }
    return k;
  }

  private itemDepth = 0;
  private topItemAlternatives?: Parameters<WitGrammar['OR']>[0];
  private topItem: ParserMethod<[number], CstNode> = this.RULE1('topItem', (depth: number) => {
    this.SUBRULE(this.attributes);
    this.itemDepth = depth ?? 0;
    this.topItemAlternatives ??= {
      ERR_MSG: itemMessages.top,
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.SUBRULE(this.interfaceDecl) },
        { ALT: () => this.SUBRULE(this.worldDecl) },
        { ALT: () => this.SUBRULE(this.toplevelUse) },
        { GATE: () => this.itemDepth >= MAX_NESTING, ALT: () => this.SUBRULE(this.deepPackage) },
        { ALT: () => this.SUBRULE(this.nestedPackage, { ARGS: [this.itemDepth] }) },
        { ALT: () => { const t = this.CONSUME(T.AnyToken); this.ACTION(() => this.junk(t, itemMessages.top)); } },
      ],
    };
    this.OR(this.topItemAlternatives);
  });

  private nestedPackage: ParserMethod<[number], CstNode> = this.RULE1('nestedPackage', (depth: number) => {
    this.CONSUME(T.Package);
    this.SUBRULE(this.packageName);
    this.CONSUME(T.LBrace);
    this.MANY({ GATE: () => !this.is(T.RBrace) && !this.is(EOF), DEF: () => this.SUBRULE(this.topItem, { ARGS: [depth + 1] }) });
    this.CONSUME(T.RBrace);
  });

  /** A package nested deeper than wit-parser allows: reported, then skipped without recursion. */
  private deepPackage = this.RULE('deepPackage', () => {
    const kw = this.CONSUME(T.Package);
    this.ACTION(() => this.notes.push({ code: 'nesting-too-deep', message: 'package nesting too deep', token: kw }));
    this.SUBRULE(this.skipBalanced);
  });

  /** Skips tokens up to and including the `}` that closes the first `{` (no recursion). */
  private skipBalanced = this.RULE('skipBalanced', () => {
    this.ACTION(() => { this.skipDepth = 0; });
    this.MANY({
      GATE: () => !this.is(EOF) && this.skipDepth >= 0,
      DEF: () => {
        const t = this.CONSUME(T.AnyToken);
        this.ACTION(() => {
          if (t.tokenType === T.LBrace) this.skipDepth++;
          else if (t.tokenType === T.RBrace) this.skipDepth = this.skipDepth <= 1 ? -1 : this.skipDepth - 1;
        });
      },
    });
  });

  private packageName = this.RULE('packageName', () => {
    this.CONSUME(T.AnyId, { LABEL: 'namespace' });
    this.CONSUME(T.Colon);
    this.CONSUME2(T.AnyId, { LABEL: 'name' });
    this.OPTION(() => {
      this.CONSUME(T.At);
      this.SUBRULE(this.version);
    });
  });

  /** `1.2.3`, then `-pre.1` and `+build` the way wit-parser's `parse_version` chomps them. */
  private version = this.RULE('version', () => {
    this.CONSUME(T.Integer);
    this.CONSUME(T.Period);
    this.CONSUME2(T.Integer);
    this.CONSUME2(T.Period);
    this.CONSUME3(T.Integer);
    this.OPTION(() => {
      this.CONSUME(T.Minus);
      this.MANY({ GATE: () => this.atVersionPart(), DEF: () => this.SUBRULE(this.versionPart) });
    });
    this.OPTION2(() => {
      this.CONSUME(T.Plus);
      this.MANY2({ GATE: () => this.atVersionPart(), DEF: () => this.SUBRULE2(this.versionPart) });
    });
  });

  private atVersionPart(): boolean {
    const part = (t: TokenType) => t === T.Id || t === T.Integer || t === T.Minus;
    const t = this.LA(1).tokenType;
    return part(t) || (t === T.Period && part(this.LA(2).tokenType));
  }

  private versionPart = this.RULE('versionPart', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Id) },
      { ALT: () => this.CONSUME(T.Integer) },
      { ALT: () => this.CONSUME(T.Minus) },
      {
        GATE: () => {
          const t = this.LA(2).tokenType;
          return t === T.Id || t === T.Integer || t === T.Minus;
        },
        ALT: () => {
          this.CONSUME(T.Period);
          this.OR2([
            { ALT: () => this.CONSUME2(T.Id) },
            { ALT: () => this.CONSUME2(T.Integer) },
            { ALT: () => this.CONSUME2(T.Minus) },
          ]);
        },
      },
    ]);
  });

  // ---- attributes ----

  private attributes = this.RULE('attributes', () => {
    this.MANY(() => this.SUBRULE(this.attribute));
  });

  /**
   * `@since(version = 1.2.3)`, `@unstable(feature = x)`, `@deprecated(version = …)`,
   * `@external-id("…")`. wit-parser picks the argument shape by the attribute's name.
   */
  private attribute = this.RULE('attribute', () => {
    this.CONSUME(T.At);
    const name = this.CONSUME(T.AnyId, { LABEL: 'name' });
    const n = () => (name?.tokenType === T.ExplicitId ? name.image.slice(1) : name?.image ?? '');
    const known = () => ['since', 'deprecated', 'unstable', 'external-id'].includes(n());
    this.CONSUME(T.LParen);
    this.OR({
      ERR_MSG: n() === 'external-id' ? 'a string literal' : 'an identifier or string',
      DEF: [
        { GATE: () => n() === 'external-id', ALT: () => this.CONSUME(T.StringLiteral) },
        {
          GATE: () => known() && n() !== 'external-id',
          ALT: () => {
            this.CONSUME2(T.AnyId, { LABEL: 'key' });
            this.CONSUME(T.Equals);
            this.OR2({
              ERR_MSG: n() === 'unstable' ? 'an identifier or string' : 'an integer',
              DEF: [
                { GATE: () => n() === 'unstable', ALT: () => this.CONSUME3(T.AnyId, { LABEL: 'feature' }) },
                { GATE: () => n() !== 'unstable', ALT: () => this.SUBRULE(this.version) },
              ],
            });
          },
        },
        {
          // An unknown attribute (reported by the tree builder): its arguments are skipped.
          GATE: () => !known(),
          ALT: () => {
            this.MANY({
              GATE: () => !this.is(T.RParen) && !this.is(EOF) && !this.is(T.RBrace) && !this.is(T.Semicolon),
              DEF: () => this.CONSUME(T.AnyToken),
            });
          },
        },
      ],
    });
    this.CONSUME(T.RParen);
  });

  // ---- interfaces ----

  private interfaceDecl = this.RULE('interfaceDecl', () => {
    this.CONSUME(T.Interface);
    this.CONSUME(T.AnyId, { LABEL: 'name' });
    this.SUBRULE(this.interfaceBody);
  });

  private interfaceBody = this.RULE('interfaceBody', () => {
    this.CONSUME(T.LBrace);
    this.MANY({ GATE: () => !this.is(T.RBrace) && !this.is(EOF), DEF: () => this.SUBRULE(this.interfaceItem) });
    this.CONSUME(T.RBrace);
  });

  private interfaceItemAlternatives?: Parameters<WitGrammar['OR']>[0];
  private interfaceItem = this.RULE('interfaceItem', () => {
    this.SUBRULE(this.attributes);
    this.interfaceItemAlternatives ??= {
      ERR_MSG: itemMessages.interface,
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.SUBRULE(this.typeAlias) },
        { ALT: () => this.SUBRULE(this.flagsDecl) },
        { ALT: () => this.SUBRULE(this.enumDecl) },
        { ALT: () => this.SUBRULE(this.variantDecl) },
        { ALT: () => this.SUBRULE(this.resourceDecl) },
        { ALT: () => this.SUBRULE(this.recordDecl) },
        { ALT: () => this.SUBRULE(this.namedFunc) },
        { ALT: () => this.SUBRULE(this.use) },
        { ALT: () => { const t = this.CONSUME(T.AnyToken); this.ACTION(() => this.junk(t, itemMessages.interface)); } },
      ],
    };
    this.OR(this.interfaceItemAlternatives);
  });

  private namedFunc = this.RULE('namedFunc', () => {
    this.CONSUME(T.AnyId, { LABEL: 'name' });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.func);
    this.CONSUME(T.Semicolon);
  });

  private func = this.RULE('func', () => {
    this.OPTION(() => this.CONSUME(T.Async));
    this.CONSUME(T.Func);
    this.SUBRULE(this.paramList);
    this.OPTION2(() => {
      this.CONSUME(T.RArrow);
      this.SUBRULE(this.type, { ARGS: [0], LABEL: 'result' });
    });
  });

  private paramList = this.RULE('paramList', () => {
    this.CONSUME(T.LParen);
    this.OPTION({
      GATE: () => !this.is(T.RParen),
      DEF: () => {
        this.SUBRULE(this.param);
        this.MANY({ GATE: () => this.is(T.Comma) && !this.is(T.RParen, 2), DEF: () => { this.CONSUME(T.Comma); this.SUBRULE2(this.param); } });
        this.OPTION2(() => this.CONSUME2(T.Comma));
      },
    });
    this.CONSUME(T.RParen);
  });

  private param = this.RULE('param', () => {
    this.CONSUME(T.AnyId, { LABEL: 'name' });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.type, { ARGS: [0] });
  });

  private use = this.RULE('use', () => {
    this.CONSUME(T.Use);
    this.SUBRULE(this.usePath);
    this.CONSUME(T.Period);
    this.CONSUME(T.LBrace);
    this.OPTION({
      GATE: () => !this.is(T.RBrace),
      DEF: () => {
        this.SUBRULE(this.useName);
        this.MANY({ GATE: () => this.is(T.Comma) && !this.is(T.RBrace, 2), DEF: () => { this.CONSUME(T.Comma); this.SUBRULE2(this.useName); } });
        this.OPTION2(() => this.CONSUME2(T.Comma));
      },
    });
    this.CONSUME(T.RBrace);
    this.CONSUME(T.Semicolon);
  });

  private useName = this.RULE('useName', () => {
    this.CONSUME(T.AnyId, { LABEL: 'name' });
    this.OPTION(() => {
      this.CONSUME(T.As);
      this.CONSUME2(T.AnyId, { LABEL: 'as' });
    });
  });

  /** `iface` or `ns:pkg/iface@1.2.3`. */
  private usePath = this.RULE('usePath', () => {
    this.CONSUME(T.AnyId, { LABEL: 'first' });
    this.OPTION(() => this.SUBRULE(this.packagePathTail));
  });

  /** `:pkg/iface@1.2.3` after the namespace of a foreign path. */
  private packagePathTail = this.RULE('packagePathTail', () => {
    this.CONSUME(T.Colon);
    this.CONSUME(T.AnyId, { LABEL: 'package' });
    this.CONSUME(T.Slash);
    this.CONSUME2(T.AnyId, { LABEL: 'name' });
    this.OPTION(() => {
      this.CONSUME(T.At);
      this.SUBRULE(this.version);
    });
  });

  private toplevelUse = this.RULE('toplevelUse', () => {
    this.CONSUME(T.Use);
    this.SUBRULE(this.usePath);
    this.OPTION(() => {
      this.CONSUME(T.As);
      this.CONSUME(T.AnyId, { LABEL: 'as' });
    });
    this.CONSUME(T.Semicolon);
  });

  // ---- worlds ----

  private worldDecl = this.RULE('worldDecl', () => {
    this.CONSUME(T.World);
    this.CONSUME(T.AnyId, { LABEL: 'name' });
    this.SUBRULE(this.worldBody);
  });

  private worldBody = this.RULE('worldBody', () => {
    this.CONSUME(T.LBrace);
    this.MANY({ GATE: () => !this.is(T.RBrace) && !this.is(EOF), DEF: () => this.SUBRULE(this.worldItem) });
    this.CONSUME(T.RBrace);
  });

  private worldItemAlternatives?: Parameters<WitGrammar['OR']>[0];
  private worldItem = this.RULE('worldItem', () => {
    this.SUBRULE(this.attributes);
    this.worldItemAlternatives ??= {
      ERR_MSG: itemMessages.world,
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => { this.CONSUME(T.Import); this.SUBRULE(this.externKind); } },
        { ALT: () => { this.CONSUME(T.Export); this.SUBRULE2(this.externKind); } },
        { ALT: () => this.SUBRULE(this.use) },
        { ALT: () => this.SUBRULE(this.typeAlias) },
        { ALT: () => this.SUBRULE(this.flagsDecl) },
        { ALT: () => this.SUBRULE(this.resourceDecl) },
        { ALT: () => this.SUBRULE(this.recordDecl) },
        { ALT: () => this.SUBRULE(this.variantDecl) },
        { ALT: () => this.SUBRULE(this.enumDecl) },
        { ALT: () => this.SUBRULE(this.include) },
        { ALT: () => { const t = this.CONSUME(T.AnyToken); this.ACTION(() => this.junk(t, itemMessages.world)); } },
      ],
    };
    this.OR(this.worldItemAlternatives);
  });

  /**
   * After `import`/`export`: `name: func(…);`, `name: interface { … }`, `label: path;` or a path.
   * `a:b/c` is a foreign path; `a: b` (no `/` after `b`) labels the interface `b`.
   */
  private externKindAlternatives?: Parameters<WitGrammar['OR']>[0];
  private externKind = this.RULE('externKind', () => {
    this.CONSUME(T.AnyId, { LABEL: 'first' });
    this.externKindAlternatives ??= {
      ERR_MSG: "';'",
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => this.is(T.Colon) && (this.is(T.Func, 2) || this.is(T.Async, 2)),
          ALT: () => { this.CONSUME(T.Colon); this.SUBRULE(this.func); this.CONSUME(T.Semicolon); },
        },
        {
          GATE: () => this.is(T.Colon) && this.is(T.Interface, 2),
          ALT: () => { this.CONSUME2(T.Colon); this.CONSUME(T.Interface); this.SUBRULE(this.interfaceBody); },
        },
        {
          GATE: () => this.is(T.Colon) && this.isId(2) && !this.is(T.Slash, 3),
          ALT: () => { this.CONSUME3(T.Colon, { LABEL: 'labelColon' }); this.SUBRULE(this.usePath); this.CONSUME2(T.Semicolon); },
        },
        {
          ALT: () => { this.OPTION(() => this.SUBRULE(this.packagePathTail)); this.CONSUME3(T.Semicolon); },
        },
      ],
    };
    this.OR(this.externKindAlternatives);
  });

  private include = this.RULE('include', () => {
    this.CONSUME(T.Include);
    this.SUBRULE(this.usePath);
    this.OR({
      ERR_MSG: "';'",
      DEF: [
        {
          ALT: () => {
            this.CONSUME(T.With);
            this.CONSUME(T.LBrace);
            this.OPTION({
              GATE: () => !this.is(T.RBrace),
              DEF: () => {
                this.SUBRULE(this.includeName);
                this.MANY({ GATE: () => this.is(T.Comma) && !this.is(T.RBrace, 2), DEF: () => { this.CONSUME(T.Comma); this.SUBRULE2(this.includeName); } });
                this.OPTION2(() => this.CONSUME2(T.Comma));
              },
            });
            this.CONSUME(T.RBrace);
          },
        },
        { ALT: () => this.CONSUME(T.Semicolon) },
      ],
    });
  });

  private includeName = this.RULE('includeName', () => {
    this.CONSUME(T.AnyId, { LABEL: 'name' });
    this.CONSUME(T.As);
    this.CONSUME2(T.AnyId, { LABEL: 'as' });
  });

  // ---- type definitions ----

  private typeAlias = this.RULE('typeAlias', () => {
    this.CONSUME(T.Type);
    this.CONSUME(T.AnyId, { LABEL: 'name' });
    this.CONSUME(T.Equals);
    this.SUBRULE(this.type, { ARGS: [0] });
    this.CONSUME(T.Semicolon);
  });

  private flagsDecl = this.RULE('flagsDecl', () => {
    this.CONSUME(T.Flags);
    this.CONSUME(T.AnyId, { LABEL: 'name' });
    this.CONSUME(T.LBrace);
    this.OPTION({
      GATE: () => !this.is(T.RBrace),
      DEF: () => {
        this.CONSUME2(T.AnyId, { LABEL: 'case' });
        this.MANY({ GATE: () => this.is(T.Comma) && !this.is(T.RBrace, 2), DEF: () => { this.CONSUME(T.Comma); this.CONSUME3(T.AnyId, { LABEL: 'case' }); } });
        this.OPTION2(() => this.CONSUME2(T.Comma));
      },
    });
    this.CONSUME(T.RBrace);
  });

  private enumDecl = this.RULE('enumDecl', () => {
    this.CONSUME(T.Enum);
    this.CONSUME(T.AnyId, { LABEL: 'name' });
    this.CONSUME(T.LBrace);
    this.OPTION({
      GATE: () => !this.is(T.RBrace),
      DEF: () => {
        this.CONSUME2(T.AnyId, { LABEL: 'case' });
        this.MANY({ GATE: () => this.is(T.Comma) && !this.is(T.RBrace, 2), DEF: () => { this.CONSUME(T.Comma); this.CONSUME3(T.AnyId, { LABEL: 'case' }); } });
        this.OPTION2(() => this.CONSUME2(T.Comma));
      },
    });
    this.CONSUME(T.RBrace);
  });

  private variantDecl = this.RULE('variantDecl', () => {
    this.CONSUME(T.Variant);
    this.CONSUME(T.AnyId, { LABEL: 'name' });
    this.CONSUME(T.LBrace);
    this.OPTION({
      GATE: () => !this.is(T.RBrace),
      DEF: () => {
        this.SUBRULE(this.variantCase);
        this.MANY({ GATE: () => this.is(T.Comma) && !this.is(T.RBrace, 2), DEF: () => { this.CONSUME(T.Comma); this.SUBRULE2(this.variantCase); } });
        this.OPTION2(() => this.CONSUME2(T.Comma));
      },
    });
    this.CONSUME(T.RBrace);
  });

  private variantCase = this.RULE('variantCase', () => {
    this.CONSUME(T.AnyId, { LABEL: 'name' });
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.SUBRULE(this.type, { ARGS: [0] });
      this.CONSUME(T.RParen);
    });
  });

  private recordDecl = this.RULE('recordDecl', () => {
    this.CONSUME(T.Record);
    this.CONSUME(T.AnyId, { LABEL: 'name' });
    this.CONSUME(T.LBrace);
    this.OPTION({
      GATE: () => !this.is(T.RBrace),
      DEF: () => {
        this.SUBRULE(this.field);
        this.MANY({ GATE: () => this.is(T.Comma) && !this.is(T.RBrace, 2), DEF: () => { this.CONSUME(T.Comma); this.SUBRULE2(this.field); } });
        this.OPTION2(() => this.CONSUME2(T.Comma));
      },
    });
    this.CONSUME(T.RBrace);
  });

  private field = this.RULE('field', () => {
    this.CONSUME(T.AnyId, { LABEL: 'name' });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.type, { ARGS: [0] });
  });

  private resourceDecl = this.RULE('resourceDecl', () => {
    this.CONSUME(T.Resource);
    this.CONSUME(T.AnyId, { LABEL: 'name' });
    this.OR({
      ERR_MSG: "';'",
      DEF: [
        { ALT: () => this.SUBRULE(this.resourceBody) },
        { ALT: () => this.CONSUME(T.Semicolon) },
      ],
    });
  });

  private resourceBody = this.RULE('resourceBody', () => {
    this.CONSUME(T.LBrace);
    this.MANY({ GATE: () => !this.is(T.RBrace) && !this.is(EOF), DEF: () => this.SUBRULE(this.resourceFunc) });
    this.CONSUME(T.RBrace);
  });

  private resourceFuncAlternatives?: Parameters<WitGrammar['OR']>[0];
  private resourceFunc = this.RULE('resourceFunc', () => {
    this.SUBRULE(this.attributes);
    this.resourceFuncAlternatives ??= {
      ERR_MSG: itemMessages.resource,
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            this.CONSUME(T.Constructor);
            this.SUBRULE(this.paramList);
            this.OPTION(() => {
              this.CONSUME(T.RArrow);
              this.SUBRULE(this.type, { ARGS: [0], LABEL: 'result' });
            });
            this.CONSUME(T.Semicolon);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.AnyId, { LABEL: 'name' });
            this.CONSUME(T.Colon);
            this.OPTION2(() => this.CONSUME(T.Static));
            this.SUBRULE(this.func);
            this.CONSUME2(T.Semicolon);
          },
        },
        { ALT: () => { const t = this.CONSUME(T.AnyToken); this.ACTION(() => this.junk(t, itemMessages.resource)); } },
      ],
    };
    this.OR(this.resourceFuncAlternatives);
  });

  // ---- type expressions ----

  /** The nesting depth of the type being parsed (read by the cached alternatives below). */
  private typeDepth = 0;
  private typeAlternatives?: Parameters<WitGrammar['OR']>[0];

  private type: ParserMethod<[number], CstNode> = this.RULE1('type', (depth: number) => {
    this.typeDepth = depth ?? 0;
    // Built once: a fresh array of closures per type would dominate the parser's allocations.
    this.typeAlternatives ??= {
      ERR_MSG: 'a type',
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => this.typeDepth >= MAX_NESTING,
          ALT: () => {
            const t = this.CONSUME(T.TypeStart, { LABEL: 'tooDeep' });
            this.ACTION(() => {
              this.notes.push({ code: 'nesting-too-deep', message: 'type nesting too deep', token: t });
              this.skipDepth = 0;
            });
            this.SUBRULE(this.skipType);
          },
        },
        ...T.primitiveTypes.map((p) => ({ ALT: () => this.CONSUME(p, { LABEL: 'primitive' }) })),
        { ALT: () => this.CONSUME(T.ErrorContext, { LABEL: 'primitive' }) },
        { ALT: () => this.SUBRULE(this.tupleType, { ARGS: [this.typeDepth] }) },
        { ALT: () => this.SUBRULE(this.listType, { ARGS: [this.typeDepth] }) },
        { ALT: () => this.SUBRULE(this.mapType, { ARGS: [this.typeDepth] }) },
        { ALT: () => this.SUBRULE(this.optionType, { ARGS: [this.typeDepth] }) },
        { ALT: () => this.SUBRULE(this.resultType, { ARGS: [this.typeDepth] }) },
        { ALT: () => this.SUBRULE(this.futureType, { ARGS: [this.typeDepth] }) },
        { ALT: () => this.SUBRULE(this.streamType, { ARGS: [this.typeDepth] }) },
        { ALT: () => this.SUBRULE(this.handleType) },
        { ALT: () => this.CONSUME(T.AnyId, { LABEL: 'name' }) },
      ],
    };
    this.OR(this.typeAlternatives);
  });

  /** Swallows a type that is nested too deep, without recursion. */
  private skipType = this.RULE('skipType', () => {
    this.MANY({
      GATE: () => {
        const t = this.LA(1).tokenType;
        if (t === EOF) return false;
        if (this.skipDepth > 0) return true;
        return t !== T.Comma && t !== T.RAngle && t !== T.RParen && t !== T.Semicolon && t !== T.RBrace;
      },
      DEF: () => {
        const t = this.CONSUME(T.AnyToken);
        this.ACTION(() => {
          if (t.tokenType === T.LAngle || t.tokenType === T.LParen) this.skipDepth++;
          else if (t.tokenType === T.RAngle || t.tokenType === T.RParen) this.skipDepth--;
        });
      },
    });
  });

  private tupleType: ParserMethod<[number], CstNode> = this.RULE1('tupleType', (depth: number) => {
    this.CONSUME(T.Tuple);
    this.CONSUME(T.LAngle);
    this.OPTION({
      GATE: () => !this.is(T.RAngle),
      DEF: () => {
        this.SUBRULE(this.type, { ARGS: [depth + 1] });
        this.MANY({ GATE: () => this.is(T.Comma) && !this.is(T.RAngle, 2), DEF: () => { this.CONSUME(T.Comma); this.SUBRULE2(this.type, { ARGS: [depth + 1] }); } });
        this.OPTION2(() => this.CONSUME2(T.Comma));
      },
    });
    this.CONSUME(T.RAngle);
  });

  private listType: ParserMethod<[number], CstNode> = this.RULE1('listType', (depth: number) => {
    this.CONSUME(T.List);
    this.CONSUME(T.LAngle);
    this.SUBRULE(this.type, { ARGS: [depth + 1] });
    this.OPTION(() => {
      this.CONSUME(T.Comma);
      this.CONSUME(T.Integer, { LABEL: 'size' });
    });
    this.CONSUME(T.RAngle);
  });

  private mapType: ParserMethod<[number], CstNode> = this.RULE1('mapType', (depth: number) => {
    this.CONSUME(T.MapKw);
    this.CONSUME(T.LAngle);
    this.SUBRULE(this.type, { ARGS: [depth + 1], LABEL: 'key' });
    this.CONSUME(T.Comma);
    this.SUBRULE2(this.type, { ARGS: [depth + 1], LABEL: 'value' });
    this.CONSUME(T.RAngle);
  });

  private optionType: ParserMethod<[number], CstNode> = this.RULE1('optionType', (depth: number) => {
    this.CONSUME(T.OptionKw);
    this.CONSUME(T.LAngle);
    this.SUBRULE(this.type, { ARGS: [depth + 1] });
    this.CONSUME(T.RAngle);
  });

  private resultType: ParserMethod<[number], CstNode> = this.RULE1('resultType', (depth: number) => {
    this.CONSUME(T.ResultKw);
    this.OPTION(() => {
      this.CONSUME(T.LAngle);
      this.OR({
        IGNORE_AMBIGUITIES: true,
        // `result<` then something that starts no type: wit-parser's words.
        ERR_MSG: 'a type',
        DEF: [
        {
          ALT: () => {
            this.CONSUME(T.Underscore);
            this.CONSUME(T.Comma);
            this.SUBRULE(this.type, { ARGS: [depth + 1], LABEL: 'err' });
          },
        },
        {
          ALT: () => {
            this.SUBRULE2(this.type, { ARGS: [depth + 1], LABEL: 'ok' });
            this.OPTION2(() => {
              this.CONSUME2(T.Comma);
              this.SUBRULE3(this.type, { ARGS: [depth + 1], LABEL: 'err' });
            });
          },
        },
      ]});
      this.CONSUME(T.RAngle);
    });
  });

  private futureType: ParserMethod<[number], CstNode> = this.RULE1('futureType', (depth: number) => {
    this.CONSUME(T.Future);
    this.OPTION(() => {
      this.CONSUME(T.LAngle);
      this.SUBRULE(this.type, { ARGS: [depth + 1] });
      this.CONSUME(T.RAngle);
    });
  });

  private streamType: ParserMethod<[number], CstNode> = this.RULE1('streamType', (depth: number) => {
    this.CONSUME(T.Stream);
    this.OPTION(() => {
      this.CONSUME(T.LAngle);
      this.SUBRULE(this.type, { ARGS: [depth + 1] });
      this.CONSUME(T.RAngle);
    });
  });

  private handleType = this.RULE('handleType', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Own, { LABEL: 'handle' }) },
      { ALT: () => this.CONSUME(T.Borrow, { LABEL: 'handle' }) },
    ]);
    this.CONSUME(T.LAngle);
    this.CONSUME(T.AnyId, { LABEL: 'name' });
    this.CONSUME(T.RAngle);
  });
}

export type { CstNode };
