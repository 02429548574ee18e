import { formatGoDuration } from '../model/duration';

/**
 * Formats a float64 the way Go's `%v` does (shortest representation, exponent form from 1e+06 and
 * below 1e-04, `NaN`, `+Inf`).

 */
export function formatGoFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  if (value === 0) return '0';
  const [mantissa, expText] = value.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const abs = Math.abs(exp);
    return `${mantissa}e${exp < 0 ? '-' : '+'}${abs < 10 ? `0${abs}` : abs}`;
  }
  return String(value);
}

/**
 * A value for a Go format verb: numbers for `%d`, `%v` (floats), `%.2f`; strings for `%s`, `%q`.
 * A `{ durationMs }` value prints as a Go `time.Duration`.

 */
export type GoFormatArg = string | number | { durationMs: number };

/**
 * A small `fmt.Sprintf` for the verbs Flagger's event templates use: `%s`, `%v`, `%d`, `%q`,
 * `%.2f` and `%%`.

 */
export function goSprintf(
  format: string,
  args: readonly GoFormatArg[],
): string {
  let index = 0;
  return format.replace(/%(\.2f|[svdq%])/g, (_verb, verb: string) => {
    if (verb === '%') return '%';
    const arg = args[index++];
    if (arg === undefined) return `%!${verb}(MISSING)`;
    if (typeof arg === 'object') return formatGoDuration(arg.durationMs);
    switch (verb) {
      case '.2f':
        return Number(arg).toFixed(2);
      case 'd':
        return String(Math.trunc(Number(arg)));
      case 'q':
        return JSON.stringify(String(arg));
      case 'v':
        if (typeof arg !== 'number') return arg;
        return Number.isInteger(arg) && Math.abs(arg) < 1e6
          ? String(arg)
          : formatGoFloat(arg);
      default:
        return String(arg);
    }
  });
}
