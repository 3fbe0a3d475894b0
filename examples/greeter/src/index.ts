// The `greeter` world (greeter.wit), implemented in TypeScript. componentize-js maps the world's
// exports onto this module's exports: `greet` is a plain function, and the `formatting` interface
// is an object whose methods are its functions (kebab-case names become lowerCamelCase).

/** `enum tone` arrives as its case name. */
type Tone = 'friendly' | 'formal' | 'casual';

/** `record greeting-options`: fields in lowerCamelCase; `option<string>` is `string | undefined`. */
interface GreetingOptions {
  tone: Tone;
  language?: string;
  repeat: number;
}

const words: Record<string, Record<Tone, (name: string) => string>> = {
  en: { friendly: (n) => `Hello, ${n}!`, formal: (n) => `Good afternoon, ${n}.`, casual: (n) => `Hey ${n}` },
  fr: { friendly: (n) => `Bonjour, ${n} !`, formal: (n) => `Bonjour, ${n}.`, casual: (n) => `Salut ${n}` },
  de: { friendly: (n) => `Hallo, ${n}!`, formal: (n) => `Guten Tag, ${n}.`, casual: (n) => `Hi ${n}` },
};

export function greet(name: string): string {
  return words.en.friendly(name);
}

export const formatting = {
  formatGreeting(name: string, options: GreetingOptions): string {
    const language = (options.language ?? 'en').split('-')[0].toLowerCase();
    const table = words[language] ?? words.en;
    const once = table[options.tone](name);
    return Array.from({ length: Math.max(1, options.repeat) }, () => once).join(' ');
  },

  supportedLanguages(): string[] {
    return Object.keys(words);
  },
};
