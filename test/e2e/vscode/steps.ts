// The end-to-end steps in a real VS Code, each asserting what a user would see. A step that fails
// throws; screenshots of every step go to the shots folder.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { repoRoot } from '../../support/paths.js';

export interface Context {
  page: Page;
  workspace: string;
  shots: string;
}

export interface Step {
  name: string;
  /** Also run without the extension, where it must fail. */
  negative?: boolean;
  run(c: Context): Promise<void>;
}

const isMac = process.platform === 'darwin';
const mod = isMac ? 'Meta' : 'Control';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function shot(c: Context, name: string): Promise<void> {
  mkdirSync(c.shots, { recursive: true });
  await sleep(600); // toasts and hovers fade in
  await c.page.screenshot({ path: join(c.shots, `${name}.png`) });
}

/** Runs a command from the palette by its title. */
export async function command(page: Page, title: string): Promise<void> {
  // Retried: the palette can open while a custom editor (the .wasm view) is still taking focus,
  // and its input then refuses the text (a CI run once waited 30 s on it).
  let last: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      if (attempt > 0) await page.keyboard.press('Escape');
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 15_000 });
      await input.fill(`>${title}`, { timeout: 10_000 });
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
      await row.waitFor({ timeout: 15_000 });
      await page.keyboard.press('Enter');
      return;
    } catch (e) {
      last = e;
    }
  }
  throw last;
}

/** Opens a workspace file by its relative path through Quick Open (retried: focus can be elsewhere). */
export async function openFile(page: Page, rel: string, textEditor = true): Promise<void> {
  const base = rel.split('/').pop()!;
  const folder = rel.split('/').slice(0, -1).join('/');
  let last: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await page.keyboard.press('Escape');
      await page.keyboard.press(`${mod}+P`);
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 5_000 });
      await input.fill(rel);
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: base }).filter({ hasText: folder || base }).first();
      await row.waitFor({ timeout: 10_000 });
      await row.click();
      await page.locator('.tab.active', { hasText: base }).waitFor({ timeout: 10_000 });
      if (textEditor) await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 10_000 });
      return;
    } catch (e) {
      last = e;
    }
  }
  throw last;
}

/** Puts the cursor at the `n`th occurrence of `needle` (plus `delta` characters) in a workspace file. */
export async function goTo(c: Context, rel: string, needle: string, delta = 0, n = 0): Promise<void> {
  const text = readFileSync(join(c.workspace, rel), 'utf8');
  let i = -1;
  for (let k = 0; k <= n; k++) i = text.indexOf(needle, i + 1);
  assert.ok(i >= 0, `${needle} in ${rel}`);
  const before = text.slice(0, i + delta);
  const line = before.split('\n').length;
  const col = i + delta - before.lastIndexOf('\n');
  await c.page.keyboard.press(`${mod}+G`);
  const input = c.page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}:${col}`);
  await c.page.keyboard.press('Enter');
  await sleep(200);
}

async function saveAll(page: Page): Promise<void> {
  await command(page, 'File: Save All Files');
  await sleep(500);
}

export async function waitFor(what: string, f: () => Promise<boolean> | boolean, timeout = 30_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await f())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** The frame (a webview's inner document) that has `selector`. */
async function webviewFrame(page: Page, selector: string): Promise<Frame> {
  let found: Frame | undefined;
  await waitFor(`a webview with ${selector}`, async () => {
    for (const f of page.frames()) {
      if ((await f.locator(selector).count().catch(() => 0)) > 0) { found = f; return true; }
    }
    return false;
  }, 60_000);
  return found!;
}

/**
 * Waits for `done`; the example projects have no node_modules, so a build first asks to install
 * jco into the project: accept it (once) and go on waiting. Returns whether it asked.
 */
async function acceptInstallUntil(c: Context, what: string, done: () => Promise<boolean>, shotName: string): Promise<boolean> {
  const toasts = c.page.locator('.notifications-toasts');
  let asked = false;
  await waitFor(what, async () => {
    if (!asked && /needs jco/.test(await toasts.innerText().catch(() => ''))) {
      asked = true;
      await shot(c, shotName);
      await toasts.locator('a.monaco-button, .monaco-button', { hasText: 'Install' }).first().click();
    }
    return done();
  }, 600_000);
  return asked;
}

/**
 * Builds the project of `witFile` from the palette, then calls `fn` with `args` through
 * "WIT: Call Function…" (choosing the component just built when the workspace has several);
 * waits for the toast that shows `expected`.
 */
async function buildAndCall(c: Context, witFile: string, component: string, fn: string, args: string, expected: RegExp, shotName: string): Promise<void> {
  // A notification may be a toast or, once toasts are hidden (Escape hides them), only in the
  // notification center: read both.
  const notifications = async () => `${await c.page.locator('.notifications-toasts').innerText().catch(() => '')}\n${await c.page.locator('.notifications-center').innerText().catch(() => '')}`;
  /** Waits for `re` in the notifications, opening the notification center when no toast shows it. */
  const notified = async (what: string, re: RegExp, extra: () => boolean, timeout: number) => {
    const started = Date.now();
    let opened = false;
    await waitFor(what, async () => {
      if (extra() && re.test(await notifications())) return true;
      if (!opened && extra() && Date.now() - started > 5_000) {
        opened = true;
        await command(c.page, 'Notifications: Show Notifications').catch(() => undefined);
      }
      return false;
    }, timeout).catch(async (e: Error) => { throw new Error(`${e.message}; the notifications say: ${(await notifications()).replace(/\s+/g, ' ')}`); });
    if (opened) await command(c.page, 'Notifications: Hide Notifications').catch(() => undefined);
  };
  const file = join(c.workspace, component);
  const before = existsSync(file) ? statSync(file).mtimeMs : 0;
  await openFile(c.page, witFile);
  await command(c.page, 'WIT: Build Component');
  const built = new RegExp(`Built ${component.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
  await notified(`${component} to be built`, built, () => existsSync(file) && statSync(file).mtimeMs > before, 600_000);
  await command(c.page, 'WIT: Call Function…');
  const widget = c.page.locator('.quick-input-widget');
  const input = widget.locator('input');
  await waitFor('the component or function pick', async () => /Which component\?|Call a function/.test(await widget.innerText().catch(() => '')), 60_000);
  if (/Which component\?/.test(await widget.innerText())) {
    await input.fill(component.split('/').pop()!);
    await c.page.locator('.quick-input-list .monaco-list-row', { hasText: component.split('/').pop()! }).first().click();
  }
  await c.page.locator('.quick-input-list .monaco-list-row', { hasText: fn }).first().waitFor({ timeout: 60_000 });
  await input.fill(fn);
  await c.page.keyboard.press('Enter');
  await waitFor('the argument box', async () => /WAVE/.test(await widget.innerText().catch(() => '')), 20_000);
  await input.fill(args);
  await sleep(500);
  await c.page.keyboard.press('Enter');
  await notified(`the result of ${fn}`, expected, () => true, 120_000);
  await shot(c, shotName);
}

const cli = (args: string[], cwd: string) => execFileSync(process.execPath, [join(repoRoot, 'bin', 'wit-tools.js'), ...args], { cwd, encoding: 'utf8' });

export const steps: Step[] = [
  {
    name: '01-language-mode',
    negative: true,
    async run(c) {
      await openFile(c.page, 'inventory/types.wit');
      const mode = c.page.locator('[id="status.editor.mode"]');
      await waitFor('the language mode to read WIT', async () => (await mode.innerText().catch(() => '')).trim() === 'WIT', 20_000);
      await shot(c, '01-language-mode');
    },
  },
  {
    name: '02-grammar-and-semantic-colours',
    negative: true,
    async run(c) {
      // A keyword is coloured differently from a plain name (the grammar at work).
      // (Runs in the page: the DOM names are the browser's.)
      const colour = (text: string) => c.page.evaluate(`(() => {
        const spans = [...document.querySelectorAll('.monaco-editor .view-line span span')];
        const s = spans.find((x) => x.textContent === ${JSON.stringify(text)});
        return s ? getComputedStyle(s).color : undefined;
      })()`) as Promise<string | undefined>;
      await waitFor('coloured tokens', async () => (await colour('interface')) !== undefined && (await colour('interface')) !== (await colour('types')));
      // Semantic tokens: the token inspector names a semantic token type for a type name.
      await goTo(c, 'inventory/types.wit', 'sku: sku', 6);
      await command(c.page, 'Developer: Inspect Editor Tokens and Scopes');
      const widget = c.page.locator('.token-inspect-widget');
      await widget.waitFor({ timeout: 15_000 });
      await waitFor('a semantic token type in the inspector', async () => /semantic token type\s*type/i.test(await widget.innerText()), 20_000);
      await shot(c, '02-tokens');
      await c.page.keyboard.press('Escape');
    },
  },
  {
    name: '03-diagnostics',
    negative: true,
    async run(c) {
      await goTo(c, 'inventory/types.wit', 'added-at: datetime', 'added-at: '.length);
      await c.page.keyboard.press('Shift+End');
      await c.page.keyboard.type('datetme,');
      await c.page.locator('.squiggly-error').first().waitFor({ timeout: 30_000 });
      await c.page.keyboard.press(`${mod}+Shift+M`);
      const problems = c.page.locator('.markers-panel .monaco-list-row');
      await waitFor('the reference\'s message in Problems', async () => (await problems.allInnerTexts()).some((t) => t.includes('type `datetme` does not exist')), 30_000);
      await shot(c, '03-problems');
      await c.page.keyboard.press(`${mod}+Z`);
      await waitFor('the squiggle to go away', async () => (await c.page.locator('.squiggly-error').count()) === 0, 30_000);
      await c.page.keyboard.press(`${mod}+Shift+M`);
    },
  },
  {
    name: '04-status-bar',
    async run(c) {
      const item = c.page.locator('[id="wit-tools.wit-tools.wit.status"], [id$="wit.status"]');
      await waitFor('the package in the status bar', async () => (await item.innerText().catch(() => '')).includes('example:inventory@0.2.0'), 20_000);
    },
  },
  {
    name: '05-completion',
    async run(c) {
      // On the blank line after `type sku = string;`.
      await goTo(c, 'inventory/types.wit', 'type sku = string;\n', 'type sku = string;\n'.length);
      await c.page.keyboard.type('  peek: func(x: ');
      await c.page.keyboard.press(`${mod}+Space`);
      const widget = c.page.locator('.suggest-widget .monaco-list-row');
      await waitFor('types in scope offered', async () => {
        const labels = await widget.allInnerTexts().catch(() => [] as string[]);
        return labels.some((l) => l.includes('quantity')) && labels.some((l) => l.includes('datetime'));
      }, 20_000);
      await shot(c, '05-completion');
      await c.page.keyboard.press('Escape');
      await command(c.page, 'File: Revert File');
      await waitFor('the file to be reverted', async () => (await c.page.locator('.squiggly-error').count()) === 0, 20_000);
    },
  },
  {
    name: '06-hover',
    async run(c) {
      await goTo(c, 'inventory/types.wit', 'sku: sku', 5);
      await command(c.page, 'Show or Focus Hover');
      const hover = c.page.locator('.monaco-hover-content');
      await waitFor('the doc comment in a hover', async () => (await hover.allInnerTexts().catch(() => [] as string[])).some((t) => t.includes('A stock-keeping unit')), 20_000);
      await shot(c, '06-hover');
      await c.page.keyboard.press('Escape');
    },
  },
  {
    name: '07-definition-into-deps',
    async run(c) {
      await goTo(c, 'inventory/types.wit', 'added-at: datetime', 'added-at: '.length + 2);
      await c.page.keyboard.press('F12');
      await c.page.locator('.tab.active', { hasText: 'wall-clock.wit' }).waitFor({ timeout: 20_000 });
      await shot(c, '07-definition');
    },
  },
  {
    name: '08-rename-across-files',
    async run(c) {
      await openFile(c.page, 'inventory/types.wit');
      await goTo(c, 'inventory/types.wit', 'type quantity', 6);
      await c.page.keyboard.press('F2');
      const box = c.page.locator('.rename-box input');
      await box.waitFor({ timeout: 15_000 });
      await box.fill('amount-of-items');
      await c.page.keyboard.press('Enter');
      await sleep(1000);
      await saveAll(c.page);
      const types = readFileSync(join(c.workspace, 'inventory/types.wit'), 'utf8');
      const store = readFileSync(join(c.workspace, 'inventory/store.wit'), 'utf8');
      assert.match(types, /type amount-of-items = u32;/);
      assert.match(store, /amount-of-items/);
      assert.doesNotMatch(store, /\bquantity\b(?!-)/);
      assert.match(cli(['check', 'inventory'], c.workspace), /no problems|ok|0 errors/i);
      await shot(c, '08-rename');
    },
  },
  {
    name: '09-format-document',
    async run(c) {
      const rel = 'kv-cache/cache.wit';
      const path = join(c.workspace, rel);
      const original = readFileSync(path, 'utf8');
      const before = cli(['resolve', '--format', 'json', 'kv-cache'], c.workspace);
      // Squash the layout: no indentation at all.
      writeFileSync(path, original.replace(/\n[ \t]+/g, '\n'));
      await openFile(c.page, rel);
      await command(c.page, 'Format Document');
      await sleep(800);
      await saveAll(c.page);
      const after = readFileSync(path, 'utf8');
      assert.notEqual(after, original.replace(/\n[ \t]+/g, '\n'), 'the layout changed');
      assert.match(after, /\n {2}\S/, 'indented again');
      assert.equal(cli(['resolve', '--format', 'json', 'kv-cache'], c.workspace), before, 'meaning unchanged');
      await shot(c, '09-format');
    },
  },
  {
    name: '10-world-diagram',
    async run(c) {
      await openFile(c.page, 'inventory/world.wit');
      await goTo(c, 'inventory/world.wit', 'world ', 7);
      await command(c.page, 'WIT: Show World Diagram');
      await command(c.page, 'View: Toggle Primary Side Bar Visibility');
      const frame = await webviewFrame(c.page, '.stage');
      await waitFor('the world\'s imports in the diagram', async () => (await frame.locator('.col.imports .box').count()) > 0, 30_000);
      const text = await frame.locator('body').innerText();
      assert.match(text, /wall-clock/);
      await shot(c, '10-world-diagram');
      await command(c.page, 'View: Toggle Primary Side Bar Visibility');
      await command(c.page, 'View: Close All Editors');
    },
  },
  {
    name: '11-build-and-call',
    async run(c) {
      await openFile(c.page, 'greeter/greeter.wit');
      await command(c.page, 'WIT: Build Component');
      const toasts = c.page.locator('.notifications-toasts');
      const asked = await acceptInstallUntil(c, 'the build to finish', async () => /Built greeter\/dist\/greeter\.wasm/.test(await toasts.innerText().catch(() => '')), '11-install-prompt');
      assert.ok(existsSync(join(c.workspace, 'greeter/node_modules/@bytecodealliance/jco')) || !asked, 'jco installed into the project');
      await shot(c, '11-build');
      await command(c.page, 'WIT: Call Function…');
      const input = c.page.locator('.quick-input-widget input');
      await c.page.locator('.quick-input-list .monaco-list-row', { hasText: 'greet' }).first().waitFor({ timeout: 60_000 });
      await input.fill('greet');
      await c.page.keyboard.press('Enter');
      await waitFor('the argument box', async () => /WAVE/.test(await c.page.locator('.quick-input-widget').innerText().catch(() => '')), 20_000);
      await input.fill('"VS Code"');
      await sleep(500);
      await c.page.keyboard.press('Enter');
      await waitFor('the result', async () => /greet\("VS Code"\) → "Hello, VS Code!"/.test(await toasts.innerText().catch(() => '')), 120_000);
      await shot(c, '11-call');
    },
  },
  {
    name: '12-wasm-view',
    async run(c) {
      assert.ok(existsSync(join(c.workspace, 'greeter/dist/greeter.wasm')));
      await openFile(c.page, 'greeter/dist/greeter.wasm', false);
      const frame = await webviewFrame(c.page, 'pre.wit');
      const text = await frame.locator('body').innerText();
      assert.match(text, /export greet: func\(name: string\) -> string;/);
      assert.ok((await frame.locator('button.call').count()) >= 2);
      await shot(c, '12-wasm-view');
    },
  },
  {
    name: '13-run-from-lens',
    async run(c) {
      // The lens above a world that exports wasi:cli/run: build, then run it in the sandbox.
      await openFile(c.page, 'cli-tool/world.wit');
      const lens = c.page.locator('.codelens-decoration a', { hasText: 'Run' }).first();
      await lens.waitFor({ timeout: 60_000 });
      await lens.click();
      const panel = () => c.page.locator('.part.panel').innerText().catch(() => '');
      await acceptInstallUntil(c, 'the run to finish', async () => /exit\s+code\s+\d+\s+\(/.test(await panel()), '13-install-prompt');
      const text = await panel();
      // No arguments, an empty stdin: lines, words and bytes, all zero; exit status 0.
      assert.match(text, /exit\s+code\s+0\s+\(/, text);
      assert.match(text, /^\s*0\s+0\s+0\s*$/m, text);
      assert.ok(existsSync(join(c.workspace, 'cli-tool/dist/cli-tool.wasm')), 'the component was built');
      await shot(c, '13-run');
    },
  },
  {
    name: '14-python-component',
    async run(c) {
      // componentize-py: built from the editor, its export called with a list result.
      await buildAndCall(c, 'notes-py/wit/notes.wit', 'notes-py/dist/notes.wasm', 'parse-tags', '"#milk and #eggs"', /parse-tags\("#milk and #eggs"\) → ok\(\["milk", "eggs"\]\)/, '14-python-call');
    },
  },
  {
    name: '15-go-rust-c-components',
    async run(c) {
      await buildAndCall(c, 'wordfreq-go/wit/wordfreq.wit', 'wordfreq-go/dist/wordfreq.wasm', 'top-words', '"to be or not to be", 1', /→ \[\{word: "be", count: 2\}\]/, '15-go-call');
      await buildAndCall(c, 'shapes-rust/wit/shapes.wit', 'shapes-rust/dist/shapes.wasm', 'area', 'rect(({x: 0.0, y: 0.0}, {x: 2.0, y: 3.0}))', /area\(rect.*\) → 6/, '15-rust-call');
      await buildAndCall(c, 'checksum-c/wit/checksum.wit', 'checksum-c/dist/checksum.wasm', 'to-hex', '[222, 173]', /to-hex\(\[222, 173\]\) → ok\("dead"\)/, '15-c-call');
    },
  },
  {
    name: '16-generate-bindings',
    async run(c) {
      // "WIT: Generate Bindings…" asks the language, then the generator writes into the project.
      await openFile(c.page, 'shapes-rust/wit/shapes.wit');
      await command(c.page, 'WIT: Generate Bindings…');
      const input = c.page.locator('.quick-input-widget input');
      await c.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Rust' }).first().waitFor({ timeout: 30_000 });
      await input.fill('Rust');
      await c.page.keyboard.press('Enter');
      const toasts = c.page.locator('.notifications-toasts');
      await waitFor('the bindings message', async () => /Rust bindings of `shapes`: 1 file written/.test(await toasts.innerText().catch(() => '')), 60_000);
      assert.match(readFileSync(join(c.workspace, 'shapes-rust/bindings/shapes.rs'), 'utf8'), /Generated by `wit-bindgen`/);
      await shot(c, '16-bindings');
    },
  },
  {
    name: '17-missing-tool-offer',
    async run(c) {
      // A crate that asks for cargo-component, which is not installed: the build's failure names the
      // command that installs it, and the offer runs it in a terminal the user sees.
      const dir = join(c.workspace, 'needs-cargo-component');
      mkdirSync(join(dir, 'wit'), { recursive: true });
      writeFileSync(join(dir, 'wit', 'world.wit'), 'package a:b;\n\nworld w {\n  export f: func() -> u32;\n}\n');
      writeFileSync(join(dir, 'Cargo.toml'), '[package]\nname = "w"\nversion = "0.1.0"\n\n[package.metadata.component]\npackage = "a:b"\n');
      await openFile(c.page, 'needs-cargo-component/wit/world.wit');
      await command(c.page, 'WIT: Build Component');
      const toasts = c.page.locator('.notifications-toasts');
      await waitFor('the offer to install cargo-component', async () => /needs cargo-component, which is not installed: install it with `cargo install --locked cargo-component`/.test(await toasts.innerText().catch(() => '')), 60_000);
      await shot(c, '17-install-offer');
      await toasts.locator('a.monaco-button, .monaco-button', { hasText: 'Run in Terminal' }).first().click();
      const panel = () => c.page.locator('.part.panel').innerText().catch(() => '');
      await waitFor('the install command in a terminal', async () => /install cargo-component|cargo install --locked cargo-component/.test(await panel()), 30_000);
      await shot(c, '17-install-terminal');
      await command(c.page, 'Terminal: Kill All Terminals');
    },
  },
  {
    name: '18-compose-wac',
    async run(c) {
      // A .wac file over the C component built above: a wrong access is squiggled, then fixed; the
      // diagram shows the linked graph; Compose writes one component that `wit-tools call` runs.
      const built = join(c.workspace, 'checksum-c/dist/checksum.wasm');
      assert.ok(existsSync(built), 'the C component of step 15');
      const dir = join(c.workspace, 'compose');
      mkdirSync(join(dir, 'deps', 'example'), { recursive: true });
      writeFileSync(join(dir, 'deps', 'example', 'checksum.wasm'), readFileSync(built));
      const wac = (member: string) => `package demo:app;\n\nlet sum = new example:checksum { ... };\nexport sum.${member};\n`;
      writeFileSync(join(dir, 'app.wac'), wac('nope'));
      await openFile(c.page, 'compose/app.wac');
      await waitFor('the wrong access squiggled', async () => (await c.page.locator('.squiggly-error').count()) > 0, 60_000);
      await shot(c, '18-wac-error');
      writeFileSync(join(dir, 'app.wac'), wac('to-hex'));
      await waitFor('the fixed file clean', async () => (await c.page.locator('.squiggly-error').count()) === 0, 60_000);
      await command(c.page, 'WIT: Show World Diagram');
      const frame = await webviewFrame(c.page, '.stage');
      await waitFor('the instance in the diagram', async () => (await frame.locator('.box.inst').count()) === 1, 30_000);
      const text = await frame.locator('body').innerText();
      assert.match(text, /sum/);
      assert.match(text, /example:checksum/);
      assert.match(text, /to-hex/);
      await shot(c, '18-composition-diagram');
      await command(c.page, 'View: Close All Editors');
      await openFile(c.page, 'compose/app.wac');
      await command(c.page, 'WIT: Compose WAC File');
      const toasts = c.page.locator('.notifications-toasts');
      await waitFor('the composed component', async () => /Composed app\.wasm/.test(await toasts.innerText().catch(() => '')), 120_000);
      await shot(c, '18-composed');
      assert.match(cli(['call', 'compose/app.wasm', 'to-hex([222, 173])'], c.workspace), /ok\("dead"\)/);
      await command(c.page, 'View: Close All Editors');
    },
  },
  {
    name: '21-lint-and-breaking-changes',
    async run(c) {
      // A package in its own git repository with a wit-tools.toml: the unused `use` is a lint
      // warning, the changed parameter a breaking change since HEAD, and the lens above the
      // package counts it.
      const dir = join(c.workspace, 'contract');
      mkdirSync(dir, { recursive: true });
      const v1 = 'package demo:contract@1.0.0;\n\ninterface types {\n  type id = u32;\n}\n\ninterface ops {\n  use types.{id};\n  add: func(a: s32, b: s32) -> s32;\n}\n\nworld calc {\n  export ops;\n}\n';
      writeFileSync(join(dir, 'pkg.wit'), v1);
      writeFileSync(join(dir, 'wit-tools.toml'), '[lint]\nuse = ["minimal"]\n');
      const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.com', ...args], { cwd: dir, stdio: 'pipe' });
      git('init', '-q');
      git('add', '.');
      git('commit', '-q', '-m', 'v1');
      writeFileSync(join(dir, 'pkg.wit'), v1.replace('add: func(a: s32', 'add: func(a: s64'));
      await openFile(c.page, 'contract/pkg.wit');
      const lens = c.page.locator('.codelens-decoration', { hasText: 'breaking change since HEAD' }).first();
      await waitFor('the breaking-change lens above the package', async () => (await lens.count()) > 0, 60_000);
      // The lens follows the analyses as they land (the file and git's HEAD are read apart): wait
      // for the one of the edited file against the commit.
      await waitFor('the lens to count the changed parameter', async () => /1 breaking change since HEAD — needs 2\.0\.0/.test(await lens.innerText().catch(() => '')), 30_000);
      assert.match(await lens.innerText(), /1 breaking change since HEAD — needs 2\.0\.0/);
      await waitFor('the lint and breaking-change warnings', async () => (await c.page.locator('.squiggly-warning').count()) >= 2, 30_000);
      await command(c.page, 'View: Focus Problems (Errors, Warnings, Infos)');
      const problems = c.page.locator('.markers-panel');
      await waitFor('both in Problems', async () => {
        const t = await problems.innerText().catch(() => '');
        return /unused-use/.test(t) && /param-type-changed/.test(t);
      }, 30_000);
      await shot(c, '21-lint-and-breaking');
      await command(c.page, 'View: Close All Editors');
    },
  },
  {
    name: '22-linked-components',
    async run(c) {
      // An app importing demo:math/ops and a library exporting it, as tiny components in the text
      // format: Show Linked Components on the app draws the link a Call would make.
      const { parse } = (await import('@bytecodealliance/jco-transpile/wasm-tools' as string)) as { parse(wat: string): Promise<Uint8Array> };
      const ops = '(export "add" (func (param "a" s32) (param "b" s32) (result s32)))';
      const dir = join(c.workspace, 'linked');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'calc.wasm'), await parse(`(component (import "demo:math/ops@1.0.0" (instance ${ops})))`));
      writeFileSync(join(dir, 'mathlib.wasm'), await parse(`(component (import "demo:math/ops@1.0.0" (instance $i ${ops})) (export "demo:math/ops@1.0.0" (instance $i)))`));
      await openFile(c.page, 'linked/calc.wasm', false);
      await command(c.page, 'WIT: Show Linked Components');
      const frame = await webviewFrame(c.page, '.stage');
      await waitFor('both components in the graph', async () => (await frame.locator('.box.inst').count()) === 2, 60_000);
      const text = await frame.locator('body').innerText();
      assert.match(text, /linked at run time/);
      assert.match(text, /calc\.wasm/);
      assert.match(text, /mathlib\.wasm/);
      await shot(c, '22-linked-components');
      await command(c.page, 'View: Close All Editors');
    },
  },
  {
    name: '23-open-documentation',
    async run(c) {
      // The documentation page of the record under the cursor, at its anchor; a link followed inside the view.
      await openFile(c.page, 'inventory/types.wit');
      await goTo(c, 'inventory/types.wit', 'record price', 'record '.length + 2);
      await command(c.page, 'WIT: Open Documentation');
      const frame = await webviewFrame(c.page, 'p.path');
      await waitFor('the record on its page', async () => (await frame.locator('[id="price"]').count()) === 1, 30_000);
      const text = await frame.locator('main').innerText();
      assert.match(text, /An amount of money in the smallest unit of its currency/);
      await shot(c, '23-open-documentation');
      await frame.locator('nav a', { hasText: 'Packages' }).click();
      // The view shows the index (a new document in the webview: look for it afresh).
      await webviewFrame(c.page, '#search');
      await command(c.page, 'View: Close All Editors');
    },
  },
];
