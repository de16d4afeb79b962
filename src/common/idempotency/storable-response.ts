import { containsSecret, redactSecrets } from '../security/redact-secrets';

export interface StorableResponse {
  /** The body's JSON text with every secret-bearing string replaced by null; null for an empty body. */
  json: string | null;
  /** Where those strings were, as paths (`secret`, `data[0].secret`): a replay says it left them out. */
  omitted: string[];
}

/**
 * What an idempotency record may keep of a response body. A credential we
 * issue is shown once (a webhook endpoint's `whsec_…` secret): the record
 * never holds it, and rather than replaying a redacted, unusable value, the
 * replay has null there and names the field (`Idempotent-Replay-Omitted`).
 */
export function storableResponse(body: unknown): StorableResponse {
  if (body === undefined) return { json: null, omitted: [] };
  const json = JSON.stringify(body);
  if (!containsSecret(json)) return { json, omitted: [] };
  const omitted: string[] = [];
  const kept = withoutSecrets(JSON.parse(json) as unknown, '', omitted);
  // Belt and braces: a secret in a property name is redacted in place.
  return { json: redactSecrets(JSON.stringify(kept)), omitted };
}

function withoutSecrets(value: unknown, path: string, omitted: string[]): unknown {
  if (typeof value === 'string') {
    if (!containsSecret(value)) return value;
    omitted.push(path);
    return null;
  }
  if (Array.isArray(value)) return value.map((item, index) => withoutSecrets(item, `${path}[${index}]`, omitted));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([name, item]) => [name, withoutSecrets(item, path ? `${path}.${name}` : name, omitted)]),
    );
  }
  return value;
}
