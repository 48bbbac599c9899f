import { z } from 'zod';
import { sha256Hex } from '../shared/hash.js';
import { MAX_COMMAND_TEXT, MAX_TITLE } from '../shared/text-limits.js';
import type { MaintenancePhase } from './maintenance.js';

/**
 * The status page: what the people outside are told about incidents, as data. Only what a responder
 * published on purpose reaches it — `/incident public` texts, `/incident affects` components, the
 * incident's lifecycle (mitigated, closed) and its title — never `/incident status`, notes, the body or
 * comments. `incidents.json` on the status branch is this document; the feeds and the page are rendered
 * from it, so the three can never disagree.
 */

/** The states a status page shows, in the order an incident goes through them. */
export const PUBLIC_STATES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type PublicState = (typeof PUBLIC_STATES)[number];

/** What a component shows: operational unless an unresolved published incident affects it. */
export type ComponentStatus = 'operational' | 'degraded' | 'major-outage' | 'maintenance';

export interface PublicUpdate {
  /** Stable across rebuilds: the same update always has the same id (the feeds' entry ids come from it). */
  id: string;
  /** ISO 8601 with an offset. */
  at: string;
  state: PublicState;
  text: string;
}

export interface PublishedIncident {
  /** `owner/repo#number`: where it came from (its repository may be private: the page never links to it). */
  id: string;
  number: number;
  title: string;
  state: PublicState;
  /** `major` for the configured major severities, else `minor`: only the outside's word for it. */
  impact: 'minor' | 'major';
  components: string[];
  started_at: string;
  resolved_at: string | null;
  updates: PublicUpdate[];
}

/** A maintenance window as the page publishes it (published-maintenance.ts builds it from its issue). */
export interface PublishedMaintenance {
  /** `owner/repo#number` of the maintenance issue. */
  id: string;
  number: number;
  title: string;
  components: string[];
  /** When it was announced (the creation): the time of its "scheduled" feed entry. */
  announced_at: string;
  start: string;
  /** The planned end, or the close when the issue was closed before it. */
  end: string;
  phase: MaintenancePhase;
}

export interface StatusPageDocument {
  version: 1;
  title: string;
  components: Array<{ name: string; status: ComponentStatus }>;
  incidents: PublishedIncident[];
  maintenance: PublishedMaintenance[];
}

/** Bounds of what the page keeps: the newest incidents, and a sane number of updates each. */
export const MAX_PUBLISHED_INCIDENTS = 200;
export const MAX_PUBLIC_UPDATES = 100;
export const MAX_COMPONENTS = 50;
export const MAX_COMPONENT_NAME = 60;
/** The newest maintenance windows the page keeps. */
export const MAX_PUBLISHED_MAINTENANCE = 100;

const isoTime = z.string().datetime({ offset: true });
const stateSchema = z.enum(PUBLIC_STATES);

/**
 * `incidents.json` read back from the branch is untrusted (anyone who can push to the branch can edit it):
 * each incident is checked on its own and one that fails is dropped (it is rebuilt by its own next pass),
 * never the whole page.
 */
const incidentSchema = z.object({
  id: z.string().regex(/^[\w.-]{1,100}\/[\w.-]{1,100}#\d{1,10}$/),
  number: z.number().int().positive(),
  title: z.string().max(MAX_TITLE),
  state: stateSchema,
  impact: z.enum(['minor', 'major']).catch('minor'),
  components: z.array(z.string().max(MAX_COMPONENT_NAME)).max(MAX_COMPONENTS),
  started_at: isoTime,
  resolved_at: isoTime.nullable(),
  updates: z
    .array(
      z.object({
        id: z.string().max(100),
        at: isoTime,
        state: stateSchema,
        text: z.string().max(MAX_COMMAND_TEXT),
      }),
    )
    .max(MAX_PUBLIC_UPDATES),
});

/** A maintenance entry read back: the same rules as an incident's (each on its own, bounded). */
const maintenanceSchema = z.object({
  id: incidentSchema.shape.id,
  number: z.number().int().positive(),
  title: z.string().max(MAX_TITLE),
  components: z.array(z.string().max(MAX_COMPONENT_NAME)).max(MAX_COMPONENTS),
  announced_at: isoTime,
  start: isoTime,
  end: isoTime,
  phase: z.enum(['scheduled', 'in-progress', 'completed']),
});

/** The entries of one list of a branch's `incidents.json`, each checked on its own; unreadable = none. */
function readList<T>(params: { json: string | null; list: string; max: number; schema: z.ZodType<T> }): T[] {
  if (params.json === null) return [];
  let data: unknown;
  try {
    data = JSON.parse(params.json);
  } catch {
    return [];
  }
  const list = (data as Record<string, unknown> | null)?.[params.list];
  if (!Array.isArray(list)) return [];
  return list.slice(0, params.max).flatMap((item) => {
    const parsed = params.schema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

/** The published incidents of a branch's `incidents.json`; an unreadable file is an empty page. */
export function readPublishedIncidents(json: string | null): PublishedIncident[] {
  return readList({ json, list: 'incidents', max: MAX_PUBLISHED_INCIDENTS, schema: incidentSchema });
}

/** The maintenance windows of a branch's `incidents.json` (a document older than them has none). */
export function readPublishedMaintenance(json: string | null): PublishedMaintenance[] {
  return readList({ json, list: 'maintenance', max: MAX_PUBLISHED_MAINTENANCE, schema: maintenanceSchema });
}

/** A public update's id: from its time and text, so a rebuild gives the same id. */
export function publicUpdateId(params: { incidentId: string; at: string; text: string }): string {
  return sha256Hex(`${params.incidentId}\n${params.at}\n${params.text}`).slice(0, 16);
}

/** The incident's state as the outside sees it. */
export function publicState(params: {
  resolvedAt: string | null;
  mitigatedAt: string | null;
  identified: boolean;
}): PublicState {
  if (params.resolvedAt !== null) return 'resolved';
  if (params.mitigatedAt !== null) return 'monitoring';
  return params.identified ? 'identified' : 'investigating';
}

/** The document with this incident's entry in place of its older one, newest incidents first. */
export function withIncident(params: {
  incidents: readonly PublishedIncident[];
  incident: PublishedIncident;
}): PublishedIncident[] {
  const others = params.incidents.filter((i) => i.id !== params.incident.id);
  return [params.incident, ...others]
    .sort((a, b) => (a.started_at < b.started_at ? 1 : a.started_at > b.started_at ? -1 : a.id.localeCompare(b.id)))
    .slice(0, MAX_PUBLISHED_INCIDENTS);
}

/**
 * Each configured component's status: the worst among the unresolved incidents that affect it; else
 * under maintenance while a window in progress names it (an incident outranks planned work: readers
 * must see the outage, not the plan).
 */
export function componentStatuses(params: {
  components: readonly string[];
  incidents: readonly PublishedIncident[];
  /** The components of the maintenance windows in progress now (maintenance.ts decides the phase). */
  underMaintenance?: readonly string[];
}): StatusPageDocument['components'] {
  const maintained = new Set((params.underMaintenance ?? []).map((c) => c.toLowerCase()));
  return params.components.map((name) => {
    const key = name.toLowerCase();
    const open = params.incidents.filter(
      (i) => i.state !== 'resolved' && i.components.some((c) => c.toLowerCase() === key),
    );
    const status: ComponentStatus =
      open.length > 0
        ? open.some((i) => i.impact === 'major')
          ? 'major-outage'
          : 'degraded'
        : maintained.has(key)
          ? 'maintenance'
          : 'operational';
    return { name, status };
  });
}

/**
 * The document with this window's entry in place of its older one (or without it: `window` null), the
 * latest start first.
 */
export function withMaintenance(params: {
  maintenance: readonly PublishedMaintenance[];
  id: string;
  window: PublishedMaintenance | null;
}): PublishedMaintenance[] {
  const others = params.maintenance.filter((m) => m.id !== params.id);
  return [...(params.window ? [params.window] : []), ...others]
    .sort((a, b) => (a.start < b.start ? 1 : a.start > b.start ? -1 : a.id.localeCompare(b.id)))
    .slice(0, MAX_PUBLISHED_MAINTENANCE);
}

export function statusPageDocument(params: {
  title: string;
  components: readonly string[];
  incidents: readonly PublishedIncident[];
  /** As published: each window's phase is its own pass's (it wakes at each change), never re-judged here. */
  maintenance?: readonly PublishedMaintenance[];
}): StatusPageDocument {
  const maintenance = [...(params.maintenance ?? [])];
  return {
    version: 1,
    title: params.title,
    components: componentStatuses({
      ...params,
      underMaintenance: maintenance.filter((m) => m.phase === 'in-progress').flatMap((m) => m.components),
    }),
    incidents: [...params.incidents],
    maintenance,
  };
}
