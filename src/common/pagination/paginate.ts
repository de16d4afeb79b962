import { And, FindOperator, FindOptionsWhere, LessThan, MoreThan, MoreThanOrEqual, Repository } from 'typeorm';
import { ApiErrors } from '../errors/api-errors';
import { IdPrefix, isId } from '../ids/type-id';
import { idAt } from './created-bounds';
import { ListQueryDto } from './list-query.dto';

export interface ListPage<T> {
  object: 'list';
  data: T[];
  hasMore: boolean;
}

type Cursor = { param: 'startingAfter' | 'endingBefore'; id: string };

/** The cursor of `query`, checked for shape only: a TypeID of this list's prefix. */
function cursorOf(query: ListQueryDto, prefix: IdPrefix): Cursor | undefined {
  if (query.startingAfter !== undefined && query.endingBefore !== undefined) {
    throw ApiErrors.parameterInvalid('endingBefore', 'Pass startingAfter or endingBefore, not both.');
  }
  const cursor: Cursor | undefined =
    query.startingAfter !== undefined
      ? { param: 'startingAfter', id: query.startingAfter }
      : query.endingBefore !== undefined
        ? { param: 'endingBefore', id: query.endingBefore }
        : undefined;
  if (cursor && !isId(prefix, cursor.id)) {
    throw ApiErrors.parameterInvalid(cursor.param, `${cursor.param} must be an id of this list's objects (${prefix}_…).`);
  }
  return cursor;
}

/** The id conditions of a page: the cursor's position and the creation bounds, all on `id`. */
function idConditions(query: ListQueryDto, prefix: IdPrefix, cursor: Cursor | undefined): FindOperator<string>[] {
  const conditions: FindOperator<string>[] = [];
  if (cursor) conditions.push(cursor.param === 'endingBefore' ? MoreThan(cursor.id) : LessThan(cursor.id));
  if (query.createdGte !== undefined) conditions.push(MoreThanOrEqual(idAt(prefix, query.createdGte)));
  if (query.createdLt !== undefined) conditions.push(LessThan(idAt(prefix, query.createdLt)));
  return conditions;
}

/**
 * One page of `repository`, newest first, within `scope` (at least the mode).
 *
 * Ids are TypeIDs over UUIDv7: an id *is* a position in creation order — its
 * creation millisecond, then random bits that break ties — and comparing ids
 * compares those positions. So a cursor is used as a position, never looked
 * up: a cursor whose object was deleted or purged meanwhile (an iteration
 * that deletes what it lists, events past retention) keeps working, and a
 * cursor reveals nothing about whether its object exists. The creation
 * bounds are positions too (`idAt`), so every filter of a list stays within
 * an index on `(…, id)`.
 *
 * `scope` may be several alternatives (an OR), each getting the same bounds.
 */
export async function paginate<T extends { id: string }>(
  repository: Repository<T>,
  scope: FindOptionsWhere<T> | FindOptionsWhere<T>[],
  query: ListQueryDto,
  prefix: IdPrefix,
): Promise<ListPage<T>> {
  const cursor = cursorOf(query, prefix);
  const olderFirst = cursor?.param === 'endingBefore';
  const conditions = idConditions(query, prefix, cursor);
  const idCondition = conditions.length === 0 ? {} : { id: conditions.length === 1 ? conditions[0] : And(...conditions) };
  const where = (Array.isArray(scope) ? scope : [scope]).map((alternative) => ({ ...alternative, ...idCondition }) as FindOptionsWhere<T>);
  const rows = await repository.find({
    where,
    order: { id: olderFirst ? 'ASC' : 'DESC' } as never,
    take: query.limit + 1,
  });
  const hasMore = rows.length > query.limit;
  const data = rows.slice(0, query.limit);
  return { object: 'list', data: olderFirst ? data.reverse() : data, hasMore };
}
