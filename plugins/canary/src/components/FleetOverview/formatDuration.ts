/** A duration in the largest two units: "45s", "12m 5s", "3h 20m", "2d 4h". */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const units: Array<[string, number]> = [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ];
  const parts: string[] = [];
  let rest = seconds;
  for (const [unit, size] of units) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0 || (parts.length === 0 && unit === 's')) {
      parts.push(`${count}${unit}`);
    }
    if (parts.length === 2) break;
    if (parts.length === 1 && count === 0) break;
  }
  return parts.join(' ');
}

/** How long ago an ISO time was, or `undefined` when it is missing or not a date. */
export function timeSince(
  iso: string | undefined,
  now: number,
): string | undefined {
  if (!iso) return undefined;
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return undefined;
  return formatDuration(now - at);
}
