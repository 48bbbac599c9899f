import { describe, expect, it } from '@jest/globals';
import { parseExposition } from '../helpers/prometheus-text.js';

/** The exposition checker the metrics tests rely on must refuse what Prometheus refuses. */
const good = [
  '# HELP a_total Things.',
  '# TYPE a_total counter',
  'a_total{kind="read",status="200"} 3',
  '# HELP h Seconds.',
  '# TYPE h histogram',
  'h_bucket{le="1",k="x"} 1',
  'h_bucket{le="+Inf",k="x"} 2',
  'h_sum{k="x"} 3.5',
  'h_count{k="x"} 2',
  '',
].join('\n');

describe('parseExposition', () => {
  it('reads a valid exposition', () => {
    const families = parseExposition(good);
    expect(families.map((f) => [f.name, f.type, f.samples.length])).toEqual([
      ['a_total', 'counter', 1],
      ['h', 'histogram', 4],
    ]);
  });

  it.each([
    ['a value that is not a number', good.replace('} 3\n', '} three\n'), /not a number/],
    ['an unterminated label value', good.replace('status="200"}', 'status="200}'), /unterminated|expected/],
    ['a bad label name', good.replace('kind=', '1kind='), /not a label name/],
    ['a bad escape', good.replace('read', 're\\ad'), /bad escape/],
    ['a label twice', good.replace('status="200"', 'kind="200"'), /twice/],
    ['buckets not cumulative', good.replace('h_bucket{le="1",k="x"} 1', 'h_bucket{le="1",k="x"} 5'), /cumulative/],
    ['+Inf not the count', good.replace('h_count{k="x"} 2', 'h_count{k="x"} 7'), /not the count/],
    ['no +Inf bucket', good.replace('h_bucket{le="+Inf",k="x"} 2\n', ''), /\+Inf/],
    ['an unknown type', good.replace('# TYPE a_total counter', '# TYPE a_total countr'), /not a metric type/],
    ['samples split', `${good}a_total{kind="x",status="1"} 1\n`, /not contiguous/],
    ['no final newline', good.trimEnd(), /newline/],
  ])('refuses %s', (_name, text, error) => {
    expect(() => parseExposition(text)).toThrow(error);
  });
});
