// JavaScript and TypeScript templates (componentize-js): each export of the world is an export of
// the module; the command template uses wasi:cli/environment; the http template answers `fetch`.
import type { WorldTemplate } from '../scaffold.js';

export function jsSource(name: string, template: WorldTemplate, ts: boolean, wasi: string): string {
  switch (template) {
    case 'hello':
      return `// The \`${name}\` world (wit/world.wit): each export of the world is an export of this module.\n\nexport function greet(name${ts ? ': string' : ''})${ts ? ': string' : ''} {\n  return \`Hello, \${name}!\`;\n}\n`;
    case 'command':
      return `// The \`${name}\` world (wit/world.wit): \`run\` is the program; console output goes to stdout.\nimport { getArguments } from 'wasi:cli/environment@${wasi}';\n\nexport const run = {\n  run()${ts ? ': void' : ''} {\n    const names = getArguments().slice(1);\n    console.log(\`Hello, \${names.length ? names.join(' and ') : 'world'}!\`);\n  },\n};\n`;
    case 'http':
      return `// The \`${name}\` world (wit/world.wit): componentize-js turns \`fetch\` events into\n// \`wasi:http/incoming-handler\` calls.\naddEventListener('fetch', (event${ts ? ': any' : ''}) =>\n  event.respondWith(new Response(\`Hello from ${name}: \${new URL(event.request.url).pathname}\\n\`)),\n);\n`;
  }
}

/** Declarations for the editor; the build type-checks against jco's generated types as well. */
export function tsDeclarations(template: WorldTemplate, wasi: string): string | undefined {
  if (template === 'command') return `// For the editor: the WASI interface this component imports (the build generates the full types).\ndeclare module 'wasi:cli/environment@${wasi}' {\n  export function getArguments(): string[];\n}\n`;
  return undefined;
}

