import type { CanaryEvents } from './CanaryEvents';
import type { CanaryStatusStore } from './CanaryStatusStore';
import { HOOK_RULES, HookRunner } from './HookRunner';

/** A canary with the given webhooks; each hook's URL ends in its answer (`ok`, `no`, `5xx`). */
function canary(phase: string, webhooks: Array<[string, string]>) {
  return {
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata: { name: 'podinfo', namespace: 'test' },
    spec: {
      analysis: {
        webhooks: webhooks.map(([type, answer], i) => ({
          name: `h${i}`,
          type,
          url: `http://hooks/${answer}`,
        })),
      },
    },
    status: { phase },
  } as any;
}

function runner() {
  const calls: string[] = [];
  const events = {
    event: async (_cd: unknown, name: string, ...args: unknown[]) => {
      calls.push(`event ${name} ${args.join(' ')}`.trim());
    },
  } as unknown as CanaryEvents;
  const status = {
    setStatusPhase: async (cd: any, phase: string) => {
      calls.push(`phase ${phase}`);
      cd.status.phase = phase;
    },
  } as unknown as CanaryStatusStore;
  const post = async (url: string, _ns: string, body: string) => {
    calls.push(`POST ${url} ${JSON.parse(body).phase}`);
    if (url.endsWith('/ok')) return { status: 200, body: 'OK' };
    if (url.endsWith('/5xx')) return { status: 500, body: 'boom' };
    return { status: 403, body: 'Forbidden' };
  };
  return { calls, hooks: new HookRunner({ post }, { events, status }) };
}

describe('HookRunner', () => {
  it('has a rule for every awaited hook type', () => {
    expect(Object.keys(HOOK_RULES).sort()).toEqual([
      'confirm-promotion',
      'confirm-rollout',
      'confirm-traffic-increase',
      'post-rollout',
      'pre-rollout',
      'rollback',
      'rollout',
    ]);
  });

  it('a gate closes on the first failing hook and enters its waiting phase once', async () => {
    const { calls, hooks } = runner();
    const cd = canary('Progressing', [
      ['confirm-promotion', 'ok'],
      ['confirm-promotion', 'no'],
      ['confirm-promotion', 'ok'],
    ]);
    expect(await hooks.run('confirm-promotion', cd)).toBe(false);
    expect(await hooks.run('confirm-promotion', cd)).toBe(false);
    expect(calls).toEqual([
      'POST http://hooks/ok Progressing',
      'event confirmPromotionPassed h0',
      'POST http://hooks/no Progressing',
      'phase WaitingPromotion',
      'event waitingForPromotionApproval podinfo test h1',
      'POST http://hooks/ok Progressing',
      'event confirmPromotionPassed h0',
      'POST http://hooks/no Progressing',
    ]);
  });

  it('an untyped hook is a rollout hook; a failure is an external check failure', async () => {
    const { calls, hooks } = runner();
    const cd = canary('Progressing', [['', '5xx']]);
    expect(await hooks.run('rollout', cd)).toBe(false);
    expect(calls).toEqual([
      'POST http://hooks/5xx Progressing',
      'event externalCheckFailed podinfo test h0 boom',
    ]);
  });

  it('a rollback fires on the first passing hook', async () => {
    const { calls, hooks } = runner();
    const cd = canary('Progressing', [
      ['rollback', 'no'],
      ['rollback', 'ok'],
      ['rollback', 'ok'],
    ]);
    expect(await hooks.run('rollback', cd, 'WaitingPromotion')).toBe(true);
    expect(calls).toEqual([
      'POST http://hooks/no WaitingPromotion',
      'event rollbackHookIdle h0',
      'POST http://hooks/ok WaitingPromotion',
      'event rollbackCheckPassed h1',
    ]);
    expect(await hooks.run('rollback', canary('Progressing', []))).toBe(false);
  });

  it('post-rollout hooks all run whatever they answer', async () => {
    const { calls, hooks } = runner();
    const cd = canary('Succeeded', [
      ['post-rollout', 'no'],
      ['post-rollout', 'ok'],
    ]);
    expect(await hooks.run('post-rollout', cd, 'Failed')).toBe(true);
    expect(calls).toEqual([
      'POST http://hooks/no Failed',
      'event postRolloutFailed h0 Forbidden',
      'POST http://hooks/ok Failed',
      'event postRolloutPassed h1',
    ]);
  });

  it('event hooks get the event in their metadata, without being awaited', () => {
    const posted: any[] = [];
    const hooks = new HookRunner(
      {
        post: async (url: string, _ns: string, body: string) => {
          posted.push({ url, body: JSON.parse(body) });
          throw new Error('unreachable');
        },
      },
      {} as any,
    );
    const cd = canary('Progressing', [
      ['event', 'ok'],
      ['rollout', 'ok'],
    ]);
    cd.spec.analysis.webhooks[0].metadata = { team: 'a' };
    hooks.notify(cd, 'Warning', 'something happened');
    expect(posted).toHaveLength(1);
    expect(posted[0].url).toBe('http://hooks/ok');
    expect(posted[0].body.phase).toBe('Progressing');
    expect(posted[0].body.metadata).toEqual({
      team: 'a',
      eventMessage: 'something happened',
      eventType: 'Warning',
      timestamp: expect.any(String),
    });
  });
});
