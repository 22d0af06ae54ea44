import { readPath } from './readPath';

const EVENT_REF = /^\$event(?:\.(.+))?$/;

/**
 * Builds a field's primary result from its template: "$event.path" strings become the raw event
 * value (missing → null), an object whose "$if" reference is null/missing becomes null, nested
 * objects and arrays recurse, everything else is copied as a literal.
 */
export function renderResult(template: unknown, event: unknown): unknown {
  if (typeof template === 'string') {
    const ref = EVENT_REF.exec(template);
    return ref ? (readPath(event, ref[1] ?? '') ?? null) : template;
  }
  if (Array.isArray(template)) return template.map((item) => renderResult(item, event));
  if (template === null || typeof template !== 'object') return template;
  const { $if: condition, ...fields } = template as Record<string, unknown>;
  if (condition !== undefined && renderResult(condition, event) === null) return null;
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, renderResult(value, event)]));
}
