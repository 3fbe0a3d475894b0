// The `cli-tool` world (world.wit, counter.wit) in JavaScript: a `wasi:cli/run` command that counts
// stdin, and the `counter` interface it is built on (a `tally` resource and `sum`).
import { getArguments } from 'wasi:cli/environment@0.2.3';
import { getStdin } from 'wasi:cli/stdin@0.2.3';
import { getStdout } from 'wasi:cli/stdout@0.2.3';
import { getStderr } from 'wasi:cli/stderr@0.2.3';

const encoder = new TextEncoder();

/** A running count; `totals` is the `flags totals` value ({ lines, words, bytes, chars }). */
class Tally {
  #totals;
  #lines = 0n;
  #words = 0n;
  #bytes = 0n;
  #chars = 0n;
  #inWord = false;
  #decoder = new TextDecoder();

  constructor(totals) {
    this.#totals = totals;
  }

  /** Counts one more chunk (a `list<u8>`, which arrives as a Uint8Array). */
  feed(chunk) {
    this.#bytes += BigInt(chunk.length);
    for (const b of chunk) {
      if (b === 0x0a) this.#lines++;
      const space = b === 0x20 || (b >= 0x09 && b <= 0x0d);
      if (!space && !this.#inWord) this.#words++;
      this.#inWord = !space;
    }
    // A character split across chunks is counted once its last byte arrives.
    this.#chars += BigInt([...this.#decoder.decode(chunk, { stream: true })].length);
  }

  /** `record counts`: an `option<u64>` is a bigint, or undefined when that total was not asked for. */
  current() {
    const t = this.#totals;
    return {
      lines: t.lines ? this.#lines : undefined,
      words: t.words ? this.#words : undefined,
      bytes: t.bytes ? this.#bytes : undefined,
      chars: t.chars ? this.#chars : undefined,
    };
  }

  static countAll(totals, input) {
    const tally = new Tally(totals);
    tally.feed(input);
    return tally.current();
  }
}

function sum(each) {
  const add = (key) => (each.some((c) => c[key] !== undefined) ? each.reduce((s, c) => s + (c[key] ?? 0n), 0n) : undefined);
  return { lines: add('lines'), words: add('words'), bytes: add('bytes'), chars: add('chars') };
}

export const counter = { Tally, sum };

function write(stream, text) {
  stream.blockingWriteAndFlush(encoder.encode(text));
}

export const run = {
  run() {
    const options = { '-l': 'lines', '-w': 'words', '-c': 'bytes', '-m': 'chars' };
    const args = getArguments().slice(1);
    const totals = { lines: false, words: false, bytes: false, chars: false };
    for (const arg of args) {
      if (!(arg in options)) {
        write(getStderr(), `cli-tool: unknown option ${arg} (expected -l, -w, -c or -m)\n`);
        // An `err` from `run` is the command's failure: exit status 1.
        throw new Error('usage');
      }
      totals[options[arg]] = true;
    }
    if (!args.length) Object.assign(totals, { lines: true, words: true, bytes: true });
    const tally = new Tally(totals);
    const stdin = getStdin();
    for (;;) {
      let chunk;
      try {
        chunk = stdin.blockingRead(65536n);
      } catch {
        break; // `closed`: the end of the input
      }
      if (chunk.length === 0) continue;
      tally.feed(chunk);
    }
    const counts = tally.current();
    const shown = ['lines', 'words', 'chars', 'bytes'].filter((k) => counts[k] !== undefined).map((k) => String(counts[k]).padStart(7));
    write(getStdout(), `${shown.join(' ')}\n`);
  },
};
