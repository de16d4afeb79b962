import type { AuthenticatedKey } from './authenticated-key';

/** Why a presented key was refused; each is a 401 code of DESIGN.md §5. */
export type KeyRejection = 'invalid_api_key' | 'api_key_revoked' | 'api_key_expired';

export type KeyVerification = { ok: true; key: AuthenticatedKey } | { ok: false; reason: KeyRejection };

/**
 * The port through which authentication asks "which key is this?". The
 * api-keys module provides the implementation, so common/ never depends on
 * a feature module.
 */
export abstract class ApiKeyVerifier {
  abstract verify(rawKey: string): Promise<KeyVerification>;

  /**
   * The same answer from in-process caches only, without I/O; undefined when
   * only the database could tell (whether it may be asked is
   * `KeyLookupAdmission`'s decision).
   */
  abstract verifyCached(rawKey: string): KeyVerification | undefined;

  /**
   * Whether the key is one that was issued, from memory and without I/O, so
   * that a key never seen before can be told from a made-up one; undefined
   * when this instance cannot tell at the moment.
   */
  abstract isIssued(rawKey: string): boolean | undefined;
}
