import type { SubscriptionStream } from './SubscriptionStream';

/**
 * The live streams of each token subject, so that a revocation can reach all of them: each is
 * paused, re-authorised at once and ended with the refusal, or resumed.
 */
export class LiveAccess {
  private readonly bySubject = new Map<string, Set<SubscriptionStream>>();

  track(stream: SubscriptionStream, subject: unknown): void {
    if (typeof subject !== 'string') return;
    const streams = this.bySubject.get(subject) ?? new Set();
    streams.add(stream);
    this.bySubject.set(subject, streams);
    void stream.closed.then(() => {
      streams.delete(stream);
      if (!streams.size && this.bySubject.get(subject) === streams) this.bySubject.delete(subject);
    });
  }

  /** Re-checks every stream of `subject`; resolves once all were re-checked. Returns how many. */
  async revoke(subject: string): Promise<number> {
    const streams = [...(this.bySubject.get(subject) ?? [])];
    await Promise.all(streams.map((stream) => stream.revalidate()));
    return streams.length;
  }
}
