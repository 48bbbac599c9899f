import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { actionOctokit } from '../../src/github/action-octokit.js';
import { unhandledCommandComments } from '../../src/github/unhandled-command-comments.js';
import { unhandledCommands } from '../../src/domain/commands/unhandled-commands.js';
import type { CommentRecord } from '../../src/domain/incident/loaded-incident.js';
import { marker } from '../../src/domain/incident/markers.js';
import { emptyMetadata } from '../../src/domain/incident/metadata.js';

const BOT = 'incident-responder[bot]';
const NOT_BEFORE = new Date('2026-11-20T10:00:00Z');

const comment = (id: number, body: string, extra: Partial<CommentRecord> = {}): CommentRecord => ({
  id,
  body,
  author: 'alice',
  createdAt: `2026-11-23T10:${String(id % 60).padStart(2, '0')}:00Z`,
  updatedAt: `2026-11-23T10:${String(id % 60).padStart(2, '0')}:00Z`,
  htmlUrl: `https://github.com/acme/shop/issues/1#issuecomment-${id}`,
  plusOnes: 0,
  ...extra,
});
const status = (accepted: Record<string, string>) =>
  comment(1, `${marker('status', { ...emptyMetadata(), accepted })}\n### Incident status`, { author: BOT });
const reply = (id: number, to: number) => comment(id, `${marker('reply', { comment: to })}\n@bob no`, { author: BOT });

const run = (comments: CommentRecord[]) => {
  const { pending, unsure } = unhandledCommands({
    comments,
    botLogin: BOT,
    prefix: '/incident',
    levels: [],
    notBefore: NOT_BEFORE,
  });
  return { pending: pending.map((c) => c.id), unsure: unsure.map((c) => c.id) };
};

describe('unhandledCommands: what the start-up sweep hands to the command pass', () => {
  it.each<[string, CommentRecord[], { pending: number[]; unsure: number[] }]>([
    [
      'recorded in the status comment: handled',
      [status({ '10': 'abc' }), comment(10, '/incident note done')],
      { pending: [], unsure: [] },
    ],
    [
      'answered with a reply: handled',
      [status({}), comment(10, '/incident sev high'), reply(11, 10)],
      { pending: [], unsure: [] },
    ],
    [
      'answered by an earlier version under report-ID or index-ID: handled',
      [
        status({}),
        comment(10, '/incident report'),
        comment(11, `${marker('reply', { comment: 'report-10' })}\n@alice the report`, { author: BOT }),
        comment(12, '/incident stats'),
        comment(13, `${marker('reply', { comment: 'index-12' })}\n@alice the index`, { author: BOT }),
      ],
      { pending: [], unsure: [] },
    ],
    ['neither: pending', [status({}), comment(10, '/incident note lost')], { pending: [10], unsure: [] }],
    [
      'oldest first, whatever the listing order',
      [status({}), comment(12, '/incident note b'), comment(10, '/incident note a'), comment(11, '/incident ack')],
      { pending: [10, 11, 12], unsure: [] },
    ],
    ['no command in it: nothing to run', [status({}), comment(10, 'Looking into it')], { pending: [], unsure: [] }],
    ['a quoted command is no command', [status({}), comment(10, '> /incident resolved')], { pending: [], unsure: [] }],
    [
      'older than the window: not run',
      [status({}), comment(10, '/incident note old', { createdAt: '2026-11-19T10:00:00Z' })],
      { pending: [], unsure: [] },
    ],
    [
      "the app's own comments are never commands",
      [comment(10, '/incident note mine', { author: BOT })],
      { pending: [], unsure: [] },
    ],
    [
      'no status comment: a comment without 👍 is pending, one with some 👍 is asked about',
      [comment(10, '/incident note a'), comment(11, '/incident note b', { plusOnes: 1 })],
      { pending: [10], unsure: [11] },
    ],
    [
      "another bot's command comment (its account type, as listed): never run, as a live one is not",
      [status({}), comment(10, '/incident resolved', { author: 'deploy-bot[bot]', authorType: 'Bot' })],
      { pending: [], unsure: [] },
    ],
    [
      'control: the same comment by a user is pending',
      [status({}), comment(10, '/incident resolved', { author: 'deploy-bot', authorType: 'User' })],
      { pending: [10], unsure: [] },
    ],
    [
      'a status comment typed by someone else records nothing',
      [
        comment(1, `${marker('status', { ...emptyMetadata(), accepted: { '10': 'x' } })}`, { author: 'mallory' }),
        comment(10, '/incident note a'),
      ],
      { pending: [10], unsure: [] },
    ],
    [
      'a reply marker typed by someone else answers nothing',
      [
        status({}),
        comment(10, '/incident note a'),
        comment(11, `${marker('reply', { comment: 10 })}`, { author: 'mallory' }),
      ],
      { pending: [10], unsure: [] },
    ],
  ])('%s', (_name, comments, expected) => {
    expect(run(comments)).toEqual(expected);
  });
});

describe('unhandledCommandComments: one listing, and a bot is known from it', () => {
  const api = 'https://api.github.com';
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    expect(nock.pendingMocks()).toStrictEqual([]);
    nock.cleanAll();
    nock.enableNetConnect();
  });

  /** A listing as GitHub answers it: `user` is a simple user with its `type`, and `performed_via_github_app`. */
  const listed = (type: string) => [
    {
      id: 10,
      node_id: 'IC_10',
      body: '/incident resolved',
      user: { login: type === 'Bot' ? 'deploy-bot[bot]' : 'alice', id: 7, type },
      created_at: '2026-11-23T10:10:00Z',
      updated_at: '2026-11-23T10:10:00Z',
      author_association: 'NONE',
      html_url: 'https://github.com/acme/shop/issues/1#issuecomment-10',
      performed_via_github_app: type === 'Bot' ? { id: 9, slug: 'deploy-bot', name: 'Deploy bot' } : null,
      reactions: { total_count: 0, '+1': 0 },
    },
  ];

  it.each([
    ['a bot: nothing queued', 'Bot', []],
    ['control: a user: queued', 'User', [10]],
  ])('%s', async (_name, type, expected) => {
    const scope = nock(api)
      .get('/repos/acme/shop/issues/1/comments')
      .query(true)
      .reply(200, listed(type as string));
    const found = await unhandledCommandComments({
      octokit: actionOctokit({ token: 'ghs_x', baseUrl: api, throttle: false, retries: false }),
      ref: { owner: 'acme', repo: 'shop', issue_number: 1 },
      botLogin: BOT,
      prefix: '/incident',
      levels: [],
      notBefore: NOT_BEFORE,
    });
    expect(found.map((c) => c.id)).toEqual(expected);
    // The one listing and nothing else (no 👍 read: no status comment, but no 👍 on it either).
    expect(scope.isDone()).toBe(true);
  });
});
