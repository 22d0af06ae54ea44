import { decodeEvent } from './decodeEvent';
import type { EventSource } from './EventSource';
import type { LiveAccess } from './LiveAccess';
import { readPath } from './readPath';
import type { RevocationConfig } from './RevocationConfig';

/**
 * Subscribes to the revocation channel; per message, every live stream of the subject at
 * `config.subject` is re-authorised (LiveAccess.revoke). Resolves once the channel is live.
 */
export async function listenForRevocations(
  eventSource: EventSource,
  channel: string,
  config: RevocationConfig,
  access: LiveAccess,
  log: (message: string, details: Record<string, unknown>) => void,
): Promise<{ stop(): Promise<void> }> {
  const messages = eventSource.subscribe(channel);
  await eventSource.whenLive?.(messages);
  const loop = (async () => {
    for await (const message of messages) {
      const subject = readPath(decodeEvent(message), config.subject);
      if (typeof subject !== 'string') {
        log('revocation without a subject ignored', { channel, path: config.subject });
        continue;
      }
      access.revoke(subject).then(
        (streams) => log('access re-checked after a revocation', { subject, streams }),
        (error: Error) => log('revocation failed', { subject, error: error.message }),
      );
    }
  })();
  return {
    async stop() {
      await messages.return?.();
      await loop.catch(() => undefined);
    },
  };
}
