// Python templates (componentize-py): `app.py`, whose classes implement the world's exports.
import type { TemplateFiles } from './shared.js';

export function pythonTemplate(name: string, template: 'hello' | 'command'): TemplateFiles {
  const files: TemplateFiles = {};
  files['app.py'] = template === 'hello'
    ? `"""The \`${name}\` world (wit/world.wit) in Python: componentize-py calls the methods of \`WitWorld\`."""
import wit_world


class WitWorld(wit_world.WitWorld):
    def greet(self, name: str) -> str:
        """A greeting for \`name\`."""
        return f"Hello, {name}!"
`
    : `"""The \`${name}\` command (wit/world.wit): \`Run.run\` is the program; print() writes to stdout."""
from wit_world import exports
from wit_world.imports import environment


class Run(exports.Run):
    def run(self) -> None:
        names = environment.get_arguments()[1:]
        print(f"Hello, {' and '.join(names) if names else 'world'}!")
`;
  // The bindings that \`wit-tools bindings\` writes for the editor are regenerated at every build.
  files['.gitignore'] = 'dist/\n__pycache__/\nwit_world/\ncomponentize_py_*\npoll_loop.py\n';
  return files;
}
