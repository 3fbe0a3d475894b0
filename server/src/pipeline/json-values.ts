// Call arguments and results as JSON, for scripts: the same checks as WAVE (wave.ts), with a
// JSON path (`$[1].options.repeat`) instead of a column to say where a value is wrong.
//
//   bool → true/false          integers → numbers (or decimal strings, for 64-bit values)
//   f32/f64 → numbers, or "nan", "inf", "-inf"
//   char, string → strings     list, fixed list, tuple → arrays
//   record → object with the WIT field names; option fields may be left out
//   enum → "case"              variant → {"tag": "case", "val": payload} ("case" alone when no payload)
//   option → null or the value; when the payload is itself an option: {"tag": "some", "val": …} / {"tag": "none"}
//   result → {"tag": "ok", "val": …} / {"tag": "err", "val": …}
//   flags → ["read", "write"] (or {"read": true})
import { ValueError } from './wave.js';
import { describeType, formatType, integerRange, jsName, type IntegerKind, type ValType } from './types.js';

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  return `${typeof v === 'number' ? 'the number' : typeof v === 'boolean' ? 'the boolean' : typeof v} ${JSON.stringify(v)}`;
}

function mismatch(t: ValType, v: unknown, path: string[], extra = ''): ValueError {
  return new ValueError(`expected ${describeType(t)}, found ${kindOf(v)}${extra}`, undefined, path);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function validUnicode(s: string): boolean {
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
}

/** The JavaScript value jco expects for the JSON value `v` as a `type`. Throws `ValueError`. */
export function jsonToHost(v: unknown, type: ValType, path: string[] = []): unknown {
  const t = type;
  switch (t.kind) {
    case 'bool':
      if (typeof v === 'boolean') return v;
      throw mismatch(t, v, path);
    case 'u8': case 'u16': case 'u32': case 'u64': case 's8': case 's16': case 's32': case 's64': {
      let n: bigint;
      if (typeof v === 'number' && Number.isInteger(v)) {
        if (!Number.isSafeInteger(v)) throw new ValueError(`expected \`${t.kind}\`, found ${v}: integers beyond 2^53 must be written as strings`, undefined, path);
        n = BigInt(v);
      } else if (typeof v === 'string' && /^-?(0|[1-9][0-9]*)$/.test(v)) n = BigInt(v);
      else throw mismatch(t, v, path, typeof v === 'number' ? ' (not an integer)' : '');
      const [lo, hi] = integerRange[t.kind as IntegerKind];
      if (n < lo || n > hi) throw new ValueError(`expected \`${t.kind}\`, found ${String(v)} (out of range ${lo}..=${hi})`, undefined, path);
      return t.kind === 'u64' || t.kind === 's64' ? n : Number(n);
    }
    case 'f32': case 'f64':
      if (typeof v === 'number') return v;
      if (v === 'nan') return NaN;
      if (v === 'inf') return Infinity;
      if (v === '-inf') return -Infinity;
      throw mismatch(t, v, path);
    case 'char':
      if (typeof v === 'string' && [...v].length === 1 && validUnicode(v)) return v;
      throw mismatch(t, v, path, typeof v === 'string' ? ' (a char is exactly one Unicode scalar value)' : '');
    case 'string':
      if (typeof v !== 'string') throw mismatch(t, v, path);
      if (!validUnicode(v)) throw new ValueError('the string is not valid Unicode (a lone surrogate)', undefined, path);
      return v;
    case 'list':
      if (!Array.isArray(v)) throw mismatch(t, v, path);
      return v.map((x, i) => jsonToHost(x, t.element, [...path, `[${i}]`]));
    case 'fixed-list':
      if (!Array.isArray(v)) throw mismatch(t, v, path);
      if (v.length !== t.size) throw new ValueError(`expected ${describeType(t)}: exactly ${t.size} elements, found ${v.length}`, undefined, path);
      return v.map((x, i) => jsonToHost(x, t.element, [...path, `[${i}]`]));
    case 'tuple':
      if (!Array.isArray(v)) throw mismatch(t, v, path);
      if (v.length !== t.types.length) throw new ValueError(`expected ${describeType(t)} of ${t.types.length}, found an array of ${v.length}`, undefined, path);
      return v.map((x, i) => jsonToHost(x, t.types[i], [...path, `[${i}]`]));
    case 'record': {
      if (!isPlainObject(v)) throw mismatch(t, v, path);
      for (const k of Object.keys(v)) {
        if (!t.fields.some((f) => f.name === k)) throw new ValueError(`${describeType(t)} has no field \`${k}\` (its fields: ${t.fields.map((f) => f.name).join(', ')})`, undefined, path);
      }
      const out: Record<string, unknown> = {};
      for (const f of t.fields) {
        if (!(f.name in v)) {
          if (f.type.kind === 'option') {
            out[jsName(f.name)] = f.type.type.kind === 'option' ? { tag: 'none' } : undefined;
            continue;
          }
          throw new ValueError(`missing field \`${f.name}\` (${describeType(f.type)}) of ${describeType(t)}`, undefined, path);
        }
        out[jsName(f.name)] = jsonToHost(v[f.name], f.type, [...path, `.${f.name}`]);
      }
      return out;
    }
    case 'flags': {
      let names: string[];
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) names = v as string[];
      else if (isPlainObject(v) && Object.values(v).every((x) => typeof x === 'boolean')) names = Object.keys(v).filter((k) => v[k]);
      else throw mismatch(t, v, path, ' (flags are an array of names)');
      const out: Record<string, boolean> = {};
      for (const f of t.flags) out[jsName(f)] = false;
      for (const n of names) {
        if (!t.flags.includes(n)) throw new ValueError(`${describeType(t)} has no flag \`${n}\` (its flags: ${t.flags.join(', ')})`, undefined, path);
        out[jsName(n)] = true;
      }
      return out;
    }
    case 'enum':
      if (typeof v !== 'string') throw mismatch(t, v, path);
      if (!t.cases.includes(v)) throw new ValueError(`${describeType(t)} has no case \`${v}\` (its cases: ${t.cases.join(', ')})`, undefined, path);
      return v;
    case 'variant': {
      const tag = typeof v === 'string' ? v : isPlainObject(v) && typeof v.tag === 'string' ? v.tag : undefined;
      if (tag === undefined) throw mismatch(t, v, path, ' (a variant is {"tag": case, "val": payload})');
      const c = t.cases.find((x) => x.name === tag);
      if (!c) throw new ValueError(`${describeType(t)} has no case \`${tag}\` (its cases: ${t.cases.map((x) => x.name).join(', ')})`, undefined, path);
      const hasVal = isPlainObject(v) && 'val' in v;
      if (c.type && !hasVal) throw new ValueError(`case \`${c.name}\` of ${describeType(t)} carries ${describeType(c.type)}: give it as "val"`, undefined, path);
      if (!c.type && hasVal && (v as Record<string, unknown>).val !== null) throw new ValueError(`case \`${c.name}\` of ${describeType(t)} carries no value`, undefined, path);
      return c.type ? { tag: c.name, val: jsonToHost((v as Record<string, unknown>).val, c.type, [...path, '.val']) } : { tag: c.name };
    }
    case 'option': {
      if (t.type.kind === 'option') {
        if (!isPlainObject(v) || (v.tag !== 'some' && v.tag !== 'none')) throw mismatch(t, v, path, ' (an option of an option is {"tag": "some", "val": …} or {"tag": "none"})');
        return v.tag === 'none' ? { tag: 'none' } : { tag: 'some', val: jsonToHost(v.val, t.type, [...path, '.val']) };
      }
      if (v === null || v === undefined) return undefined;
      return jsonToHost(v, t.type, path);
    }
    case 'result': {
      if (!isPlainObject(v) || (v.tag !== 'ok' && v.tag !== 'err')) throw mismatch(t, v, path, ' (a result is {"tag": "ok" | "err", "val": …})');
      const tag = v.tag as 'ok' | 'err';
      const ty = tag === 'ok' ? t.ok : t.err;
      if (ty && !('val' in v)) throw new ValueError(`\`${tag}\` of ${describeType(t)} carries ${describeType(ty)}: give it as "val"`, undefined, path);
      return ty ? { tag, val: jsonToHost(v.val, ty, [...path, '.val']) } : { tag };
    }
    default:
      throw new ValueError(`a ${formatType(t)} cannot be written as a value`, undefined, path);
  }
}

function listItems(v: unknown): unknown[] {
  return Array.isArray(v) ? v : Array.from(v as ArrayLike<unknown>);
}

function number(v: unknown): unknown {
  const n = Number(v);
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  return n;
}

/** A value jco returned for `type`, as JSON (see the table above). */
export function hostToJson(v: unknown, type: ValType): unknown {
  const t = type;
  switch (t.kind) {
    case 'bool': return !!v;
    case 'u8': case 'u16': case 'u32': case 's8': case 's16': case 's32': return Number(v);
    case 'u64': case 's64': {
      const n = BigInt(v as bigint);
      return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();
    }
    case 'f32': return number(Math.fround(Number(v)));
    case 'f64': return number(v);
    case 'char': case 'string': return String(v);
    case 'list': case 'fixed-list': return listItems(v).map((x) => hostToJson(x, t.element));
    case 'tuple': { const xs = listItems(v); return t.types.map((ty, i) => hostToJson(xs[i], ty)); }
    case 'record': {
      const o = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const f of t.fields) out[f.name] = hostToJson(o[jsName(f.name)], f.type);
      return out;
    }
    case 'flags': {
      const o = v as Record<string, unknown>;
      return t.flags.filter((f) => o[jsName(f)]);
    }
    case 'enum': return String(v);
    case 'variant': {
      const o = v as { tag: string; val?: unknown };
      const c = t.cases.find((x) => x.name === o.tag);
      return c?.type ? { tag: o.tag, val: hostToJson(o.val, c.type) } : { tag: o.tag };
    }
    case 'option':
      if (t.type.kind === 'option') {
        const o = v as { tag?: string; val?: unknown };
        return o?.tag === 'some' ? { tag: 'some', val: hostToJson(o.val, t.type) } : { tag: 'none' };
      }
      return v === undefined || v === null ? null : hostToJson(v, t.type);
    case 'result': {
      const o = v as { tag: 'ok' | 'err'; val?: unknown };
      const ty = o.tag === 'ok' ? t.ok : t.err;
      return ty ? { tag: o.tag, val: hostToJson(o.val, ty) } : { tag: o.tag };
    }
    default:
      return null;
  }
}
