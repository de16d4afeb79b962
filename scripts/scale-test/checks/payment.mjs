// A payment on the local chain completes exactly once: a test session paid through the test helper
// (a real USDC transfer from the faucet, found by whichever instance leads the watcher).
import { randomUUID } from 'node:crypto';
import { send, sendWithRetries } from '../client.mjs';
import { waitUntil } from '../wait.mjs';

export async function checkPayment({ base, db, loadKey }, label) {
  const create = await sendWithRetries(base, { method: 'POST', path: '/api/v1/checkout_sessions', key: loadKey, body: { amount: '12.50', currency: 'USDC' }, idempotencyKey: randomUUID() });
  if (create.status !== 201) throw new Error(`creating the session answered ${create.status} ${JSON.stringify(create.body)}`);
  const id = create.body.id;
  const pay = await sendWithRetries(base, { method: 'POST', path: `/api/v1/test_helpers/checkout_sessions/${id}/pay`, key: loadKey, body: {}, idempotencyKey: randomUUID() });
  let session;
  await waitUntil(async () => {
    session = (await send(base, { path: `/api/v1/checkout_sessions/${id}`, key: loadKey })).body;
    return session?.status === 'complete';
  }, { timeoutMs: 30_000, what: 'the paid session to complete' }).catch(() => undefined);
  const payments = (await db.query('SELECT count(*)::int AS n FROM payments WHERE session_id = $1', [id])).rows[0].n;
  const completed = (await db.query(`SELECT count(*)::int AS n FROM events WHERE type = 'checkout_session.completed' AND data->'object'->>'id' = $1`, [id])).rows[0].n;
  return {
    property: `a payment on the local chain completes exactly once (${label})`,
    pass: pay.status === 200 && session?.status === 'complete' && session?.paymentStatus === 'paid' && payments === 1 && completed === 1,
    figures: `pay helper answered ${pay.status}; session ${session?.status}/${session?.paymentStatus}; ${payments} payment row, ${completed} checkout_session.completed event`,
  };
}
