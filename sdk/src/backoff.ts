/**
 * Milliseconds to wait before retry number `attempt` (0 first): doubling from 1 s up to
 * `maxDelayMs`, each drawn between half and all of it, so clients cut off together do not
 * all come back at the same instant.
 */
export function backoff(attempt: number, maxDelayMs: number): number {
  const ceiling = Math.min(1000 * 2 ** Math.min(attempt, 30), maxDelayMs);
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}
