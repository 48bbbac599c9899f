import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { loadYaml } from '../../src/config/yaml.js';

interface Job {
  permissions: unknown;
  steps: { uses?: string; with?: Record<string, unknown> }[];
}

interface Workflow {
  on: Record<string, unknown>;
  permissions: unknown;
  jobs: Record<'build' | 'deploy', Job>;
}

const WORKFLOW = loadYaml(readFileSync('templates/workflows/status-page.yml', 'utf8')) as unknown as Workflow;
const INCIDENT_WORKFLOW = loadYaml(readFileSync('templates/workflows/incident.yml', 'utf8')) as unknown as {
  name: string;
};

describe('the status page workflow template (templates/workflows/status-page.yml)', () => {
  it('publishes the default status branch and folder', () => {
    expect(WORKFLOW.on.push).toEqual({ branches: ['status-page'] });
    const build = WORKFLOW.jobs.build.steps;
    expect(build.find((s) => s.uses?.startsWith('actions/checkout@'))?.with).toMatchObject({ ref: 'status-page' });
    expect(build.find((s) => s.uses?.startsWith('actions/upload-pages-artifact@'))?.with).toEqual({ path: 'status' });
    expect(WORKFLOW.jobs.deploy.steps.map((s) => s.uses)).toEqual([expect.stringMatching(/^actions\/deploy-pages@/)]);
  });

  it('also runs after the incident workflow, whose GITHUB_TOKEN push starts no workflow', () => {
    expect(WORKFLOW.on.workflow_run).toEqual({ workflows: [INCIDENT_WORKFLOW.name], types: ['completed'] });
  });

  it('asks for least privilege, job by job', () => {
    expect(WORKFLOW.permissions).toEqual({});
    expect(WORKFLOW.jobs.build.permissions).toEqual({ contents: 'read' });
    expect(WORKFLOW.jobs.deploy.permissions).toEqual({ pages: 'write', 'id-token': 'write' });
  });
});
