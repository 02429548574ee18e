import {
  type ActionRecord,
  BACKEND_GATES,
  CANARY_PHASES,
  FLAGGER_PROVIDERS,
  type InboxGroup,
  type InboxItem,
  type MetricSeries,
  type MetricThreshold,
  METRIC_PROVIDER_TYPES,
  type PolicyObjectChange,
  ROLLOUT_ACTIONS,
  type RolloutActionRoute,
  type RolloutSource,
  type RolloutState,
  type RolloutStep,
  type RolloutStrategy,
  type RolloutTone,
  type RunExplanation,
} from '@backstage-canary/plugin-canary-common';
import { spec } from './openapi';

// The spec copies common's names of things; these checks keep the copies equal. Lists that exist
// at run time in common are compared at run time; the ones common keeps only as union types are
// compared by the type checker (`tsc` fails on a difference in either direction).

const schemas = spec.components.schemas;

describe("the OpenAPI spec's enums", () => {
  it.each([
    ['CanaryPhase', schemas.CanaryPhase.enum, CANARY_PHASES],
    ['RolloutAction', schemas.RolloutAction.enum, ROLLOUT_ACTIONS],
    [
      'the gate of POST /gates/{cluster}/{gate}',
      spec.paths['/gates/{cluster}/{gate}'].post.parameters[1].schema.enum,
      BACKEND_GATES,
    ],
    [
      'PolicyMetric.custom.provider.type',
      schemas.PolicyMetric.properties.custom.properties.provider.properties.type
        .enum,
      METRIC_PROVIDER_TYPES,
    ],
    [
      'RolloutPolicy.provider',
      schemas.RolloutPolicy.properties.provider.enum,
      FLAGGER_PROVIDERS,
    ],
  ])('%s lists what common lists', (_name, inSpec, inCommon) => {
    expect([...inSpec]).toEqual([...inCommon]);
  });
});

/** True only when A and B are the same set of literals. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type EnumOf<T extends { enum: readonly unknown[] }> = T['enum'][number];
type AllTrue<T extends true[]> = T;

/**
 * Checked by the type checker, not by Jest: a line whose spec enum and common type disagree is
 * `false`, which `AllTrue` refuses, so `tsc` (run by the test command) fails naming the line.
 */
type SpecEnumsEqualCommonUnions = AllTrue<
  [
    Same<EnumOf<typeof schemas.RolloutStrategy>, RolloutStrategy>,
    Same<
      EnumOf<typeof schemas.RolloutStep.properties.kind>,
      RolloutStep['kind']
    >,
    Same<EnumOf<typeof schemas.RolloutState.properties.tone>, RolloutTone>,
    Same<
      EnumOf<typeof schemas.RolloutState.properties.weight.properties.source>,
      NonNullable<RolloutState['weight']>['source']
    >,
    Same<EnumOf<typeof schemas.RolloutActionRoute>, RolloutActionRoute>,
    Same<
      EnumOf<(typeof schemas.RolloutSummary.allOf)[1]['properties']['source']>,
      RolloutSource
    >,
    Same<
      EnumOf<typeof schemas.RunExplanation.properties.kind>,
      RunExplanation['kind']
    >,
    Same<
      EnumOf<typeof schemas.RunExplanation.properties.cause>,
      NonNullable<RunExplanation['cause']>
    >,
    Same<
      EnumOf<typeof schemas.MetricThreshold.properties.unit>,
      MetricThreshold['unit']
    >,
    Same<
      EnumOf<typeof schemas.ActionRecord.properties.outcome>,
      ActionRecord['outcome']
    >,
    Same<
      EnumOf<typeof schemas.MetricSeries.properties.source>,
      MetricSeries['source']
    >,
    Same<
      EnumOf<typeof schemas.PolicyObjectChange.properties.operation>,
      PolicyObjectChange['operation']
    >,
    Same<EnumOf<typeof schemas.InboxItem.properties.group>, InboxGroup>,
    Same<
      EnumOf<typeof schemas.InboxItem.properties.attention>,
      InboxItem['attention']
    >,
  ]
>;

// Referenced, so the check above is compiled as a used declaration.
void (undefined as unknown as SpecEnumsEqualCommonUnions);
