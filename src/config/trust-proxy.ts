import ipaddr from 'ipaddr.js';

/** The ranges Express's `trust proxy` knows by name. */
const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

/** The entries of `TRUST_PROXY`: comma-separated, blanks ignored. */
export function trustProxyEntries(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/** One entry Express's `trust proxy` reads as an address or range: an IP, a CIDR, or a named range. */
export function isTrustProxyEntry(entry: string): boolean {
  if (NAMED_RANGES.includes(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const isAddress = ipaddr.IPv4.isValidFourPartDecimal(address) || (ipaddr.IPv6.isValid(address) && !address.includes('%'));
  return isAddress && rest.length === 0 && (prefix === undefined || ipaddr.isValidCIDR(entry));
}
