/**
 * Matches a value against a glob where `*` stands for one or more characters, dots included,
 * so "medication.*" matches "medication.logged" but not "medication".
 */
export function globMatch(pattern: string, value: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.+');
  return new RegExp(`^${source}$`, 's').test(value);
}
