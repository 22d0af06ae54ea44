/**
 * The requested values that differ from the entity's current ones (compared as JSON, so an
 * equal array counts as unchanged): what an update applies and records in its event.
 */
export function changedFields<T extends object, K extends keyof T>(entity: T, requested: Partial<Pick<T, K>>): Partial<Pick<T, K>> {
  return Object.fromEntries(
    Object.entries(requested).filter(([key, value]) => JSON.stringify(entity[key as K]) !== JSON.stringify(value)),
  ) as Partial<Pick<T, K>>;
}
