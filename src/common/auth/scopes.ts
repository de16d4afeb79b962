/** The nine scopes of DESIGN.md §4, `resource:action`. A read scope never implies a write scope. */
export const SCOPES = [
  'links:read',
  'links:write',
  'sessions:read',
  'sessions:write',
  'webhooks:read',
  'webhooks:write',
  'events:read',
  'customers:read',
  'customers:write',
] as const;

export type Scope = (typeof SCOPES)[number];

export const MODES = ['test', 'live'] as const;

export type Mode = (typeof MODES)[number];
