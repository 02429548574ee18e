import { goDuration, goFloat, goSprintf, parseGoDuration } from './goFormat';

describe('Go formatting', () => {
  it('parses durations as time.ParseDuration does', () => {
    expect(parseGoDuration('1m')).toBe(60_000);
    expect(parseGoDuration('1h30m')).toBe(5_400_000);
    expect(parseGoDuration('1.5s')).toBe(1500);
    expect(parseGoDuration('250ms')).toBe(250);
    expect(parseGoDuration('0')).toBe(0);
    expect(parseGoDuration('1 m')).toBeUndefined();
    expect(parseGoDuration('10')).toBeUndefined();
    expect(parseGoDuration('')).toBeUndefined();
  });

  it('prints durations as time.Duration.String does', () => {
    expect(goDuration(500)).toBe('500ms');
    expect(goDuration(1234)).toBe('1.234s');
    expect(goDuration(90_000)).toBe('1m30s');
    expect(goDuration(3_600_000)).toBe('1h0m0s');
    expect(goDuration(0.0015)).toBe('1.5µs');
    expect(goDuration(0)).toBe('0s');
  });

  it('prints float64 values as %v does', () => {
    expect(goFloat(99)).toBe('99');
    expect(goFloat(0.5)).toBe('0.5');
    expect(goFloat(123456)).toBe('123456');
    expect(goFloat(1_000_000)).toBe('1e+06');
    expect(goFloat(0.00001)).toBe('1e-05');
    expect(goFloat(Number.NaN)).toBe('NaN');
  });

  it('fills the verbs in order', () => {
    expect(goSprintf('%s %d %q %.2f%% %v', ['a', 3.9, 'b', 1, 2.5])).toBe(
      'a 3 "b" 1.00% 2.5',
    );
    expect(goSprintf('%s %s', ['a'])).toBe('a %!s(MISSING)');
  });
});
