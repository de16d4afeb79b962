import { Injectable } from '@nestjs/common';
import ipaddr from 'ipaddr.js';
import { isIP } from 'node:net';
import type { Mode } from '../common/auth/scopes';
import { HostResolver } from './host-resolver';

export const MAX_URL_LENGTH = 2048;

/** A webhook URL that may not be used; the message says why, fit for an API error. */
export class DestinationRefused extends Error {
  override readonly name = 'DestinationRefused';
}

// Only global unicast IPv6 (2000::/3): this also shuts out the IPv4-compatible
// ::a.b.c.d block, which ipaddr.js counts as plain unicast.
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

/**
 * Whether webhooks may never be sent to `address`: anything ipaddr.js does not
 * class as plain unicast (loopback, private, link-local and so the cloud
 * metadata address, CGNAT, unique-local, NAT64, 6to4, Teredo, reserved, …),
 * judging an IPv4-mapped IPv6 address by the IPv4 address inside it.
 */
export function isForbiddenAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return true;
  const parsed = ipaddr.process(address);
  if (parsed.range() !== 'unicast') return true;
  return parsed.kind() === 'ipv6' && !parsed.match(GLOBAL_UNICAST_V6);
}

/**
 * The rules for a webhook URL (DESIGN.md §9). Test mode takes any http(s) URL,
 * localhost included, because merchants test against their own machine. Live
 * mode takes only https to a host that is, and resolves only to, public
 * addresses. The WHATWG parser has already turned decimal, octal and hex IPv4
 * forms (`2130706433`, `0x7f.1`) into dotted quads by the time we look.
 */
@Injectable()
export class DestinationPolicy {
  constructor(private readonly resolver: HostResolver) {}

  /** The parsed URL, or a `DestinationRefused` saying why it may not be used in `mode`. */
  async check(mode: Mode, raw: string): Promise<URL> {
    const url = parseUrl(raw);
    await this.deliveryAddress(mode, url);
    return url;
  }

  /**
   * Where a delivery may connect: in live mode the one address checked here,
   * so the connection cannot be sent elsewhere by a second DNS answer (DNS
   * rebinding); in test mode undefined (the system resolver decides).
   */
  async deliveryAddress(mode: Mode, url: URL): Promise<string | undefined> {
    if (mode !== 'live') return undefined;
    if (url.protocol !== 'https:') throw new DestinationRefused('Live mode webhook URLs must use https.');
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const addresses = isIP(host) ? [host] : await this.resolve(host);
    if (addresses.length === 0 || addresses.some(isForbiddenAddress)) {
      throw new DestinationRefused(
        'Live mode webhook URLs must point to a public address, not a loopback, private, link-local, shared or reserved one.',
      );
    }
    return addresses[0];
  }

  private async resolve(host: string): Promise<string[]> {
    try {
      return await this.resolver.resolve(host);
    } catch {
      throw new DestinationRefused(`The host ${host} could not be resolved.`);
    }
  }
}

function parseUrl(raw: string): URL {
  if (raw.length > MAX_URL_LENGTH) throw new DestinationRefused(`Webhook URLs may be at most ${MAX_URL_LENGTH} characters long.`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DestinationRefused('The webhook URL is not a valid absolute URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new DestinationRefused('Webhook URLs must use http or https.');
  if (url.username || url.password) throw new DestinationRefused('Webhook URLs may not contain a user name or password.');
  // The normalised form is what is stored and sent; percent-encoding can make it several times longer than the input.
  if (url.href.length > MAX_URL_LENGTH) {
    throw new DestinationRefused(
      `Webhook URLs may be at most ${MAX_URL_LENGTH} characters long once normalised (non-ASCII characters count as their percent-encoding).`,
    );
  }
  return url;
}
