import { describe, expect, it } from '@jest/globals';
import { recordCommand } from '../../src/domain/commands/apply.js';
import type { Command } from '../../src/domain/commands/registry.js';
import { emptyMetadata, type IncidentMetadata } from '../../src/domain/incident/metadata.js';

const AT = '2026-11-23T10:10:00Z';
const base = (): IncidentMetadata => ({
  ...emptyMetadata(),
  lastStatusUpdateAt: '2026-11-23T10:05:00Z',
  lastStatusText: 'first',
  acknowledgedAt: null,
});

describe('what an accepted command records', () => {
  it.each<[string, Command, boolean, Partial<IncidentMetadata>]>([
    ['severity', { verb: 'severity', level: 'high' }, true, { commandSeverity: 'high' }],
    ['summary', { verb: 'summary', text: 'Search is down' }, true, { summary: 'Search is down' }],
    ['impact', { verb: 'impact', text: 'Everyone' }, true, { impact: 'Everyone' }],
    [
      'a newer status update',
      { verb: 'status', text: 'second' },
      true,
      { lastStatusUpdateAt: AT, lastStatusText: 'second' },
    ],
    ['ack', { verb: 'ack' }, true, { acknowledgedAt: AT }],
    ['mitigated', { verb: 'mitigated' }, true, { mitigatedAt: AT }],
    ['resolved, when resolving closes the issue (the close is the record)', { verb: 'resolved' }, true, {}],
    ['resolved, when it does not close', { verb: 'resolved' }, false, { resolvedAt: AT }],
    ['start', { verb: 'start', at: '2026-11-23T09:50:00.000Z' }, true, { impactStartAt: '2026-11-23T09:50:00.000Z' }],
    ['lead', { verb: 'lead', login: 'carol' }, true, { roles: { lead: 'carol', scribe: null, comms: null } }],
    ['note (the comment is the record)', { verb: 'note', text: 'x' }, true, {}],
    ['help', { verb: 'help' }, true, {}],
  ])('%s', (_name, command, resolveCloses, changes) => {
    expect(recordCommand({ metadata: base(), command, at: AT, resolveCloses })).toEqual({ ...base(), ...changes });
  });

  it('an older status update (delivered late) never replaces a newer one', () => {
    const metadata = { ...base(), lastStatusUpdateAt: '2026-11-23T10:30:00Z', lastStatusText: 'newer' };
    expect(
      recordCommand({ metadata, command: { verb: 'status', text: 'older' }, at: AT, resolveCloses: true }),
    ).toEqual(metadata);
  });

  it('the first acknowledgement and mitigation times stay', () => {
    const metadata = { ...base(), acknowledgedAt: '2026-11-23T10:01:00Z', mitigatedAt: '2026-11-23T10:02:00Z' };
    expect(recordCommand({ metadata, command: { verb: 'ack' }, at: AT, resolveCloses: true })).toEqual(metadata);
    expect(recordCommand({ metadata, command: { verb: 'mitigated' }, at: AT, resolveCloses: true })).toEqual(metadata);
  });
});
