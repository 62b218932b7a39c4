// Search snippets arrive HTML-escaped with matches in <mark>; they are turned into text parts here and
// rendered with textContent, so nothing from a shopper's message is ever parsed as HTML.

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#39;": "'", "&#x27;": "'", "&#x2F;": "/" };

function decode(s: string): string {
  return s.replace(/&(?:amp|lt|gt|quot|#39|#x27|#x2F);/g, (e) => ENTITIES[e]);
}

/** @return the snippet as parts, `marked` where the search matched */
export function snippetParts(snippet: string): { text: string; marked: boolean }[] {
  const out: { text: string; marked: boolean }[] = [];
  const re = /<mark>(.*?)<\/mark>/gs;
  let last = 0;
  for (const m of snippet.matchAll(re)) {
    const at = m.index ?? 0;
    if (at > last) out.push({ text: decode(snippet.slice(last, at)), marked: false });
    out.push({ text: decode(m[1]), marked: true });
    last = at + m[0].length;
  }
  if (last < snippet.length) out.push({ text: decode(snippet.slice(last)), marked: false });
  return out.filter((p) => p.text.length > 0);
}
