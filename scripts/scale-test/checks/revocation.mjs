// A revoked key is refused by every instance from the next request: the key is used on each
// instance (so each has it cached), revoked through the balancer, then tried on each at once.
import { performance } from 'node:perf_hooks';
import { send } from '../client.mjs';

const isRefusal = (answer) => answer.status === 401 && answer.body?.error?.code === 'api_key_revoked';

/** For an instance that still took the key: how long until it refuses it (the window the property forbids). */
async function msUntilRefused(instance, secret, revokedAt) {
  while (performance.now() - revokedAt < 5000) {
    if (isRefusal(await send(instance.url, { path: '/api/v1/customers?limit=1', key: secret }))) return `${Math.round(performance.now() - revokedAt)} ms`;
  }
  return 'not within 5 s';
}

export async function checkRevocation({ base, instances, adminApi, revoked, settings }) {
  const running = instances.filter((instance) => instance.running);
  const tryEach = () => Promise.all(running.map((instance) => send(instance.url, { path: '/api/v1/customers?limit=1', key: revoked.secret })));
  const before = await tryEach();
  await adminApi.revoke(revoked.id);
  const revokedAt = performance.now();
  const direct = await tryEach();
  const balanced = await Promise.all(Array.from({ length: settings.revocationProbes }, () => send(base, { path: '/api/v1/customers?limit=1', key: revoked.secret })));
  const refused = (answers) => answers.filter(isRefusal).length;
  const instancesSeen = new Set(balanced.map((a) => a.upstream)).size;
  const answered = [];
  for (const [i, answer] of direct.entries()) {
    if (isRefusal(answer)) continue;
    const late = await msUntilRefused(running[i], revoked.secret, revokedAt);
    answered.push(`${running[i].name} answered ${answer.status}${answer.body?.error?.code ? ` ${answer.body.error.code}` : ''}, refused ${late} after the revoke`);
  }
  return {
    property: 'a revoked key is refused by all instances from the next request',
    pass: before.every((a) => a.status === 200) && refused(direct) === running.length && refused(balanced) === balanced.length,
    figures: `before: ${before.filter((a) => a.status === 200).length}/${running.length} instances answered 200; right after the revoke: ${refused(direct)}/${running.length} instances refused it directly${answered.length ? ` (${answered.join('; ')})` : ''}, ${refused(balanced)}/${balanced.length} through nginx (${instancesSeen} instances) with 401 api_key_revoked`,
  };
}
