/** `///` or `/** … *\/` (but not `////` or `/**\/`): a comment that documents what follows. */
export function isDocComment(text: string): boolean {
  return (text.startsWith('///') && !text.startsWith('////')) || (text.startsWith('/**') && !text.startsWith('/***') && text !== '/**/');
}
