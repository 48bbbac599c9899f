import { HumanActions } from '../../src/simulator/actions.js';
import { SimulatorHarness } from '../../src/simulator/harness.js';

/**
 * Issue #30's incident, played on the simulator: two internal and two public updates, an affected
 * component, mitigation and close. Returns the files of the status branch.
 */
export const T0 = new Date('2026-11-23T10:00:00Z');
export const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);
export const INCIDENT_BODY = [
  '**Severity:** High',
  '',
  '- [ ] `10 min` Post the first public update (`/incident public`)',
  '- [ ] `4 hrs` Fix it',
].join('\n');
export const STATUS_CONFIG = ['status_page:', '  components: [API, Checkout, Search]', '  title: Acme status'].join(
  '\n',
);
export const INTERNAL = ['Primary DB at 100% CPU after the 09:50 deploy', 'Rolled back deploy 4711 of payments-svc'];
export const PUBLIC = [
  'Checkout is failing for some customers; we are investigating.',
  'A fix is in place and we are watching error rates.',
];

export function branchFiles(harness: SimulatorHarness, repo: string, branch = 'status-page'): Record<string, string> {
  return (
    (harness.github.snapshot()[repo] as { branches: Record<string, Record<string, string>> }).branches[branch] ?? {}
  );
}

export async function playPublicIncident() {
  const harness = await SimulatorHarness.create({ start: T0, sweep: false });
  const repo = harness.github.addRepo('acme/shop', 'public');
  repo.files['.github/incident.yml'] = STATUS_CONFIG;
  harness.github.setPermission('alice', 'acme/shop', 'write');
  const human = new HumanActions(harness.github);
  const { issue, event } = human.open(repo, {
    title: 'Checkout errors',
    body: INCIDENT_BODY,
    labels: ['incident'],
    by: 'alice',
  });
  await harness.deliver(event);
  const say = async (minutes: number, text: string) => {
    await harness.advanceTo(at(minutes));
    await harness.deliver(human.comment(repo, issue.number, { body: text, by: 'alice' }));
  };
  await say(2, `/incident status ${INTERNAL[0]}`);
  await say(4, `/incident public ${PUBLIC[0]}\n/incident affects Checkout`);
  await say(6, `/incident status ${INTERNAL[1]}`);
  await say(8, '/incident mitigated');
  await say(9, `/incident public ${PUBLIC[1]}`);
  await harness.advanceTo(at(20));
  await harness.deliver(human.close(repo, issue.number, { by: 'alice' }));
  await harness.advanceTo(at(25));
  return { harness, repo, files: branchFiles(harness, 'acme/shop') };
}
