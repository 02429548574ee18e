import { deploymentReadiness } from './deploymentReadiness';

const base = {
  metadata: { name: 'podinfo', generation: 2 },
  spec: { replicas: 2 },
};

describe('deploymentReadiness', () => {
  it('waits for the observed generation', () => {
    expect(
      deploymentReadiness(
        { ...base, status: { observedGeneration: 1 } },
        600,
        100,
      ),
    ).toEqual({
      ready: false,
      retriable: true,
      error:
        'waiting for rollout to finish: observed deployment generation less than desired generation',
    });
  });

  it('is ready when all updated replicas are available', () => {
    const status = {
      observedGeneration: 2,
      replicas: 2,
      updatedReplicas: 2,
      availableReplicas: 2,
    };
    expect(deploymentReadiness({ ...base, status }, 600, 100)).toEqual({
      ready: true,
      retriable: true,
    });
  });

  it('stops retrying once unavailable past the progress deadline', () => {
    const since = new Date(Date.now() - 61_000).toISOString();
    const status = {
      observedGeneration: 2,
      replicas: 2,
      updatedReplicas: 2,
      availableReplicas: 0,
      conditions: [
        {
          type: 'Available',
          status: 'False',
          reason: 'MinimumReplicasUnavailable',
          lastUpdateTime: since,
        },
        { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated' },
      ],
    };
    expect(deploymentReadiness({ ...base, status }, 60, 100)).toEqual({
      ready: false,
      retriable: false,
      error:
        'waiting for rollout to finish: 0 of 2 (readyThreshold 100%) updated replicas are available',
    });
    expect(deploymentReadiness({ ...base, status }, 600, 100).retriable).toBe(
      true,
    );
  });
});
