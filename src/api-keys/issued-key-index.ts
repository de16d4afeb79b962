import { hashPrefixOf } from './key-changes';

/**
 * The hash prefixes of the keys issued (revoked and expired ones excepted at
 * load), kept current by the key-change channel, so that a key never seen
 * before can be told from a made-up one without the database. It can only
 * answer while the channel is up: a key issued while it was down would be
 * missing.
 */
export class IssuedKeyIndex {
  private readonly prefixes = new Set<string>();
  private complete = false;

  /** Whether a key with this hash may have been issued; undefined when the index cannot tell. */
  has(secretHash: string): boolean | undefined {
    return this.complete ? this.prefixes.has(hashPrefixOf(secretHash)) : undefined;
  }

  add(hashPrefix: string): void {
    this.prefixes.add(hashPrefix);
  }

  /** The keys that existed when the channel came up; those issued since were added as they were heard. */
  load(hashPrefixes: Iterable<string>): void {
    for (const prefix of hashPrefixes) this.prefixes.add(prefix);
    this.complete = true;
  }

  /** The channel is down: keys issued meanwhile would be missed. */
  reset(): void {
    this.prefixes.clear();
    this.complete = false;
  }
}
