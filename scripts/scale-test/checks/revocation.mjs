// A revoked key is refused by every instance from the next request: the key is used on each
// instance (so each has it cached), revoked through the balancer, then tried on each at once.
import { send } from '../client.mjs';

export async function checkRevocation({ base, instances, adminApi, revoked, settings }) {
  const running = instances.filter((instance) => instance.running);
  const tryEach = () => Promise.all(running.map((instance) => send(instance.url, { path: '/api/v1/customers?limit=1', key: revoked.secret })));
  const before = await tryEach();
  await adminApi.revoke(revoked.id);
  const direct = await tryEach();
  const balanced = await Promise.all(Array.from({ length: settings.revocationProbes }, () => send(base, { path: '/api/v1/customers?limit=1', key: revoked.secret })));
  const refused = (answers) => answers.filter((a) => a.status === 401 && a.body?.error?.code === 'api_key_revoked').length;
  const instancesSeen = new Set(balanced.map((a) => a.upstream)).size;
  return {
    property: 'a revoked key is refused by all instances from the next request',
    pass: before.every((a) => a.status === 200) && refused(direct) === running.length && refused(balanced) === balanced.length,
    figures: `before: ${before.filter((a) => a.status === 200).length}/${running.length} instances answered 200; right after the revoke: ${refused(direct)}/${running.length} instances refused it directly, ${refused(balanced)}/${balanced.length} through nginx (${instancesSeen} instances) with 401 api_key_revoked`,
  };
}
