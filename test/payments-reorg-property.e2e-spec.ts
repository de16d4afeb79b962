import fc from 'fast-check';
import { ClsService } from 'nestjs-cls';
import { DataSource } from 'typeorm';
import type { Address, Hash } from 'viem';
import { LOCAL_TOKENS } from '../src/chains/local-chain/local-tokens';
import { provisionDevChain } from '../src/chains/local-chain/provision';
import { CheckoutSessionsService } from '../src/sessions/checkout-sessions.service';
import { CreateCheckoutSessionDto } from '../src/sessions/dto/create-checkout-session.dto';
import { Anvil } from './support/anvil';
import { anvilClient, canonicalTransfers, PoolingFaucet, type AnvilClient, type CanonicalTransfer } from './support/chain-payments';
import { PAYOUT_TEST } from './support/chains';
import { createTestApp, type TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';

/**
 * Property (issue 12 §7): sessions paid in random order with random amounts, random reorgs
 * interleaved, end in exactly the state the canonical chain says. 1,000 sessions in all, opened
 * up front (the watcher watches all of them from the first run): 8 runs of 125 sessions each —
 * few runs, since each ends waiting for the watcher to settle everything.
 */
const RUNS = 8;
const SESSIONS_PER_RUN = 125;
const PRICE = 10_000_000n; // 10 USDC
/** Three blocks deep: a reorg of 1-3 blocks hits pending payments, and (depth 3) sometimes a confirmed one. */
const SETTLEMENT_BLOCKS = 3;
const USDC = LOCAL_TOKENS.find((token) => token.currency === 'USDC')!.address;

interface OpenSession {
  id: string;
  depositAddress: Address;
}

/** A transfer (then, mostly, a block: some blocks hold several transfers), or a reorg. */
type Step = { kind: 'pay'; session: number; amount: bigint; thenMine: boolean } | { kind: 'reorg'; depth: number; resend: boolean; afterWatcherSawIt: boolean };

/**
 * What each session is paid: exact, under or over in one transfer, or in two transfers each below
 * the price (together under, exact or over). No transfer can come after the price is covered, so
 * none is ever late and every transfer on the canonical chain counts.
 */
const paymentsOfOneSession = fc.oneof(
  fc.constant([PRICE]),
  fc.bigInt({ min: 1n, max: PRICE - 1n }).map((amount) => [amount]),
  fc.bigInt({ min: PRICE + 1n, max: 2n * PRICE }).map((amount) => [amount]),
  fc.bigInt({ min: 1n, max: PRICE - 1n }).map((amount) => [amount, PRICE - amount]),
  fc.tuple(fc.bigInt({ min: 1n, max: PRICE - 1n }), fc.bigInt({ min: 1n, max: PRICE - 1n })).map((amounts) => [...amounts]),
);

const reorg = fc.record({ depth: fc.integer({ min: 1, max: 3 }), resend: fc.boolean(), afterWatcherSawIt: fc.boolean() });

/** The run's transfers in random order, mined in blocks of one to a few, with up to 4 reorgs at random places among them. */
const scenario: fc.Arbitrary<Step[]> = fc
  .array(paymentsOfOneSession, { minLength: SESSIONS_PER_RUN, maxLength: SESSIONS_PER_RUN })
  .map((plans) => plans.flatMap((amounts, session) => amounts.map((amount) => ({ session, amount }))))
  .chain((payments) =>
    fc.tuple(
      fc.shuffledSubarray(payments, { minLength: payments.length, maxLength: payments.length }),
      fc.array(fc.boolean(), { minLength: payments.length, maxLength: payments.length }),
      fc.array(fc.tuple(fc.nat(payments.length), reorg), { maxLength: 4 }),
    ),
  )
  .map(([payments, blockEnds, reorgs]) => {
    const steps: Step[] = payments.map((payment, i) => ({ kind: 'pay', ...payment, thenMine: blockEnds[i] }));
    for (const [at, event] of reorgs.sort(([a], [b]) => b - a)) steps.splice(at, 0, { kind: 'reorg', ...event });
    return steps;
  });

describe('1,000 sessions paid in random order among random reorgs (property)', () => {
  let anvil: Anvil;
  let chain: AnvilClient;
  let faucet: PoolingFaucet;
  let testApp: TestApp;
  let db: DataSource;
  let sessions: OpenSession[];

  beforeAll(async () => {
    anvil = await Anvil.start();
    await provisionDevChain(anvil.rpcUrl, 'local');
    chain = anvilClient(anvil.rpcUrl);
    faucet = await PoolingFaucet.on(chain);
    testApp = await createTestApp({
      ownDatabase: true,
      env: { PAYOUT_ADDRESS_TEST: PAYOUT_TEST, RPC_URLS_LOCAL: anvil.rpcUrl, SETTLEMENT_LOCAL: String(SETTLEMENT_BLOCKS) },
    });
    db = testApp.app.get(DataSource);
    // Opened through the service the API calls (its transaction, deposit address and event), without HTTP: 1,000 requests would cost seconds.
    const [cls, service] = [testApp.app.get(ClsService), testApp.app.get(CheckoutSessionsService)];
    const open = () => cls.run(() => service.create('test', Object.assign(new CreateCheckoutSessionDto(), { amount: '10', currency: 'USDC', network: 'local' })));
    sessions = [];
    while (sessions.length < RUNS * SESSIONS_PER_RUN) {
      const batch = await Promise.all(Array.from({ length: 25 }, open));
      sessions.push(...batch.map(({ id, depositAddress }) => ({ id, depositAddress: depositAddress as Address })));
    }
  }, 60_000);

  afterAll(async () => {
    await testApp?.close();
    await anvil?.stop();
  });

  /** Until the watcher has processed the head block (compared by hash: a reorg keeps the height). */
  const watcherAtHead = () =>
    waitUntil(
      async () => {
        const [head, [progress]] = await Promise.all([chain.getBlock(), db.query(`SELECT block_hash FROM chain_progress WHERE network = 'local'`)]);
        return progress?.block_hash === head.hash;
      },
      { timeoutMs: 20_000, intervalMs: 50 },
    );

  it('records exactly the canonical chain’s transfers, and each session’s state follows from them', async () => {
    let run = 0;
    const stats = { transfers: 0, reorgs: 0, resent: 0 };
    const startedAt = Date.now();
    await fc.assert(
      fc.asyncProperty(scenario, async (steps) => {
        const mine = sessions.slice(run * SESSIONS_PER_RUN, (run + 1) * SESSIONS_PER_RUN);
        run += 1;
        for (const step of steps) {
          if (step.kind === 'pay') {
            await faucet.sendToken(USDC, mine[step.session].depositAddress, step.amount);
            if (step.thenMine) await faucet.mine();
            stats.transfers += 1;
            continue;
          }
          if (step.afterWatcherSawIt) {
            await faucet.mine();
            await watcherAtHead();
          }
          const dropped = await faucet.reorg(step.depth);
          stats.reorgs += 1;
          if (step.resend) {
            await faucet.resend(dropped);
            await faucet.mine();
            stats.resent += dropped.length;
          }
        }
        // Settle everything, with room for the next run's first reorg above the last transfer (a reorg keeps the height).
        await faucet.mine();
        await chain.mine({ blocks: SETTLEMENT_BLOCKS });
        await watcherAtHead();
        await expectCanonicalState(mine);
      }),
      // Each run uses sessions of its own: shrinking would replay on used ones, so report the first failure as it is.
      { numRuns: RUNS, endOnFailure: true },
    );
    // Every run's sessions still agree with the chain at the end (later reorgs left them alone).
    await expectCanonicalState(sessions);
    process.stdout.write(
      `reorg property: ${run} runs, ${sessions.length} sessions, ${stats.transfers} transfers, ${stats.reorgs} reorgs (${stats.resent} transactions sent again) in ${Date.now() - startedAt} ms\n`,
    );
    // Room for a slower CI runner.
  }, 180_000);

  /** The database says what the chain says, for each of `checked`. */
  async function expectCanonicalState(checked: readonly OpenSession[]) {
    const onChain = await canonicalTransfers(chain, USDC, checked.map((session) => session.depositAddress));
    const ids = checked.map((session) => session.id);
    const [rows, payments, events] = await Promise.all([
      db.query(`SELECT id, deposit_address, amount_received, amount_pending, payment_status, status FROM checkout_sessions WHERE id = ANY($1)`, [ids]),
      db.query(`SELECT session_id, tx_hash, log_index, block_hash, amount, status, matched, late FROM payments WHERE session_id = ANY($1)`, [ids]),
      db.query(
        `SELECT data->'object'->>'id' AS session_id, type, count(*)::int AS count FROM events
          WHERE data->'object'->>'id' = ANY($1) AND type IN ('checkout_session.payment_pending', 'checkout_session.payment_reorged', 'checkout_session.completed')
          GROUP BY 1, 2`,
        [ids],
      ),
    ]);
    const eventCount = (sessionId: string, type: string) =>
      (events as { session_id: string; type: string; count: number }[]).find((row) => row.session_id === sessionId && row.type === `checkout_session.${type}`)?.count ?? 0;

    const problems: string[] = [];
    for (const session of rows as { id: string; deposit_address: Address; amount_received: string; amount_pending: string; payment_status: string; status: string }[]) {
      const transfers = onChain.filter((transfer) => transfer.to.toLowerCase() === session.deposit_address.toLowerCase());
      const recorded = (payments as PaymentRow[]).filter((payment) => payment.session_id === session.id);
      const live = recorded.filter((payment) => payment.status !== 'reorged');
      const received = transfers.reduce((sum, transfer) => sum + transfer.amount, 0n);
      const covered = received >= PRICE;
      const expected = {
        amountReceived: received.toString(),
        amountPending: '0',
        paymentStatus: covered ? (received > PRICE ? 'overpaid' : 'paid') : received > 0n ? 'underpaid' : 'unpaid',
        // A session stays complete once it was (the merchant was told), even if a reorg deeper than the settlement rule took a payment back.
        status: covered || eventCount(session.id, 'completed') > 0 ? 'complete' : 'open',
        payments: transfers.map(key).sort(),
        completedEvents: covered ? 1 : Math.min(eventCount(session.id, 'completed'), 1),
        // Each recording of a payment says pending once, each orphaning says reorged once.
        pendingLessReorgedEvents: live.length,
      };
      const actual = {
        amountReceived: session.amount_received,
        amountPending: session.amount_pending,
        paymentStatus: session.payment_status,
        status: session.status,
        payments: live.map(key).sort(),
        completedEvents: eventCount(session.id, 'completed'),
        pendingLessReorgedEvents: eventCount(session.id, 'payment_pending') - eventCount(session.id, 'payment_reorged'),
      };
      if (JSON.stringify(actual) !== JSON.stringify(expected)) problems.push(`${session.id}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
      for (const payment of recorded) {
        const onCanonical = transfers.some((transfer) => `${transfer.txHash}:${transfer.logIndex}` === `${payment.tx_hash}:${payment.log_index}`);
        if (payment.status === 'reorged' && onCanonical) problems.push(`${session.id}: ${key(payment)} is on the chain but recorded as reorged`);
        if (payment.late || !payment.matched) problems.push(`${session.id}: ${key(payment)} recorded late or unmatched`);
      }
    }
    expect(rows).toHaveLength(checked.length);
    expect(problems).toEqual([]);
  }
});

interface PaymentRow {
  session_id: string;
  tx_hash: Hash;
  log_index: number;
  block_hash: Hash;
  amount: string;
  status: string;
  matched: boolean;
  late: boolean;
}

/** A transfer as the chain and as the database know it: one key, with what must agree. */
function key(transfer: CanonicalTransfer | PaymentRow): string {
  if ('txHash' in transfer) return `${transfer.txHash}:${transfer.logIndex}:${transfer.blockHash}:${transfer.amount}:confirmed`;
  return `${transfer.tx_hash}:${transfer.log_index}:${transfer.block_hash}:${transfer.amount}:${transfer.status}`;
}
