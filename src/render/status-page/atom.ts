import { sha256Hex } from '../../domain/shared/hash.js';
import type { PublishedIncident, StatusPageDocument } from '../../domain/status-page/model.js';
import { escapeXml } from './xml-text.js';

/**
 * An Atom 1.0 feed (RFC 4287) of the public updates: an entry per update and one for each resolution,
 * newest first. Entry ids are `urn:uuid:` names derived from the update's own stable id, so a rebuild of
 * the feed gives every entry the id it had (feed readers never show an update twice).
 */
function uuidOf(name: string): string {
  const h = sha256Hex(name);
  // A name-based UUID: version 5's nibble and the RFC 4122 variant bits, over our own hash.
  const variant = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const STATE_WORDS: Record<PublishedIncident['state'], string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

export function renderAtomFeed(params: {
  document: StatusPageDocument;
  /** The feed's own stable name (`owner/repo` of the status page, plus the component for a component feed). */
  feedName: string;
  title: string;
  /** Only incidents affecting this component, for a component's feed. */
  component?: string;
}): string {
  const incidents = params.document.incidents.filter(
    (i) => params.component === undefined || i.components.includes(params.component),
  );
  const entries = incidents
    .flatMap((incident) => incident.updates.map((update) => ({ incident, update })))
    .sort((a, b) => (a.update.at < b.update.at ? 1 : a.update.at > b.update.at ? -1 : 0));
  const updated = entries[0]?.update.at ?? '1970-01-01T00:00:00+00:00';
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${uuidOf(`feed:${params.feedName}`)}</id>`,
    `  <title>${escapeXml(params.title)}</title>`,
    `  <updated>${updated}</updated>`,
    `  <author><name>${escapeXml(params.document.title)}</name></author>`,
    '  <generator>incident-responder</generator>',
  ];
  for (const { incident, update } of entries) {
    lines.push(
      '  <entry>',
      `    <id>${uuidOf(`update:${incident.id}:${update.id}`)}</id>`,
      `    <title>${escapeXml(`${STATE_WORDS[update.state]}: ${incident.title}`)}</title>`,
      `    <updated>${update.at}</updated>`,
      `    <published>${update.at}</published>`,
      ...incident.components.map((c) => `    <category term="${escapeXml(c)}"/>`),
      `    <content type="text">${escapeXml(update.text)}</content>`,
      '  </entry>',
    );
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}
