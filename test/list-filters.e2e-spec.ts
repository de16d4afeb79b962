import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { CheckoutSessionsService } from '../src/sessions/checkout-sessions.service';
import { EventsService } from '../src/events/events.service';
import { apiAs, ApiClient } from './support/api-client';
import { adminCookie } from './factories/admins';
import { createKey } from './factories/api-keys';
import { createTestApp, TestApp } from './support/test-app';

const SCOPES = ['sessions:read', 'sessions:write', 'links:read', 'links:write', 'customers:read', 'customers:write', 'events:read', 'webhooks:read', 'webhooks:write'] as const;

type Listed = { id: string; type?: string; status?: string };

describe('list filters: createdGte/createdLt, session and event filters (issue 15 §2)', () => {
  let testApp: TestApp;
  let test: ApiClient;
  let live: ApiClient;
  const ids = async (api: ApiClient, path: string) => ((await api.get(path).expect(200)).body.data as Listed[]).map((object) => object.id);
  /** A boundary instant strictly between objects created before and after it (ids carry milliseconds). */
  const instantBetween = async () => {
    await sleep(5);
    const instant = new Date().toISOString();
    await sleep(5);
    return instant;
  };

  beforeAll(async () => {
    testApp = await createTestApp({ ownDatabase: true });
    test = apiAs(testApp.app, await createKey(testApp.app, { mode: 'test', scopes: [...SCOPES] }));
    live = apiAs(testApp.app, await createKey(testApp.app, { mode: 'live', scopes: [...SCOPES] }));
  });
  afterAll(() => testApp?.close());

  it('bounds a list by creation time: createdGte inclusive, createdLt exclusive, both together', async () => {
    const before = (await test.post('/api/v1/customers', { name: 'before' }).expect(201)).body.id;
    const from = await instantBetween();
    const inside = (await test.post('/api/v1/customers', { name: 'inside' }).expect(201)).body.id;
    const until = await instantBetween();
    const after = (await test.post('/api/v1/customers', { name: 'after' }).expect(201)).body.id;

    expect(await ids(test, `/api/v1/customers?limit=100&createdGte=${from}`)).toEqual([after, inside]);
    expect(await ids(test, `/api/v1/customers?limit=100&createdLt=${until}`)).toEqual(expect.arrayContaining([inside, before]));
    expect(await ids(test, `/api/v1/customers?limit=100&createdLt=${until}`)).not.toContain(after);
    expect(await ids(test, `/api/v1/customers?limit=100&createdGte=${from}&createdLt=${until}`)).toEqual([inside]);
    // An offset names the same instant.
    const offset = `${new Date(Date.parse(from) + 3_600_000).toISOString().slice(0, 23)}+01:00`;
    expect(await ids(test, `/api/v1/customers?limit=100&createdGte=${encodeURIComponent(offset)}`)).toEqual([after, inside]);
    // Events carry the same bound.
    const events = (await test.get(`/api/v1/events?limit=100&createdGte=${from}&createdLt=${until}`).expect(200)).body.data as Listed[];
    expect(events.map((event) => event.type)).toEqual(['customer.created']);
  });

  it('walks a bounded list page by page with both cursors, never leaving the bounds', async () => {
    await test.post('/api/v1/payment_links', { name: 'outside', amount: '1', currency: 'USDC' }).expect(201);
    const from = await instantBetween();
    const made: string[] = [];
    for (let index = 0; index < 5; index++) made.unshift((await test.post('/api/v1/payment_links', { name: `in ${index}`, amount: '1', currency: 'USDC' }).expect(201)).body.id);
    const until = await instantBetween();
    await test.post('/api/v1/payment_links', { name: 'outside too', amount: '1', currency: 'USDC' }).expect(201);

    const bounds = `createdGte=${from}&createdLt=${until}`;
    const walked: string[] = [];
    for (let cursor: string | undefined; ; ) {
      const page = (await test.get(`/api/v1/payment_links?limit=2&${bounds}${cursor ? `&startingAfter=${cursor}` : ''}`).expect(200)).body;
      walked.push(...(page.data as Listed[]).map((link) => link.id));
      if (!page.hasMore) break;
      cursor = walked.at(-1);
    }
    expect(walked).toEqual(made);
    const back = (await test.get(`/api/v1/payment_links?limit=2&${bounds}&endingBefore=${made[4]}`).expect(200)).body;
    expect(back.data.map((link: Listed) => link.id)).toEqual([made[2], made[3]]);
    expect(back.hasMore).toBe(true);
  });

  it.each(['/api/v1/customers', '/api/v1/payment_links', '/api/v1/checkout_sessions', '/api/v1/webhook_endpoints', '/api/v1/events'])(
    'refuses a creation bound that is not an RFC 3339 date-time on %s, naming the parameter',
    async (path) => {
      for (const [param, value] of [
        ['createdGte', '2026-11-01'],
        ['createdLt', '2026-11-01T00:00:00'],
        ['createdGte', '1700000000'],
        ['createdLt', '2026-02-30T00:00:00Z'],
      ]) {
        const refused = await test.get(`${path}?${param}=${value}`);
        expect(refused.status).toBe(400);
        expect(refused.body.error).toMatchObject({ code: 'parameter_invalid', param });
      }
    },
  );

  it("bounds an endpoint's deliveries by creation time too, and refuses a malformed bound there", async () => {
    // An event type nothing else in this suite sends: only the test deliveries below are listed.
    const endpoint = (await test.post('/api/v1/webhook_endpoints', { url: 'http://localhost:9/bounded', enabledEvents: ['payment_link.archived'] }).expect(201)).body.id;
    const send = async () => (await test.post(`/api/v1/webhook_endpoints/${endpoint}/test`).expect(200)).body.id as string;
    const before = await send();
    const from = await instantBetween();
    const inside = await send();
    const until = await instantBetween();
    const after = await send();
    const deliveries = `/api/v1/webhook_endpoints/${endpoint}/deliveries?limit=100`;

    expect(await ids(test, deliveries)).toEqual([after, inside, before]);
    expect(await ids(test, `${deliveries}&createdGte=${from}`)).toEqual([after, inside]);
    expect(await ids(test, `${deliveries}&createdLt=${until}`)).toEqual([inside, before]);
    expect(await ids(test, `${deliveries}&createdGte=${from}&createdLt=${until}`)).toEqual([inside]);
    const refused = await test.get(`${deliveries}&createdGte=yesterday`);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'parameter_invalid', param: 'createdGte' });
  });

  it('bounds the admin list of API keys by creation time too, and refuses a malformed bound', async () => {
    const http = request(testApp.app.getHttpServer());
    const cookie = await adminCookie(testApp.app);
    const from = await instantBetween();
    const made = (await http.post('/admin/api_keys').set('Cookie', cookie).send({ name: 'bounded', mode: 'test', scopes: ['events:read'] }).expect(201)).body.id;
    const listed = await http.get(`/admin/api_keys?limit=100&createdGte=${from}`).set('Cookie', cookie).expect(200);
    expect(listed.body.data.map((key: Listed) => key.id)).toEqual([made]);
    const refused = await http.get('/admin/api_keys?createdLt=yesterday').set('Cookie', cookie);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'parameter_invalid', param: 'createdLt' });
  });

  it('filters sessions by status as the API shows it, by customer and by payment link', async () => {
    const customer = (await test.post('/api/v1/customers', { name: 'Filtered' }).expect(201)).body.id;
    const link = (await test.post('/api/v1/payment_links', { name: 'Mug', amount: '3', currency: 'USDC' }).expect(201)).body.id;
    const from = await instantBetween();
    const ofCustomer = (await test.post('/api/v1/checkout_sessions', { amount: '1', currency: 'USDC', customer }).expect(201)).body.id;
    const ofLink = (await test.post('/api/v1/checkout_sessions', { paymentLink: link }).expect(201)).body.id;
    const ofBoth = (await test.post('/api/v1/checkout_sessions', { paymentLink: link, customer }).expect(201)).body.id;
    const expired = (await test.post('/api/v1/checkout_sessions', { amount: '1', currency: 'USDC' }).expect(201)).body.id;
    await test.post(`/api/v1/checkout_sessions/${expired}/expire`).expect(200);
    // Open in the table, past its expiry: the API shows it expired, so the filter does too.
    const overdue = (await test.post('/api/v1/checkout_sessions', { amount: '1', currency: 'USDC' }).expect(201)).body.id;
    await testApp.app.get(DataSource).query(`UPDATE checkout_sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [overdue]);
    await live.post('/api/v1/checkout_sessions', { amount: '1', currency: 'USDC' });
    const within = `limit=100&createdGte=${from}`;

    expect(await ids(test, `/api/v1/checkout_sessions?${within}&customer=${customer}`)).toEqual([ofBoth, ofCustomer]);
    expect(await ids(test, `/api/v1/checkout_sessions?${within}&paymentLink=${link}`)).toEqual([ofBoth, ofLink]);
    expect(await ids(test, `/api/v1/checkout_sessions?${within}&paymentLink=${link}&customer=${customer}`)).toEqual([ofBoth]);
    expect(await ids(test, `/api/v1/checkout_sessions?${within}&status=expired`)).toEqual([overdue, expired]);
    expect(await ids(test, `/api/v1/checkout_sessions?${within}&status=open`)).toEqual([ofBoth, ofLink, ofCustomer]);
    expect(await ids(test, `/api/v1/checkout_sessions?${within}&status=complete`)).toEqual([]);
    const afterBoth = await test.get(`/api/v1/checkout_sessions?limit=1&createdGte=${from}&status=open&customer=${customer}&startingAfter=${ofBoth}`).expect(200);
    expect(afterBoth.body).toMatchObject({ data: [{ id: ofCustomer }], hasMore: false });
    const shown = (await test.get(`/api/v1/checkout_sessions?${within}&status=expired`).expect(200)).body.data as Listed[];
    expect(shown.every((session) => session.status === 'expired')).toBe(true);
    // Another mode's customer id matches nothing here.
    expect(await ids(live, `/api/v1/checkout_sessions?limit=100&customer=${customer}`)).toEqual([]);
  });

  it('refuses a malformed session filter, naming the parameter', async () => {
    for (const [param, value] of [
      ['status', 'paid'],
      ['customer', 'plink_01jdqvtsjxf2nbrexx3vqjhp41'],
      ['customer', 'cus_nope'],
      ['paymentLink', 'cus_01jdqvtsjxf2nbrexx3vqjhp41'],
    ]) {
      const refused = await test.get(`/api/v1/checkout_sessions?${param}=${value}`);
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'parameter_invalid', param });
    }
  });

  it('filters events by several types, repeated or comma-separated', async () => {
    const from = await instantBetween();
    await test.post('/api/v1/customers', { name: 'typed' }).expect(201);
    await test.post('/api/v1/payment_links', { name: 'typed', amount: '1', currency: 'USDC' }).expect(201);
    await test.post('/api/v1/checkout_sessions', { amount: '1', currency: 'USDC' }).expect(201);
    const typesOf = async (query: string) => ((await test.get(`/api/v1/events?limit=100&createdGte=${from}&${query}`).expect(200)).body.data as Listed[]).map((event) => event.type);

    expect(await typesOf('')).toEqual(['checkout_session.created', 'payment_link.created', 'customer.created']);
    expect(await typesOf('types=customer.created&types=checkout_session.created')).toEqual(['checkout_session.created', 'customer.created']);
    expect(await typesOf('types=customer.created,payment_link.created')).toEqual(['payment_link.created', 'customer.created']);
    expect(await typesOf('types=payment_link.created')).toEqual(['payment_link.created']);

    for (const query of ['types=customer.created,customer.deleted', 'types=', 'type=customer.created&types=payment_link.created']) {
      const refused = await test.get(`/api/v1/events?${query}`);
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'parameter_invalid', param: 'types' });
    }
  });

  describe('query plans on a table of thousands of rows', () => {
    const dataSource = () => testApp.app.get(DataSource);

    /** The SQL statements `run` sends, with their parameters. */
    async function statementsOf(run: () => Promise<unknown>): Promise<{ sql: string; parameters: unknown[] }[]> {
      const statements: { sql: string; parameters: unknown[] }[] = [];
      const original = PostgresQueryRunner.prototype.query;
      const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query').mockImplementation(function (this: PostgresQueryRunner, sql: string, parameters?: unknown[], ...rest: unknown[]) {
        statements.push({ sql, parameters: parameters ?? [] });
        return (original as (...args: unknown[]) => Promise<unknown>).call(this, sql, parameters, ...rest);
      } as never);
      try {
        await run();
      } finally {
        spy.mockRestore();
      }
      return statements;
    }

    /** The plan of the list's statement that reads `table` (the page query, not the eager joins' follow-up). */
    async function planOf(run: () => Promise<unknown>, table: string): Promise<string> {
      const statement = (await statementsOf(run)).find(({ sql }) => sql.includes(`FROM "${table}"`) && sql.includes('LIMIT'));
      if (!statement) throw new Error(`no paged statement on ${table}`);
      const rows: { 'QUERY PLAN': string }[] = await dataSource().query(`EXPLAIN ${statement.sql}`, statement.parameters);
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    }

    beforeAll(async () => {
      // Copies of one real session: 4,000 rows over 400 customers and 40 payment links, then fresh statistics.
      const template = (await test.post('/api/v1/checkout_sessions', { amount: '1', currency: 'USDC' }).expect(201)).body.id;
      const columns: { column_name: string }[] = await dataSource().query(
        `SELECT column_name FROM information_schema.columns WHERE table_name = 'checkout_sessions' AND column_name NOT IN ('id', 'customer_id', 'payment_link_id') AND table_schema = current_schema()`,
      );
      const copied = columns.map(({ column_name }) => `"${column_name}"`).join(', ');
      await dataSource().query(
        `INSERT INTO checkout_sessions (id, customer_id, payment_link_id, ${copied})
         SELECT 'cs_bulk' || lpad(g::text, 6, '0'), 'cus_bulk' || (g % 400), 'plink_bulk' || (g % 40), ${copied}
         FROM checkout_sessions, generate_series(1, 4000) AS g WHERE id = $1`,
        [template],
      );
      await dataSource().query('ANALYZE checkout_sessions');
      await dataSource().query('ANALYZE events');
    });

    it('lists sessions of a customer or a payment link through the (livemode, customer/payment link, id) indexes', async () => {
      const sessions = testApp.app.get(CheckoutSessionsService);
      const byCustomer = await planOf(() => sessions.list('test', { limit: 10, customer: 'cus_01jdqvtsjxf2nbrexx3vqjhp41' }), 'checkout_sessions');
      expect(byCustomer).toMatch(/Scan.* (using|on) checkout_sessions_livemode_customer_id_idx/);
      expect(byCustomer).not.toMatch(/Seq Scan on checkout_sessions/);
      const byLink = await planOf(() => sessions.list('test', { limit: 10, paymentLink: 'plink_01jdqvtsjxf2nbrexx3vqjhp41' }), 'checkout_sessions');
      expect(byLink).toMatch(/Scan.* (using|on) checkout_sessions_livemode_payment_link_id_idx/);
      expect(byLink).not.toMatch(/Seq Scan on checkout_sessions/);
    });

    it('answers creation bounds from the (livemode, id) index, with no created_at index', async () => {
      const sessions = testApp.app.get(CheckoutSessionsService);
      const now = new Date();
      const bounded = await planOf(
        () => sessions.list('test', { limit: 10, createdGte: new Date(now.getTime() - 60_000).toISOString(), createdLt: now.toISOString() }),
        'checkout_sessions',
      );
      expect(bounded).toMatch(/Index Scan.* using ("PK_\w+"|checkout_sessions_livemode_id_idx) on checkout_sessions/);
      expect(bounded).not.toMatch(/Seq Scan on checkout_sessions/);
    });

    // Rare types among thousands of events: walking every event by id would read most of the table.
    it('lists events of several rare types through the (livemode, type, id) index', async () => {
      await dataSource().query(
        `INSERT INTO events (id, livemode, type, data, created_at)
         SELECT 'evt_bulk' || lpad(g::text, 6, '0'), g % 2 = 0, CASE WHEN g % 1000 = 0 THEN 'checkout_session.completed' WHEN g % 1000 = 500 THEN 'customer.updated' ELSE 'checkout_session.created' END, '{}'::jsonb, now()
         FROM generate_series(1, 20000) AS g`,
      );
      await dataSource().query('ANALYZE events');
      const events = testApp.app.get(EventsService);
      const plan = await planOf(() => events.list('test', { limit: 10, types: ['checkout_session.completed', 'customer.updated'] }), 'events');
      expect(plan).toMatch(/Scan.* (using|on) events_livemode_type_id_idx/);
      expect(plan).not.toMatch(/Seq Scan on events/);
    });
  });
});
