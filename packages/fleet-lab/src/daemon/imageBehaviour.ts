/**
 * How a simulated workload behaves, chosen by its image tag:
 * - a tag containing `faulty` answers 80% of requests with 500 and slowly (0.6-1.5 s);
 * - `slow` answers correctly but slowly (0.6-1.2 s);
 * - `stuck` never becomes ready (its Deployment stays unavailable, so progress deadlines expire);
 * - anything else is healthy (15-120 ms, no errors).
 */
export type ImageBehaviour = {
  kind: 'healthy' | 'faulty' | 'slow' | 'stuck';
  errorRatio: number;
  latencyMs: [number, number];
  becomesReady: boolean;
};

export function imageTag(image: string | undefined): string {
  if (!image) {
    return '';
  }
  const withoutDigest = image.split('@')[0];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > lastSlash ? withoutDigest.slice(colon + 1) : 'latest';
}

export function behaviourOf(image: string | undefined): ImageBehaviour {
  const tag = imageTag(image).toLowerCase();
  if (tag.includes('stuck')) {
    return {
      kind: 'stuck',
      errorRatio: 1,
      latencyMs: [1, 5],
      becomesReady: false,
    };
  }
  if (tag.includes('faulty')) {
    return {
      kind: 'faulty',
      errorRatio: 0.8,
      latencyMs: [600, 1500],
      becomesReady: true,
    };
  }
  if (tag.includes('slow')) {
    return {
      kind: 'slow',
      errorRatio: 0,
      latencyMs: [600, 1200],
      becomesReady: true,
    };
  }
  return {
    kind: 'healthy',
    errorRatio: 0,
    latencyMs: [15, 120],
    becomesReady: true,
  };
}

/** The first container image of a Deployment-like object. */
export function primaryImage(deployment: any): string | undefined {
  return deployment?.spec?.template?.spec?.containers?.[0]?.image;
}

/** The behaviour of the worst container of a Deployment (a faulty sidecar makes it faulty). */
export function deploymentBehaviour(deployment: any): ImageBehaviour {
  const order = ['healthy', 'slow', 'faulty', 'stuck'];
  const containers: any[] = deployment?.spec?.template?.spec?.containers ?? [];
  let worst = behaviourOf(undefined);
  for (const c of containers) {
    const b = behaviourOf(c.image);
    if (order.indexOf(b.kind) > order.indexOf(worst.kind)) {
      worst = b;
    }
  }
  return worst;
}
