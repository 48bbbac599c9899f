import { describe, expect, it } from '@jest/globals';
import { openApiChecker } from '../../src/simulator/openapi.js';
import { createSimulatorHandler } from '../../src/simulator/rest.js';
import { SIMULATED_ROUTES, simulatedRoutesChecker, type RequestChecker } from '../../src/simulator/routes.js';
import { SimulatedGitHub } from '../../src/simulator/state.js';

/** The simulator with GitHub's OpenAPI description (a dev install) and without it (a production install). */
const installed = openApiChecker();
const notInstalled = (): RequestChecker | null =>
  openApiChecker({
    resolve: () => {
      throw Object.assign(new Error('Cannot find module'), { code: 'MODULE_NOT_FOUND' });
    },
  });

function serve(checker: RequestChecker, method: string, path: string, body?: unknown) {
  const sim = new SimulatedGitHub(() => new Date('2026-11-23T10:00:00Z'));
  const repo = sim.addRepo('acme/web');
  repo.installed = true;
  const handler = createSimulatorHandler(sim, checker);
  const reply = handler({
    url: `https://api.github.com${path}`,
    method,
    headers: {},
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: reply.status, data: reply.text ? (JSON.parse(reply.text) as Record<string, unknown>) : null };
}

describe('the simulator and @octokit/openapi', () => {
  it('finds the description in a development install, and reports none when the package cannot be resolved', () => {
    expect(installed?.validates).toBe(true);
    expect(notInstalled()).toBeNull();
  });

  it("names the operations it serves as GitHub's description does (the table production installs route with)", () => {
    for (const [method, template, operationId] of SIMULATED_ROUTES) {
      const path = template.replace(/\{[^{}]+\}/g, 'x');
      expect(installed?.matchRoute(method, path)).toMatchObject({ template, operationId });
      expect(simulatedRoutesChecker().matchRoute(method, path)).toMatchObject({ template, operationId });
    }
  });

  it('refuses a body GitHub would refuse with the description, and serves it without', () => {
    const withDescription = serve(installed!, 'POST', '/repos/acme/web/issues', { body: 'no title' });
    expect(withDescription.status).toBe(422);
    expect(JSON.stringify(withDescription.data)).toContain('body.title is required');
    const without = serve(simulatedRoutesChecker(), 'POST', '/repos/acme/web/issues', { body: 'no title' });
    expect(without.status).toBe(201);
    expect(without.data).toMatchObject({ body: 'no title' });
  });

  it('answers 404 for a route it does not know, either way; a valid request is served the same either way', () => {
    expect(serve(installed!, 'GET', '/no/such/route').status).toBe(404);
    expect(serve(simulatedRoutesChecker(), 'GET', '/no/such/route').status).toBe(404);
    const a = serve(installed!, 'POST', '/repos/acme/web/issues', { title: 'Outage' });
    const b = serve(simulatedRoutesChecker(), 'POST', '/repos/acme/web/issues', { title: 'Outage' });
    expect(a).toEqual(b);
    expect(a.status).toBe(201);
  });
});
