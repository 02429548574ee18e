import fs from 'node:fs';
import { domainPath } from '@backstage-canary/conformance';
import { OBSERVER_QUERIES, type Observer, observerFor } from './flaggerQueries';

/** The reference's section 3.1 query table: observer -> [success rate, duration]. */
function referenceQueries(): Map<string, [string, string]> {
  const text = fs.readFileSync(domainPath('FLAGGER-KURATOR.md'), 'utf8');
  const section = text.slice(
    text.indexOf('Exact query templates.'),
    text.indexOf('How the builtin queries isolate the canary'),
  );
  const rows = new Map<string, [string, string]>();
  for (const line of section.split('\n').filter(l => l.startsWith('| **'))) {
    const [provider, success, duration] = line.split(' | ');
    const name = /\*\*([a-z]+)\*\*/.exec(provider)![1];
    const prefix = /`(\{\{-[^`]+)`/.exec(provider)?.[1] ?? '';
    const query = (cell: string) => prefix + /`([^`]+)`/.exec(cell)![1];
    rows.set(name === 'kubernetes' ? 'http' : name, [
      query(success),
      query(duration),
    ]);
  }
  return rows;
}

describe('the lab’s builtin metric queries', () => {
  const reference = referenceQueries();

  it('covers every observer of the reference', () => {
    expect([...reference.keys()].sort()).toEqual(
      Object.keys(OBSERVER_QUERIES).sort(),
    );
  });

  it.each(Object.keys(OBSERVER_QUERIES))('%s is Flagger’s', observer => {
    const queries = OBSERVER_QUERIES[observer as Observer];
    expect([queries.successRate, queries.duration]).toEqual(
      reference.get(observer),
    );
  });

  it('picks the observer as Flagger’s factory does', () => {
    expect(observerFor({ meshProvider: 'istio' })).toBe('istio');
    expect(observerFor({ meshProvider: 'istio', provider: 'kuma' })).toBe(
      'kuma',
    );
    expect(observerFor({ meshProvider: 'linkerd', provider: 'nginx' })).toBe(
      'linkerd',
    );
    expect(
      observerFor({ meshProvider: 'istio', provider: 'gatewayapi:v1' }),
    ).toBe('http');
    expect(observerFor({ meshProvider: 'istio', provider: 'kubernetes' })).toBe(
      'http',
    );
    expect(
      observerFor({
        meshProvider: 'istio',
        provider: 'kuma',
        targetKind: 'Service',
      }),
    ).toBe('istio');
    expect(observerFor({ meshProvider: 'smi:linkerd' })).toBe('istio');
  });
});
