// Rename: every occurrence across the files of the package and the packages that depend on it
// (within the analysed root). Built-ins and keywords cannot be renamed; a new name that is a
// keyword is written `%name`.
import { validateId } from '../syntax/index.js';
import type { SemanticIndex } from './index.js';
import { findReferences, type Place } from './navigation.js';
import { isKeyword } from './render.js';

export interface TextEdit extends Place {
  newText: string;
}

export type PrepareRename = { start: number; end: number; placeholder: string } | { error: string };

export function prepareRename(index: SemanticIndex, file: string, text: string, offset: number): PrepareRename {
  const occ = index.at(file, offset);
  if (!occ) return { error: 'Only names of types, interfaces, worlds and functions can be renamed; this is a keyword, a built-in type or not a name.' };
  if (occ.symbol.kind === 'package') return { error: 'Packages are renamed in their `package` header and every dependent; rename the package by editing its header.' };
  const def = index.definition(occ.symbol, false);
  if (!def) return { error: 'This name is defined outside the files being edited.' };
  const name = text.slice(occ.start, occ.end).replace(/^%/, '');
  return { start: occ.start, end: occ.end, placeholder: name };
}

export function rename(index: SemanticIndex, file: string, offset: number, newName: string): { edits: TextEdit[] } | { error: string } {
  const bare = newName.replace(/^%/, '');
  const problem = validateId(bare);
  if (problem) return { error: `\`${newName}\` is not a valid WIT name: ${problem}` };
  const text = isKeyword(bare) ? `%${bare}` : bare;
  const places = findReferences(index, file, offset, true);
  if (places.length === 0) return { error: 'Nothing to rename here.' };
  return { edits: places.map((p) => ({ ...p, newText: text })) };
}
