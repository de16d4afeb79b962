import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { newId } from '../src/common/ids/type-id';
import { AmountColumn } from '../src/common/money/amount.column';
import { ListQueryDto } from '../src/common/pagination/list-query.dto';
import { paginate } from '../src/common/pagination/paginate';
import { createScratchDatabase, dropDatabase } from '../src/database/scratch-database';
import { testEnv } from './setup/test-env';

@Entity('widgets')
class Widget {
  @PrimaryColumn('text')
  id!: string;

  @Column('boolean')
  livemode!: boolean;

  @AmountColumn()
  amount!: string;
}

function listQuery(fields: Partial<ListQueryDto>): ListQueryDto {
  return Object.assign(new ListQueryDto(), fields);
}

describe('shared data helpers on real PostgreSQL', () => {
  let databaseUrl: string;
  let dataSource: DataSource;
  const testIds: string[] = [];

  beforeAll(async () => {
    databaseUrl = await createScratchDatabase(testEnv('serverUrl'), 'helpers');
    dataSource = new DataSource({ type: 'postgres', url: databaseUrl, entities: [Widget] });
    await dataSource.initialize();
    await dataSource.query('CREATE TABLE widgets (id text PRIMARY KEY, livemode boolean NOT NULL, amount numeric NOT NULL)');
    const repository = dataSource.getRepository(Widget);
    // Created in a tight loop, so many share a millisecond: order must still be total and stable.
    for (let i = 0; i < 25; i++) {
      const id = newId('cus');
      testIds.push(id);
      await repository.insert([
        { id, livemode: false, amount: '1.00' },
        { id: newId('cus'), livemode: true, amount: '2.00' },
      ]);
    }
  });
  afterAll(async () => {
    await dataSource.destroy();
    await dropDatabase(testEnv('serverUrl'), databaseUrl);
  });

  describe('amounts', () => {
    it.each(['9.50', '25.00', '0.000000000000000001', '123456789012345678901234567890.123456789012345678'])(
      'come back from numeric exactly as sent: %s',
      async (amount) => {
        const repository = dataSource.getRepository(Widget);
        const id = newId('plink');
        await repository.insert({ id, livemode: false, amount });
        const stored = await repository.findOneByOrFail({ id });
        expect(stored.amount).toBe(amount);
        expect(typeof stored.amount).toBe('string');
        await repository.delete({ id });
      },
    );
  });

  describe('paginate', () => {
    const newestFirst = () => [...testIds].reverse();
    const page = (query: Partial<ListQueryDto>, livemode = false) =>
      paginate(dataSource.getRepository(Widget), { livemode }, listQuery(query), 'cus');

    it('lists newest first, 10 by default, within the mode only', async () => {
      const first = await page({});
      expect(first.object).toBe('list');
      expect(first.data.map((w) => w.id)).toEqual(newestFirst().slice(0, 10));
      expect(first.hasMore).toBe(true);
      expect(first.data.every((w) => w.livemode === false)).toBe(true);
    });

    it('walks forward with startingAfter without gaps or repeats', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 10; pages++) {
        const result = await page({ limit: 7, startingAfter: cursor });
        seen.push(...result.data.map((w) => w.id));
        if (!result.hasMore) break;
        cursor = result.data.at(-1)!.id;
      }
      expect(seen).toEqual(newestFirst());
    });

    it('walks backward with endingBefore, still listing newest first', async () => {
      const oldest = testIds[0];
      const previous = await page({ limit: 5, endingBefore: oldest });
      expect(previous.data.map((w) => w.id)).toEqual(testIds.slice(1, 6).reverse());
      expect(previous.hasMore).toBe(true);

      const newestPage = await page({ limit: 5, endingBefore: testIds[20] });
      expect(newestPage.data.map((w) => w.id)).toEqual(testIds.slice(21).reverse());
      expect(newestPage.hasMore).toBe(false);
    });

    it('reports hasMore false on the last page', async () => {
      const last = await page({ limit: 5, startingAfter: testIds[5] });
      expect(last.data.map((w) => w.id)).toEqual(testIds.slice(0, 5).reverse());
      expect(last.hasMore).toBe(false);
    });

    it.each([
      ['a malformed cursor', { startingAfter: 'not-an-id' }, 'startingAfter'],
      ['a cursor of another kind of object', { endingBefore: newId('plink') }, 'endingBefore'],
      ['both cursors', { startingAfter: 'a', endingBefore: 'b' }, 'endingBefore'],
    ])('refuses %s with 400 naming the parameter', async (_case, query, param) => {
      await expect(page(query)).rejects.toMatchObject({ status: 400, code: 'parameter_invalid', details: { param } });
    });

    it('keeps walking from a cursor whose object was purged, either way, without gaps', async () => {
      const repository = dataSource.getRepository(Widget);
      const ids = Array.from({ length: 6 }, () => newId('cus'));
      await repository.insert(ids.map((id) => ({ id, livemode: false, amount: '3.00' })));
      const purgeQuery = (query: Partial<ListQueryDto>) => paginate(repository, { livemode: false }, listQuery(query), 'cus');
      const first = await purgeQuery({ limit: 3 });
      expect(first.data.map((w) => w.id)).toEqual(ids.slice(3).reverse());
      await repository.delete({ id: ids[3] });
      const next = await purgeQuery({ limit: 3, startingAfter: ids[3] });
      expect(next.data.map((w) => w.id)).toEqual(ids.slice(0, 3).reverse());
      await repository.delete({ id: ids[2] });
      const previous = await purgeQuery({ limit: 3, endingBefore: ids[2] });
      expect(previous.data.map((w) => w.id)).toEqual([ids[5], ids[4]]);
      expect(previous.hasMore).toBe(false);
      await repository.delete(ids.map((id) => ({ id })));
    });

    it('reads a cursor from the other mode as a position only: this mode’s objects, nothing of the other', async () => {
      const [liveWidget] = (await page({ limit: 1 }, true)).data;
      const result = await page({ startingAfter: liveWidget.id, limit: 100 });
      expect(result.data.every((w) => w.livemode === false)).toBe(true);
      expect(result.data.map((w) => w.id)).toEqual(newestFirst().filter((id) => id < liveWidget.id));
    });
  });
});
