// Every webhook event received exactly once: each test-mode event recorded after the endpoint was
// made (customer creates, session and payment events) against what the local receiver got.
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

export async function checkWebhooks({ db, receiver, endpointId }) {
  let expected = [];
  await waitUntil(
    async () => {
      expected = await expectedEvents(db, endpointId);
      return (await pendingDeliveries(db, endpointId)) === 0 && expected.every((id) => receiver.received.has(id));
    },
    { timeoutMs: 60_000, intervalMs: 250, what: 'every webhook delivered' },
  ).catch(() => undefined);
  const missing = expected.filter((id) => !receiver.received.has(id)).length;
  const duplicated = [...receiver.received.values()].filter((count) => count > 1).length;
  const unexpected = [...receiver.received.keys()].filter((id) => !expected.includes(id)).length;
  const deliveries = [...receiver.received.values()].reduce((a, b) => a + b, 0);
  return {
    property: 'every webhook event received exactly once',
    pass: expected.length > 0 && missing === 0 && duplicated === 0 && unexpected === 0,
    figures: `${expected.length} events recorded, ${deliveries} deliveries received: ${missing} missing, ${duplicated} received twice or more, ${unexpected} not in the database`,
  };
}
