// `npm run test:e2e`: the extension's .vsix in a real VS Code (code-server + Chromium), on a copy of
// examples/. Every step must pass with the extension installed; then the steps marked `negative`
// run again without it and must fail, so the test cannot pass by accident.
//   node test/out/e2e/vscode/run.js [--only NAME,...] [--shots DIR] [--skip-negative]
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../support/paths.js';
import { startSession } from './harness.js';
import { steps, type Step } from './steps.js';
import { trustSteps, trustWorkspace } from './trust-steps.js';
import { webSettings, webSteps } from './web-steps.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const only = opt('--only')?.split(',');
const shots = opt('--shots') ?? join(repoRoot, 'e2e-screenshots');
const vsix = join(repoRoot, 'dist', 'wit-tools.vsix');
const workspaceSource = join(repoRoot, 'examples');

async function runSteps(label: string, list: Step[], withExtension: boolean, where: { source: string; trust?: boolean; settings?: Record<string, unknown>; shots?: string } = { source: workspaceSource }): Promise<{ name: string; ok: boolean; ms: number; error?: string }[]> {
  const results: { name: string; ok: boolean; ms: number; error?: string }[] = [];
  if (list.length === 0) return results;
  const t0 = Date.now();
  const session = await startSession({ workspaceSource: where.source, trust: where.trust, settings: where.settings, vsix: withExtension ? vsix : undefined });
  console.log(`${label}: workbench up in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const c = { page: session.page, workspace: session.workspace, shots: where.shots ?? (withExtension ? shots : join(shots, 'without-extension')) };
  try {
    for (const step of list) {
      const t = Date.now();
      try {
        await step.run(c);
        results.push({ name: step.name, ok: true, ms: Date.now() - t });
        console.log(`  ✓ ${step.name} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
      } catch (e) {
        const error = (e as Error).message.split('\n')[0];
        results.push({ name: step.name, ok: false, ms: Date.now() - t, error });
        console.log(`  ✗ ${step.name}: ${error}`);
        await c.page.screenshot({ path: join(c.shots, `FAILED-${step.name}.png`) }).catch(() => undefined);
        await c.page.keyboard.press('Escape').catch(() => undefined);
      }
    }
  } finally {
    await session.stop();
  }
  return results;
}

if (!existsSync(vsix)) {
  console.error(`no ${vsix}: run \`npm run package\` first (npm run test:e2e does)`);
  process.exit(2);
}
const chosen = steps.filter((s) => !only || only.includes(s.name));
const started = Date.now();
const withExt = await runSteps('with the extension', chosen, true);
// A second workbench with workspace trust on, over a stranger's repository.
const trustSource = mkdtempSync(join(tmpdir(), 'wit-e2e-trust-'));
await trustWorkspace(trustSource);
withExt.push(...(await runSteps('with the extension, workspace trust on', trustSteps.filter((s) => !only || only.includes(s.name)), true, { source: trustSource, trust: true })));
rmSync(trustSource, { recursive: true, force: true });
// A third, with the extension in the browser's web-worker extension host (as on vscode.dev).
withExt.push(...(await runSteps('with the extension in the web worker extension host', webSteps.filter((s) => !only || only.includes(s.name)), true, { source: workspaceSource, settings: webSettings, shots: join(shots, 'web') })));
let ok = withExt.every((r) => r.ok);
if (!args.includes('--skip-negative')) {
  const negatives = chosen.filter((s) => s.negative);
  const without = await runSteps('without the extension (each step must fail)', negatives, false);
  const passedAnyway = without.filter((r) => r.ok);
  if (passedAnyway.length) {
    console.log(`  ✗ passed without the extension: ${passedAnyway.map((r) => r.name).join(', ')}`);
    ok = false;
  } else {
    console.log(`  ✓ all ${without.length} failed without the extension, as they must`);
  }
}
console.log(`${ok ? 'PASS' : 'FAIL'}: ${withExt.filter((r) => r.ok).length}/${withExt.length} steps with the extension, ${((Date.now() - started) / 1000).toFixed(0)} s; screenshots in ${shots}`);
process.exit(ok ? 0 : 1);
