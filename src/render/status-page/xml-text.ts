/**
 * Text for HTML and XML: the five special characters escaped, and the characters XML 1.0 forbids
 * (C0 controls but tab and newlines, lone surrogates, U+FFFE/FFFF) dropped — a public update is untrusted
 * text, and one stray control character would make the whole feed invalid for every reader.
 */
export function escapeXml(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '&') out += '&amp;';
    else if (ch === '<') out += '&lt;';
    else if (ch === '>') out += '&gt;';
    else if (ch === '"') out += '&quot;';
    else if (ch === "'") out += '&#39;';
    else if (code === 0x9 || code === 0xa || code === 0xd) out += ch;
    else if (code < 0x20 || (code >= 0xd800 && code <= 0xdfff) || code === 0xfffe || code === 0xffff) continue;
    else out += ch;
  }
  return out;
}

/** A component's name as a file and anchor name: lower case letters, digits and hyphens. */
export function slugOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return slug === '' ? 'component' : slug.slice(0, 60);
}
