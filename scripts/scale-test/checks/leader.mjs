// One chain watcher leader per network: each instance's own `checkout_chain_watcher_leader` gauge
// (1 when it leads) summed over the running instances is 1, and /healthz/chains names that instance.
import { waitUntil } from '../wait.mjs';

const GAUGE = /^checkout_chain_watcher_leader\{network="([^"]+)"\} (\d+)/gm;

async function leadersNow(instances) {
  const running = instances.filter((instance) => instance.running);
  const leaders = {}; // network → names of the instances whose gauge says 1
  for (const instance of running) {
    for (const [, network, value] of (await instance.metrics()).matchAll(GAUGE)) {
      leaders[network] ??= [];
      if (value === '1') leaders[network].push(instance);
    }
  }
  const chains = await (await fetch(`${running[0].url}/healthz/chains`)).json();
  return { leaders, reported: Object.fromEntries(chains.data.map((chain) => [chain.network, chain.leader])) };
}

const settled = ({ leaders, reported }) =>
  Object.keys(leaders).length > 0 &&
  Object.entries(leaders).every(([network, leading]) => leading.length === 1 && reported[network]?.endsWith(`:${leading[0].pid}`));

/**
 * Waits (a leader lock is retried every 2 s) until each network has one leader; resolves with
 * the check's result and the leading instance of `network`.
 */
export async function checkLeaders(instances, label, network = 'local') {
  const started = Date.now();
  let last;
  try {
    await waitUntil(async () => settled((last = await leadersNow(instances))), { timeoutMs: 20_000, intervalMs: 200, what: 'one watcher leader per network' });
  } catch {
    // Reported below from the last observation.
  }
  const ok = last !== undefined && settled(last);
  const each = Object.entries(last?.leaders ?? {}).map(([name, leading]) => `${name}: ${leading.length} leader (${leading.map((i) => i.name).join(', ') || 'none'})`);
  return {
    result: {
      property: `one chain watcher leader per network (${label})`,
      pass: ok,
      figures: `${each.join('; ') || 'no network reported'} among ${instances.filter((i) => i.running).length} running instances; /healthz/chains agrees: ${ok}; settled in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    },
    leader: last?.leaders?.[network]?.[0],
  };
}
