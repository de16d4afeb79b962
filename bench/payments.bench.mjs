// `npm run bench:payments`: the chain watcher (issue 12 §8). An Anvil mining a block a second (the
// local chain's pace), provisioned as the service provisions it, behind a JSON-RPC proxy that
// counts calls; the built server watches it as `local` (LOCAL_CHAIN=off, RPC_URLS_LOCAL at the
// proxy) on a scratch database. Three measurements, in this order on the same chain and database:
//
//   1. Detection latency: PAYMENTS USDC payments (a few per block), from the block to the
//      committed checkout_session.payment_pending and .completed events (their createdAt), p50/p99.
//      Block timestamps have a 1 s resolution, so the block's time is the moment a separate
//      listener, polling Anvil every 20 ms, first saw it: that is 0–20 ms (plus one local RPC
//      round trip) after Anvil mined it, so these latencies are short by that much at most. The
//      latencies from the integer timestamps are shown too: they are long by up to a second.
//   2. Watcher cost per new block: RPC calls (JSON-RPC requests, batches unpacked) and the server
//      process's CPU time (utime + stime from /proc, over WINDOW_BLOCKS blocks, divided by them;
//      shown also less what the same server uses without a chain, measured first: its webhook
//      worker, expiry sweeper and the like poll PostgreSQL whether or not anything is watched),
//      with the part-1 sessions only, then with OPEN_SESSIONS more (ETH_SHARE of them in ETH),
//      inserted straight into the database (the API takes a minute or two for 10,000 on two
//      cores) with the deposit addresses the service computes. The server's PostgreSQL work is
//      not in its CPU time. Then the detection latency again, LOADED_PAYMENTS payments with
//      those sessions open.
//   3. Catch-up: the server stopped, DOWNTIME_BLOCKS mined with DOWNTIME_PAYMENTS payments among
//      them, the server started: blocks per second from the watcher's first request (its first
//      head read; the start-up check before it asks only eth_chainId and eth_getCode) until
//      GET /healthz/chains says lag 0, and whether every payment was recorded.
//
// Knobs: BENCH_PAYMENTS, BENCH_OPEN_SESSIONS, BENCH_WINDOW_BLOCKS, BENCH_DOWNTIME_BLOCKS.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { createPublicClient, http } from 'viem';
import { cpuMs, freePort, keyMaker, scratchDatabase, startServer, stopServer } from './harness.mjs';
import { startRpcCounter } from './json-rpc-counter.mjs';
import { pollIntervalMs } from '../dist/src/chain-watcher/chain-watchers.js';
import { depositAddress, depositSalt } from '../dist/src/chains/deposit-factory.js';
import { AnvilProcess } from '../dist/src/chains/local-chain/anvil-process.js';
import { LOCAL_PAYOUT_ADDRESS } from '../dist/src/chains/local-chain/dev-accounts.js';
import { DevFaucet } from '../dist/src/chains/local-chain/faucet.js';
import { faucetClient } from '../dist/src/chains/local-chain/faucet-client.js';
import { LOCAL_TOKENS } from '../dist/src/chains/local-chain/local-tokens.js';
import { provisionDevChain, TOKEN_CALL_GAS } from '../dist/src/chains/local-chain/provision.js';
import { NETWORKS } from '../dist/src/chains/networks.js';
import { newId } from '../dist/src/common/ids/type-id.js';
import { testTokenArtifact } from '../dist/contracts/artifacts/TestToken.js';

const PAYMENTS = Number(process.env.BENCH_PAYMENTS ?? 100);
const LOADED_PAYMENTS = 20;
const PAYMENTS_PER_BLOCK = 4;
const OPEN_SESSIONS = Number(process.env.BENCH_OPEN_SESSIONS ?? 10_000);
const ETH_SHARE = 0.1;
const WINDOW_BLOCKS = Number(process.env.BENCH_WINDOW_BLOCKS ?? 20);
const DOWNTIME_BLOCKS = Number(process.env.BENCH_DOWNTIME_BLOCKS ?? 2_000);
const DOWNTIME_PAYMENTS = 20;
const LISTENER_POLL_MS = 20;
const BACKGROUND_SECONDS = 15;
const CREATE_CONCURRENCY = 16;

const USDC = LOCAL_TOKENS.find((token) => token.currency === 'USDC').address;
const BLOCK_TIME_S = NETWORKS.local.blockTimeMs / 1000;

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const spread = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { 'p50 ms': percentile(sorted, 50), 'p99 ms': percentile(sorted, 99), 'max ms': sorted.at(-1), samples: sorted.length };
};

/** Polls the head every 20 ms and remembers when each new block was first seen. */
function blockListener(client) {
  const seen = new Map();
  let head = -1n;
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const block = await client.getBlock({ blockTag: 'latest' });
        if (block.number > head) {
          head = block.number;
          seen.set(block.number, { seenAt: Date.now(), timestampMs: Number(block.timestamp) * 1000 });
        }
      } catch {
        // Anvil busy mining a burst: the next poll sees it.
      }
      await sleep(LISTENER_POLL_MS);
    }
  })();
  return {
    seen,
    get head() {
      return head;
    },
    async untilHead(number) {
      while (head < number) await sleep(5);
    },
    async stop() {
      running = false;
      await loop;
    },
  };
}

async function until(check, { timeoutMs, what }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** `count` open test sessions on `local`, one in 1/ETH_SHARE priced in ETH, the rest in USDC, as the API would create them. */
async function insertSessions(databaseUrl, count) {
  const ethEvery = Math.round(1 / ETH_SHARE);
  const sessions = Array.from({ length: count }, (_, index) => {
    const id = newId('cs');
    const [currency, amount, decimals] = index % ethEvery === 0 ? ['ETH', '0.01', 18] : ['USDC', '10', 6];
    return { id, currency, amount, decimals, depositAddress: depositAddress(LOCAL_PAYOUT_ADDRESS, depositSalt(id)) };
  });
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO checkout_sessions (id, livemode, status, amount, currency, expires_at, networks, payout_address, deposit_address, asset_decimals)
       SELECT id, false, 'open', amount, currency, now() + interval '1 day', '{local}', $6, deposit_address, decimals
         FROM unnest($1::text[], $2::numeric[], $3::text[], $4::text[], $5::smallint[]) AS s(id, amount, currency, deposit_address, decimals)`,
      [sessions.map((s) => s.id), sessions.map((s) => s.amount), sessions.map((s) => s.currency), sessions.map((s) => s.depositAddress), sessions.map((s) => s.decimals), LOCAL_PAYOUT_ADDRESS],
    );
  } finally {
    await client.end();
  }
  return sessions;
}

async function main() {
  const anvil = await AnvilProcess.start({ port: await freePort(), args: ['--chain-id', String(NETWORKS.local.chainId), '--block-time', String(BLOCK_TIME_S)] });
  const rpc = await startRpcCounter(anvil.rpcUrl);
  const database = await scratchDatabase();
  const chain = faucetClient(anvil.rpcUrl, 'local');
  const listener = blockListener(createPublicClient({ transport: http(anvil.rpcUrl), cacheTime: 0 }));
  let server;
  try {
    await provisionDevChain(anvil.rpcUrl, 'local');
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const admin = { email: 'bench@example.com', password: randomBytes(12).toString('hex') };
    const env = {
      ...database.env,
      LOG_LEVEL: 'info',
      PORT: String(port),
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      RATE_LIMIT_DISABLED: 'true',
      RPC_URLS_LOCAL: rpc.url,
      PAYOUT_ADDRESS_TEST: LOCAL_PAYOUT_ADDRESS,
    };
    const { RPC_URLS_LOCAL: _watched, ...withoutChain } = env;
    server = await startServer(withoutChain);
    await sleep(2_000);
    const backgroundCpuBefore = cpuMs(server.pid);
    await sleep(BACKGROUND_SECONDS * 1000);
    const backgroundMsPerSecond = (cpuMs(server.pid) - backgroundCpuBefore) / BACKGROUND_SECONDS;
    await stopServer(server);
    server = await startServer(env);
    const secret = await (await keyMaker(base, admin))(['sessions:read', 'sessions:write', 'events:read'], 'test');
    const api = async (method, path, body) => {
      const response = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
      return response.json();
    };
    const chainStatus = async () => (await (await fetch(`${base}/healthz/chains`)).json()).data.find((network) => network.network === 'local');
    const caughtUp = async () => {
      const status = await chainStatus();
      return status?.lag === 0 && BigInt(status.processedBlock) >= listener.head ? status : undefined;
    };
    await until(caughtUp, { timeoutMs: 30_000, what: 'the watcher to reach the head' });

    const createSessions = async (count, fieldsOf) => {
      const sessions = new Array(count);
      let next = 0;
      await Promise.all(
        Array.from({ length: CREATE_CONCURRENCY }, async () => {
          while (next < count) {
            const index = next++;
            sessions[index] = await api('POST', '/api/v1/checkout_sessions', fieldsOf(index));
          }
        }),
      );
      return sessions;
    };
    const eventsOf = async (type) => {
      const events = [];
      let startingAfter;
      for (;;) {
        const page = await api('GET', `/api/v1/events?type=${type}&limit=100${startingAfter ? `&startingAfter=${startingAfter}` : ''}`);
        events.push(...page.data);
        if (!page.hasMore) return events;
        startingAfter = page.data.at(-1).id;
      }
    };

    console.log(`1. detection latency: ${PAYMENTS} USDC payments, ${PAYMENTS_PER_BLOCK} a block, block time ${BLOCK_TIME_S} s, poll interval ${pollIntervalMs(NETWORKS.local)} ms`);
    const latency = await detectionLatency(PAYMENTS);
    console.table(latency.table);
    console.log(`   ${latency.blocks} blocks; block first seen − its timestamp (the timestamp's 1 s resolution): ${JSON.stringify(spread(latency.seenAfterTimestamp))}`);
    console.log(`   target: p50 ≤ poll interval + 250 ms = ${pollIntervalMs(NETWORKS.local) + 250} ms\n`);

    console.log(`2. watcher cost per new block, over ${WINDOW_BLOCKS} blocks; the same server without a chain uses ${backgroundMsPerSecond.toFixed(1)} ms of CPU a second`);
    const cost = {};
    cost[`${PAYMENTS} sessions`] = await costPerBlock();
    const open = await insertSessions(database.url(), OPEN_SESSIONS);
    await until(caughtUp, { timeoutMs: 60_000, what: 'the watcher to catch up after the sessions were created' });
    await listener.untilHead(listener.head + 3n);
    cost[`${PAYMENTS + OPEN_SESSIONS} sessions (${OPEN_SESSIONS} open)`] = await costPerBlock();
    console.table(cost);
    console.log('   target: ≤ 4 calls and ≤ 50 ms of CPU per block');
    console.log(`   detection latency with the ${OPEN_SESSIONS} sessions open: ${LOADED_PAYMENTS} USDC payments`);
    console.table((await detectionLatency(LOADED_PAYMENTS)).table);
    console.log();

    const watched = PAYMENTS + OPEN_SESSIONS + LOADED_PAYMENTS;
    console.log(`3. catch-up after downtime: ${DOWNTIME_BLOCKS} blocks with ${DOWNTIME_PAYMENTS} payments among them, ${watched} watched sessions`);
    console.table({ 'catch-up': await catchUp(open) });

    async function detectionLatency(count) {
      const sessions = await createSessions(count, () => ({ amount: '10', currency: 'USDC', network: 'local' }));
      // Part 2 inserts its sessions with addresses computed here: they must be the service's.
      if (sessions.some((session) => session.depositAddress !== depositAddress(LOCAL_PAYOUT_ADDRESS, depositSalt(session.id)))) {
        throw new Error('the benchmark computes deposit addresses differently from the service');
      }
      const faucet = new DevFaucet(anvil.rpcUrl, 'local');
      const paid = [];
      for (let start = 0; start < sessions.length; start += PAYMENTS_PER_BLOCK) {
        await listener.untilHead(listener.head + 1n);
        // Sent at a random point of the block interval: no pattern between sending and mining.
        await sleep(Math.random() * 600);
        for (const session of sessions.slice(start, start + PAYMENTS_PER_BLOCK)) paid.push(faucet.pay(session.depositAddress, { kind: 'token', address: USDC }, 10_000_000n));
      }
      await Promise.all(paid);
      const ids = new Set(sessions.map((session) => session.id));
      const ours = async (type) => (await eventsOf(type)).filter((event) => ids.has(event.data.object.id));
      await until(async () => (await ours('checkout_session.completed')).length === count, { timeoutMs: 60_000, what: 'every session to complete' });
      const rows = { pending: { seen: [], stamp: [] }, completed: { seen: [], stamp: [] } };
      const blocks = new Map();
      for (const [kind, type] of [
        ['pending', 'checkout_session.payment_pending'],
        ['completed', 'checkout_session.completed'],
      ]) {
        for (const event of await ours(type)) {
          const number = BigInt(event.data.object.payments[0].blockNumber);
          const block = listener.seen.get(number);
          if (!block) throw new Error(`the listener missed block ${number}`);
          blocks.set(number, block);
          rows[kind].seen.push(Date.parse(event.createdAt) - block.seenAt);
          rows[kind].stamp.push(Date.parse(event.createdAt) - block.timestampMs);
        }
      }
      return {
        table: {
          'payment_pending − block seen': spread(rows.pending.seen),
          'completed − block seen': spread(rows.completed.seen),
          'payment_pending − block timestamp': spread(rows.pending.stamp),
          'completed − block timestamp': spread(rows.completed.stamp),
        },
        blocks: blocks.size,
        seenAfterTimestamp: [...blocks.values()].map((block) => block.seenAt - block.timestampMs),
      };
    }

    async function costPerBlock() {
      const first = listener.head + 1n;
      await listener.untilHead(first);
      rpc.reset();
      const [cpuBefore, startedAt] = [cpuMs(server.pid), Date.now()];
      await listener.untilHead(first + BigInt(WINDOW_BLOCKS));
      const cpu = cpuMs(server.pid) - cpuBefore;
      const background = (backgroundMsPerSecond * (Date.now() - startedAt)) / 1000;
      const perBlock = (count) => Number((count / WINDOW_BLOCKS).toFixed(2));
      const methods = Object.fromEntries([...rpc.methods].sort().map(([method, count]) => [method, perBlock(count)]));
      const status = await chainStatus();
      return { 'calls/block': perBlock(rpc.requests), 'HTTP/block': perBlock(rpc.http), 'CPU ms/block': Number((cpu / WINDOW_BLOCKS).toFixed(1)), 'less background': Number(((cpu - background) / WINDOW_BLOCKS).toFixed(1)), lag: status.lag, 'calls by method': JSON.stringify(methods) };
    }

    async function catchUp(openSessions) {
      const stoppedAt = BigInt((await until(caughtUp, { timeoutMs: 30_000, what: 'the watcher to reach the head' })).processedBlock);
      await stopServer(server);
      // Blocks by hand, so 2,000 of them take seconds; payments go into the first block of each stretch.
      await chain.request({ method: 'evm_setIntervalMining', params: [0] });
      const eth = openSessions.filter((session) => session.currency === 'ETH');
      const usdc = openSessions.filter((session) => session.currency === 'USDC');
      const payees = [];
      for (let index = 0; index < DOWNTIME_PAYMENTS; index += 1) {
        if (index % 2 === 0) {
          const session = usdc[index];
          payees.push(session);
          await chain.writeContract({ address: USDC, abi: testTokenArtifact.abi, functionName: 'transfer', args: [session.depositAddress, 10_000_000n], gas: TOKEN_CALL_GAS });
        } else {
          // One in ten is ETH to a USDC session: unmatched, still recorded.
          const session = index % 10 === 9 ? usdc[index] : eth[index];
          payees.push(session);
          await chain.sendTransaction({ to: session.depositAddress, value: 10n ** 16n, gas: 21_000n });
        }
        await chain.mine({ blocks: DOWNTIME_BLOCKS / DOWNTIME_PAYMENTS });
      }
      await chain.request({ method: 'evm_setIntervalMining', params: [BLOCK_TIME_S] });
      const target = await chain.getBlockNumber();
      rpc.reset();
      const startedAt = Date.now();
      server = await startServer(env);
      const status = await until(caughtUp, { timeoutMs: 120_000, what: 'the restarted watcher to catch up' });
      const doneAt = Date.now();
      const watching = rpc.firstAsked.get('eth_getBlockByNumber');
      const blocks = Number(BigInt(status.processedBlock) - stoppedAt);
      const recorded = await Promise.all(payees.map(async (session) => (await api('GET', `/api/v1/checkout_sessions/${session.id}`)).payments.length > 0));
      return {
        'blocks behind': Number(target - stoppedAt),
        'blocks processed': blocks,
        'blocks/s': Math.round(blocks / ((doneAt - watching) / 1000)),
        'first head read → lag 0 s': Number(((doneAt - watching) / 1000).toFixed(2)),
        'spawn → lag 0 s': Number(((doneAt - startedAt) / 1000).toFixed(2)),
        'RPC calls': rpc.requests,
        'payments recorded': `${recorded.filter(Boolean).length}/${payees.length}`,
      };
    }
  } finally {
    if (server) await stopServer(server);
    await listener.stop();
    await rpc.stop();
    await anvil.stop();
    await database.drop();
  }
}

await main();
