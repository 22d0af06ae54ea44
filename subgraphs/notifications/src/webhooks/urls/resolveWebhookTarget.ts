import type { LookupAddress } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import { ValidationError } from '@caregraph/shared';
import { isPublicAddress } from './isPublicAddress';

/** A webhook URL with the addresses its host resolved to: the request connects to these, never resolving again. */
export interface WebhookTarget {
  url: URL;
  addresses: LookupAddress[];
}

export type AddressLookup = (hostname: string) => Promise<LookupAddress[]>;

const systemLookup: AddressLookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * Resolves the URL's host to every address it has. Outside development each one must be public
 * (isPublicAddress), else BAD_USER_INPUT (field `url`): one private answer is enough to refuse,
 * since a connection could reach any of them. Called at registration and again before every
 * delivery, whose request then connects to exactly these addresses, so a host that changes its
 * answer in between (DNS rebinding) gains nothing. A failed lookup rejects with the resolver's
 * error (transient: ENOTFOUND can also be a resolver outage).
 */
export async function resolveWebhookTarget(url: URL, development: boolean, lookup: AddressLookup = systemLookup): Promise<WebhookTarget> {
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const addresses = await lookup(hostname);
  if (!addresses.length) throw new Error(`${hostname} has no address.`);
  if (!development) {
    // Which address was refused is not said: the answer would map a private network's names.
    if (addresses.some(({ address }) => !isPublicAddress(address))) throw new ValidationError('url must point to a public internet address.', 'url');
  }
  return { url, addresses };
}
