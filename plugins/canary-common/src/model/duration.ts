const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/**
 * Parses a Go duration string (`30s`, `1m30s`, `500ms`, `1.5h`) into milliseconds; returns
 * `undefined` when the text is not a Go duration. `0` parses as 0.
 *
 * @public
 */
export function parseGoDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  const sign = trimmed.startsWith('-') ? -1 : 1;
  const body = trimmed.replace(/^[-+]/, '');
  if (!body) return undefined;
  const part = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;
  let total = 0;
  let index = 0;
  while (index < body.length) {
    part.lastIndex = index;
    const match = part.exec(body);
    if (!match) return undefined;
    total += Number(match[1]) * UNIT_MS[match[2]];
    index = part.lastIndex;
  }
  return sign * total;
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/**
 * Formats milliseconds the way Go prints a `time.Duration` (`500ms`, `1.234s`, `1m30s`, `1h0m0s`).
 *
 * @public
 */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  const ns = Math.round(abs * 1e6);
  if (ns < 1000) return `${sign}${ns}ns`;
  if (ns < 1e6) return `${sign}${trimZeros((ns / 1e3).toFixed(3))}µs`;
  if (ns < 1e9) return `${sign}${trimZeros((ns / 1e6).toFixed(6))}ms`;
  const hours = Math.floor(ns / 3.6e12);
  const minutes = Math.floor((ns % 3.6e12) / 6e10);
  const seconds = trimZeros(((ns % 6e10) / 1e9).toFixed(9));
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

/**
 * Formats seconds as a Flagger interval (`^[0-9]+(m|s)`): whole minutes as `Nm`, otherwise `Ns`.
 *
 * @public
 */
export function formatIntervalSeconds(seconds: number): string {
  return seconds > 0 && seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`;
}

/**
 * The interval pattern of Flagger's CRD for `analysis.interval`, `metrics[].interval` and
 * `webhooks[].timeout` (hours are not allowed).
 *
 * @public
 */
export const FLAGGER_INTERVAL_PATTERN = /^[0-9]+(m|s)/;
