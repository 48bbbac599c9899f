import { describe, expect, it } from '@jest/globals';
import { marker } from '../../src/domain/incident/markers.js';
import { reportIndexTarget, reportPullIncident } from '../../src/domain/reports/report-index-target.js';
import { gitBlobSha } from '../../src/github/report-files.js';

// Only the target comes from the incident's config: base, path and charts are the reports repository's (issue #25).
const reports = (repo: string | null, base: string | null = null) => ({ repo, base });
const BOT = 'incident-responder[bot]';

describe('reportIndexTarget: the one check before the index is written', () => {
  it.each([
    ['reports off', reports(null), undefined, /^Reports are off/],
    ['the reports repository of the config', reports('acme/incident-reports'), undefined, null],
    ['a base branch', reports('acme/incident-reports', 'published'), undefined, null],
    [
      'merged into the configured repository (any case)',
      reports('acme/incident-reports'),
      { owner: 'Acme', repo: 'Incident-Reports' },
      null,
    ],
    [
      'merged into another repository',
      reports('acme/incident-reports'),
      { owner: 'acme', repo: 'elsewhere' },
      /merged into acme\/elsewhere, but `reports.repo` names acme\/incident-reports/,
    ],
    ['merged, reports off', reports(null), { owner: 'acme', repo: 'incident-reports' }, /^Reports are off/],
  ])('%s', (_name, settings, mergedInto, refusal) => {
    const decision = reportIndexTarget({ reports: settings, optIn: 'internal', mergedInto });
    if (refusal) {
      expect(decision.ok).toBe(false);
      expect(decision.ok ? '' : decision.reason).toMatch(refusal);
    } else {
      expect(decision).toEqual({
        ok: true,
        refresh: { target: { owner: 'acme', repo: 'incident-reports' }, optIn: 'internal' },
      });
    }
  });
});

describe("reportPullIncident: which merged pull requests are the app's reports", () => {
  const body = (data: unknown) => `${marker('report', data)}\nThe incident report of acme/shop#3.`;
  it.each([
    [
      "the app's report pull request",
      BOT,
      body({ incident: 'acme/shop#3' }),
      { owner: 'acme', repo: 'shop', number: 3 },
    ],
    ["a person's pull request with a copied marker", 'mallory', body({ incident: 'acme/shop#3' }), null],
    ['no author', null, body({ incident: 'acme/shop#3' }), null],
    [
      "the app's pull request without a report marker (the index)",
      BOT,
      `${marker('index', { reports: 3 })}\nThe index`,
      null,
    ],
    ['a marker without an incident', BOT, body({}), null],
    ['a malformed incident reference', BOT, body({ incident: 'acme/shop#3 or ../../x' }), null],
    ['no body', BOT, null, null],
  ])('%s', (_name, author, text, expected) => {
    expect(reportPullIncident({ author, body: text, botLogin: BOT })).toEqual(expected);
  });
});

describe('gitBlobSha: the id GitHub lists in trees, so unchanged files are known without reading them', () => {
  it.each([
    ['', 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391'],
    ['hello\n', 'ce013625030ba8dba906f756967f9e9ca394464a'],
    ['é', '4b04fff51468d8ab5201ab02b725dc477bc7cb45'],
  ])('%j', (text, sha) => {
    expect(gitBlobSha(text)).toBe(sha);
  });
});
