// A strict reader of the Prometheus text format (version 0.0.4), for tests of GET /metrics: every
// line is a comment (# HELP / # TYPE) or a sample `name{label="value",...} value`, and every
// sample belongs to a family declared by a # TYPE line. Anything else throws, naming the line.
const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\.)*"';
const SAMPLE = new RegExp(
  `^(${NAME})(?:\\{((?:${LABEL})(?:,${LABEL})*)?\\})? (-?(?:\\d+(?:\\.\\d+)?(?:e[+-]?\\d+)?|NaN|\\+Inf|-Inf))$`,
  'i',
);
const COMMENT = new RegExp(`^# (HELP|TYPE) (${NAME}) (.*)$`);
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
/** A histogram's or summary's samples carry the family name plus one of these. */
const SUFFIXES = ['_bucket', '_sum', '_count', ''];

export interface Scrape {
  /** The families and their type, as declared. */
  types: Map<string, string>;
  /** A sample's value by its series: the name and its labels as written (`name{a="1",b="2"}`), or 0 when absent. */
  value(name: string, labels?: Record<string, string>): number;
  /** Every series written, for checks over all of them. */
  series: string[];
}

const seriesKey = (name: string, labels: Record<string, string>) => {
  const parts = Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}="${v}"`);
  return parts.length ? `${name}{${parts.join(',')}}` : name;
};

export function parsePrometheus(text: string): Scrape {
  const types = new Map<string, string>();
  const values = new Map<string, number>();
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const line of lines) {
    if (line === '') continue;
    const comment = COMMENT.exec(line);
    if (comment) {
      if (comment[1] === 'TYPE') {
        if (!TYPES.has(comment[3]!)) throw new Error(`unknown metric type in: ${line}`);
        types.set(comment[2]!, comment[3]!);
      }
      continue;
    }
    const sample = SAMPLE.exec(line);
    if (!sample) throw new Error(`not a Prometheus sample: ${line}`);
    const [, name, labelText, raw] = sample;
    const family = SUFFIXES.map((suffix) => (name!.endsWith(suffix) ? name!.slice(0, name!.length - suffix.length) : null)).find(
      (candidate) => candidate !== null && types.has(candidate),
    );
    if (!family) throw new Error(`sample of an undeclared family: ${line}`);
    const labels: Record<string, string> = {};
    for (const match of (labelText ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[match[1]!] = match[2]!;
    values.set(seriesKey(name!, labels), Number(raw));
  }
  return {
    types,
    value: (name, labels = {}) => values.get(seriesKey(name, labels)) ?? 0,
    series: [...values.keys()],
  };
}
