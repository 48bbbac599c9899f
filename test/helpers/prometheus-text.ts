/**
 * A strict reader of the Prometheus text exposition format 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format): what Prometheus's
 * own parser refuses, this throws on. The npm parsers at hand are lenient (one drops the labels, sums and
 * counts of labelled histograms), so the rules are kept here, each line checked:
 * - `# HELP name text` and `# TYPE name counter|gauge|histogram|summary|untyped`, once per family, before
 *   its samples; a family's samples are contiguous;
 * - `name{label="value",...} value [timestamp]` with valid names, escaped label values (\\, \", \n only),
 *   a float value (or +Inf, -Inf, NaN), no label twice;
 * - histograms: `_bucket` with `le`, cumulative, `le="+Inf"` equal to `_count`, and `_sum`, per label set.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  samples: Sample[];
}

const METRIC_NAME = /^[a-z_:][\w:]*$/i;
const LABEL_NAME = /^[a-z_]\w*$/i;
const FLOAT = /^[+-]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?|Inf|NaN)$/i;
const SUFFIXES: Record<Family['type'], string[]> = {
  counter: [''],
  gauge: [''],
  untyped: [''],
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

function parseFloatStrict(text: string, where: string): number {
  if (!FLOAT.test(text)) throw new Error(`${where}: "${text}" is not a number`);
  return text.endsWith('Inf') ? (text.startsWith('-') ? -Infinity : Infinity) : Number(text);
}

/** `{a="x",b="y"}` at the start of `text`: the labels and the length read. */
function readLabels(text: string, where: string): { labels: Record<string, string>; length: number } {
  const labels: Record<string, string> = {};
  let i = 1;
  for (let guard = 0; guard < 1_000; guard++) {
    if (text[i] === '}') return { labels, length: i + 1 };
    const eq = text.indexOf('=', i);
    if (eq === -1) throw new Error(`${where}: unterminated labels`);
    const name = text.slice(i, eq);
    if (!LABEL_NAME.test(name)) throw new Error(`${where}: "${name}" is not a label name`);
    if (name in labels) throw new Error(`${where}: label ${name} twice`);
    if (text[eq + 1] !== '"') throw new Error(`${where}: label ${name} has no quoted value`);
    let value = '';
    let j = eq + 2;
    for (; j < text.length && text[j] !== '"'; j++) {
      if (text[j] !== '\\') {
        value += text[j];
        continue;
      }
      const next = text[++j];
      if (next === 'n') value += '\n';
      else if (next === '\\' || next === '"') value += next;
      else throw new Error(`${where}: bad escape \\${next} in label ${name}`);
    }
    if (j >= text.length) throw new Error(`${where}: unterminated value of label ${name}`);
    labels[name] = value;
    i = j + 1;
    if (text[i] === ',') i += 1;
    else if (text[i] !== '}') throw new Error(`${where}: expected , or } after label ${name}`);
  }
  throw new Error(`${where}: too many labels`);
}

export function parseExposition(text: string): Family[] {
  const families = new Map<string, Family>();
  const closed = new Set<string>();
  let current: Family | null = null;
  const familyOf = (name: string): Family => {
    let found = families.get(name);
    if (!found) {
      found = { name, help: '', type: 'untyped', samples: [] };
      families.set(name, found);
    }
    return found;
  };
  const enter = (family: Family, where: string): void => {
    if (current === family) return;
    if (closed.has(family.name)) throw new Error(`${where}: samples of ${family.name} are not contiguous`);
    if (current) closed.add(current.name);
    current = family;
  };
  const lines = text.split('\n');
  if (lines.at(-1) !== '') throw new Error('the exposition does not end with a newline');
  lines.forEach((line, index) => {
    const where = `line ${index + 1}`;
    if (line === '') return;
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+)(?: (.*))?$/.exec(line);
      if (!m) return; // a comment
      const [, keyword, name = '', rest = ''] = m;
      if (!METRIC_NAME.test(name)) throw new Error(`${where}: "${name}" is not a metric name`);
      const family = familyOf(name);
      enter(family, where);
      if (keyword === 'HELP') {
        if (family.help !== '') throw new Error(`${where}: second HELP for ${name}`);
        family.help = rest;
      } else {
        if (family.samples.length > 0) throw new Error(`${where}: TYPE of ${name} after its samples`);
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(rest))
          throw new Error(`${where}: "${rest}" is not a metric type`);
        family.type = rest as Family['type'];
      }
      return;
    }
    const nameEnd = line.search(/[{ ]/);
    if (nameEnd <= 0) throw new Error(`${where}: not a sample`);
    const name = line.slice(0, nameEnd);
    if (!METRIC_NAME.test(name)) throw new Error(`${where}: "${name}" is not a metric name`);
    let rest = line.slice(nameEnd);
    let labels: Record<string, string> = {};
    if (rest.startsWith('{')) {
      const read = readLabels(rest, where);
      labels = read.labels;
      rest = rest.slice(read.length);
    }
    const parts = rest.trim().split(/ +/);
    if (!rest.startsWith(' ') || parts.length < 1 || parts.length > 2) throw new Error(`${where}: not a sample`);
    const value = parseFloatStrict(parts[0] ?? '', where);
    if (parts[1] !== undefined && !/^-?\d+$/.test(parts[1])) throw new Error(`${where}: bad timestamp`);
    const owner = [...families.values()].find((f) => SUFFIXES[f.type].some((suffix) => `${f.name}${suffix}` === name));
    const family = owner ?? familyOf(name);
    enter(family, where);
    family.samples.push({ name, labels, value });
  });
  for (const family of families.values()) if (family.type === 'histogram') checkHistogram(family);
  return [...families.values()];
}

function checkHistogram(family: Family): void {
  const groups = new Map<string, { buckets: Array<[number, number]>; sum?: number; count?: number }>();
  for (const sample of family.samples) {
    const { le, ...rest } = sample.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const group = groups.get(key) ?? { buckets: [] };
    groups.set(key, group);
    if (sample.name.endsWith('_bucket')) {
      if (le === undefined) throw new Error(`${family.name}: a bucket without le`);
      group.buckets.push([parseFloatStrict(le, family.name), sample.value]);
    } else if (sample.name.endsWith('_sum')) group.sum = sample.value;
    else group.count = sample.value;
  }
  for (const [labels, group] of groups) {
    const sorted = [...group.buckets].sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < sorted.length; i++)
      if ((sorted[i]?.[1] ?? 0) < (sorted[i - 1]?.[1] ?? 0))
        throw new Error(`${family.name}${labels}: buckets are not cumulative`);
    const inf = sorted.at(-1);
    if (inf?.[0] !== Infinity) throw new Error(`${family.name}${labels}: no le="+Inf" bucket`);
    if (group.count !== inf[1]) throw new Error(`${family.name}${labels}: the +Inf bucket is not the count`);
    if (group.sum === undefined) throw new Error(`${family.name}${labels}: no _sum`);
  }
}

/** One family by name. */
export function family(families: Family[], name: string): Family {
  const found = families.find((f) => f.name === name);
  if (!found) throw new Error(`no metric ${name} in the exposition`);
  return found;
}

/** The histogram's count and buckets (`le` -> cumulative count) for one label set. */
export function histogram(
  f: Family,
  labels: Record<string, string> = {},
): { count: number; sum: number; buckets: Map<number, number> } {
  const matches = (sample: Sample): boolean =>
    Object.entries(labels).every(([k, v]) => sample.labels[k] === v) &&
    Object.keys(sample.labels).filter((k) => k !== 'le').length === Object.keys(labels).length;
  const own = f.samples.filter(matches);
  const buckets = new Map<number, number>();
  for (const s of own)
    if (s.name.endsWith('_bucket')) buckets.set(parseFloatStrict(s.labels.le ?? '', f.name), s.value);
  return {
    count: own.find((s) => s.name.endsWith('_count'))?.value ?? 0,
    sum: own.find((s) => s.name.endsWith('_sum'))?.value ?? 0,
    buckets,
  };
}
