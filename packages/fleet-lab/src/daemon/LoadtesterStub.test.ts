import { parseHey } from './LoadtesterStub';

describe('parseHey', () => {
  it('reads the load of the hey commands in the seeds', () => {
    expect(
      parseHey('hey -z 1m -q 10 -c 2 http://backend-canary.webapp:9898/'),
    ).toEqual({
      host: 'backend-canary.webapp',
      rps: 20,
      durationMs: 60_000,
    });
    expect(
      parseHey(
        "hey -z 2m -q 10 -c 2 -H 'Cookie: canary=always' http://app.example.com",
      ),
    ).toMatchObject({ host: 'app.example.com', durationMs: 120_000 });
    expect(
      parseHey('curl -s http://podinfo-canary.test:9898/token'),
    ).toBeUndefined();
  });
});
