import {
  type CompoundEntityRef,
  makeValidator,
  parseEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { describeValue, type InputField, refusal } from './InputField';

const validator = makeValidator();

/** What each part of an entity name may be, in words, and its check. */
const PARTS = {
  kind: {
    rule: 'an entity kind: a letter, then letters and digits',
    valid: (value: string) => validator.isValidKind(value),
  },
  namespace: {
    rule: 'an entity namespace: lowercase letters, digits and "-", at most 63 characters',
    valid: (value: string) => validator.isValidNamespace(value),
  },
  name: {
    rule: 'an entity name: letters, digits, "-", "_" and ".", starting and ending with a letter or digit, at most 63 characters',
    valid: (value: string) => validator.isValidEntityName(value),
  },
};

type Part = keyof typeof PARTS;
const PART_NAMES: Part[] = ['kind', 'namespace', 'name'];

/** Reads one part of an entity name (a route's `:kind`, `:namespace` or `:name`). */
export function readEntityNamePart(
  part: Part,
  value: unknown,
  field: InputField,
): string {
  if (typeof value !== 'string' || !PARTS[part].valid(value)) {
    throw refusal(field, PARTS[part].rule, value);
  }
  return value;
}

/**
 * Reads an entity given as its parts (kind, namespace, name), each a name the catalog could hold;
 * a part that is not is an InputError naming its field and what is allowed.
 */
export function readEntityName(
  parts: { kind: unknown; namespace: unknown; name: unknown },
  fields: Record<Part, InputField>,
): CompoundEntityRef {
  const [kind, namespace, name] = PART_NAMES.map(part =>
    readEntityNamePart(part, parts[part], fields[part]),
  );
  return { kind, namespace, name };
}

/**
 * Reads an entity ref (`component:default/my-service`, the namespace defaulting to `default`)
 * whose parts are names the catalog could hold; anything else is an InputError naming the field,
 * the part that is wrong and what it may be.
 */
export function readEntityRef(
  value: unknown,
  field: InputField,
): CompoundEntityRef {
  const allowed = 'an entity ref like component:default/my-service';
  let ref: CompoundEntityRef;
  try {
    if (typeof value !== 'string') throw new TypeError();
    ref = parseEntityRef(value);
  } catch {
    throw refusal(field, allowed, value);
  }
  const wrong = PART_NAMES.find(part => !PARTS[part].valid(ref[part]));
  if (wrong) {
    throw new InputError(
      `${field.label} must be ${allowed}, its ${wrong} ${
        PARTS[wrong].rule
      }, got ${describeValue(value)}`,
    );
  }
  return ref;
}
