import { ValidationError } from '@caregraph/shared';

export const MAX_WEBHOOK_URL_LENGTH = 2048;

/** The hosts a development webhook may reach over plain http. */
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The webhook URL if its form is acceptable: absolute, at most 2048 characters, https (plain
 * http only to localhost in development), no user name or password. BAD_USER_INPUT (field `url`)
 * otherwise. Where the host points is checked by resolveWebhookTarget.
 */
export function parseWebhookUrl(raw: string, development: boolean): URL {
  const text = raw.trim();
  if (!text) throw new ValidationError('url must not be empty.', 'url');
  if (text.length > MAX_WEBHOOK_URL_LENGTH) throw new ValidationError(`url must be at most ${MAX_WEBHOOK_URL_LENGTH} characters.`, 'url');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ValidationError('url is not an absolute URL.', 'url');
  }
  const local = LOCAL_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && development && local)) {
    throw new ValidationError(development ? 'url must use https (or http to localhost in development).' : 'url must use https.', 'url');
  }
  if (!url.hostname) throw new ValidationError('url has no host.', 'url');
  if (url.username || url.password) throw new ValidationError('url must not contain a user name or password.', 'url');
  return url;
}
