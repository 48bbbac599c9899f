import { describe, expect, it } from '@jest/globals';
import { defaultConfig, parseConfigYaml } from '../../src/config/load.js';
import { reportIndexSettingsOf, reportsFolderOf } from '../../src/config/report-index-settings.js';

describe('reports.index configuration', () => {
  it('defaults to reports/README.md, reports/charts and the business-hours time zone', () => {
    expect(reportIndexSettingsOf(defaultConfig())).toEqual({
      reportsDir: 'reports',
      indexPath: 'reports/README.md',
      chartsDir: 'reports/charts',
      timeZone: 'UTC',
      severities: defaultConfig().severity.levels.map((l) => l.name),
      topSteps: 10,
    });
    const { config } = parseConfigYaml('business_hours:\n  timezone: Asia/Tokyo\n');
    expect(reportIndexSettingsOf(config).timeZone).toBe('Asia/Tokyo');
    expect(
      reportIndexSettingsOf(
        parseConfigYaml('business_hours:\n  timezone: Asia/Tokyo\nreports:\n  index:\n    timezone: Europe/Berlin\n')
          .config,
      ).timeZone,
    ).toBe('Europe/Berlin');
  });

  it.each([
    {
      yaml: 'reports:\n  index:\n    path: ../outside.md\n',
      error: /reports\.index\.path: must be a relative path inside the repository/,
    },
    { yaml: 'reports:\n  index:\n    path: /abs/README.md\n', error: /reports\.index\.path: must be a relative path/ },
    { yaml: 'reports:\n  index:\n    path: reports/index.html\n', error: /reports\.index\.path: must end in \.md/ },
    {
      yaml: 'reports:\n  index:\n    charts: reports//charts\n',
      error: /reports\.index\.charts: must be a relative path/,
    },
    {
      yaml: 'reports:\n  index:\n    timezone: Mars/Olympus\n',
      error: /reports\.index\.timezone: is not an IANA time zone/,
    },
    { yaml: 'reports:\n  index:\n    top_steps: 0\n', error: /reports\.index\.top_steps/ },
    { yaml: 'reports:\n  index:\n    colour: red\n', error: /reports\.index\.colour/ },
  ])('rejects $yaml', ({ yaml, error }) => {
    const { errors } = parseConfigYaml(yaml);
    expect(errors.map((e) => `${e.path}: ${e.message}`).join('\n')).toMatch(error);
  });

  it.each([
    ['reports/{date}-{slug}.md', 'reports'],
    ['incidents/{repo}/{date}-{slug}.md', 'incidents'],
    ['docs/incidents/{slug}.md', 'docs/incidents'],
    ['{slug}.md', ''],
  ])('reads the reports of %s under "%s"', (pattern, folder) => {
    expect(reportsFolderOf(pattern)).toBe(folder);
  });
});
