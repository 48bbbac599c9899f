import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { marker } from '../../src/domain/incident/markers.js';
import { indexCooldownKey } from '../../src/domain/reports/index-refresh.js';
import { actionOctokit } from '../../src/github/action-octokit.js';
import { indexCooldownReplies } from '../../src/github/index-cooldown-replies.js';

const api = 'https://api.github.com';
const BOT = 'github-actions[bot]';
const NOW = new Date('2026-11-23T10:30:00Z');
const KEY = indexCooldownKey('acme/Reports');
const MS = 10 * 60_000;

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  expect(nock.pendingMocks()).toStrictEqual([]);
  nock.cleanAll();
  nock.enableNetConnect();
});

const reply = (params: { at: string; by?: string; index?: string }) => ({
  id: 1,
  body: `${marker('reply', { comment: 9, ...(params.index ? { index: params.index } : {}) })}\n@alice The index is up to date.`,
  user: { login: params.by ?? BOT, type: 'Bot' },
  created_at: params.at,
  updated_at: params.at,
});

describe("indexCooldownReplies: the Action's `stats` cooldown, read from its own replies", () => {
  it.each<[string, ReturnType<typeof reply>[], { claimed: boolean; until?: string }]>([
    ['no reply: claimed', [], { claimed: true }],
    [
      'its reply to a rebuild 5 minutes ago: cooling until 10 minutes after it',
      [reply({ at: '2026-11-23T10:25:00Z', index: KEY })],
      { claimed: false, until: '2026-11-23T10:35:00.000Z' },
    ],
    [
      'the newest of two counts',
      [reply({ at: '2026-11-23T10:28:00Z', index: KEY }), reply({ at: '2026-11-23T10:22:00Z', index: KEY })],
      { claimed: false, until: '2026-11-23T10:38:00.000Z' },
    ],
    [
      'a reply that rebuilt nothing (refused, cooling): claimed',
      [reply({ at: '2026-11-23T10:25:00Z' })],
      { claimed: true },
    ],
    [
      "another reports repository's rebuild: claimed",
      [reply({ at: '2026-11-23T10:25:00Z', index: indexCooldownKey('acme/other') })],
      { claimed: true },
    ],
    [
      "someone else's comment with the same marker: claimed",
      [reply({ at: '2026-11-23T10:25:00Z', index: KEY, by: 'mallory' })],
      { claimed: true },
    ],
    [
      'older than the cooldown (edited since, so listed): claimed',
      [{ ...reply({ at: '2026-11-23T10:15:00Z', index: KEY }), updated_at: '2026-11-23T10:25:00Z' }],
      { claimed: true },
    ],
  ])('%s', async (_name, listed, expected) => {
    nock(api)
      .get('/repos/acme/shop/issues/comments')
      .query({ sort: 'created', direction: 'desc', since: '2026-11-23T10:20:00.000Z', per_page: '100' })
      .reply(200, listed);
    const cooldowns = indexCooldownReplies({
      octokit: actionOctokit({ token: 'ghs_x', baseUrl: api, throttle: false, retries: false }),
      repo: { owner: 'acme', repo: 'shop' },
      botLogin: BOT,
      now: NOW,
    });
    const claim = await cooldowns.claimCooldown({ key: KEY, ms: MS });
    expect(claim.claimed).toBe(expected.claimed);
    if (!claim.claimed) expect(claim.until.toISOString()).toBe(expected.until);
  });
});
