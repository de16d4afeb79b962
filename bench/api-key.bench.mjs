// `npm run bench`: the request path's cost against a bare route. Two servers of the same build, one
// after the other: the per-key limit counted in memory, and limits off (RATE_LIMIT_DISABLED=true).
// Each compares its authenticated routes with its own GET /healthz in many short alternating rounds,
// and each ratio is the median of the rounds' ratios, so a machine whose speed drifts (other work on
// it) sways every target of a round alike and a disturbed round does not sway the result:
//   GET /api/v1/api_key (limits off)           target ≥ 0.92 of bare
//   GET /api/v1/api_key (in-memory limiter)    target ≥ 0.88
//   GET /api/v1/customers?limit=1 (limiter on) target ≥ 0.60 (a one-row list: one query)
// `server CPU µs/req` is the server's own CPU time per request; the CPU ratio (bare's CPU per request
// over the route's) is what the req/s ratio tends to on an otherwise idle machine.
// BENCH_SECONDS per run (default 3 here), BENCH_ROUNDS rounds (default 6).
import { alternateRuns, median, summarise, withServer, CONNECTIONS } from './harness.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const RUN_SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const BARE = 'GET /healthz';

/** Measures `routes` (name → path) and /healthz on a server started with `env`; returns each target's runs. */
async function measure(env, routes) {
  // An empty REDIS_URL means unset (the server inherits this process's environment): counted in memory.
  return withServer({ RATE_LIMIT_LIVE: '100000', REDIS_URL: '', ...env }, async (base, newKey, server) => {
    const headers = { authorization: `Bearer ${await newKey(['customers:read'])}` };
    const writer = { authorization: `Bearer ${await newKey(['customers:write'])}`, 'content-type': 'application/json' };
    // Two customers, so the one-row page also answers hasMore: true, as a real list would.
    for (const name of ['Bench one', 'Bench two']) {
      const created = await fetch(`${base}/api/v1/customers`, { method: 'POST', headers: writer, body: JSON.stringify({ name, metadata: { run: 'bench' } }) });
      if (created.status !== 201) throw new Error(`creating a customer: ${created.status}`);
    }
    const targets = { [BARE]: { url: `${base}/healthz`, pid: server.pid, duration: RUN_SECONDS } };
    for (const [name, path] of Object.entries(routes)) targets[name] = { url: `${base}${path}`, headers, pid: server.pid, duration: RUN_SECONDS };
    return alternateRuns(targets, ROUNDS);
  });
}

/** The median over rounds of the route's req/s over bare's in the same round, and the same for CPU per request. */
function ratios(runs, name, target) {
  const perRound = (of) => runs[name].map((run, round) => of(run, runs[BARE][round]));
  return {
    'req/s ratio': Number(median(perRound((run, bare) => run.requests.average / bare.requests.average)).toFixed(2)),
    target,
    'CPU ratio': Number(median(perRound((run, bare) => bare.cpuUsPerRequest / run.cpuUsPerRequest)).toFixed(2)),
    'rounds min–max': perRound((run, bare) => run.requests.average / bare.requests.average)
      .reduce(([low, high], ratio) => [Math.min(low, ratio), Math.max(high, ratio)], [Infinity, -Infinity])
      .map((ratio) => ratio.toFixed(2))
      .join('–'),
  };
}

const limited = await measure({}, { 'GET /api/v1/api_key': '/api/v1/api_key', 'GET /api/v1/customers?limit=1': '/api/v1/customers?limit=1' });
console.log('in-memory limiter (means over rounds)');
console.table(summarise(limited));
const unlimited = await measure({ RATE_LIMIT_DISABLED: 'true' }, { 'GET /api/v1/api_key': '/api/v1/api_key' });
console.log('limits off, RATE_LIMIT_DISABLED=true (means over rounds)');
console.table(summarise(unlimited));

console.log(`ratios to the same server's GET /healthz, medians of ${ROUNDS} alternating rounds (${CONNECTIONS} connections, ${RUN_SECONDS} s per run):`);
console.table({
  'api_key, limits off': ratios(unlimited, 'GET /api/v1/api_key', 0.92),
  'api_key, in-memory limiter': ratios(limited, 'GET /api/v1/api_key', 0.88),
  'customers?limit=1, limiter on': ratios(limited, 'GET /api/v1/customers?limit=1', 0.6),
});
