/**
 * Counts the SQL statements each subgraph schema sends through its driver, in this process.
 * Always on (an integer increment per statement); tests read it to prove the absence of N+1
 * queries, and it is cheap enough to leave in production.
 */
class StatementCounter {
  private readonly counts = new Map<string, number>();

  record(schema: string): void {
    this.counts.set(schema, (this.counts.get(schema) ?? 0) + 1);
  }

  /** Statements per schema since the last reset. */
  snapshot(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  reset(): void {
    this.counts.clear();
  }
}

export const statementCounter = new StatementCounter();
