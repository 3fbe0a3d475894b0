// Doc comments as HTML: the Markdown people write in WIT docs (WASI's own) — paragraphs, lists,
// fenced and indented code, `code`, **strong**, *emphasis*, [links](url) and <autolinks>. Every
// other character is escaped: a doc comment can never inject markup or script.

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function safeUrl(url: string): string | undefined {
  return /^(https?:\/\/|#|\.{0,2}\/|[\w.-]+\.html)/i.test(url) && !/^javascript:/i.test(url) ? url : undefined;
}

/** Inline Markdown of one run of text. */
export function inlineHtml(text: string): string {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    let m: RegExpExecArray | null;
    if ((m = /^`([^`]+)`/.exec(rest))) {
      out.push(`<code>${escapeHtml(m[1])}</code>`);
    } else if ((m = /^\*\*([^*]+)\*\*/.exec(rest))) {
      out.push(`<strong>${inlineHtml(m[1])}</strong>`);
    } else if ((m = /^\*([^*\s][^*]*)\*/.exec(rest)) || (m = /^_([^_\s][^_]*)_(?![\w])/.exec(rest))) {
      out.push(`<em>${inlineHtml(m[1])}</em>`);
    } else if ((m = /^\[([^\]]+)\]\(([^)\s]+)\)/.exec(rest))) {
      const url = safeUrl(m[2]);
      out.push(url ? `<a href="${escapeHtml(url)}">${inlineHtml(m[1])}</a>` : escapeHtml(m[0]));
    } else if ((m = /^<(https?:\/\/[^>\s]+)>/.exec(rest))) {
      out.push(`<a href="${escapeHtml(m[1])}">${escapeHtml(m[1])}</a>`);
    } else {
      m = /^[^`*_[<]+|^./s.exec(rest)!;
      out.push(escapeHtml(m[0]));
    }
    i += m[0].length;
  }
  return out.join('');
}

/** A doc comment's Markdown as HTML blocks. */
export function markdownHtml(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let para: string[] = [];
  let list: string[] | undefined;
  const flush = () => {
    if (para.length) out.push(`<p>${inlineHtml(para.join(' ').trim())}</p>`);
    para = [];
    if (list) out.push(`<ul>${list.map((l) => `<li>${inlineHtml(l)}</li>`).join('')}</ul>`);
    list = undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s*```/.test(line)) {
      flush();
      const code: string[] = [];
      for (i++; i < lines.length && !/^\s*```/.test(lines[i]); i++) code.push(lines[i]);
      out.push(`<pre><code>${escapeHtml(code.join('\n'))}</code></pre>`);
      continue;
    }
    if (/^( {4}|\t)/.test(line) && para.length === 0 && !list) {
      const code: string[] = [];
      for (; i < lines.length && (/^( {4}|\t)/.test(lines[i]) || lines[i].trim() === ''); i++) code.push(lines[i].replace(/^( {4}|\t)/, ''));
      i--;
      out.push(`<pre><code>${escapeHtml(code.join('\n').replace(/\n+$/, ''))}</code></pre>`);
      continue;
    }
    const item = /^\s*(?:[-*+]|\d+\.)\s+(.*)$/.exec(line);
    if (item) {
      if (para.length) { out.push(`<p>${inlineHtml(para.join(' ').trim())}</p>`); para = []; }
      (list ??= []).push(item[1]);
      continue;
    }
    if (line.trim() === '') { flush(); continue; }
    if (list && /^\s+\S/.test(line)) { list[list.length - 1] += ` ${line.trim()}`; continue; }
    if (list) flush();
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) { flush(); out.push(`<h${Math.min(6, heading[1].length + 3)}>${inlineHtml(heading[2])}</h${Math.min(6, heading[1].length + 3)}>`); continue; }
    para.push(line);
  }
  flush();
  return out.join('\n');
}
