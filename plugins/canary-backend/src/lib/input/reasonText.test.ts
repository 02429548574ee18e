import { InputError } from '@backstage/errors';
import { readReasonText } from './reasonText';
import { readActionBody } from '../../service/actionBody';

describe('readReasonText', () => {
  it('returns the reason trimmed, in any script', () => {
    expect(readReasonText('reason', '  Hotfix für 🚀 عربى  ', 100)).toBe(
      'Hotfix für 🚀 عربى',
    );
  });

  it.each([undefined, '', '   ', 42])('requires a reason (%p)', value => {
    expect(() => readReasonText('reason', value, 1000)).toThrow(
      'Field reason is required: say why, in at most 1000 characters (it is kept in the audit log)',
    );
  });

  it('refuses a reason that is too long', () => {
    expect(() => readReasonText('reason', 'x'.repeat(11), 10)).toThrow(
      'Field reason must be at most 10 characters, got 11',
    );
  });

  it.each([
    ['\u202e', 'U+202E (right-to-left override)'],
    ['\u202d', 'U+202D (left-to-right override)'],
    ['\u202a', 'U+202A (left-to-right embedding)'],
    ['\u202c', 'U+202C (pop directional formatting)'],
    ['\u2066', 'U+2066 (left-to-right isolate)'],
    ['\u2069', 'U+2069 (pop directional isolate)'],
    ['\u200e', 'U+200E (left-to-right mark)'],
    ['\u200f', 'U+200F (right-to-left mark)'],
    ['\u061c', 'U+061C (arabic letter mark)'],
    ['\u200b', 'U+200B (zero width space)'],
    ['\ufeff', 'U+FEFF (zero width no-break space)'],
    ['\u2029', 'U+2029 (paragraph separator)'],
    ['\n', 'U+000A (line break)'],
    ['\t', 'U+0009 (tab)'],
    ['\u0000', 'U+0000 (a control character)'],
    ['\u001b', 'U+001B (a control character)'],
    ['\u007f', 'U+007F (a control character)'],
    ['\u0085', 'U+0085 (a control character)'],
    ['\u009b', 'U+009B (a control character)'],
    ['\ud800', 'U+D800 (a lone surrogate)'],
    ['\udc00', 'U+DC00 (a lone surrogate)'],
  ])('refuses %j, naming the field and what is allowed', (char, said) => {
    const call = () => readReasonText('reason', `ok ${char}tail`, 1000);
    expect(call).toThrow(InputError);
    expect(call).toThrow(
      `Field reason must be plain text on one line: it holds ${said} at character 4. Control characters, line breaks, invisible characters (U+200B to U+200D, U+2060, U+FEFF) and the characters that change text direction (U+061C, U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069) are not allowed`,
    );
  });

  it('names the field it reads', () => {
    expect(() => readReasonText('policy.reason', 'a\u202eb', 10)).toThrow(
      /^Field policy\.reason must be plain text/,
    );
  });
});

describe('readActionBody', () => {
  it('reads the reason of a rollout action with the same rules', () => {
    expect(readActionBody({ reason: ' pause for the demo ' })).toEqual({
      reason: 'pause for the demo',
      acknowledgeFailedChecks: false,
    });
    expect(
      readActionBody({ reason: 'hotfix', acknowledgeFailedChecks: true }),
    ).toEqual({ reason: 'hotfix', acknowledgeFailedChecks: true });
    expect(() =>
      readActionBody({ reason: 'hotfix', acknowledgeFailedChecks: 'yes' }),
    ).toThrow(
      'Field acknowledgeFailedChecks must be true or false (true promotes a canary with failed checks anyway), got "yes"',
    );
    expect(() => readActionBody({ reason: 'approved \u202edetrats' })).toThrow(
      /^Field reason must be plain text on one line: it holds U\+202E/,
    );
  });
});
