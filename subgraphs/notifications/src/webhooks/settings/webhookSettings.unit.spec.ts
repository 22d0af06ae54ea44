import { ConfigError } from '@caregraph/shared';
import { DEFAULT_WEBHOOK_RETRY_DELAYS_MS, loadWebhookSettings } from './webhookSettings';

describe('loadWebhookSettings', () => {
  it('has the documented defaults, and development outside production', () => {
    expect(loadWebhookSettings({})).toEqual({ development: true, maxPerCircle: 10, timeoutMs: 10_000, retryDelaysMs: DEFAULT_WEBHOOK_RETRY_DELAYS_MS, maxResponseBytes: 65_536 });
    expect(loadWebhookSettings({ NODE_ENV: 'production' }).development).toBe(false);
  });

  it('reads each setting, an empty one counting as unset', () => {
    expect(loadWebhookSettings({ WEBHOOKS_MAX_PER_CIRCLE: '3', WEBHOOK_TIMEOUT_MS: '2500', WEBHOOK_RETRY_DELAYS_MS: '100, 0,2000', WEBHOOK_MAX_RESPONSE_BYTES: '' })).toMatchObject({
      maxPerCircle: 3,
      timeoutMs: 2500,
      retryDelaysMs: [100, 0, 2000],
      maxResponseBytes: 65_536,
    });
  });

  it('refuses bad values with one ConfigError naming each variable', () => {
    let error: unknown;
    try {
      loadWebhookSettings({ WEBHOOKS_MAX_PER_CIRCLE: '0', WEBHOOK_TIMEOUT_MS: '1.5', WEBHOOK_RETRY_DELAYS_MS: '100,-5', WEBHOOK_MAX_RESPONSE_BYTES: 'lots' });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(Object.keys((error as ConfigError).variables).sort()).toEqual(['WEBHOOKS_MAX_PER_CIRCLE', 'WEBHOOK_MAX_RESPONSE_BYTES', 'WEBHOOK_RETRY_DELAYS_MS', 'WEBHOOK_TIMEOUT_MS']);
  });
});
