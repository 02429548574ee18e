import {
  parseFlaggerCanary,
  type Canary,
  type PolicyObject,
} from '@backstage-canary/plugin-canary-common';

type Json = Record<string, unknown>;
type Hook = Json & {
  name?: string;
  type?: string;
  url?: string;
  metadata?: Record<string, string>;
};
type Metric = Json & { name?: string };

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const trimSlash = (url = '') => url.replace(/\/+$/, '');
// Flagger treats a webhook without a type as a `rollout` webhook.
const hookType = (hook: Hook) => hook.type || 'rollout';
// Metric fields the policy model renders; the rest of a metric is the cluster's.
const MODELLED_METRIC = new Set([
  'name',
  'interval',
  'thresholdRange',
  'threshold',
  'templateRef',
]);

/** Whether a rendered webhook stands for one the cluster holds: same type and URL (and command). */
function sameHook(held: Hook, rendered: Hook): boolean {
  return (
    hookType(held) === hookType(rendered) &&
    trimSlash(held.url) === trimSlash(rendered.url) &&
    (held.metadata?.cmd ?? '') === (rendered.metadata?.cmd ?? '')
  );
}

/**
 * The webhooks to write: in the cluster's order, each held webhook the policy does not model is
 * kept as it is, each one the policy renders keeps its name and the fields the policy does not set;
 * webhooks new to the policy follow.
 */
function mergeWebhooks(
  held: Hook[],
  rendered: Hook[],
  unmodelled: Set<number>,
): Hook[] {
  const left = [...rendered];
  const out: Hook[] = [];
  held.forEach((hook, i) => {
    if (unmodelled.has(i)) {
      out.push(hook);
      return;
    }
    const at = left.findIndex(r => sameHook(hook, r));
    if (at < 0) return;
    const [match] = left.splice(at, 1);
    out.push({ ...hook, ...match, name: hook.name ?? match.name });
  });
  const names = new Set(out.map(h => h.name));
  return [...out, ...left.filter(h => !names.has(h.name))];
}

/** Metrics as rendered, each with the fields the policy does not model from the held metric of its name. */
function mergeMetrics(held: Metric[], rendered: Metric[]): Metric[] {
  return rendered.map(metric => {
    const match = held.find(h => h.name === metric.name);
    if (!match) return metric;
    const extra = Object.fromEntries(
      Object.entries(match).filter(([key]) => !MODELLED_METRIC.has(key)),
    );
    return { ...metric, ...extra };
  });
}

/**
 * The rendered Canary laid over the Canary a cluster holds, keeping what the policy does not own,
 * so that applying a policy read from a Canary changes nothing:
 * - operational state: `spec.suspend` as held, unless the policy sets it;
 * - `service.name` only when the held Canary names it or the policy names another service than
 *   the workload (Flagger's default);
 * - the names of held webhooks that match a rendered one by type and URL, and held webhooks the
 *   policy model does not cover;
 * - every other field the policy model does not cover (the paths reading the Canary drops), at the
 *   spec, service, analysis, service annotation and metric level.
 */
export function carryOverCanary(
  held: PolicyObject,
  rendered: PolicyObject,
): PolicyObject {
  const current = held as unknown as Canary;
  const heldSpec = (current.spec ?? {}) as Json;
  const spec = structuredClone(rendered.spec ?? {}) as Json;

  if (spec.suspend === undefined && heldSpec.suspend !== undefined) {
    spec.suspend = heldSpec.suspend;
  }

  const heldService = isObject(heldSpec.service) ? heldSpec.service : {};
  const service = isObject(spec.service) ? spec.service : undefined;
  const workloadName = (spec.targetRef as Json | undefined)?.name;
  if (
    service &&
    heldService.name === undefined &&
    service.name === workloadName
  ) {
    delete service.name;
  }

  const heldAnalysis = (heldSpec.analysis ??
    heldSpec.canaryAnalysis ??
    {}) as Json;
  const analysis = isObject(spec.analysis) ? spec.analysis : undefined;
  const unmodelledHooks = new Set<number>();
  let dropped: string[] = [];
  try {
    dropped = parseFlaggerCanary(current).dropped;
  } catch {
    // A Canary the model cannot read at all: carry nothing more over.
  }
  for (const path of dropped) {
    const hook = path.match(/^spec\.(?:canaryA|a)nalysis\.webhooks\[(\d+)\]/);
    if (hook) {
      unmodelledHooks.add(Number(hook[1]));
      continue;
    }
    const part = path.match(
      /^spec\.service\.(apex|canary|primary)\.(annotations\.(.+)|labels)$/,
    );
    if (part && service) {
      const [, name, , annotation] = part;
      const heldPart = heldService[name] as Json;
      const target = (service[name] = {
        ...(isObject(service[name]) ? service[name] : {}),
      }) as Json;
      if (annotation === undefined) target.labels = heldPart.labels;
      else {
        target.annotations = {
          ...(target.annotations as Json | undefined),
          [annotation]: (heldPart.annotations as Json)[annotation],
        };
      }
      continue;
    }
    const field = path.match(
      /^spec\.(?:(service|analysis|canaryAnalysis)\.)?([^.[\s]+)$/,
    );
    if (!field) continue;
    const [, level, key] = field;
    if (!level) spec[key] = heldSpec[key];
    else if (level === 'service' && service) service[key] = heldService[key];
    else if (level !== 'service' && analysis) analysis[key] = heldAnalysis[key];
  }

  if (analysis) {
    const heldHooks = (heldAnalysis.webhooks ?? []) as Hook[];
    const hooks = mergeWebhooks(
      heldHooks,
      (analysis.webhooks ?? []) as Hook[],
      unmodelledHooks,
    );
    if (hooks.length) analysis.webhooks = hooks;
    if (Array.isArray(analysis.metrics)) {
      analysis.metrics = mergeMetrics(
        (heldAnalysis.metrics ?? []) as Metric[],
        analysis.metrics as Metric[],
      );
    }
  }
  return { ...rendered, spec } as PolicyObject;
}
