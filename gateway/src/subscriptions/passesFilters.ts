import { isDeepStrictEqual } from 'node:util';
import { globMatch } from './globMatch';
import { readPath } from './readPath';
import type { FilterRule } from './SubscriptionFieldConfig';

/** True when the event passes every rule, given the subscription field's arguments. */
export function passesFilters(
  rules: FilterRule[] | undefined,
  event: unknown,
  args: Record<string, unknown>,
): boolean {
  return (rules ?? []).every((rule) => passes(rule, event, args));
}

function passes(rule: FilterRule, event: unknown, args: Record<string, unknown>): boolean {
  const value = readPath(event, rule.event);
  if ('equals' in rule) return sameValue(value, rule.equals);
  if ('equalsArg' in rule) {
    const expected = args[rule.equalsArg];
    return expected === null || expected === undefined || sameValue(value, expected);
  }
  if ('matches' in rule) return matchesAny(rule.matches, value);
  const patterns = args[rule.matchesArg];
  if (!Array.isArray(patterns) || patterns.length === 0) return true;
  return matchesAny(patterns, value);
}

function matchesAny(patterns: unknown[], value: unknown): boolean {
  return typeof value === 'string' && patterns.some((pattern) => typeof pattern === 'string' && globMatch(pattern, value));
}

// IDs arrive as strings in arguments but may be numbers in events.
function sameValue(actual: unknown, expected: unknown): boolean {
  if (isDeepStrictEqual(actual, expected)) return true;
  const primitive = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  return primitive(actual) && primitive(expected) && String(actual) === String(expected);
}
