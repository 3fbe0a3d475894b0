// `new` makes projects that build as they stand, for each language and world template, and the
// results do what their templates say.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { callComponent, decodeComponent, newProject, PipelineError, runComponent, type TemplateLanguage, type WorldTemplate } from 'wit-tools/server/pipeline/index.js';
import { nodeFileSystem } from 'wit-tools/server/workspace/fs.js';
import { loadRoot } from 'wit-tools/server/workspace/loader.js';
import { analyzeRoot } from 'wit-tools/server/semantic/analyze.js';
import { BUILD_TIMEOUT, buildOnce, hasClang, scratch } from './support.js';

const parent = path.join(scratch, 'scaffolds');

function make(language: TemplateLanguage, template: WorldTemplate): string {
  fs.mkdirSync(parent, { recursive: true });
  return newProject({ name: `${language}-${template}`, parent, language, template }).dir;
}

describe('pipeline: new', function () {
  this.timeout(BUILD_TIMEOUT);

  it('every template writes WIT that checks clean', () => {
    for (const language of ['ts', 'js', 'python', 'go', 'rust', 'c'] as const) {
      for (const template of ['hello', 'command', 'http'] as const) {
        if (template === 'http' && language !== 'ts' && language !== 'js') continue;
        const dir = path.join(scratch, 'wit-only', `${language}-${template}`);
        newProject({ name: 'p', parent: dir, language, template });
        const analysis = analyzeRoot(loadRoot(nodeFileSystem, path.join(dir, 'p', 'wit')), {});
        assert.deepEqual(analysis.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), [], `${language}/${template}`);
      }
    }
  });

  it('refuses names that are not WIT identifiers, a non-empty folder, C with http', () => {
    assert.throws(() => newProject({ name: 'Hello', parent }), (e: unknown) => e instanceof PipelineError && e.code === 'bad-argument');
    fs.mkdirSync(path.join(parent, 'taken'), { recursive: true });
    fs.writeFileSync(path.join(parent, 'taken', 'x'), '');
    assert.throws(() => newProject({ name: 'taken', parent }), (e: unknown) => e instanceof PipelineError && e.code === 'exists');
    assert.throws(() => newProject({ name: 'x', parent, language: 'c', template: 'http' }), /the http template is for JavaScript and TypeScript components .*; for C, start from hello or command/);
  });

  it('ts/hello builds and greets', async () => {
    const r = await buildOnce(make('ts', 'hello'));
    assert.equal(r.language, 'typescript');
    assert.equal((await callComponent({ component: r.component, call: 'greet("you")' })).wave, '"Hello, you!"');
  });

  it('js/command builds and runs with its arguments', async () => {
    const r = await buildOnce(make('js', 'command'));
    let out = '';
    const run = await runComponent({ component: r.component, args: ['Ada', 'Bo'], onStdout: (d) => (out += Buffer.from(d).toString()) });
    assert.equal(run.exitCode, 0);
    assert.equal(out, 'Hello, Ada and Bo!\n');
  });

  it('ts/http builds and exports wasi:http/incoming-handler', async () => {
    const r = await buildOnce(make('ts', 'http'));
    assert.deepEqual(decodeComponent(fs.readFileSync(r.component)).exports.map((e) => e.name), ['wasi:http/incoming-handler@0.2.10']);
  });

  it('c/hello and c/command build and work', async function () {
    if (!hasClang()) this.skip();
    const hello = await buildOnce(make('c', 'hello'));
    assert.equal((await callComponent({ component: hello.component, call: 'greet("C")' })).wave, '"Hello, C!"');
    const command = await buildOnce(make('c', 'command'));
    let out = '';
    assert.equal((await runComponent({ component: command.component, args: ['Ada'], onStdout: (d) => (out += Buffer.from(d).toString()) })).exitCode, 0);
    assert.equal(out, 'Hello, Ada!\n');
  });
});
