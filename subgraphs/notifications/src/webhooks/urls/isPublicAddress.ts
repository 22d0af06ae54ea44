import { BlockList, isIP } from 'node:net';

/**
 * IPv4 ranges that are not the public internet (IANA's special-purpose registry, RFC 6890 and
 * successors): this host, private, shared (CGNAT), loopback, link-local (cloud metadata at
 * 169.254.169.254), protocol assignments, documentation, 6to4 relay, benchmarking, multicast,
 * reserved and broadcast.
 */
const IPV4_NOT_PUBLIC: [string, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

/**
 * Inside IPv6 global unicast (2000::/3, the only public part): IETF protocol assignments
 * (Teredo, benchmarking, ORCHID), documentation and 6to4, which can lead back to private IPv4.
 */
const IPV6_NOT_PUBLIC: [string, number][] = [
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['3fff::', 20],
];

const notPublic = new BlockList();
for (const [network, prefix] of IPV4_NOT_PUBLIC) notPublic.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of IPV6_NOT_PUBLIC) notPublic.addSubnet(network, prefix, 'ipv6');
const globalUnicast = new BlockList();
globalUnicast.addSubnet('2000::', 3, 'ipv6');

/**
 * Whether an IP address is on the public internet. Anything else (private, loopback,
 * link-local, unique-local, multicast, IPv4-mapped or NAT64 IPv6, a malformed address) is not.
 */
export function isPublicAddress(address: string): boolean {
  const version = isIP(address);
  if (version === 4) return !notPublic.check(address, 'ipv4');
  if (version === 6) return globalUnicast.check(address, 'ipv6') && !notPublic.check(address, 'ipv6');
  return false;
}
