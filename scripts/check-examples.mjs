// `npm run check-examples`: `wit-tools check` on every example's WIT — the example folder itself,
// or its `wit/` folder where the WIT sits beside the sources (the layout `wit-tools build` reads).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const examples = path.join(root, 'examples');
const targets = fs.readdirSync(examples, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => (fs.existsSync(path.join(examples, e.name, 'wit')) ? path.join('examples', e.name, 'wit') : path.join('examples', e.name)))
  .sort();
const r = spawnSync(process.execPath, [path.join(root, 'bin', 'wit-tools.js'), 'check', ...targets, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
