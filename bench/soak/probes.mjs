// What the soak watches besides its own requests: the server's Prometheus metrics, the queue
// tables as PostgreSQL sees them, and the one connection that holds a transaction open.
import pg from 'pg';

const WATCHED = {
  heapUsed: 'checkout_nodejs_heap_size_used_bytes',
  rss: 'checkout_process_resident_memory_bytes',
  pending: 'checkout_webhook_deliveries_pending',
  oldestPending: 'checkout_webhook_oldest_pending_age_seconds',
  poolWaiting: 'checkout_db_pool_waiting_requests',
  eventLoopP99: 'checkout_nodejs_eventloop_lag_p99_seconds',
};

/** The unlabelled values of WATCHED from the server's /metrics. */
export async function scrape(metricsUrl) {
  const text = await (await fetch(metricsUrl, { signal: AbortSignal.timeout(5_000) })).text();
  const values = {};
  for (const line of text.split('\n')) {
    const [name, value] = line.split(' ');
    for (const [key, metric] of Object.entries(WATCHED)) if (name === metric) values[key] = Number(value);
  }
  return values;
}

/**
 * `BEGIN; SELECT txid_current();` and then nothing until `release()`: the transaction has an xid,
 * so the xmin horizon stays at its start and no row version deleted since can be vacuumed — what
 * a forgotten psql session or a long report does to a SKIP LOCKED queue.
 */
export async function holdIdleTransaction(url) {
  const client = new pg.Client({ connectionString: url, application_name: 'soak-idle-transaction' });
  await client.connect();
  await client.query('BEGIN');
  const { rows } = await client.query('SELECT txid_current() AS xid, pg_backend_pid() AS pid');
  return {
    xid: rows[0].xid,
    pid: rows[0].pid,
    release: async () => {
      await client.query('ROLLBACK');
      await client.end();
    },
  };
}

// The worker's claim subquery as src/webhooks/delivery-leases.ts runs it, row locks included, in a
// transaction rolled back (so it changes nothing; the worker skips the rows for those few ms): its
// cost is what grows when dead index entries pile up behind an open transaction.
const CLAIM_PROBE = `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)
  SELECT id FROM webhook_deliveries
   WHERE status = 'pending' AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())
   ORDER BY next_attempt_at LIMIT 50 FOR UPDATE SKIP LOCKED`;

/** The plan's nodes, outermost first: `Limit > Index Scan on webhook_deliveries_due_idx`. */
function shape(node) {
  const here = `${node['Node Type']}${node['Index Name'] ? ` on ${node['Index Name']}` : ''}`;
  return node.Plans ? [here, ...node.Plans.map(shape)].join(' > ') : here;
}

/** A connection of its own for table statistics, the claim probe and the idle transaction's state. */
export async function databaseProbe(url, idlePid) {
  const client = new pg.Client({ connectionString: url, application_name: 'soak-probe' });
  await client.connect();
  return {
    async sample() {
      const tables = await client.query(
        `SELECT relname, n_live_tup::int AS live, n_dead_tup::int AS dead, pg_total_relation_size(relid)::bigint AS bytes,
                autovacuum_count::int AS autovacuums
           FROM pg_stat_user_tables WHERE relname IN ('webhook_deliveries', 'idempotency_records', 'events', 'customers')`,
      );
      await client.query('BEGIN');
      const [plan] = await client.query(CLAIM_PROBE).then(
        (result) => result.rows[0]['QUERY PLAN'],
        (error) => client.query('ROLLBACK').then(() => Promise.reject(error)),
      );
      await client.query('ROLLBACK');
      const idle = idlePid ? await client.query(`SELECT state, backend_xid FROM pg_stat_activity WHERE pid = $1`, [idlePid]) : null;
      return {
        tables: Object.fromEntries(tables.rows.map((row) => [row.relname, { ...row, bytes: Number(row.bytes) }])),
        claimMs: plan['Execution Time'],
        claimBuffers: plan.Plan['Shared Hit Blocks'] + plan.Plan['Shared Read Blocks'],
        claimPlan: shape(plan.Plan),
        idleHeld: idle === null || (idle.rows[0]?.state === 'idle in transaction' && idle.rows[0].backend_xid !== null),
      };
    },
    /** Deliveries by status, and the succeeded ones' distinct events (what the receiver should hold). */
    async deliveries() {
      const { rows } = await client.query(
        `SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending, count(*) FILTER (WHERE status = 'failed')::int AS failed,
                count(DISTINCT event_id) FILTER (WHERE status = 'succeeded')::int AS delivered_events,
                (SELECT count(*)::int FROM events) AS events
           FROM webhook_deliveries`,
      );
      return rows[0];
    },
    close: () => client.end(),
  };
}
