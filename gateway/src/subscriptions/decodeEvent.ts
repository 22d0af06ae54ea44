/** A pub/sub message as an event object: publishers send JSON text; in-process sources may hand over objects. Undefined = malformed. */
export function decodeEvent(message: unknown): unknown {
  if (typeof message !== 'string') return message !== null && typeof message === 'object' ? message : undefined;
  try {
    const parsed: unknown = JSON.parse(message);
    return parsed !== null && typeof parsed === 'object' ? parsed : undefined;
  } catch {
    return undefined;
  }
}
