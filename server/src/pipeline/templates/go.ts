// Go templates (mainline Go for wasip1): the world's exports are functions of the
// \`export_wit_world\` package, which wit-bindgen's generated \`wit_exports.go\` calls (hello); or a
// plain \`main\` that the preview1 command adapter makes \`wasi:cli/run\` (command).
import type { TemplateFiles } from './shared.js';

/** The runtime package that wit-bindgen 0.63's Go bindings import. */
export const GO_RUNTIME = 'go.bytecodealliance.org/pkg v0.4.0';

export function goTemplate(name: string, template: 'hello' | 'command'): TemplateFiles {
  const files: TemplateFiles = {};
  if (template === 'hello') {
    // wit-bindgen's bindings import their own packages as \`wit_component/…\`: the module has that name.
    files['go.mod'] = `module wit_component\n\ngo 1.25\n\nrequire ${GO_RUNTIME}\n`;
    files['export_wit_world/greet.go'] = `// Package export_wit_world implements the exports of the \`${name}\` world (wit/world.wit).
// \`wit-tools build\` (or \`wit-tools bindings\`) writes the bindings that call these functions.
package export_wit_world

// Greet is the world's \`greet\` export: a greeting for name.
func Greet(name string) string {
	return "Hello, " + name + "!"
}
`;
  } else {
    files['go.mod'] = `module ${name}\n\ngo 1.25\n`;
    files['main.go'] = `// The \`${name}\` command: built for wasip1, \`main\` becomes the component's \`wasi:cli/run\`.
package main

import (
	"fmt"
	"os"
	"strings"
)

func main() {
	names := os.Args[1:]
	if len(names) == 0 {
		fmt.Println("Hello, world!")
		return
	}
	fmt.Printf("Hello, %s!\\n", strings.Join(names, " and "))
}
`;
  }
  files['.gitignore'] = 'dist/\n';
  return files;
}
