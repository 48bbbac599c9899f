import { sha256Hex } from '../../domain/shared/hash.js';
import type { PublishedIncident, PublishedMaintenance, StatusPageDocument } from '../../domain/status-page/model.js';
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

interface FeedEntry {
  /** The name its `urn:uuid:` id is derived from: the same entry always gets the same id. */
  id: string;
  title: string;
  at: string;
  components: readonly string[];
  text: string;
}

/** What a window's own times say, in UTC: the page's times are all UTC. */
const utc = (iso: string): string => iso.replace('T', ' ').replace(/:\d\d\+00:00$/, ' UTC');
const windowText = (m: PublishedMaintenance): string =>
  `From ${utc(m.start)} to ${utc(m.end)}${m.components.length > 0 ? `; affects ${m.components.join(', ')}` : ''}.`;

/**
 * A maintenance window's entries: one per phase it reached, each at the time it was reached (the
 * announcement, the start, the end). The id names the times that phase is about, so a rescheduled window
 * is news again while a rebuild of the same one is not.
 */
function maintenanceEntries(m: PublishedMaintenance): FeedEntry[] {
  const entry = (phase: string, at: string, key: string, text: string): FeedEntry => ({
    id: `maintenance:${m.id}:${phase}:${key}`,
    title: `${MAINTENANCE_WORDS[phase as PublishedMaintenance['phase']]}: ${m.title}`,
    at,
    components: m.components,
    text,
  });
  const entries = [
    entry('scheduled', m.announced_at, `${m.start}/${m.end}`, `Maintenance scheduled. ${windowText(m)}`),
  ];
  if (m.phase !== 'scheduled')
    entries.push(entry('in-progress', m.start, m.start, `Maintenance in progress. ${windowText(m)}`));
  if (m.phase === 'completed') entries.push(entry('completed', m.end, m.end, 'The maintenance has been completed.'));
  return entries;
}

const MAINTENANCE_WORDS: Record<PublishedMaintenance['phase'], string> = {
  scheduled: 'Scheduled maintenance',
  'in-progress': 'Maintenance in progress',
  completed: 'Maintenance completed',
};

export function renderAtomFeed(params: {
  document: StatusPageDocument;
  /** The feed's own stable name (`owner/repo` of the status page, plus the component for a component feed). */
  feedName: string;
  title: string;
  /** Only incidents affecting this component, for a component's feed. */
  component?: string;
}): string {
  const mine = (i: { components: readonly string[] }) =>
    params.component === undefined || i.components.includes(params.component);
  const entries: FeedEntry[] = [
    ...params.document.incidents.filter(mine).flatMap((incident) =>
      incident.updates.map((update) => ({
        id: `update:${incident.id}:${update.id}`,
        title: `${STATE_WORDS[update.state]}: ${incident.title}`,
        at: update.at,
        components: incident.components,
        text: update.text,
      })),
    ),
    ...params.document.maintenance.filter(mine).flatMap(maintenanceEntries),
  ].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  const updated = entries[0]?.at ?? '1970-01-01T00:00:00+00:00';
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${uuidOf(`feed:${params.feedName}`)}</id>`,
    `  <title>${escapeXml(params.title)}</title>`,
    `  <updated>${updated}</updated>`,
    `  <author><name>${escapeXml(params.document.title)}</name></author>`,
    '  <generator>incident-responder</generator>',
  ];
  for (const entry of entries) {
    lines.push(
      '  <entry>',
      `    <id>${uuidOf(entry.id)}</id>`,
      `    <title>${escapeXml(entry.title)}</title>`,
      `    <updated>${entry.at}</updated>`,
      `    <published>${entry.at}</published>`,
      ...entry.components.map((c) => `    <category term="${escapeXml(c)}"/>`),
      `    <content type="text">${escapeXml(entry.text)}</content>`,
      '  </entry>',
    );
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}
