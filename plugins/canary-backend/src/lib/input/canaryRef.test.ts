import { readCanaryRef } from './canaryRef';
import { readClusterName } from './clusterName';
import { inputField, pathParameter } from './InputField';
import { readKubernetesName } from './kubernetesName';

describe('readClusterName', () => {
  it('takes any name a cluster could have', () => {
    expect(readClusterName('kurator-member1', inputField('cluster'))).toBe(
      'kurator-member1',
    );
    expect(readClusterName('Prod EU (1)', inputField('cluster'))).toBe(
      'Prod EU (1)',
    );
  });

  it.each(['', 'a\nb', 'x'.repeat(254), 7])('refuses %j', value => {
    expect(() => readClusterName(value, pathParameter('cluster'))).toThrow(
      /^Path parameter cluster must be the Backstage name of a cluster: a text of 1 to 253 characters without control characters, got /,
    );
  });
});

describe('readKubernetesName', () => {
  it('takes a DNS-1123 subdomain and refuses anything else', () => {
    expect(readKubernetesName('shop.v2', inputField('namespace'))).toBe(
      'shop.v2',
    );
    expect(() =>
      readKubernetesName('Shop', pathParameter('canaryNamespace')),
    ).toThrow(
      'Path parameter canaryNamespace must be a Kubernetes name (lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters), got "Shop"',
    );
  });
});

describe('readCanaryRef', () => {
  it('reads the cluster, namespace and name, naming the field that is wrong', () => {
    const fields = {
      cluster: inputField('cluster'),
      namespace: inputField('namespace'),
      name: inputField('name'),
    };
    expect(
      readCanaryRef(
        { cluster: 'prod', namespace: 'shop', name: 'checkout' },
        fields,
      ),
    ).toEqual({ cluster: 'prod', namespace: 'shop', name: 'checkout' });
    expect(() =>
      readCanaryRef(
        { cluster: 'prod', namespace: 'shop', name: '../x' },
        fields,
      ),
    ).toThrow(/^Field name must be a Kubernetes name/);
  });
});
