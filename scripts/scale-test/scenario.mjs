// The scale-out scenario: the cluster up, then each property checked in turn; the revocation, the
// kill -9 and the rolling restart under the mixed load. Resolves with one result per property.
import { signIn } from './admin.mjs';
import { sendWithRetries } from './client.mjs';
import { checkIdempotency } from './checks/idempotency.mjs';
import { checkLeaders } from './checks/leader.mjs';
import { checkLoadOutcome } from './checks/load-outcome.mjs';
import { checkPayment } from './checks/payment.mjs';
import { checkRateLimit } from './checks/rate-limit.mjs';
import { checkRevocation } from './checks/revocation.mjs';
import { checkWebhooks } from './checks/webhooks.mjs';
import { startCluster } from './cluster.mjs';
import { startLoad } from './load.mjs';
import { startReceiver } from './receiver.mjs';
import { sleep } from './wait.mjs';

const LOAD_SCOPES = ['customers:read', 'customers:write', 'sessions:read', 'sessions:write', 'webhooks:write'];

async function prepare(cluster) {
  const adminApi = await signIn(cluster.base, cluster.admin);
  const loadKey = (await adminApi.createKey('scale load', 'test', LOAD_SCOPES)).secret;
  const rateKey = (await adminApi.createKey('scale rate limit', 'live', ['customers:read'])).secret;
  const revoked = await adminApi.createKey('scale revoked', 'test', ['customers:read']);
  const receiver = await startReceiver();
  const endpoint = await sendWithRetries(cluster.base, { method: 'POST', path: '/api/v1/webhook_endpoints', key: loadKey, body: { url: receiver.url, enabledEvents: ['*'] } });
  if (endpoint.status !== 201) throw new Error(`creating the webhook endpoint answered ${endpoint.status}`);
  return { ...cluster, adminApi, loadKey, rateKey, revoked, receiver, endpointId: endpoint.body.id };
}

/**
 * Runs `phase(load)` under the mixed load; the load stops even when the phase throws (its workers
 * would otherwise keep retrying against a stopped cluster, and the script would never exit).
 */
async function underLoad(run, settings, tag, phase) {
  const load = startLoad(run.base, run.loadKey, { workers: settings.loadWorkers, thinkMs: settings.thinkMs, tag });
  try {
    return await phase(load);
  } finally {
    await load.stop();
  }
}

/** Mixed load; a third in, the revocation, then kill -9 of the watcher leader and a payment; then it comes back. */
async function killPhase(run, settings, results) {
  const tag = 'kill-phase';
  await underLoad(run, settings, tag, async (load) => {
    const third = (settings.loadSeconds * 1000) / 3;
    await sleep(third);
    results.push(await checkRevocation({ ...run, settings }));
    const { leader } = await checkLeaders(run.instances, 'before the kill');
    const victim = leader ?? run.instances[0];
    await victim.stop('SIGKILL');
    // Once it has exited: whatever it sent has arrived by now, and what another instance sends again comes after.
    run.killedAt = Date.now();
    results.push((await checkLeaders(run.instances, `after kill -9 of ${victim.name}, the leader`)).result);
    results.push(await checkPayment(run, 'after the leader was killed'));
    // Back under the last third of the load, so the rolling restart finds all three.
    const back = victim.start();
    await sleep(third);
    const outcome = await load.stop();
    await back;
    results.push(await checkLoadOutcome(run, outcome, { tag, property: `kill -9 of one instance (${victim.name}) mid-load: only retryable errors, each request once, nothing lost`, retryable: () => true }));
  });
}

/** Mixed load while each instance in turn gets SIGTERM, drains, restarts and is ready again. */
async function rollingPhase(run, settings, results, log) {
  const tag = 'rolling-restart';
  await underLoad(run, settings, tag, async (load) => {
    for (const instance of run.instances) {
      await sleep(settings.rollingPauseMs);
      const stopping = Date.now();
      await instance.stop('SIGTERM');
      const starting = Date.now();
      await instance.start();
      log(`${instance.name}: drained and exited in ${((starting - stopping) / 1000).toFixed(1)} s, ready again in ${((Date.now() - starting) / 1000).toFixed(1)} s`);
    }
    await sleep(settings.rollingPauseMs);
    const outcome = await load.stop();
    // No retryable answer either: a draining instance stops accepting connections (nginx sends those
    // requests to another), answers what arrives on its open ones, and leaves idle ones for nginx to close.
    results.push(await checkLoadOutcome(run, outcome, { tag, property: 'rolling restart of all three (SIGTERM one at a time): zero failed requests', retryable: () => false }));
  });
}

export async function runScenario(settings, log = () => {}) {
  const results = [];
  log('starting PostgreSQL database, Anvil, 3 instances and nginx');
  const cluster = await startCluster(settings);
  let run;
  try {
    run = await prepare(cluster);
    log(`balancer ${run.base} → ${run.instances.map((i) => i.port).join(', ')}`);
    results.push((await checkLeaders(run.instances, 'at start')).result);
    log('rate limit');
    results.push(await checkRateLimit({ ...run, settings }));
    log('idempotency');
    results.push(await checkIdempotency({ ...run, settings }));
    log('mixed load with a revocation, kill -9 and a payment');
    await killPhase(run, settings, results);
    log('mixed load with a rolling restart');
    await rollingPhase(run, settings, results, log);
    results.push((await checkLeaders(run.instances, 'after the rolling restart')).result);
    results.push(await checkPayment(run, 'after the rolling restart'));
    log('webhooks');
    results.push(await checkWebhooks(run));
    // What nginx saw (refused connections, upstream errors, "no live upstreams") explains most failures.
    if (results.some((result) => !result.pass)) log(`a property failed; nginx's error log:\n${(await cluster.nginx.log()).split('\n').slice(-60).join('\n')}`);
    return results;
  } catch (error) {
    error.partialResults = results;
    error.instanceOutput = cluster.instances.map((i) => `--- ${i.name}\n${i.output.slice(-30).join('\n')}`).join('\n');
    error.nginxLog = await cluster.nginx?.log();
    throw error;
  } finally {
    await run?.receiver.stop();
    await cluster.stop();
  }
}
