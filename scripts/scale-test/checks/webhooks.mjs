// Every webhook event received exactly once: each test-mode event recorded after the endpoint was
// made (customer creates, session and payment events) against what the local receiver got.
// kill -9 is the one exception: a delivery the killed instance had sent but not yet recorded as
// answered is sent again by another instance (at-least-once, as Standard Webhooks says; the receiver
// dedupes by webhook-id). Such a copy is told apart — its first arrival before the kill, the next
// after — and counted; any other second copy fails the property.
import { waitUntil } from '../wait.mjs';

async function expectedEvents(db, endpointId) {
  const { rows } = await db.query(
    `SELECT e.id FROM events e, webhook_endpoints w WHERE w.id = $1 AND NOT e.livemode AND e.created_at > w.created_at`,
    [endpointId],
  );
  return rows.map((row) => row.id);
}

const pendingDeliveries = async (db, endpointId) =>
  (await db.query(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE endpoint_id = $1 AND status = 'pending'`, [endpointId])).rows[0].n;

export async function checkWebhooks({ db, receiver, endpointId, killedAt }) {
  let expected = [];
  await waitUntil(
    async () => {
      expected = await expectedEvents(db, endpointId);
      return (await pendingDeliveries(db, endpointId)) === 0 && expected.every((id) => receiver.received.has(id));
    },
    { timeoutMs: 60_000, intervalMs: 250, what: 'every webhook delivered' },
  ).catch(() => undefined);
  const missing = expected.filter((id) => !receiver.received.has(id)).length;
  const repeated = [...receiver.received.values()].filter((arrivals) => arrivals.length > 1);
  const inFlightAtKill = repeated.filter((arrivals) => arrivals.length === 2 && killedAt !== undefined && arrivals[0] <= killedAt && arrivals[1] > killedAt).length;
  const unexpected = [...receiver.received.keys()].filter((id) => !expected.includes(id)).length;
  const deliveries = [...receiver.received.values()].reduce((sum, arrivals) => sum + arrivals.length, 0);
  return {
    property: 'every webhook event received exactly once (a delivery in flight at the kill -9: twice, deduped by webhook-id)',
    pass: expected.length > 0 && missing === 0 && repeated.length === inFlightAtKill && unexpected === 0,
    figures: `${expected.length} events recorded, ${deliveries} deliveries received: ${missing} missing, ${repeated.length - inFlightAtKill} received twice otherwise, ${inFlightAtKill} in flight at the kill -9 sent again, ${unexpected} not in the database`,
  };
}
