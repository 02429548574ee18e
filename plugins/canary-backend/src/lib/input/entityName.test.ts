import { readEntityName, readEntityRef } from './entityName';
import { inputField, pathParameter } from './InputField';

const pathFields = {
  kind: pathParameter('kind'),
  namespace: pathParameter('namespace'),
  name: pathParameter('name'),
};

describe('readEntityName', () => {
  it('takes the parts of an entity name the catalog could hold', () => {
    expect(
      readEntityName(
        { kind: 'component', namespace: 'default', name: 'checkout' },
        pathFields,
      ),
    ).toEqual({ kind: 'component', namespace: 'default', name: 'checkout' });
  });

  it('names the part that is wrong and what it may be', () => {
    expect(() =>
      readEntityName(
        { kind: 'component', namespace: 'default', name: '\u{1F4A5}' },
        pathFields,
      ),
    ).toThrow(
      'Path parameter name must be an entity name: letters, digits, "-", "_" and ".", starting and ending with a letter or digit, at most 63 characters, got "\u{1F4A5}"',
    );
    expect(() =>
      readEntityName(
        { kind: '1x', namespace: 'default', name: 'a' },
        pathFields,
      ),
    ).toThrow(/^Path parameter kind must be an entity kind/);
    expect(() =>
      readEntityName(
        { kind: 'component', namespace: 'Not_A_Namespace', name: 'a' },
        pathFields,
      ),
    ).toThrow(/^Path parameter namespace must be an entity namespace/);
  });
});

describe('readEntityRef', () => {
  const field = inputField('entityRef');

  it('takes a ref, the namespace defaulting to default', () => {
    expect(readEntityRef('component:checkout', field)).toEqual({
      kind: 'component',
      namespace: 'default',
      name: 'checkout',
    });
  });

  it('refuses what is not a ref, and a ref with a part the catalog could not hold', () => {
    expect(() => readEntityRef('checkout', field)).toThrow(
      'Field entityRef must be an entity ref like component:default/my-service, got "checkout"',
    );
    expect(() => readEntityRef(42, field)).toThrow(/, got 42$/);
    expect(() => readEntityRef('component:default/Bad Name!', field)).toThrow(
      /^Field entityRef must be an entity ref like component:default\/my-service, its name an entity name: .+, got "component:default\/Bad Name!"$/,
    );
  });
});
