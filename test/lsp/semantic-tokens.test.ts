// Semantic tokens in LSP's encoding, and `full/delta`: the encoding walks lines forward where it
// used to search each token's place, so it is compared with the place a `TextDocument` gives; a
// delta applied to what the client holds must be what a full request gives.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { tokenModifiers, tokenTypes, type SemanticToken } from 'wit-tools/server/ide/decorations.js';
import { encodeTokens, tokenEdits } from 'wit-tools/server/lsp/semantic-tokens.js';
import { fixtures } from '../support/paths.js';
import { LspClient, uri } from '../support/lsp-client.js';
import { rng } from '../support/random.js';

/** The encoding the server had: each piece's line and column from `TextDocument.positionAt`. */
function reference(tokens: SemanticToken[], text: string): number[] {
  const doc = TextDocument.create('file:///x.wit', 'wit', 1, text);
  const out: number[] = [];
  let lastLine = 0;
  let lastChar = 0;
  for (const t of tokens) {
    for (let at = t.start; at < t.end;) {
      const pos = doc.positionAt(at);
      const nextLine = doc.offsetAt({ line: pos.line + 1, character: 0 });
      const lineText = doc.getText({ start: { line: pos.line, character: 0 }, end: { line: pos.line + 1, character: 0 } });
      const contentEnd = doc.offsetAt({ line: pos.line, character: 0 }) + lineText.replace(/(\r\n|\r|\n)$/, '').length;
      const end = Math.min(t.end, contentEnd);
      if (end > at) {
        out.push(pos.line - lastLine, pos.line === lastLine ? pos.character - lastChar : pos.character, end - at, tokenTypes.indexOf(t.type), t.modifiers.reduce((m, x) => m | (1 << tokenModifiers.indexOf(x)), 0));
        lastLine = pos.line;
        lastChar = pos.character;
      }
      if (t.end <= nextLine || nextLine <= at) break;
      at = nextLine;
    }
  }
  return out;
}

function applyEdits(data: number[], edits: { start: number; deleteCount: number; data?: number[] }[]): number[] {
  const out = [...data];
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out.splice(e.start, e.deleteCount, ...(e.data ?? []));
  return out;
}

describe('lsp: semantic tokens, encoded and as edits', function () {
  this.timeout(60_000);

  it('encode as TextDocument places them, with \\n, \\r\\n and \\r line ends and tokens over several lines', () => {
    const random = rng(0x70c5);
    const pieces = ['a', 'bc', ' ', '  ', '\n', '\r\n', '\r', 'record', '/* x\r\ny */', '\n\n'];
    for (let n = 0; n < 400; n++) {
      let text = '';
      const len = 1 + Math.floor(random() * 40);
      for (let i = 0; i < len; i++) text += pieces[Math.floor(random() * pieces.length)];
      // Random tokens, sorted and not overlapping, some over line ends.
      const tokens: SemanticToken[] = [];
      for (let at = 0; at < text.length;) {
        const start = at + Math.floor(random() * 4);
        const end = Math.min(text.length, start + 1 + Math.floor(random() * 8));
        if (start >= text.length) break;
        tokens.push({ start, end, type: tokenTypes[Math.floor(random() * tokenTypes.length)], modifiers: random() < 0.3 ? ['declaration', 'deprecated'] : [] });
        at = end;
      }
      assert.deepEqual(encodeTokens(tokens, text), reference(tokens, text), JSON.stringify({ text, tokens }));
    }
  });

  it('edits turn the one list into the other, in whole tokens', () => {
    const random = rng(0xde17);
    for (let n = 0; n < 500; n++) {
      const from = Array.from({ length: 5 * Math.floor(random() * 12) }, () => Math.floor(random() * 3));
      const to = [...from];
      const at = 5 * Math.floor(random() * (from.length / 5 + 1));
      const removed = Math.min(to.length - at, 5 * Math.floor(random() * 3));
      to.splice(at, removed, ...Array.from({ length: 5 * Math.floor(random() * 3) }, () => Math.floor(random() * 3)));
      const edits = tokenEdits(from, to);
      assert.deepEqual(applyEdits(from, edits), to);
      for (const e of edits) assert.ok(e.start % 5 === 0 && e.deleteCount % 5 === 0 && (e.data?.length ?? 0) % 5 === 0, JSON.stringify(e));
      if (from.join() === to.join()) assert.deepEqual(edits, []);
    }
  });

  it('full/delta through the server: the edits since the last result are what a full request gives', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wit-lsp-tokens-'));
    const file = join(dir, 'types.wit');
    writeFileSync(file, readFileSync(join(fixtures, 'lsp', 'shop', 'types.wit'), 'utf8'));
    const client = await LspClient.start([dir]);
    try {
      client.open(file, readFileSync(file, 'utf8'));
      await client.current(file);
      const td = { textDocument: { uri: uri(file) } };
      let held = await client.request<{ resultId: string; data: number[] }>('textDocument/semanticTokens/full', td);
      assert.ok(held.resultId && held.data.length > 50);
      let data = held.data;
      const text = client.text(file);
      const at = text.indexOf('record');
      let small = 0;
      for (const [start, end, insert] of [[at, at, '/// docs\n'], [at, at + 9, ''], [text.indexOf('}') + 1, text.indexOf('}') + 1, '\ntype extra = u32;\n']] as const) {
        client.edit(file, start, end, insert);
        await client.current(file);
        const delta = await client.request<{ resultId: string; data?: number[]; edits?: { start: number; deleteCount: number; data?: number[] }[] }>('textDocument/semanticTokens/full/delta', { ...td, previousResultId: held.resultId });
        assert.ok(delta.edits, `edits since ${held.resultId}: ${JSON.stringify(delta).slice(0, 200)}`);
        assert.notEqual(delta.resultId, held.resultId);
        data = applyEdits(data, delta.edits);
        const fresh = await client.request<{ resultId: string; data: number[] }>('textDocument/semanticTokens/full', td);
        assert.deepEqual(data, fresh.data);
        if (delta.edits.reduce((n, e) => n + (e.data?.length ?? 0), 0) < data.length / 4) small++;
        held = fresh;
      }
      assert.ok(small >= 2, `${small} of 3 deltas were small`);
      // An unknown result id gets the whole.
      const whole = await client.request<{ data?: number[]; edits?: unknown }>('textDocument/semanticTokens/full/delta', { ...td, previousResultId: 'nope' });
      assert.deepEqual(whole.data, data);
    } finally {
      await client.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
