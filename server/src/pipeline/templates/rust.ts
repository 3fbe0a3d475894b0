// Rust templates: a `cdylib` with the `wit-bindgen` crate's macro (hello), or a plain `bin` that
// rustc's wasm32-wasip2 target makes a `wasi:cli/run` command (command).
import { WIT_BINDGEN_VERSION } from '../toolchains.js';
import type { TemplateFiles } from './shared.js';

export function rustTemplate(name: string, template: 'hello' | 'command'): TemplateFiles {
  const files: TemplateFiles = {};
  const profile = `\n[profile.release]\nopt-level = "s"\nlto = true\nstrip = true\n`;
  if (template === 'hello') {
    files['Cargo.toml'] = `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2021"\n\n[lib]\ncrate-type = ["cdylib"]\n\n[dependencies]\nwit-bindgen = "${WIT_BINDGEN_VERSION}"\n${profile}`;
    files['src/lib.rs'] = `//! The \`${name}\` world (wit/world.wit) in Rust: \`wit_bindgen::generate!\` turns it into a \`Guest\`
//! trait, and \`export!\` makes \`Component\` the component's implementation.
wit_bindgen::generate!({ world: "${name}", path: "wit" });

struct Component;

impl Guest for Component {
    /// A greeting for \`name\`.
    fn greet(name: String) -> String {
        format!("Hello, {name}!")
    }
}

export!(Component);
`;
  } else {
    files['Cargo.toml'] = `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n${profile}`;
    files['src/main.rs'] = `//! The \`${name}\` command: for wasm32-wasip2, \`main\` becomes the component's \`wasi:cli/run\`.
fn main() {
    let names: Vec<String> = std::env::args().skip(1).collect();
    if names.is_empty() {
        println!("Hello, world!");
    } else {
        println!("Hello, {}!", names.join(" and "));
    }
}
`;
  }
  files['.gitignore'] = 'dist/\ntarget/\nCargo.lock\n';
  return files;
}
