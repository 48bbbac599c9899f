import { describe, expect, it } from '@jest/globals';
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
