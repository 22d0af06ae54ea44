import type { EventPubSub } from './EventPubSub';

/**
 * Where a consumer announces, after its commit, what it stored: the pub/sub's `publish` and the
 * namespace its channels carry (channelNames(namespace)).
 */
export interface LivePublisher extends Pick<EventPubSub, 'publish'> {
  namespace: string;
}
