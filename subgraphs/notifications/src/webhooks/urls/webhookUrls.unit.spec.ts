import type { LookupAddress } from 'node:dns';
import { checkWebhookUrl } from './checkWebhookUrl';
import { isPublicAddress } from './isPublicAddress';
import { parseWebhookUrl } from './parseWebhookUrl';
import { resolveWebhookTarget, type AddressLookup } from './resolveWebhookTarget';

/** A resolver answering from a fixed table: DNS itself cannot be reset, so these tests fake it. */
const answers = (table: Record<string, string[]>): AddressLookup => async (hostname) => {
  const addresses = table[hostname];
  if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return addresses.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 }));
};

const codeOf = async (promise: Promise<unknown>) => promise.then(() => 'accepted', (error: { code?: string }) => error.code ?? String(error));

describe('isPublicAddress', () => {
  it('accepts public IPv4 and global unicast IPv6', () => {
    for (const address of ['8.8.8.8', '1.1.1.1', '93.184.216.34', '2606:4700:4700::1111', '2a00:1450:4001:80b::200e']) expect([address, isPublicAddress(address)]).toEqual([address, true]);
  });

  it('refuses private, loopback, link-local, shared, reserved, multicast and documentation addresses', () => {
    const refused = [
      '10.0.0.1', '172.16.5.4', '172.31.255.255', '192.168.1.1', '127.0.0.1', '127.8.9.10', '0.0.0.0', '169.254.169.254', '100.64.0.1',
      '192.0.0.8', '192.0.2.1', '198.18.0.1', '198.51.100.7', '203.0.113.9', '224.0.0.251', '239.255.255.250', '240.0.0.1', '255.255.255.255',
      '::', '::1', 'fe80::1', 'fc00::1', 'fd12:3456::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '64:ff9b::a00:1', '2001:db8::1',
      '2002:a00:1::1', '2001:0:4136:e378::1', 'not-an-address', '',
    ];
    for (const address of refused) expect([address, isPublicAddress(address)]).toEqual([address, false]);
  });

  it('keeps the neighbours of private ranges public', () => {
    for (const address of ['172.15.255.255', '172.32.0.1', '100.128.0.1', '11.0.0.1', '192.169.0.1']) expect([address, isPublicAddress(address)]).toEqual([address, true]);
  });
});

describe('parseWebhookUrl', () => {
  it('takes https anywhere, and plain http only to localhost in development', () => {
    expect(parseWebhookUrl(' https://hooks.example.com/caregraph?x=1 ', false).href).toBe('https://hooks.example.com/caregraph?x=1');
    for (const url of ['http://localhost:8080/hook', 'http://127.0.0.1:9000/', 'http://[::1]:9000/']) expect(parseWebhookUrl(url, true).href).toBe(new URL(url).href);
    for (const url of ['http://localhost:8080/hook', 'http://127.0.0.1/']) expect(() => parseWebhookUrl(url, false)).toThrow('url must use https.');
    expect(() => parseWebhookUrl('http://hooks.example.com/', true)).toThrow(/https/);
  });

  it('refuses garbage, other schemes, credentials and overlong URLs as BAD_USER_INPUT on url', () => {
    for (const url of ['', 'not a url', '/relative/path', 'ftp://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'https://user:pw@example.com/', `https://example.com/${'a'.repeat(2048)}`]) {
      expect(() => parseWebhookUrl(url, true)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', details: { field: 'url' } }));
    }
  });
});

describe('resolveWebhookTarget and checkWebhookUrl', () => {
  const lookup = answers({
    'hooks.example.com': ['93.184.216.34', '2606:2800:220:1::248'],
    'rebind.example.com': ['93.184.216.34', '10.0.0.5'],
    'metadata.example.com': ['169.254.169.254'],
    localhost: ['127.0.0.1', '::1'],
    '10.1.2.3': ['10.1.2.3'],
    '::1': ['::1'],
  });

  it('gives every address of a public host, to connect to without resolving again', async () => {
    const target = await resolveWebhookTarget(new URL('https://hooks.example.com/x'), false, lookup);
    expect(target.addresses.map((a) => a.address)).toEqual(['93.184.216.34', '2606:2800:220:1::248']);
  });

  it('refuses in production a host with any non-public address, without saying which', async () => {
    for (const url of ['https://rebind.example.com/', 'https://metadata.example.com/', 'https://localhost/', 'https://10.1.2.3/', 'https://[::1]/']) {
      const refusal = resolveWebhookTarget(new URL(url), false, lookup);
      await expect(refusal).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: 'url must point to a public internet address.' });
    }
  });

  it('allows private and loopback hosts in development', async () => {
    const target = await resolveWebhookTarget(new URL('https://10.1.2.3/'), true, lookup);
    expect(target.addresses).toEqual([{ address: '10.1.2.3', family: 4 }]);
  });

  it('lets a failed lookup reject as it is (a delivery retries it) and registration refuse it', async () => {
    await expect(resolveWebhookTarget(new URL('https://gone.example.com/'), false, lookup)).rejects.toMatchObject({ code: 'ENOTFOUND' });
    expect(await codeOf(checkWebhookUrl('https://gone.example.com/', false, lookup))).toBe('BAD_USER_INPUT');
  });

  it('checks at registration the form always and the addresses in production only', async () => {
    expect(await checkWebhookUrl('https://hooks.example.com/a b', false, lookup)).toBe('https://hooks.example.com/a%20b');
    expect(await codeOf(checkWebhookUrl('https://rebind.example.com/', false, lookup))).toBe('BAD_USER_INPUT');
    expect(await checkWebhookUrl('https://gone.example.com/', true, lookup)).toBe('https://gone.example.com/');
    expect(await codeOf(checkWebhookUrl('http://hooks.example.com/', false, lookup))).toBe('BAD_USER_INPUT');
  });
});
