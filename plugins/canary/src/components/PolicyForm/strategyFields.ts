import type { RolloutPolicy } from '@backstage-canary/plugin-canary-common';
import type { FieldSpec, StepMode } from './fieldSpec';
import { STRATEGY_PRESETS, detectPreset } from './policyPresets';

/**
 * The fields of the "Strategy" section of the policy form, one row each (see `policyFields.ts`
 * for the other sections).
 */
type PolicyField = FieldSpec<RolloutPolicy>;

const withTraffic = (
  p: RolloutPolicy,
  patch: Partial<RolloutPolicy['traffic']>,
) => ({ ...p, traffic: { ...p.traffic, ...patch } });
/** Steps are entered (rather than iterations) in this step mode. */
const stepsIn = (mode: StepMode) => (p: RolloutPolicy, steps: StepMode) =>
  p.traffic.iterations === undefined && steps === mode;

/**
 * Section "Strategy": the preset, then iterations (A/B, Blue/Green) or steps (canary). The preset
 * and the step weights list are bound by `StrategySection` (they reset form state).
 */
export const STRATEGY_FIELDS: PolicyField[] = [
  {
    id: 'strategy',
    label: 'Strategy',
    kind: 'select',
    options: STRATEGY_PRESETS,
    grid: { xs: 12, sm: 6 },
    // Issues about the traffic block as a whole (e.g. both iterations and steps) land here.
    paths: ['traffic', 'traffic.mirror'],
    get: p => detectPreset(p.traffic),
  },
  {
    id: 'iterations',
    label: 'Iterations',
    kind: 'number',
    grid: { xs: 12, sm: 6 },
    paths: ['traffic.iterations'],
    shown: p => p.traffic.iterations !== undefined,
    get: p => p.traffic.iterations,
    set: (p, iterations) => withTraffic(p, { iterations }),
  },
  {
    id: 'step-weight',
    label: 'Step weight (%)',
    kind: 'number',
    grid: { xs: 6, sm: 3 },
    paths: ['traffic.stepWeight'],
    shown: stepsIn('fixed'),
    get: p => p.traffic.stepWeight,
    set: (p, stepWeight) =>
      withTraffic(p, { stepWeight: stepWeight as number }),
  },
  {
    id: 'max-weight',
    label: 'Max weight (%)',
    kind: 'number',
    grid: { xs: 6, sm: 3 },
    paths: ['traffic.maxWeight'],
    shown: stepsIn('fixed'),
    get: p => p.traffic.maxWeight,
    set: (p, maxWeight) => withTraffic(p, { maxWeight }),
  },
  {
    id: 'step-weights',
    label: 'Step weights (%)',
    kind: 'text',
    placeholder: '5, 10, 25, 50',
    grid: { xs: 12, sm: 6 },
    paths: p => [
      'traffic.stepWeights',
      'traffic.maxWeight',
      ...(p.traffic.stepWeights ?? []).map(
        (_, i) => `traffic.stepWeights[${i}]`,
      ),
    ],
    shown: stepsIn('list'),
  },
];

/**
 * The A/B match condition, shown below the steps while the policy has one: a header value, or a
 * cookie regex for the cookie preset. Both rows edit `traffic.match`; one is shown at a time.
 */
export const MATCH_FIELDS: PolicyField[] = [
  {
    id: 'match',
    label: 'Header x-canary value',
    kind: 'text',
    grid: { xs: 12 },
    paths: ['traffic.match'],
    shown: p =>
      Boolean(p.traffic.match) && detectPreset(p.traffic) !== 'ab-cookie',
    get: p => p.traffic.match?.[0]?.headers?.['x-canary']?.exact,
    set: (p, exact) =>
      withTraffic(p, { match: [{ headers: { 'x-canary': { exact } } }] }),
  },
  {
    id: 'match',
    label: 'Cookie regex',
    kind: 'text',
    grid: { xs: 12 },
    paths: ['traffic.match'],
    shown: p =>
      Boolean(p.traffic.match) && detectPreset(p.traffic) === 'ab-cookie',
    get: p => p.traffic.match?.[0]?.headers?.cookie?.regex,
    set: (p, regex) =>
      withTraffic(p, { match: [{ headers: { cookie: { regex } } }] }),
  },
];
