import { FindOptionsWhere, LessThan, MoreThan, Repository } from 'typeorm';
import { ApiErrors } from '../errors/api-errors';
import { IdPrefix, isId } from '../ids/type-id';
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

/**
 * One page of `repository`, newest first, within `scope` (at least the mode).
 *
 * Ids are TypeIDs over UUIDv7: an id *is* a position in creation order — its
 * creation millisecond, then random bits that break ties — and comparing ids
 * compares those positions. So a cursor is used as a position, never looked
 * up: a cursor whose object was deleted or purged meanwhile (an iteration
 * that deletes what it lists, events past retention) keeps working, and a
 * cursor reveals nothing about whether its object exists.
 */
export async function paginate<T extends { id: string }>(
  repository: Repository<T>,
  scope: FindOptionsWhere<T>,
  query: ListQueryDto,
  prefix: IdPrefix,
): Promise<ListPage<T>> {
  const cursor = cursorOf(query, prefix);
  const olderFirst = cursor?.param === 'endingBefore';
  const idCondition = cursor ? { id: olderFirst ? MoreThan(cursor.id) : LessThan(cursor.id) } : {};
  const rows = await repository.find({
    where: { ...scope, ...idCondition } as FindOptionsWhere<T>,
    order: { id: olderFirst ? 'ASC' : 'DESC' } as never,
    take: query.limit + 1,
  });
  const hasMore = rows.length > query.limit;
  const data = rows.slice(0, query.limit);
  return { object: 'list', data: olderFirst ? data.reverse() : data, hasMore };
}
