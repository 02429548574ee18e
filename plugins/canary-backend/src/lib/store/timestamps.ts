/** Reads a timestamp column the same way on PostgreSQL (Date) and SQLite (epoch ms or text). */
export function toIso(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return new Date(value).toISOString();
  if (typeof value === 'string') {
    return new Date(/^\d+$/.test(value) ? Number(value) : value).toISOString();
  }
  throw new TypeError(`Not a timestamp: ${String(value)}`);
}

/** Parses an ISO 8601 time from a cluster, falling back to the observation time. */
export function toDate(value: string | undefined, fallback: Date): Date {
  if (!value) return fallback;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? fallback : date;
}
