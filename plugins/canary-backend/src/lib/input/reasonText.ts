import { InputError } from '@backstage/errors';

// Characters a reason may not hold: C0 and C1 controls (line breaks and tabs included), line and
// paragraph separators, the marks, embeddings, overrides and isolates that change how the text
// around them reads (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) and lone surrogates.
const REFUSED =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const NAMES: Record<number, string> = {
  0x09: 'tab',
  0x0a: 'line break',
  0x0d: 'carriage return',
  0x061c: 'arabic letter mark',
  0x200b: 'zero width space',
  0x200c: 'zero width non-joiner',
  0x200d: 'zero width joiner',
  0x2060: 'word joiner',
  0xfeff: 'zero width no-break space',
  0x200e: 'left-to-right mark',
  0x200f: 'right-to-left mark',
  0x2028: 'line separator',
  0x2029: 'paragraph separator',
  0x202a: 'left-to-right embedding',
  0x202b: 'right-to-left embedding',
  0x202c: 'pop directional formatting',
  0x202d: 'left-to-right override',
  0x202e: 'right-to-left override',
  0x2066: 'left-to-right isolate',
  0x2067: 'right-to-left isolate',
  0x2068: 'first strong isolate',
  0x2069: 'pop directional isolate',
};

function describe(code: number): string {
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (NAMES[code]) return `${hex} (${NAMES[code]})`;
  if (code >= 0xd800 && code <= 0xdfff) return `${hex} (a lone surrogate)`;
  return `${hex} (a control character)`;
}

/**
 * Reads a reason a person gives for a change (kept in the audit and action logs and shown in the
 * timeline): a required, trimmed, single-line text of at most `maxLength` characters, without
 * control characters or characters that change the direction of the text around it, so that a
 * reason can never make the system text next to it read differently. Throws an InputError naming
 * `field` and what is allowed.
 */
export function readReasonText(
  field: string,
  value: unknown,
  maxLength: number,
): string {
  if (typeof value !== 'string' || !value.trim()) {
    throw new InputError(
      `Field ${field} is required: say why, in at most ${maxLength} characters (it is kept in the audit log)`,
    );
  }
  if (value.length > maxLength) {
    throw new InputError(
      `Field ${field} must be at most ${maxLength} characters, got ${value.length}`,
    );
  }
  const text = value.trim();
  const refused = REFUSED.exec(text);
  if (refused) {
    throw new InputError(
      `Field ${field} must be plain text on one line: it holds ${describe(
        refused[0].charCodeAt(0),
      )} at character ${
        refused.index + 1
      }. Control characters, line breaks, invisible characters (U+200B to U+200D, U+2060, U+FEFF) and the characters that change text direction (U+061C, U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069) are not allowed`,
    );
  }
  return text;
}
