import { describe, expect, it } from '@jest/globals';
import { componentStatuses, type PublishedIncident } from '../../src/domain/status-page/model.js';

function incident(params: Partial<PublishedIncident>): PublishedIncident {
  return {
    id: 'acme/shop#1',
    number: 1,
    title: 'Checkout fails',
    state: 'investigating',
    impact: 'minor',
    components: ['API'],
    started_at: '2026-12-05T10:00:00+00:00',
    resolved_at: null,
    updates: [],
    ...params,
  };
}

describe('componentStatuses', () => {
  it.each([
    ['nothing open: operational', [], [], 'operational'],
    ['a minor open incident: degraded', [incident({})], [], 'degraded'],
    ['a major open incident: major outage', [incident({ impact: 'major' })], [], 'major-outage'],
    ['a resolved incident: operational', [incident({ state: 'resolved' })], [], 'operational'],
    ['a window in progress: under maintenance', [], ['api'], 'maintenance'],
    ['a window and an open incident: the incident shows', [incident({})], ['API'], 'degraded'],
    ['a window and a resolved incident: under maintenance', [incident({ state: 'resolved' })], ['API'], 'maintenance'],
    ['a window on another component: operational', [], ['Search'], 'operational'],
  ] as const)('%s', (_name, incidents, underMaintenance, status) => {
    expect(componentStatuses({ components: ['API'], incidents, underMaintenance })).toEqual([{ name: 'API', status }]);
  });
});
