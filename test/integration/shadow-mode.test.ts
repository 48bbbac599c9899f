import { describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { PassRecord } from '../../src/app/create-app.js';
import { loadYaml } from '../../src/config/yaml.js';
import type { IntentSummary } from '../../src/domain/incident/intent-summary.js';
import { createPrometheusMetrics } from '../../src/metrics/prometheus-metrics.js';
import { runScenario, scenarioSchema, type SimulationResult } from '../../src/simulator/scenario.js';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { family, parseExposition } from '../helpers/prometheus-text.js';

/**
 * An intent as comparable across the two runs: the status comment is created once in a normal run and
 * would be created at every dry pass (nothing was written to find), and a 👍's comment id differs (the
 * simulator numbers comments in order, and a normal run's own comments take numbers), so for those two
 * only the kind counts.
 */
const identity = (intent: IntentSummary): string =>
  intent.kind === 'upsert-status' || intent.kind === 'react' ? intent.kind : JSON.stringify(intent);

async function play(file: string, dryRun: boolean) {
  const passes: PassRecord[] = [];
  const { metrics, registry } = createPrometheusMetrics({ defaults: false });
  const scenario = scenarioSchema.parse(loadYaml(await readFile(file, 'utf8')));
  const result: SimulationResult = await runScenario({
    scenario,
    readFile: (path) => readFile(resolve('examples', path), 'utf8'),
    dryRun,
    metrics,
    onPass: (record) => passes.push(record),
  });
  return { result, passes, exposition: await registry.metrics() };
}

const intentsOf = (passes: PassRecord[]): Set<string> => new Set(passes.flatMap((p) => p.intents.map(identity)));

// Shadow mode keeps no memory: what a normal run remembers in its status comment (warnings posted,
// commands accepted) is not written, so scenarios that warn twice or act on commands after their own
// pass diverge (docs/deployment.md says so). The general example exercises every other kind of write.
describe.each(['examples/incident.yml'])('shadow mode: %s', (file) => {
  it('writes nothing and logs the intents a normal run executes', async () => {
    const normal = await play(file, false);
    const shadow = await play(file, true);
    // Control: the normal run writes, and says so in its pass lines.
    expect(normal.result.requests.writes).toBeGreaterThan(0);
    expect(normal.passes.reduce((n, p) => n + p.writes, 0)).toBe(normal.result.requests.writes);
    expect(normal.passes.every((p) => !p.dryRun)).toBe(true);

    expect(shadow.result.requests.writes).toBe(0);
    expect(shadow.result.actions).toEqual([]);
    expect(shadow.passes.every((p) => p.dryRun && p.writes === 0)).toBe(true);
    expect([...intentsOf(shadow.passes)].sort()).toEqual([...intentsOf(normal.passes)].sort());
    expect(shadow.result.dry_run?.length).toBeGreaterThan(0);

    // Counted in the metrics too, and nothing counted as posted.
    const dry = family(parseExposition(shadow.exposition), 'incident_responder_dry_run_intents_total');
    const kinds = new Set(dry.samples.map((s) => s.labels.kind));
    expect(kinds).toEqual(new Set(shadow.passes.flatMap((p) => p.intents.map((i) => i.kind))));
    expect(shadow.exposition).not.toMatch(/^incident_responder_warning_lateness_seconds_count [1-9]/m);
  }, 120_000);
});

describe('simulate --dry-run', () => {
  it('prints what each pass would have written and writes nothing', async () => {
    let out = '';
    const io = {
      stdout: (text: string) => void (out += text),
      stderr: () => undefined,
      readFile: (path: string) => readFile(path, 'utf8'),
    };
    const code = await main(['simulate', 'examples/incident.yml', '--dry-run', '--json'], io satisfies CliIo);
    expect(code).toBe(0);
    const json = JSON.parse(out) as SimulationResult;
    expect(json.requests.writes).toBe(0);
    expect(json.dry_run?.some((p) => p.intents.some((i) => i.kind === 'post-warning'))).toBe(true);
  }, 120_000);
});
