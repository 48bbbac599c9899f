import type { IncidentMetadata } from './metadata.js';
import type { ActionItem } from '../template/types.js';
import { MAX_TITLE } from '../shared/text-limits.js';
import { trimTrailing } from '../shared/trim.js';

/**
 * Which action items become follow-up issues now. A body item waits until it has stayed unchanged for
 * `settleMinutes` (its id changes with its text, so a typo fixed within that time replaces the pending
 * item instead of making a second issue); an item from `/incident action` is deliberate and goes at once.
 */
export interface FollowUpItem {
  id: string;
  text: string;
  mentions: string[];
  source: 'body' | 'command';
}

export interface FollowUpPlan {
  create: FollowUpItem[];
  pendingItems: IncidentMetadata['pendingItems'];
  /** When the next pending item settles, or null. */
  nextAt: Date | null;
}

const MENTION = /(?<![\w@`/])@([a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38})(?![\w/-])/gi;

export function mentionsOf(text: string): string[] {
  return [...new Set([...text.matchAll(MENTION)].map((m) => m[1] ?? ''))].filter((m) => m !== '');
}

/** The item as an issue title: mentions and surrounding punctuation removed, one line, bounded. */
export function followUpTitle(text: string): string {
  const title = text
    .replace(MENTION, '')
    .replace(/\((?:and|,|\s)*\)/g, '')
    .replace(/\s+/g, ' ')
    .replace(/ ([,.;:])/g, '$1');
  const trimmed = trimTrailing(title, ' ,;:-').trim();
  const safe = trimmed === '' ? 'Follow-up' : trimmed;
  return safe.length > MAX_TITLE ? `${safe.slice(0, MAX_TITLE - 1)}…` : safe;
}

export function planFollowUps(params: {
  items: readonly ActionItem[];
  commandItems: ReadonlyArray<{ id: string; text: string }>;
  metadata: Pick<IncidentMetadata, 'followUps' | 'pendingItems'>;
  settleMinutes: number;
  now: Date;
}): FollowUpPlan {
  const { metadata, now } = params;
  const settleMs = params.settleMinutes * 60_000;
  const create: FollowUpItem[] = [];
  const pendingItems: IncidentMetadata['pendingItems'] = {};
  let nextAt: number | null = null;
  for (const item of params.items) {
    if (item.checked || metadata.followUps[item.id]) continue;
    const since = metadata.pendingItems[item.id]?.since ?? now.toISOString();
    const ready = Date.parse(since) + settleMs;
    if (ready <= now.getTime()) {
      create.push({ id: item.id, text: item.text, mentions: item.mentions, source: 'body' });
    } else {
      pendingItems[item.id] = { text: item.text, since };
      nextAt = nextAt === null ? ready : Math.min(nextAt, ready);
    }
  }
  for (const item of params.commandItems) {
    if (!metadata.followUps[item.id])
      create.push({ id: item.id, text: item.text, mentions: mentionsOf(item.text), source: 'command' });
  }
  return { create, pendingItems, nextAt: nextAt === null ? null : new Date(nextAt) };
}
