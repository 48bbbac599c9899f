import { describe, expect, it } from '@jest/globals';
import { marker } from '../../src/domain/incident/markers.js';
import type { ReportIndex } from '../../src/domain/reports/report-index.js';
import { mayMoveText, type MorePublicOptIn, type Visibility } from '../../src/domain/trust/visibility.js';
import { readFollowUpStates } from '../../src/github/follow-up-states.js';
import type { Octokit } from '../../src/github/octokit.js';

const BOT = 'incident-responder[bot]';

/** One report listing one open follow-up in acme/tracker; the issue was opened by the app and is closed now. */
function fixture(trackerVisibility: Visibility) {
  const calls: string[] = [];
  const octokit = {
    rest: {
      repos: {
        get: async () => {
          calls.push('repos.get');
          return { data: { private: trackerVisibility !== 'public', visibility: trackerVisibility } };
        },
      },
      issues: {
        get: async () => {
          calls.push('issues.get');
          return {
            data: {
              user: { login: BOT },
              body: `${marker('follow-up', { incident: 'acme/shop#1', item: 'a' })}\nRotate the keys`,
              state: 'closed',
              created_at: '2026-11-01T10:00:00Z',
              closed_at: '2026-11-02T10:00:00Z',
            },
          };
        },
      },
    },
  } as unknown as Octokit;
  const index = {
    incidents: [{ path: 'reports/r.md', incident: 'acme/shop#1' }],
    followUpDebt: [{ issue: 'acme/tracker#7', reportPath: 'reports/r.md' }],
  } as unknown as ReportIndex;
  return { octokit, index, calls };
}

const V: Visibility[] = ['private', 'internal', 'public'];
const O: MorePublicOptIn[] = [false, 'internal', 'public'];
const cases = V.flatMap((from) => V.flatMap((to) => O.map((optIn) => [from, to, optIn] as const)));

describe('follow-up states in the index obey the one visibility rule (issue #25, item 6)', () => {
  it.each(cases)('a %s follow-up into a %s reports repository, allow_more_public: %s', async (from, to, optIn) => {
    const { octokit, index, calls } = fixture(from);
    const states = await readFollowUpStates({ octokit, index, reportsVisibility: to, optIn, botLogin: BOT });
    const allowed = mayMoveText({ from, to, optIn }).allowed;
    expect(Object.keys(states)).toEqual(allowed ? ['acme/tracker#7'] : []);
    expect(calls.includes('issues.get')).toBe(allowed);
  });

  it('the divergence as it was: a private follow-up and an internal reports repository, no opt-in, is not read', async () => {
    const { octokit, index, calls } = fixture('private');
    const states = await readFollowUpStates({
      octokit,
      index,
      reportsVisibility: 'internal',
      optIn: false,
      botLogin: BOT,
    });
    expect(states).toEqual({});
    expect(calls).toEqual(['repos.get']);
  });
});
