// Idempotency exactly once across instances: N identical POSTs with one Idempotency-Key, sent
// together through the balancer (so spread over the instances), make one customer.
import { randomUUID } from 'node:crypto';
import { send } from '../client.mjs';

export async function checkIdempotency({ base, db, loadKey, settings }) {
  const email = `idem-${randomUUID()}@example.com`;
  const request = { method: 'POST', path: '/api/v1/customers', key: loadKey, body: { email, name: 'idempotency' }, idempotencyKey: randomUUID() };
  const answers = await Promise.all(Array.from({ length: settings.idempotentCopies }, () => send(base, request)));
  const created = answers.filter((a) => a.status === 201 && a.headers.get('idempotent-replayed') !== 'true');
  const replayed = answers.filter((a) => a.status === 201 && a.headers.get('idempotent-replayed') === 'true');
  const inProgress = answers.filter((a) => a.status === 409);
  const other = answers.length - created.length - replayed.length - inProgress.length;
  const instances = new Set(answers.map((a) => a.upstream).filter(Boolean)).size;
  const ids = new Set([...created, ...replayed].map((a) => a.body.id));
  const { rows } = await db.query('SELECT count(*)::int AS n FROM customers WHERE email = $1', [email]);
  return {
    property: 'idempotency exactly once across instances',
    pass: rows[0].n === 1 && created.length === 1 && other === 0 && ids.size === 1,
    figures: `${answers.length} concurrent identical POSTs over ${instances} instances → ${created.length} created, ${replayed.length} replayed, ${inProgress.length} × 409 in progress, ${other} other; ${rows[0].n} customer in the database`,
  };
}
