const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);
// SQLSTATE 57P01-03: the server is shutting down or starting; 53300: too many connections.
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const POOL_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is not established|Driver not Connected/i;

/**
 * True when an error means "the database cannot be reached" rather than "this
 * query is wrong": a network failure, a connection-class SQLSTATE (08xxx), a
 * server shutting down, or the pool giving up. TypeORM wraps the driver's
 * error, so the causes are searched too.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  // Duck-typed rather than `instanceof Error`: socket errors may come from another realm.
  if (typeof error !== 'object' || error === null || depth > 3) return false;
  const { code, message, errors, driverError, cause } = error as Record<string, unknown>;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08'))) {
    return true;
  }
  if (typeof message === 'string' && POOL_MESSAGES.test(message)) return true;
  const causes = [...(Array.isArray(errors) ? errors : []), driverError, cause];
  return causes.some((inner) => isDatabaseUnavailable(inner, depth + 1));
}
