import { nextImage } from './scenarios';

describe('nextImage', () => {
  it('bumps the patch version and marks misbehaving variants in the tag', () => {
    expect(nextImage('stefanprodan/podinfo:6.0.0')).toBe(
      'stefanprodan/podinfo:6.0.1',
    );
    expect(nextImage('stefanprodan/podinfo:6.0.1', 'faulty')).toBe(
      'stefanprodan/podinfo:6.0.2-faulty',
    );
    expect(nextImage('stefanprodan/podinfo:6.0.2-faulty')).toBe(
      'stefanprodan/podinfo:6.0.3',
    );
    expect(nextImage('localhost:5000/app:v9', 'stuck')).toBe(
      'localhost:5000/app:v10-stuck',
    );
    expect(nextImage('app')).toBe('app:latest-1');
  });
});
