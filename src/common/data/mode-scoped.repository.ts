import type { EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import type { TxHost } from './tx-host';
import type { Mode } from '../auth/scopes';
import { ApiErrors } from '../errors/api-errors';
import { redactSecrets } from '../security/redact-secrets';
import { ID_PREFIXES, IdPrefix, isId } from '../ids/type-id';
import { ListQueryDto } from '../pagination/list-query.dto';
import { ListPage, paginate } from '../pagination/paginate';

/** Every API object's table: a TypeID `id` and the mode it belongs to. */
export interface ModeScopedEntity extends ObjectLiteral {
  id: string;
  livemode: boolean;
}

const OTHER_MODE: Record<Mode, Mode> = { test: 'live', live: 'test' };

/**
 * The only way feature code reads API objects: every method takes the mode,
 * so no query can cross from test to live or back (DESIGN.md §4). Reads and
 * writes go through the transaction host, joining the caller's transaction.
 */
export class ModeScopedRepository<T extends ModeScopedEntity> {
  constructor(
    private readonly txHost: TxHost,
    private readonly entity: EntityTarget<T>,
    private readonly prefix: IdPrefix,
  ) {}

  private get repository() {
    return this.txHost.tx.getRepository(this.entity);
  }

  private scope(mode: Mode): FindOptionsWhere<T> {
    return { livemode: mode === 'live' } as FindOptionsWhere<T>;
  }

  /**
   * The object, or a 404 `resource_missing`. When the id exists in the other
   * mode the message says so, as Stripe's does — never anything of its content.
   * `lock` takes a row lock for a state transition (inside a transaction).
   */
  async get(mode: Mode, id: string, options: { lock?: boolean; param?: string } = {}): Promise<T> {
    const found = isId(this.prefix, id)
      ? await this.repository.findOne({
          where: { ...this.scope(mode), id } as FindOptionsWhere<T>,
          // Only this table's row: eagerly joined children are on the nullable side of an outer join.
          ...(options.lock ? { lock: { mode: 'pessimistic_write' as const, tables: [this.repository.metadata.tableNameWithoutPrefix] } } : {}),
        })
      : null;
    if (found) return found;
    const other = OTHER_MODE[mode];
    const inOtherMode = isId(this.prefix, id) && (await this.repository.existsBy({ ...this.scope(other), id } as FindOptionsWhere<T>));
    throw ApiErrors.resourceMissing(ID_PREFIXES[this.prefix], redactSecrets(id.slice(0, 64)), options.param, inOtherMode ? other : undefined);
  }

  /**
   * Which mode holds the object: for the pages a customer opens by id alone (a checkout page, a
   * payment link), which then read it with that mode like any other caller.
   */
  async modeOf(id: string): Promise<Mode | undefined> {
    if (!isId(this.prefix, id)) return undefined;
    // A raw one-column read: no eager relations joined.
    const found = await this.repository.createQueryBuilder('o').select('o.livemode', 'livemode').where('o.id = :id', { id }).getRawOne<{ livemode: boolean }>();
    return found ? (found.livemode ? 'live' : 'test') : undefined;
  }

  /** A page of the mode's objects matching `where` (several alternatives: any of them). */
  list(mode: Mode, query: ListQueryDto, where: FindOptionsWhere<T> | FindOptionsWhere<T>[] = {}): Promise<ListPage<T>> {
    const alternatives = Array.isArray(where) ? where : [where];
    return paginate(this.repository, alternatives.map((alternative) => ({ ...alternative, ...this.scope(mode) })), query, this.prefix);
  }

  /** Inserts or updates; the entity carries its own `livemode`, fixed when it was created. */
  save(entity: T): Promise<T> {
    return this.repository.save(entity);
  }

  /** Soft-deletes (entities with a `@DeleteDateColumn`): later reads in either mode no longer see it. */
  softRemove(entity: T): Promise<T> {
    return this.repository.softRemove(entity);
  }

  /** A new, unsaved object of `mode`; `createdAt` and other generated columns come from the database. */
  create(mode: Mode, fields: Omit<T, 'livemode' | 'createdAt'>): T {
    return this.repository.create({ ...fields, livemode: mode === 'live' } as unknown as T);
  }
}
