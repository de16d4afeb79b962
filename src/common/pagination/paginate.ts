import { And, FindOperator, FindOptionsWhere, LessThan, MoreThan, MoreThanOrEqual, Repository } from 'typeorm';
import { ApiErrors } from '../errors/api-errors';
import { IdPrefix, isId } from '../ids/type-id';
import { idAt } from './created-bounds';
import { ListQueryDto } from './list-query.dto';
import { findPage, IdBounds } from './page-query';

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
function idBounds(query: ListQueryDto, prefix: IdPrefix, cursor: Cursor | undefined): IdBounds {
  const bounds: Required<IdBounds> = { lessThan: [], moreThan: [], atLeast: [] };
  if (cursor) (cursor.param === 'endingBefore' ? bounds.moreThan : bounds.lessThan).push(cursor.id);
  if (query.createdGte !== undefined) bounds.atLeast.push(idAt(prefix, query.createdGte));
  if (query.createdLt !== undefined) bounds.lessThan.push(idAt(prefix, query.createdLt));
  return bounds;
}

/** The same bounds as `find` conditions. */
function idConditions({ lessThan = [], moreThan = [], atLeast = [] }: IdBounds): FindOperator<string>[] {
  return [...moreThan.map((id) => MoreThan(id)), ...lessThan.map((id) => LessThan(id)), ...atLeast.map((id) => MoreThanOrEqual(id))];
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
  const bounds = idBounds(query, prefix, cursor);
  const alternatives = Array.isArray(scope) ? scope : [scope];
  const rows = (await findPage(repository, alternatives, bounds, olderFirst ? 'ASC' : 'DESC', query.limit + 1)) ?? (await findWithBuilder(repository, alternatives, bounds, olderFirst, query.limit + 1));
  const hasMore = rows.length > query.limit;
  const data = rows.slice(0, query.limit);
  return { object: 'list', data: olderFirst ? data.reverse() : data, hasMore };
}

/** The page through `find`, for entities `findPage` does not read (relations joined, conditions beyond equality). */
function findWithBuilder<T extends { id: string }>(
  repository: Repository<T>,
  alternatives: FindOptionsWhere<T>[],
  bounds: IdBounds,
  olderFirst: boolean,
  take: number,
): Promise<T[]> {
  const conditions = idConditions(bounds);
  const idCondition = conditions.length === 0 ? {} : { id: conditions.length === 1 ? conditions[0] : And(...conditions) };
  return repository.find({
    where: alternatives.map((alternative) => ({ ...alternative, ...idCondition }) as FindOptionsWhere<T>),
    order: { id: olderFirst ? 'ASC' : 'DESC' } as never,
    take,
  });
}
