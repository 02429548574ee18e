/*
 * Go's text formatting, as far as Flagger's messages use it: the lab writes Flagger's event texts
 * itself (see ../../README.md, "What the lab imports from the product").
 */

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Go's `time.ParseDuration`, in milliseconds; undefined for text Go refuses. */
export function parseGoDuration(text: string): number | undefined {
  const match =
    /^([-+]?)((?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|ms|s|m|h))+|0)$/.exec(
      text.trim(),
    );
  if (!match) return undefined;
  const sign = match[1] === '-' ? -1 : 1;
  let total = 0;
  for (const [, amount, unit] of match[2].matchAll(
    /(\d+\.?\d*|\.\d+)(ns|us|µs|ms|s|m|h)/g,
  )) {
    total += Number(amount) * UNIT_MS[unit];
  }
  return sign * total;
}

/** Decimal text without trailing zeros after the point. */
function trimmed(value: number, digits: number): string {
  return value.toFixed(digits).replace(/\.?0+$/, '');
}

/** Go's `time.Duration.String()` of a duration in milliseconds (`500ms`, `1.5s`, `2m0s`). */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 0) return `-${goDuration(-ms)}`;
  const nanos = Math.round(ms * 1e6);
  if (nanos < 1e3) return `${nanos}ns`;
  if (nanos < 1e6) return `${trimmed(nanos / 1e3, 3)}µs`;
  if (nanos < 1e9) return `${trimmed(nanos / 1e6, 6)}ms`;
  const hours = Math.floor(nanos / 3.6e12);
  const minutes = Math.floor(nanos / 6e10) % 60;
  const seconds = `${trimmed((nanos % 6e10) / 1e9, 9)}s`;
  if (hours) return `${hours}h${minutes}m${seconds}`;
  if (minutes) return `${minutes}m${seconds}`;
  return seconds;
}

/**
 * `%v` of a float64: the shortest text that reads back as the same number, in exponent form when
 * the decimal exponent is below -4 or at least 6 (`1e+06`, `1.5e-05`).
 */
export function goFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  if (value === 0) return '0';
  const exponent = Math.floor(Math.log10(Math.abs(value)));
  if (exponent >= -4 && exponent < 6) return String(value);
  const [digits, power] = value.toExponential().split('e');
  const sign = power.startsWith('-') ? '-' : '+';
  return `${digits}e${sign}${power.replace(/^[-+]/, '').padStart(2, '0')}`;
}

/** A value for {@link goSprintf}: text, a number, or a duration. */
export type GoValue = string | number | { durationMs: number };

function formatValue(verb: string, value: GoValue): string {
  if (typeof value === 'object') return goDuration(value.durationMs);
  if (verb === '.2f') return Number(value).toFixed(2);
  if (verb === 'd') return String(Math.trunc(Number(value)));
  if (verb === 'q') return JSON.stringify(String(value));
  if (typeof value === 'string') return value;
  // An int and a float64 below a million print alike under %v.
  return Number.isInteger(value) && Math.abs(value) < 1e6
    ? String(value)
    : goFloat(value);
}

/** `fmt.Sprintf` for the verbs Flagger's messages use: `%s %v %d %q %.2f %%`. */
export function goSprintf(format: string, values: readonly GoValue[]): string {
  let next = 0;
  return format.replace(/%(\.2f|[svdq%])/g, (_all, verb: string) => {
    if (verb === '%') return '%';
    const value = values[next++];
    return value === undefined
      ? `%!${verb}(MISSING)`
      : formatValue(verb, value);
  });
}
