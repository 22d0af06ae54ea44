import { Client } from 'pg';
import { OUTBOX_NOTIFY_CHANNEL, type Logger } from '@caregraph/shared';

const RECONNECT_DELAY_MS = 1000;

/**
 * A dedicated connection LISTENing on the outbox channel; calls `onWake(schema)` for each
 * NOTIFY and `onWake(undefined)` after (re)connecting, since notifications sent while it was
 * away are lost. Polling covers the gaps, so a broken connection is only logged and retried.
 */
export class OutboxListener {
  private client?: Client;
  private stopped = false;
  private retryTimer?: NodeJS.Timeout;

  constructor(
    private readonly databaseUrl: string,
    private readonly onWake: (schema: string | undefined) => void,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl });
    client.on('notification', (message) => this.onWake(message.payload));
    client.on('error', (error) => this.retry(client, error));
    client.on('end', () => this.retry(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_NOTIFY_CHANNEL}`);
    } catch (error) {
      this.retry(client, error);
      return;
    }
    if (this.stopped) return void (await client.end().catch(() => undefined));
    this.client = client;
    this.onWake(undefined);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private retry(client: Client, error?: unknown): void {
    if (this.stopped || this.retryTimer) return;
    if (this.client === client) this.client = undefined;
    client.end().catch(() => undefined);
    this.logger.warn({ err: error }, 'Outbox LISTEN connection lost; polling only until it is back');
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.start();
    }, RECONNECT_DELAY_MS);
  }
}
