/**
 * Error codes of a database that cannot be reached or went away: the server refused or closed the
 * connection, or is shutting down or starting (PostgreSQL's SQLSTATE 57P01, 57P03, class 08).
 */
const DATABASE_DOWN_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
]);

/** Whether an error says the plugin's database cannot be reached (not that a query was wrong). */
export function isDatabaseDown(error: unknown): boolean {
  const { name, code, message } = (error ?? {}) as {
    name?: string;
    code?: string;
    message?: string;
  };
  return (
    name === 'KnexTimeoutError' ||
    (code !== undefined && DATABASE_DOWN_CODES.has(code)) ||
    /Connection terminated/.test(message ?? '')
  );
}
