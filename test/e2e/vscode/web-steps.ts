// The extension as vscode.dev and github.dev run it: code-server told to run it in the browser's
// web-worker extension host (`remote.extensionKind`: web), where the manifest's `browser` entry
// starts the language server in a web worker and hands it the workspace's WIT. The language
// features are the desktop's steps, unchanged; what only the browser does is checked here.
import { command, openFile, shot, waitFor, steps, type Step } from './steps.js';

export const webSettings = { 'remote.extensionKind': { 'wit-tools.wit-tools': ['web'] } };

const shared = ['01-language-mode', '03-diagnostics', '06-hover', '07-definition-into-deps', '09-format-document', '10-world-diagram'];

const pipelineHidden: Step = {
    name: 'web-11-pipeline-commands-hidden',
    async run(c) {
      // The browser entry hides what needs a desktop (the Node client never sets `wit.noPipeline`):
      // this proves the web worker's client is the one running.
      await c.page.keyboard.press('Escape');
      await c.page.keyboard.press('F1');
      const input = c.page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 15_000 });
      const rows = c.page.locator('.quick-input-list .monaco-list-row');
      const offered = async (title: string) => {
        await input.fill(`>WIT: ${title}`);
        await new Promise((r) => setTimeout(r, 700));
        return (await rows.allInnerTexts()).some((t) => t.includes(`WIT: ${title}`));
      };
      await waitFor('"WIT: Restart Language Server" in the palette', () => offered('Restart Language Server'), 20_000);
      for (const hidden of ['Build Component', 'Run Component', 'Call Function…', 'New Component…', 'Compose WAC File']) {
        if (await offered(hidden)) throw new Error(`"WIT: ${hidden}" is offered in the browser`);
      }
      await input.fill('>WIT: ');
      await shot(c, 'web-01-palette');
      await c.page.keyboard.press('Escape');
      await command(c.page, 'View: Close All Editors');
    },
};

export const webSteps: Step[] = [
  ...shared.map((name) => {
    const step = steps.find((s) => s.name === name);
    if (!step) throw new Error(`no desktop step ${name}`);
    return { ...step, name: `web-${name}`, negative: false };
  }),
  // After a .wit file has been opened: the extension is active by then.
  pipelineHidden,
  {
    // A new worker: the problems come back, and hover answers from it.
    name: 'web-12-restart-server',
    async run(c) {
      await command(c.page, 'WIT: Restart Language Server');
      await openFile(c.page, 'inventory/types.wit');
      await steps.find((s) => s.name === '03-diagnostics')!.run(c);
      await steps.find((s) => s.name === '06-hover')!.run(c);
    },
  },
];
