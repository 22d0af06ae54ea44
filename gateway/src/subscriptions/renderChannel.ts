import { readPath } from './readPath';

/**
 * Fills `{args.NAME}` and `{auth.PATH}` placeholders of a channel template. A missing value
 * throws rather than yielding a channel like "circle.undefined" that someone else might own.
 */
export function renderChannel(
  template: string,
  values: { args: Record<string, unknown>; auth?: unknown },
): string {
  return template.replace(/\{(args|auth)\.([^}]+)\}/g, (placeholder, scope: string, path: string) => {
    const value = scope === 'args' ? readPath(values.args, path) : readPath(values.auth, path);
    if (value === null || value === undefined || typeof value === 'object') {
      throw new Error(`channel template "${template}" has no value for ${placeholder}`);
    }
    return String(value);
  });
}
