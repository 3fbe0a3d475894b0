// What every template shares: its files as relative path → text.
export type TemplateFiles = Record<string, string>;
