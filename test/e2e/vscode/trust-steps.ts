// Workspace trust, for real: code-server with trust on, a workspace opened in Restricted Mode.
// There every language feature works and whatever runs code is refused with the trust message;
// once trusted, the first call with a grant that the repository's own .vscode/settings.json
// supplies shows it and asks, and the answer is remembered.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { repoRoot } from '../../support/paths.js';
import { command, goTo, openFile, shot, waitFor, type Step } from './steps.js';

/** The repository a stranger sends: WIT to read, a component, and settings that widen its grants. */
export async function trustWorkspace(dir: string): Promise<void> {
  cpSync(join(repoRoot, 'examples', 'inventory'), join(dir, 'inventory'), { recursive: true });
  cpSync(join(repoRoot, 'examples', 'greeter'), join(dir, 'greeter'), { recursive: true, filter: (s) => !/node_modules|dist/.test(s) });
  mkdirSync(join(dir, 'broken'), { recursive: true });
  writeFileSync(join(dir, 'broken', 'bad.wit'), 'package demo:bad;\n\ninterface i {\n  f: func() -> nope;\n}\n');
  mkdirSync(join(dir, 'answer'), { recursive: true });
  writeFileSync(join(dir, 'answer', 'answer.wasm'), await parse(`(component
    (core module $m (func (export "answer") (result i32) i32.const 42))
    (core instance $i (instantiate $m))
    (func (export "answer") (result u32) (canon lift (core func $i "answer"))))`));
  mkdirSync(join(dir, 'shared'), { recursive: true });
  mkdirSync(join(dir, '.vscode'), { recursive: true });
  writeFileSync(join(dir, '.vscode', 'settings.json'), JSON.stringify({ 'wit.run.allowDirs': ['shared'] }, null, 2));
}

const notifications = async (c: { page: import('playwright-core').Page }) => `${await c.page.locator('.notifications-toasts').innerText().catch(() => '')}\n${await c.page.locator('.notifications-center').innerText().catch(() => '')}`;

/** Waits for `re` in the notifications, opening the notification center when no toast shows it. */
async function seen(c: { page: import('playwright-core').Page }, what: string, re: RegExp, timeout = 60_000): Promise<void> {
  const started = Date.now();
  let opened = false;
  await waitFor(what, async () => {
    if (re.test(await notifications(c))) return true;
    if (!opened && Date.now() - started > 5_000) {
      opened = true;
      await command(c.page, 'Notifications: Show Notifications').catch(() => undefined);
    }
    return false;
  }, timeout);
  if (opened) await command(c.page, 'Notifications: Hide Notifications').catch(() => undefined);
}

export const trustSteps: Step[] = [
  {
    name: '19-restricted-mode',
    async run(c) {
      // Diagnostics, hover and completion work in Restricted Mode.
      await openFile(c.page, 'broken/bad.wit');
      await waitFor('the unknown type squiggled', async () => (await c.page.locator('.squiggly-error').count()) > 0, 60_000);
      await openFile(c.page, 'inventory/types.wit');
      await goTo(c, 'inventory/types.wit', 'sku: sku', 5);
      await command(c.page, 'Show or Focus Hover');
      const hover = c.page.locator('.monaco-hover-content');
      await waitFor('the doc comment in a hover', async () => (await hover.allInnerTexts().catch(() => [] as string[])).some((t) => t.includes('A stock-keeping unit')), 30_000);
      await c.page.keyboard.press('Escape');
      await goTo(c, 'inventory/types.wit', 'type sku = string;\n', 'type sku = string;\n'.length);
      await c.page.keyboard.type('  peek: func(x: ');
      await c.page.keyboard.press('Control+Space');
      await waitFor('types in scope offered', async () => (await c.page.locator('.suggest-widget .monaco-list-row').allInnerTexts().catch(() => [] as string[])).some((l) => l.includes('quantity')), 30_000);
      await shot(c, '19-restricted-completion');
      await c.page.keyboard.press('Escape');
      await command(c.page, 'File: Revert File');
      // Building runs code from the workspace: refused, with the way to trust it.
      await openFile(c.page, 'greeter/greeter.wit');
      await command(c.page, 'WIT: Build Component');
      await seen(c, 'the trust message', /WIT: Build Component is disabled in Restricted Mode: it would run code from this workspace/, 30_000);
      await command(c.page, 'Notifications: Show Notifications');
      await waitFor('its button to the trust editor', async () => (await c.page.locator('.monaco-button', { hasText: 'Manage Workspace Trust' }).count()) > 0, 10_000);
      await shot(c, '19-build-refused');
      await command(c.page, 'Notifications: Hide Notifications');
      await c.page.keyboard.press('Escape');
    },
  },
  {
    name: '20-trust-then-workspace-grants',
    async run(c) {
      await command(c.page, 'Workspaces: Manage Workspace Trust');
      const trustButton = c.page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust$/ }).first();
      await trustButton.waitFor({ timeout: 30_000 });
      await trustButton.click();
      await waitFor('the workspace trusted', async () => /trusted/i.test(await c.page.locator('.workspace-trust-editor').innerText().catch(() => '')) && (await c.page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust$/ }).count()) === 0, 30_000);
      await shot(c, '20-trusted');
      await command(c.page, 'View: Close All Editors');
      // The call asks about the repository's own `wit.run.allowDirs` before anything runs.
      const call = async () => {
        await command(c.page, 'WIT: Call Function…');
        const widget = c.page.locator('.quick-input-widget');
        await c.page.locator('.quick-input-list .monaco-list-row', { hasText: 'answer' }).first().waitFor({ timeout: 60_000 });
        await widget.locator('input').fill('answer');
        await c.page.keyboard.press('Enter');
      };
      await call();
      const dialog = c.page.locator('.monaco-dialog-box');
      await dialog.waitFor({ timeout: 60_000 });
      const text = await dialog.innerText();
      assert.match(text, /This workspace's settings \(not yours\) widen what components may do/);
      assert.match(text, /let components see `shared` \(read-only\)/);
      await shot(c, '20-workspace-grants-asked');
      await dialog.locator('.monaco-button', { hasText: 'Allow' }).click();
      await seen(c, 'the result', /answer\(\) → 42/).catch(async (e: Error) => {
        await command(c.page, 'WIT: Show Output').catch(() => undefined);
        await new Promise((r) => setTimeout(r, 1000));
        throw new Error(`${e.message}; notifications: ${(await notifications(c)).replace(/\s+/g, ' ')}; output: ${(await c.page.locator('.part.panel').innerText().catch(() => '')).replace(/\s+/g, ' ').slice(-1500)}`);
      });
      // (The grants in force go to the WIT Components output with every call; test/lsp/trust.test.ts checks the line.)
      // Asked once: the second call runs without a question.
      await c.page.keyboard.press('Escape');
      await command(c.page, 'Notifications: Clear All Notifications');
      await call();
      await seen(c, 'the second result', /answer\(\) → 42/);
      assert.equal(await dialog.count(), 0, 'not asked again');
    },
  },
];
