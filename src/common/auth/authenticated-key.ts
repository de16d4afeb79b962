import type { Request } from 'express';
import type { Mode, Scope } from './scopes';

/** What the rest of a request knows about the API key that authenticated it. */
export interface AuthenticatedKey {
  id: string;
  name: string;
  mode: Mode;
  livemode: boolean;
  scopes: readonly Scope[];
  createdAt: Date;
  expiresAt: Date | null;
}

const KEY = Symbol('authenticatedKey');

type RequestWithKey = Request & { [KEY]?: AuthenticatedKey };

export function setAuthenticatedKey(request: Request, key: AuthenticatedKey): void {
  (request as RequestWithKey)[KEY] = key;
}

export function authenticatedKeyOf(request: Request): AuthenticatedKey | undefined {
  return (request as RequestWithKey)[KEY];
}
