import { describe, expect, it } from '@jest/globals';
import type { Intent } from '../../src/domain/incident/intents.js';
import type { StatusPageBranch } from '../../src/domain/incident/loaded-incident.js';
import { marker } from '../../src/domain/incident/markers.js';
import { gitBlobShaOf } from '../../src/domain/shared/git-blob-sha.js';
import type { LoadedMaintenance } from '../../src/domain/status-page/loaded-maintenance.js';
import { readPublishedMaintenance, type StatusPageDocument } from '../../src/domain/status-page/model.js';
import { maintenanceConcern, planMaintenance, settleMaintenance } from '../../src/plan/plan-maintenance.js';
import { renderMaintenanceComment } from '../../src/render/maintenance-comment.js';
import { renderStatusPageFiles } from '../../src/render/status-page/files.js';
import { BOT, commentRecord, consentOf, issueSnapshot, settingsOf } from '../helpers/incident-builders.js';

/** A maintenance window's pass (plan/plan-maintenance.ts): pure, `now` given, every decision in a table. */
const CONFIG = 'status_page:\n  components: [API, Checkout, Search]\n  title: Acme status\n';
const SETTINGS = settingsOf(CONFIG);
const TARGET = { owner: 'acme', repo: 'app', branch: 'status-page', path: 'status' };
const BODY = '**Start:** 2026-12-05 10:00 UTC\n**End:** 2026-12-05 12:00 UTC\n**Components:** checkout\n';
const at = (hhmm: string) => new Date(`2026-12-05T${hhmm}:00Z`);

/** A branch whose incidents.json is `document` (null: no branch yet), with the blob ids of its files. */
function branchOf(document: Partial<StatusPageDocument> | string | null): StatusPageBranch {
  if (document === null) return { target: TARGET, blobs: {}, incidentsJson: null, head: null };
  const json = typeof document === 'string' ? document : JSON.stringify(document);
  return { target: TARGET, blobs: {}, incidentsJson: json, head: { commit: 'c1', tree: 't1' } };
}

function loaded(overrides: Partial<LoadedMaintenance> & { body?: string; labels?: string[] } = {}): LoadedMaintenance {
  const { body, labels, ...rest } = overrides;
  return {
    ref: { owner: 'acme', repo: 'app', number: 7 },
    issue: issueSnapshot({
      title: 'Database upgrade',
      body: body ?? BODY,
      labels: labels ?? ['maintenance'],
      createdAt: '2026-12-04T09:00:00Z',
    }),
    botLogin: BOT,
    comments: [],
    authorPermission: 'write',
    statusPage: branchOf(null),
    ...rest,
  };
}

const publish = (intents: readonly Intent[]) =>
  intents.find((i): i is Extract<Intent, { kind: 'publish-status-page' }> => i.kind === 'publish-status-page');
const document = (intents: readonly Intent[]): StatusPageDocument =>
  JSON.parse(publish(intents)?.files['status/incidents.json'] ?? 'null');
const comment = (intents: readonly Intent[]) =>
  intents.find((i): i is Extract<Intent, { kind: 'upsert-status' }> => i.kind === 'upsert-status');

describe('planMaintenance: phases', () => {
  it.each([
    ['before the start', '09:00', 'scheduled', 'operational', '2026-12-05T10:00:00.000Z'],
    ['at the start', '10:00', 'in-progress', 'maintenance', '2026-12-05T12:00:00.000Z'],
    ['inside', '11:00', 'in-progress', 'maintenance', '2026-12-05T12:00:00.000Z'],
    ['at the end', '12:00', 'completed', 'operational', null],
    ['long after', '23:00', 'completed', 'operational', null],
  ])('%s: %s', (_, now, phase, checkout, wake) => {
    const plan = planMaintenance({ loaded: loaded(), settings: SETTINGS, now: at(now), serverRules: [] });
    expect(plan.needs).toBeNull();
    expect(plan.nextWakeAt?.toISOString() ?? null).toBe(wake);
    const doc = document(plan.intents);
    expect(doc.maintenance).toEqual([
      {
        id: 'acme/app#7',
        number: 7,
        title: 'Database upgrade',
        components: ['Checkout'],
        announced_at: '2026-12-04T09:00:00+00:00',
        start: '2026-12-05T10:00:00+00:00',
        end: '2026-12-05T12:00:00+00:00',
        phase,
      },
    ]);
    expect(doc.components.map((c) => [c.name, c.status])).toEqual([
      ['API', 'operational'],
      ['Checkout', checkout],
      ['Search', 'operational'],
    ]);
    expect(comment(plan.intents)).toBeUndefined();
  });

  it.each([
    [
      'closed inside the window: completed at the close',
      '2026-12-05T11:00:00Z',
      'completed',
      '2026-12-05T11:00:00+00:00',
    ],
    [
      'closed after the end: completed at the planned end',
      '2026-12-05T13:00:00Z',
      'completed',
      '2026-12-05T12:00:00+00:00',
    ],
  ])('%s', (_, closedAt, phase, end) => {
    const base = loaded();
    const plan = planMaintenance({
      loaded: { ...base, issue: { ...base.issue, state: 'closed', closedAt } },
      settings: SETTINGS,
      now: at('14:00'),
      serverRules: [],
    });
    expect(document(plan.intents).maintenance[0]).toMatchObject({ phase, end });
    expect(plan.nextWakeAt).toBeNull();
  });

  it('closed before its start: withdrawn, taken off the page it was on', async () => {
    const published = document(
      planMaintenance({ loaded: loaded(), settings: SETTINGS, now: at('08:00'), serverRules: [] }).intents,
    );
    const base = loaded({ statusPage: branchOf(published) });
    const closed = { ...base.issue, state: 'closed' as const, closedAt: '2026-12-05T09:00:00Z' };
    const plan = planMaintenance({
      loaded: { ...base, issue: closed },
      settings: SETTINGS,
      now: at('09:00'),
      serverRules: [],
    });
    expect(document(plan.intents).maintenance).toEqual([]);
    // Not on a page: nothing to take off.
    const none = planMaintenance({
      loaded: { ...loaded(), issue: closed },
      settings: SETTINGS,
      now: at('09:00'),
      serverRules: [],
    });
    expect(none.intents).toEqual([]);
  });

  it('a pass that changes nothing writes nothing (the branch already has those bytes)', () => {
    const first = publish(
      planMaintenance({ loaded: loaded(), settings: SETTINGS, now: at('09:00'), serverRules: [] }).intents,
    );
    const blobs = Object.fromEntries(
      Object.entries(first?.files ?? {}).map(([path, text]) => [path.replace(/^status\//, ''), gitBlobShaOf(text)]),
    );
    const branch = { ...branchOf(JSON.parse(first?.files['status/incidents.json'] ?? '{}')), blobs };
    const again = planMaintenance({
      loaded: loaded({ statusPage: branch }),
      settings: SETTINGS,
      now: at('09:30'),
      serverRules: [],
    });
    expect(again.intents).toEqual([]);
    expect(again.tracked).toBe(true);
  });
});

describe('planMaintenance: errors go into one comment, nothing is published', () => {
  it.each([
    ['no start or end', 'Just a note.', 'needs a **Start:** and an **End:**'],
    ['end before start', BODY.replace('12:00', '09:00'), 'the **End:** is not after the **Start:**'],
    ['not a time', BODY.replace('2026-12-05 12:00 UTC', 'soon'), 'the **End:** is not a time'],
    ['over 7 days', BODY.replace('2026-12-05 12:00', '2026-12-13 12:00'), 'at most 7 days'],
    ['an unknown component', BODY.replace('checkout', 'checkout, Billing'), '`Billing` is not on the status page'],
  ])('%s', (_, body, said) => {
    const plan = planMaintenance({ loaded: loaded({ body }), settings: SETTINGS, now: at('09:00'), serverRules: [] });
    expect(publish(plan.intents)).toBeUndefined();
    expect(plan.tracked).toBe(false);
    expect(comment(plan.intents)).toMatchObject({ commentId: null });
    expect(comment(plan.intents)?.body).toContain(said);
  });

  it('an author below `commands.permission` publishes nothing', () => {
    const plan = planMaintenance({
      loaded: loaded({ authorPermission: 'read' }),
      settings: SETTINGS,
      now: at('09:00'),
      serverRules: [],
    });
    expect(publish(plan.intents)).toBeUndefined();
    expect(comment(plan.intents)?.body).toContain('at least `triage` permission');
  });

  it('the comment found by its marker is updated in place, never posted twice, never rewritten unchanged', () => {
    const broken = 'Just a note.';
    const body =
      comment(
        planMaintenance({ loaded: loaded({ body: broken }), settings: SETTINGS, now: at('09:00'), serverRules: [] })
          .intents,
      )?.body ?? '';
    const mine = commentRecord(41, body, BOT);
    const forged = commentRecord(40, `${marker('maintenance')}\nforged`, 'mallory');
    const same = planMaintenance({
      loaded: loaded({ body: broken, comments: [forged, mine] }),
      settings: SETTINGS,
      now: at('09:00'),
      serverRules: [],
    });
    expect(same.intents).toEqual([]);
    const fixed = planMaintenance({
      loaded: loaded({ comments: [forged, mine] }),
      settings: SETTINGS,
      now: at('09:00'),
      serverRules: [],
    });
    expect(comment(fixed.intents)).toMatchObject({ commentId: 41, body: renderMaintenanceComment({ problems: [] }) });
    expect(publish(fixed.intents)).toBeDefined();
  });

  it("mentions in the author's text are neutralised", () => {
    const plan = planMaintenance({
      loaded: loaded({ body: BODY.replace('checkout', '@acme/oncall <!-- x -->') }),
      settings: SETTINGS,
      now: at('09:00'),
      serverRules: [],
    });
    const text = comment(plan.intents)?.body ?? '';
    expect(text).not.toMatch(/@acme/);
    expect(text.split('<!--')).toHaveLength(2);
  });
});

describe('planMaintenance: which issues, and where', () => {
  it.each([
    ['no label', ['bug'], 'Just a bug.'],
    ['an incident that is also labelled maintenance', ['incident', 'maintenance'], BODY],
  ])('%s: not a maintenance window', (_, labels, body) => {
    expect(
      planMaintenance({ loaded: loaded({ labels, body }), settings: SETTINGS, now: at('09:00'), serverRules: [] }),
    ).toEqual({
      tracked: false,
      needs: null,
      intents: [],
      nextWakeAt: null,
    });
  });

  it('an issue that lost the label leaves the page (no comment), and one never published costs no write', () => {
    const published = document(
      planMaintenance({ loaded: loaded(), settings: SETTINGS, now: at('09:00'), serverRules: [] }).intents,
    );
    const unlabelled = planMaintenance({
      loaded: loaded({ labels: [], statusPage: branchOf(published) }),
      settings: SETTINGS,
      now: at('09:30'),
      serverRules: [],
    });
    expect(unlabelled.tracked).toBe(false);
    expect(document(unlabelled.intents).maintenance).toEqual([]);
    expect(comment(unlabelled.intents)).toBeUndefined();
    expect(
      planMaintenance({ loaded: loaded({ labels: [] }), settings: SETTINGS, now: at('09:30'), serverRules: [] })
        .intents,
    ).toEqual([]);
  });

  it('no status page configured: nothing', () => {
    expect(
      planMaintenance({ loaded: loaded(), settings: settingsOf(null), now: at('09:00'), serverRules: [] }).intents,
    ).toEqual([]);
  });

  it('`maintenance_label` names the label', () => {
    const settings = settingsOf(`${CONFIG}  maintenance_label: planned-work\n`);
    expect(planMaintenance({ loaded: loaded(), settings, now: at('09:00'), serverRules: [] }).tracked).toBe(false);
    const plan = planMaintenance({
      loaded: loaded({ labels: ['Planned-Work'] }),
      settings,
      now: at('09:00'),
      serverRules: [],
    });
    expect(publish(plan.intents)).toBeDefined();
  });

  it("asks for the branch it lacks and for another repository's consent; refused: says why, publishes nothing", () => {
    expect(
      planMaintenance({
        loaded: loaded({ statusPage: undefined }),
        settings: SETTINGS,
        now: at('09:00'),
        serverRules: [],
      }).needs,
    ).toEqual({ target: null, statusPage: TARGET });
    const elsewhere = settingsOf(`${CONFIG}  repo: acme/status\n`);
    expect(planMaintenance({ loaded: loaded(), settings: elsewhere, now: at('09:00'), serverRules: [] }).needs).toEqual(
      {
        target: 'acme/status',
        statusPage: null,
      },
    );
    const refused = planMaintenance({
      loaded: loaded({
        targets: { 'acme/status': { consent: consentOf(['other/*']), visibility: 'public' } },
        sourceVisibility: 'public',
      }),
      settings: elsewhere,
      now: at('09:00'),
      serverRules: [],
    });
    expect(publish(refused.intents)).toBeUndefined();
    expect(comment(refused.intents)?.body).toContain('acme/status');
    const privateToPublic = planMaintenance({
      loaded: loaded({
        targets: { 'acme/status': { consent: consentOf(['acme/*']), visibility: 'public' } },
        sourceVisibility: 'private',
      }),
      settings: elsewhere,
      now: at('09:00'),
      serverRules: [],
    });
    expect(comment(privateToPublic.intents)?.body).toContain('allow_more_public');
  });
});

describe('the page with incidents and windows', () => {
  const incident = {
    id: 'acme/app#3',
    number: 3,
    title: 'Checkout errors',
    state: 'investigating',
    impact: 'minor',
    components: ['Checkout'],
    started_at: '2026-12-05T10:30:00+00:00',
    resolved_at: null,
    updates: [],
  };

  it('an unresolved incident outranks the maintenance on its component; the incident is kept', () => {
    const plan = planMaintenance({
      loaded: loaded({
        body: BODY.replace('checkout', 'checkout, API'),
        statusPage: branchOf({ incidents: [incident] as never }),
      }),
      settings: SETTINGS,
      now: at('11:00'),
      serverRules: [],
    });
    const doc = document(plan.intents);
    expect(doc.components.map((c) => c.status)).toEqual(['maintenance', 'degraded', 'operational']);
    expect(doc.incidents).toEqual([incident]);
  });

  it('read back, a forged or broken maintenance entry is dropped on its own; the others stay', () => {
    const good = {
      id: 'acme/app#9',
      number: 9,
      title: 'Network work',
      components: ['API'],
      announced_at: '2026-12-01T09:00:00+00:00',
      start: '2026-12-06T10:00:00+00:00',
      end: '2026-12-06T11:00:00+00:00',
      phase: 'scheduled',
    };
    const forged = [
      { ...good, id: '<script>alert(1)</script>' },
      { ...good, phase: 'exploded' },
      { ...good, start: 'tomorrow' },
      { ...good, title: 'x'.repeat(300) },
      { ...good, components: Array.from({ length: 51 }, (_, i) => `c${i}`) },
      'not an object',
    ];
    const json = JSON.stringify({ maintenance: [...forged, good] });
    expect(readPublishedMaintenance(json)).toEqual([good]);
    expect(readPublishedMaintenance('{')).toEqual([]);
    expect(readPublishedMaintenance(JSON.stringify({ maintenance: 'x' }))).toEqual([]);
    const plan = planMaintenance({
      loaded: loaded({ statusPage: branchOf(json) }),
      settings: SETTINGS,
      now: at('09:00'),
      serverRules: [],
    });
    expect(document(plan.intents).maintenance.map((m) => m.id)).toEqual(['acme/app#9', 'acme/app#7']);
  });

  it('the feeds get an entry per phase reached, with ids stable across rebuilds', () => {
    const feedAt = (now: string) =>
      publish(planMaintenance({ loaded: loaded(), settings: SETTINGS, now: at(now), serverRules: [] }).intents)?.files[
        'status/feed.atom'
      ] ?? '';
    const ids = (text: string) => [...text.matchAll(/<entry>\n {4}<id>([^<]+)<\/id>/g)].map((m) => m[1]);
    const [scheduled, inProgress, completed] = [feedAt('09:00'), feedAt('11:00'), feedAt('13:00')].map(ids);
    expect(scheduled).toHaveLength(1);
    expect(inProgress).toHaveLength(2);
    expect(completed).toHaveLength(3);
    // Newest first: each later feed holds the earlier one's entries with the ids they had.
    expect(inProgress?.slice(1)).toEqual(scheduled);
    expect(completed?.slice(1)).toEqual(inProgress);
    expect(feedAt('13:00')).toContain('Maintenance completed: Database upgrade');
    const files = renderStatusPageFiles({
      document: document(
        planMaintenance({ loaded: loaded(), settings: SETTINGS, now: at('13:00'), serverRules: [] }).intents,
      ),
      feedName: 'x',
    });
    expect(files['components/search.atom']).not.toContain('<entry>');
  });
});

describe('maintenanceConcern: which non-incident issues a pass reads', () => {
  it.each([
    ['labelled', ['maintenance'], 'Just a note.', 'window'],
    ['labelled, any case', ['Maintenance'], BODY, 'window'],
    ['unlabelled, its body still a window', [], BODY, 'unlabelled'],
    ['unlabelled, no window', ['bug'], 'Just a bug.', null],
    ['an incident', ['incident', 'maintenance'], BODY, null],
  ])('%s', (_, labels, body, concern) => {
    const issue = { labels, body };
    expect(maintenanceConcern({ issue, settings: SETTINGS, now: at('09:00') })).toBe(concern);
    expect(maintenanceConcern({ issue, settings: settingsOf(null), now: at('09:00') })).toBeNull();
  });
});

describe('settleMaintenance: the comment says what became of the commit', () => {
  const plan = planMaintenance({ loaded: loaded(), settings: SETTINGS, now: at('09:00'), serverRules: [] });
  const commit = publish(plan.intents);
  it.each([
    ['written: no comment (nothing was wrong)', { ok: true } as const, null],
    ['refused: said in the comment', { ok: false, status: 403, message: 'Resource not accessible' } as const, '403'],
    ['no answer: said too', { ok: false, status: null, message: 'socket hang up' } as const, 'an error'],
  ])('%s', (_, outcome, said) => {
    const intents = settleMaintenance({
      loaded: loaded(),
      intents: plan.intents,
      outcomes: new Map(commit ? [[commit, outcome]] : []),
    });
    if (said === null) expect(intents).toEqual([]);
    else expect(comment(intents)?.body).toContain(`the status page could not be written (GitHub answered ${said}`);
  });
});
