import { ValidationError } from '@caregraph/shared';
import { parseWebhookUrl } from './parseWebhookUrl';
import { resolveWebhookTarget, type AddressLookup } from './resolveWebhookTarget';

/**
 * The registration's check of a webhook URL: its form (parseWebhookUrl) and, outside
 * development, where it points now (resolveWebhookTarget). Every refusal is BAD_USER_INPUT on
 * `url`, including a host that does not resolve. Returns the normalised URL to store.
 */
export async function checkWebhookUrl(raw: string, development: boolean, lookup?: AddressLookup): Promise<string> {
  const url = parseWebhookUrl(raw, development);
  if (!development) {
    try {
      await resolveWebhookTarget(url, development, lookup);
    } catch (error) {
      if (error instanceof ValidationError) throw error;
      throw new ValidationError('url has a host that does not resolve.', 'url');
    }
  }
  return url.href;
}
