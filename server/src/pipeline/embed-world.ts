// A reactor's world embedded into its core module, as `wasm-tools component embed` does it (the
// `component-type` custom section appended), with the section made once per WIT tree and world.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheRoot, jcoTranspileVersion, treeHash, writeAtomic } from './cache-files.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- jco's wasm-tools is untyped */
type Tools = { componentEmbed(options: { binary: Uint8Array; witPath: string; world: string }): Promise<Uint8Array> | Uint8Array } & Record<string, any>;

/** A core module with nothing in it: its header. */
export const emptyModule = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

/** A reactor's `component-type` sections, by WIT tree and world (the spare worker's rehearsal fills it). */
const worldSections = new Map<string, Uint8Array>();

/**
 * What `componentEmbed` gives: the module with the world's `component-type` custom section
 * appended. The section depends on the WIT and the world alone, so it is made once, by embedding
 * into an empty module, and kept by the WIT tree's hash (here and in the cache folder); the
 * result is byte for byte that of embedding the module itself (a Go module: ~1 ms, not ~9).
 */
export async function embedWorld(tools: Tools, core: Uint8Array, witDir: string, world: string): Promise<Uint8Array> {
  // jco-transpile's wasm-tools encodes the section: a new one may encode it anew.
  const version = jcoTranspileVersion();
  const key = version === undefined ? undefined : treeHash(witDir, ['component-type', version, world, path.resolve(witDir)]);
  if (key === undefined) return tools.componentEmbed({ binary: core, witPath: witDir, world });
  const file = path.join(cacheRoot(), 'component-type', `${key}.bin`);
  let section = worldSections.get(key);
  if (!section) {
    try {
      section = fs.readFileSync(file);
    } catch {
      const embedded: Uint8Array = await tools.componentEmbed({ binary: emptyModule, witPath: witDir, world });
      section = embedded.subarray(emptyModule.length);
      // An empty module's embedding is its header and one custom section (id 0), or it is not trusted.
      if (embedded.length <= emptyModule.length || section[0] !== 0 || !emptyModule.every((b, i) => embedded[i] === b)) {
        return tools.componentEmbed({ binary: core, witPath: witDir, world });
      }
      try {
        writeAtomic(file, section);
      } catch {
        // kept in memory only
      }
    }
    worldSections.set(key, section);
  }
  const out = new Uint8Array(core.length + section.length);
  out.set(core);
  out.set(section, core.length);
  return out;
}

