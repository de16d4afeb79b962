import type { DataSource } from 'typeorm';

export interface QueryCounter {
  readonly count: number;
  /** Puts the data source's logger back. */
  stop(): void;
}

/**
 * Counts the queries an app sends through its TypeORM data source that match
 * `matches` (TypeORM hands every query to its logger before running it), so a
 * test can say how often the database was asked without replacing anything.
 */
export function countQueries(dataSource: DataSource, matches: (query: string, parameters: unknown[]) => boolean): QueryCounter {
  const logger = dataSource.logger;
  const original = logger.logQuery;
  let count = 0;
  logger.logQuery = (query, parameters, queryRunner) => {
    if (matches(query, Array.isArray(parameters) ? parameters : [])) count++;
    return original.call(logger, query, parameters, queryRunner);
  };
  return {
    get count() {
      return count;
    },
    stop: () => {
      logger.logQuery = original;
    },
  };
}
