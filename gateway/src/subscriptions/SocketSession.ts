import type { GraphQLError } from 'graphql';
import type { GatewayContext } from '../auth/GatewayContext';
import { errors } from '../errors/errors';
import type { OperationLimiter } from '../limits/OperationLimiter';
import type { LiveAccess } from './LiveAccess';
import type { SubscriptionStream } from './SubscriptionStream';

export interface SessionLimits {
  operations: OperationLimiter;
  subscriptionsPerSocket: number;
  access: LiveAccess;
}

/**
 * One live session's caller and limits (a websocket, or one SSE stream): every operation sent over it is counted like an HTTP one,
 * refused once the token expired, and at most `subscriptionsPerSocket` subscriptions are live.
 */
export class SocketSession {
  private subscriptions = 0;

  constructor(
    readonly context: GatewayContext,
    private readonly limits: SessionLimits,
  ) {}

  /** Admits one operation (reserving a subscription place), or returns the errors refusing it. */
  async admit(subscription: boolean): Promise<GraphQLError[] | undefined> {
    const exp = this.context.claims?.exp;
    if (typeof exp === 'number' && exp * 1000 <= Date.now()) return [errors.tokenExpired()];
    const wait = await this.limits.operations.consume(this.context);
    if (wait) return [errors.rateLimited(wait)];
    if (!subscription) return undefined;
    if (this.subscriptions >= this.limits.subscriptionsPerSocket) return [errors.subscriptionLimit(this.limits.subscriptionsPerSocket)];
    this.subscriptions += 1;
    return undefined;
  }

  /** Gives an admitted subscription's place back when it ends (or when opening it failed). */
  opened(stream: SubscriptionStream | undefined): void {
    if (!stream) {
      this.subscriptions -= 1;
      return;
    }
    this.limits.access.track(stream, this.context.claims?.sub);
    void stream.closed.then(() => {
      this.subscriptions -= 1;
    });
  }
}
