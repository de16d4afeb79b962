import { FindOperator, type EntityMetadata, type FindOptionsWhere, type ObjectLiteral, type Repository } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/** The position conditions of a page, all on `id`: strictly after/before a cursor, at/after or before a creation bound. */
export interface IdBounds {
  lessThan?: string[];
  moreThan?: string[];
  atLeast?: string[];
}

interface Shape {
  table: string;
  select: string;
  columns: ColumnMetadata[];
  byProperty: Map<string, ColumnMetadata>;
  softDelete: string | undefined;
}

const shapes = new WeakMap<EntityMetadata, Shape | null>();

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * What a page of `metadata`'s rows reads, worked out once per entity; null
 * when the entity is not one plain row (relations, inheritance, virtual or
 * transformed columns): those pages go through `Repository.find`.
 */
function shapeOf(metadata: EntityMetadata): Shape | null {
  let shape = shapes.get(metadata);
  if (shape !== undefined) return shape;
  const plain =
    metadata.relations.length === 0 &&
    metadata.embeddeds.length === 0 &&
    metadata.childEntityMetadatas.length === 0 &&
    !metadata.discriminatorColumn &&
    metadata.columns.every((column) => !column.isVirtual && !column.isVirtualProperty && !column.transformer && !column.embeddedMetadata);
  const columns = metadata.columns.filter((column) => column.isSelect);
  shape = plain
    ? {
        table: metadata.schema ? `${quote(metadata.schema)}.${quote(metadata.tableName)}` : quote(metadata.tableName),
        select: columns.map((column) => quote(column.databaseName)).join(', '),
        columns,
        byProperty: new Map(metadata.columns.map((column) => [column.propertyPath, column])),
        softDelete: metadata.deleteDateColumn ? quote(metadata.deleteDateColumn.databaseName) : undefined,
      }
    : null;
  shapes.set(metadata, shape);
  return shape;
}

/** `alternative`'s conditions as SQL with `params` appended; undefined when one is beyond plain equality or `In`. */
function conditionsOf(shape: Shape, alternative: ObjectLiteral, params: unknown[]): string[] | undefined {
  const conditions: string[] = [];
  for (const [property, value] of Object.entries(alternative)) {
    if (value === undefined) continue; // as `find` skips it
    const column = shape.byProperty.get(property);
    if (!column) return undefined;
    if (value instanceof FindOperator) {
      if (value.type !== 'in' || value.useParameter === false || !Array.isArray(value.value)) return undefined;
      params.push(value.value);
      conditions.push(`${quote(column.databaseName)} = ANY($${params.length})`);
    } else if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') {
      params.push(value);
      conditions.push(`${quote(column.databaseName)} = $${params.length}`);
    } else {
      return undefined;
    }
  }
  return conditions;
}

/**
 * One page of a plain entity's rows in one parameterised statement, hydrated
 * as `find` hydrates them (the driver's per-column conversion), without the
 * query builder: `find` rebuilt the same SQL for every request, and for a
 * one-row page that cost more than the database did. Undefined when the
 * entity or the conditions need `find`.
 */
export async function findPage<T extends ObjectLiteral>(
  repository: Repository<T>,
  alternatives: FindOptionsWhere<T>[],
  bounds: IdBounds,
  order: 'ASC' | 'DESC',
  limit: number,
): Promise<T[] | undefined> {
  const { metadata, manager } = repository;
  const shape = shapeOf(metadata);
  const id = shape?.byProperty.get('id');
  if (!shape || !id || alternatives.length === 0) return undefined;
  const params: unknown[] = [];
  const position: string[] = [];
  const compare = (operator: string, values: string[] | undefined) => {
    for (const value of values ?? []) {
      params.push(value);
      position.push(`${quote(id.databaseName)} ${operator} $${params.length}`);
    }
  };
  compare('<', bounds.lessThan);
  compare('>', bounds.moreThan);
  compare('>=', bounds.atLeast);
  if (shape.softDelete) position.push(`${shape.softDelete} IS NULL`);
  const branches: string[] = [];
  for (const alternative of alternatives) {
    const conditions = conditionsOf(shape, alternative as ObjectLiteral, params);
    if (!conditions) return undefined;
    const all = [...conditions, ...position];
    branches.push(all.length === 0 ? 'TRUE' : all.join(' AND '));
  }
  const where = branches.length === 0 ? '' : ` WHERE ${branches.map((branch) => `(${branch})`).join(' OR ')}`;
  params.push(limit);
  const sql = `SELECT ${shape.select} FROM ${shape.table}${where} ORDER BY ${quote(id.databaseName)} ${order} LIMIT $${params.length}`;
  const rows: ObjectLiteral[] = await manager.query(sql, params);
  const driver = manager.connection.driver;
  return rows.map((row) => {
    const entity = metadata.create(undefined, { fromDeserializer: true }) as T;
    for (const column of shape.columns) column.setEntityValue(entity, driver.prepareHydratedValue(row[column.databaseName], column));
    return entity;
  });
}
