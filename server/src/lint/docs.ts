// missing-docs: every interface, world, type and function (resource methods too) has a `///` comment.
import { isDocComment } from '../syntax/index.js';
import type { LintContext } from './context.js';
import { forEachItem } from './walk.js';

export function checkMissingDocs(ctx: LintContext): void {
  for (const file of ctx.files) {
    forEachItem(file.ast, file.version, (item) => {
      if (item.docs.comments.some(isDocComment)) return;
      const what = item.kind === 'constructor' ? 'the constructor' : `${item.kind === 'static' ? 'static function' : item.kind} \`${item.name}\``;
      ctx.report('missing-docs', file.path, item.nameSpan, `${what} has no doc comment (\`///\`)`);
    });
  }
}
