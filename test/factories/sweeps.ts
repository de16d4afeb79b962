import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { getAddress, parseEther, type Address, type Hash } from 'viem';
import { NETWORKS, type NetworkName } from '../../src/chains/networks';
import { SweepItem } from '../../src/collecting/sweep-item.entity';
import { Sweep } from '../../src/collecting/sweep.entity';
import { newId } from '../../src/common/ids/type-id';
import { Payment } from '../../src/sessions/payments/payment.entity';
import { usdc } from '../support/chain-payments';

export const randomAddress = (): Address => getAddress(`0x${randomBytes(20).toString('hex')}`);
export const randomHash = (): Hash => `0x${randomBytes(32).toString('hex')}`;

/**
 * A copy of a real session in `livemode`, for payments on networks a test machine does not
 * enable (live ones above all): payments need a session to belong to, nothing more here.
 */
export async function copySession(db: DataSource, templateId: string, livemode: boolean): Promise<string> {
  const id = newId('cs');
  const columns = ((await db.query(
    `SELECT column_name FROM information_schema.columns WHERE table_name = 'checkout_sessions' AND column_name NOT IN ('id', 'livemode') AND table_schema = current_schema()`,
  )) as { column_name: string }[]).map(({ column_name }) => `"${column_name}"`);
  await db.query(`INSERT INTO checkout_sessions (id, livemode, ${columns.join(', ')}) SELECT $1, $2, ${columns.join(', ')} FROM checkout_sessions WHERE id = $3`, [id, livemode, templateId]);
  return id;
}

interface PaymentRow {
  session: string;
  network: NetworkName;
  currency: 'ETH' | 'USDC';
  amount: bigint;
  depositAddress: Address;
  status?: 'pending' | 'confirmed';
  sweepId?: string;
}

export async function insertPayment(db: DataSource, row: PaymentRow): Promise<void> {
  const network = NETWORKS[row.network];
  const token = row.currency === 'ETH' ? null : network.tokens.find((candidate) => candidate.currency === row.currency)!.address;
  const status = row.status ?? 'confirmed';
  await db.getRepository(Payment).insert({
    id: newId('pay'),
    sessionId: row.session,
    livemode: network.mode === 'live',
    network: network.name,
    currency: row.currency,
    tokenAddress: token,
    depositAddress: row.depositAddress,
    txHash: randomHash(),
    logIndex: token ? 0 : null,
    fromAddress: randomAddress(),
    amount: row.amount,
    blockNumber: 100n,
    blockHash: randomHash(),
    confirmations: status === 'confirmed' ? 12 : 0,
    status,
    matched: true,
    late: false,
    detectedAt: new Date(),
    confirmedAt: status === 'confirmed' ? new Date() : null,
    sweepId: row.sweepId ?? null,
  });
}

interface SweepRow {
  network: NetworkName;
  initiator: 'service' | 'other';
  status?: 'mined' | 'submitted';
  txHash?: string;
  fee?: bigint;
  minedAt?: Date;
  items?: { depositAddress: Address; session: string; currency: 'ETH' | 'USDC'; amount: bigint }[];
}

export async function insertSweep(db: DataSource, row: SweepRow): Promise<Sweep> {
  const network = NETWORKS[row.network];
  const mined = (row.status ?? 'mined') === 'mined';
  const sweep = await db.getRepository(Sweep).save(
    db.getRepository(Sweep).create({
      id: newId('sweep'),
      livemode: network.mode === 'live',
      network: network.name,
      initiator: row.initiator,
      status: mined ? 'mined' : 'submitted',
      txHash: row.txHash ?? randomHash(),
      replacedTxHashes: [],
      rawTransaction: null,
      sender: randomAddress(),
      nonce: null,
      plannedAddresses: [],
      maxFeePerGas: null,
      maxPriorityFeePerGas: null,
      blockNumber: mined ? 200n : null,
      blockHash: mined ? randomHash() : null,
      logIndex: mined ? 0 : null,
      gasUsed: mined ? 54_000n : null,
      fee: mined ? (row.fee ?? 162_000_000_000_000n) : null,
      submittedAt: row.initiator === 'service' ? new Date() : null,
      minedAt: mined ? (row.minedAt ?? new Date()) : null,
    }),
  );
  const items = (row.items ?? []).map((item) => {
    const token = item.currency === 'ETH' ? null : network.tokens.find((candidate) => candidate.currency === item.currency)!.address;
    return { sweepId: sweep.id, depositAddress: item.depositAddress, sessionId: item.session, currency: item.currency, tokenAddress: token, amount: item.amount };
  });
  if (items.length > 0) await db.getRepository(SweepItem).insert(items);
  return sweep;
}

/** What `seedCollectedFunds` recorded, for the page's expected numbers and links. */
export interface CollectedFunds {
  baseSweep: Sweep;
  sepoliaSweep: Sweep;
  baseDeposit: Address;
}

/**
 * Funds on two networks this test machine does not enable (so no sweeper touches them), from a
 * template session of the app: on base (live), 1.5 ETH and 1200 USDC swept by the service and
 * 50.5 USDC waiting, 3 USDC still unconfirmed; on sepolia (test), 10 USDC swept by someone
 * else and 0.25 ETH waiting.
 */
export async function seedCollectedFunds(db: DataSource, templateSession: string): Promise<CollectedFunds> {
  const live = await copySession(db, templateSession, true);
  const test = await copySession(db, templateSession, false);
  const [baseDeposit, sepoliaDeposit] = [randomAddress(), randomAddress()];
  const baseSweep = await insertSweep(db, {
    network: 'base',
    initiator: 'service',
    items: [
      { depositAddress: baseDeposit, session: live, currency: 'ETH', amount: parseEther('1.5') },
      { depositAddress: baseDeposit, session: live, currency: 'USDC', amount: usdc('1200') },
    ],
  });
  await insertPayment(db, { session: live, network: 'base', currency: 'ETH', amount: parseEther('1.5'), depositAddress: baseDeposit, sweepId: baseSweep.id });
  await insertPayment(db, { session: live, network: 'base', currency: 'USDC', amount: usdc('1200'), depositAddress: baseDeposit, sweepId: baseSweep.id });
  await insertPayment(db, { session: live, network: 'base', currency: 'USDC', amount: usdc('50.5'), depositAddress: baseDeposit });
  await insertPayment(db, { session: live, network: 'base', currency: 'USDC', amount: usdc('3'), depositAddress: baseDeposit, status: 'pending' });
  const sepoliaSweep = await insertSweep(db, {
    network: 'sepolia',
    initiator: 'other',
    fee: 21_000_000_000_000n,
    items: [{ depositAddress: sepoliaDeposit, session: test, currency: 'USDC', amount: usdc('10') }],
  });
  await insertPayment(db, { session: test, network: 'sepolia', currency: 'USDC', amount: usdc('10'), depositAddress: sepoliaDeposit, sweepId: sepoliaSweep.id });
  await insertPayment(db, { session: test, network: 'sepolia', currency: 'ETH', amount: parseEther('0.25'), depositAddress: sepoliaDeposit });
  return { baseSweep, sepoliaSweep, baseDeposit };
}
