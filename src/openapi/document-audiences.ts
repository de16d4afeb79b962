import type { OpenAPIObject } from '@nestjs/swagger';

/** Who a document is for: API-key integrations (`openapi.yaml`), or the admin (cookie) routes (`openapi-admin.yaml`). */
export type Audience = 'public' | 'admin';

export const ADMIN_PATH_PREFIX = '/admin/';

const TITLES: Record<Audience, [string, string]> = {
  public: [
    'Crypto Checkout API',
    'Self-hosted crypto payments. Authenticate `/api/v1` requests with `Authorization: Bearer ck_{test|live}_…`. ' +
      'Every response carries a `Request-Id` header; every error is the `ApiErrorEnvelope`. ' +
      'The admin routes (signed-in session cookie) are described apart, in `openapi-admin.yaml`.',
  ],
  admin: [
    'Crypto Checkout admin API',
    'The routes behind the dashboard: sign in with `POST /admin/session`, which sets the session cookie, then manage API keys. ' +
      'Not for integrations: those use the API keys, and `openapi.yaml`.',
  ],
};

/**
 * The part of the full document an audience reads: its paths, and only the
 * components and security schemes those reach, so a generator fed the public
 * document never lands on the admin routes or their types.
 */
export function documentFor(full: OpenAPIObject, audience: Audience): OpenAPIObject {
  const paths = Object.fromEntries(Object.entries(full.paths).filter(([path]) => path.startsWith(ADMIN_PATH_PREFIX) === (audience === 'admin')));
  const components = (full.components ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const reached = new Set<string>();
  const visit = (node: unknown): void => {
    for (const [, kind, name] of JSON.stringify(node).matchAll(/"#\/components\/(\w+)\/([^"]+)"/g)) {
      const ref = `#/components/${kind}/${name}`;
      if (reached.has(ref)) continue;
      reached.add(ref);
      visit(components[kind]?.[name]);
    }
  };
  visit(paths);
  const used = <Kind extends 'schemas' | 'headers' | 'parameters'>(kind: Kind) =>
    Object.fromEntries(Object.entries(full.components?.[kind] ?? {}).filter(([name]) => reached.has(`#/components/${kind}/${name}`))) as NonNullable<NonNullable<OpenAPIObject['components']>[Kind]>;
  const schemes = new Set(
    Object.values(paths).flatMap((item) => Object.values(item as Record<string, { security?: Record<string, unknown>[] }>).flatMap((operation) => (operation.security ?? []).flatMap(Object.keys))),
  );
  const tags = new Set(Object.values(paths).flatMap((item) => Object.values(item as Record<string, { tags?: string[] }>).flatMap((operation) => operation.tags ?? [])));
  const [title, description] = TITLES[audience];
  return {
    ...full,
    info: { ...full.info, title, description },
    paths,
    tags: full.tags?.filter((tag) => tags.has(tag.name)),
    components: {
      ...full.components,
      schemas: used('schemas'),
      headers: used('headers'),
      parameters: used('parameters'),
      securitySchemes: Object.fromEntries(Object.entries(full.components?.securitySchemes ?? {}).filter(([name]) => schemes.has(name))),
    },
  };
}
