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

function cursorOf(query: ListQueryDto): Cursor | undefined {
  if (query.startingAfter !== undefined && query.endingBefore !== undefined) {
    throw ApiErrors.parameterInvalid('endingBefore', 'Pass startingAfter or endingBefore, not both.');
  }
  if (query.startingAfter !== undefined) return { param: 'startingAfter', id: query.startingAfter };
  if (query.endingBefore !== undefined) return { param: 'endingBefore', id: query.endingBefore };
  return undefined;
}

/**
 * One page of `repository`, newest first. Ids are TypeIDs over UUIDv7, so
 * ordering by id is ordering by creation time with no ties, and a cursor is
 * simply an id. `scope` (at least the mode) restricts the rows and the
 * cursor alike: a cursor naming an object outside it is a 400.
 */
export async function paginate<T extends { id: string }>(
  repository: Repository<T>,
  scope: FindOptionsWhere<T>,
  query: ListQueryDto,
  prefix: IdPrefix,
): Promise<ListPage<T>> {
  const cursor = cursorOf(query);
  if (cursor) {
    const known =
      isId(prefix, cursor.id) && (await repository.exists({ where: { ...scope, id: cursor.id } as FindOptionsWhere<T> }));
    if (!known) throw ApiErrors.parameterInvalid(cursor.param, `${cursor.param} does not name an object in this list.`);
  }
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
