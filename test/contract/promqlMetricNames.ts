/** PromQL words that are not metric names: functions, aggregations, their modifiers, keywords. */
const NOT_METRICS = new Set([
  'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'offset', 'le', 'inf', 'nan',
]);

/**
 * The metric names a PromQL expression reads: label matchers (`{…}`), strings, ranges (`[5m]`),
 * grouping lists (`by (…)`) and function calls are left out. Enough for a dashboard's queries,
 * not a PromQL parser.
 */
export function promqlMetricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\boffset\s+\w+/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/(?<![\w.])[a-zA-Z_:][a-zA-Z0-9_:]*(?=\s*(\()?)/g)) {
    if (match[1] || NOT_METRICS.has(match[0].toLowerCase())) continue; // a function call or a keyword
    names.add(match[0]);
  }
  return [...names];
}
