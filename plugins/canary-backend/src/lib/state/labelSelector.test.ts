import { parseLabelSelector } from './labelSelector';

describe('parseLabelSelector', () => {
  const labels = {
    app: 'web',
    tier: 'front',
    'backstage.io/kubernetes-id': 'shop',
  };

  it.each([
    ['app=web', true],
    ['app==web', true],
    ['app=db', false],
    ['app!=db', true],
    ['missing!=x', true],
    ['app=web,tier=front', true],
    ['app=web, tier=back', false],
    ['tier in (front, back)', true],
    ['tier notin (front)', false],
    ['missing notin (front)', true],
    ['app', true],
    ['!app', false],
    ['!missing', true],
    ['backstage.io/kubernetes-id=shop', true],
    ['', true],
  ])('%s matches the labels: %s', (selector, expected) => {
    expect(parseLabelSelector(selector)!(labels)).toBe(expected);
  });

  it('matches an object without labels as one with none', () => {
    expect(parseLabelSelector('!app')!(undefined)).toBe(true);
    expect(parseLabelSelector('app=web')!(undefined)).toBe(false);
  });

  it.each(['app=(web', 'app >= 2', 'tier in front', '=web'])(
    'does not guess at %s',
    selector => {
      expect(parseLabelSelector(selector)).toBeUndefined();
    },
  );
});
