import { ConfigReader } from '@backstage/config';
import { GateTokens } from './gateTokens';

describe('GateTokens', () => {
  const tokens = GateTokens.fromConfig(
    new ConfigReader({
      canary: { gates: { clusters: { prod: { token: 's3cret' } } } },
    }),
  );

  it('accepts the cluster token and says why anything else is refused', () => {
    expect(tokens.check('prod', 's3cret')).toEqual({ ok: true });
    expect(tokens.check('prod', undefined)).toMatchObject({
      ok: false,
      reason: 'no-token',
    });
    expect(tokens.check('prod', 's3cre')).toMatchObject({
      ok: false,
      reason: 'wrong-token',
    });
    expect(tokens.check('staging', 's3cret')).toMatchObject({
      ok: false,
      reason: 'unknown-cluster',
      message: expect.stringContaining('canary.gates.clusters.staging.token'),
    });
    expect(tokens.has('prod')).toBe(true);
    expect(tokens.has('staging')).toBe(false);
  });

  it('names the key of an empty token', () => {
    expect(() =>
      GateTokens.fromConfig(
        new ConfigReader({
          canary: { gates: { clusters: { prod: { token: ' ' } } } },
        }),
      ),
    ).toThrow(
      /canary\.gates\.clusters\.prod\.token must be a non-empty string/,
    );
  });

  it('serves no gates without configuration', () => {
    expect(GateTokens.fromConfig(new ConfigReader({})).has('prod')).toBe(false);
  });
});
