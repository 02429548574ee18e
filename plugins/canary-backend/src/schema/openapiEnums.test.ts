import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
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
  STUCK_CAUSES,
  type RolloutActionRoute,
  type RolloutSource,
  type RolloutState,
  type RolloutStep,
  type RolloutStrategy,
  type RolloutTone,
  type RunExplanation,
  TIMELINE_ENTRY_KINDS,
  TIMELINE_KINDS,
} from '@backstage-canary/plugin-canary-common';
import { spec } from './openapi';

// The spec copies common's names of things; these checks keep the copies equal. Lists that exist
// at run time in common are compared with openapi.yaml itself, as written; the ones common keeps
// only as union types are compared by the type checker (`tsc` fails on a difference in either
// direction). Every enum of the spec must be one or the other, or say why it is neither, so a new
// enum cannot copy common unnoticed.

/** openapi.yaml as written (the generated module is checked equal to it in openapi.test.ts). */
const written = YAML.parse(
  readFileSync(join(__dirname, 'openapi.yaml'), 'utf8'),
  { maxAliasCount: -1 },
);

/** Every enum of the spec with more than one value, by its path in the document. */
function enumsOf(node: unknown, path: string[] = []): Map<string, unknown[]> {
  const found = new Map<string, unknown[]>();
  if (!node || typeof node !== 'object') return found;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'enum' && Array.isArray(value)) {
      // A single value is a discriminant (`type: [transition]`), not a list of names.
      if (value.length > 1) found.set(path.join('.'), value);
    } else {
      for (const [at, values] of enumsOf(value, [...path, key])) {
        found.set(at, values);
      }
    }
  }
  return found;
}

/** The spec's enums that copy a list common keeps at run time, with that list's name. */
const COPIES_OF_COMMON_LISTS: Record<string, [string, readonly unknown[]]> = {
  'components.schemas.CanaryPhase': ['CANARY_PHASES', CANARY_PHASES],
  'components.schemas.RolloutAction': ['ROLLOUT_ACTIONS', ROLLOUT_ACTIONS],
  'components.schemas.TimelineFilterKind': ['TIMELINE_KINDS', TIMELINE_KINDS],
  'components.schemas.StuckCause': ['STUCK_CAUSES', STUCK_CAUSES],
  'components.schemas.TimelineEntry.properties.kind': [
    'TIMELINE_ENTRY_KINDS',
    TIMELINE_ENTRY_KINDS,
  ],
  'paths./gates/{cluster}/{gate}.post.parameters.1.schema': [
    'BACKEND_GATES',
    BACKEND_GATES,
  ],
  'components.schemas.PolicyMetric.properties.custom.properties.provider.properties.type':
    ['METRIC_PROVIDER_TYPES', METRIC_PROVIDER_TYPES],
  'components.schemas.RolloutPolicy.properties.provider': [
    'FLAGGER_PROVIDERS',
    FLAGGER_PROVIDERS,
  ],
};

/** The spec's enums common keeps only as union types: compared by the type checker, below. */
const COPIES_OF_COMMON_UNIONS = [
  'components.schemas.RolloutStrategy',
  'components.schemas.RolloutStep.properties.kind',
  'components.schemas.RolloutState.properties.tone',
  'components.schemas.RolloutState.properties.weight.properties.source',
  'components.schemas.RolloutActionRoute',
  'components.schemas.RolloutSummary.allOf.1.properties.source',
  'components.schemas.RunExplanation.properties.kind',
  'components.schemas.RunExplanation.properties.cause',
  'components.schemas.MetricThreshold.properties.unit',
  'components.schemas.ActionRecord.properties.outcome',
  'components.schemas.MetricSeries.properties.source',
  'components.schemas.PolicyObjectChange.properties.operation',
  'components.schemas.InboxItem.properties.group',
  'components.schemas.InboxItem.properties.attention',
];

/**
 * The spec's enums not compared with common: common names their values only inside larger types
 * (a field of an object type, a run's outcome), with no list or union of their own to compare.
 */
const NOT_COMPARED = [
  'components.schemas.RolloutStep.properties.traffic',
  'components.schemas.RolloutState.properties.progress.properties.ended',
  'components.schemas.RunExplanation.properties.checks.items.properties.comparison',
  'components.schemas.RunExplanation.properties.checks.items.properties.unit',
  'components.schemas.ClusterFreshness.properties.source',
  'components.schemas.RolloutRun.properties.outcome',
  'components.schemas.TimelineEntry.properties.eventType',
  'components.schemas.MetricSeries.properties.failedChecks.items.properties.comparison',
  'components.schemas.PolicyTarget',
  'components.schemas.PolicyIssue.properties.severity',
  'components.schemas.RolloutPolicy.properties.workload.properties.kind',
  'components.schemas.PolicyManifest.properties.role',
  'components.schemas.PolicyChangeResponse.properties.clusters.items.properties.role',
];

/** How an enum of the spec differs from common's list, naming both; undefined when equal. */
function driftOf(
  at: string,
  inSpec: readonly unknown[] | undefined,
  listName: string,
  inCommon: readonly unknown[],
): string | undefined {
  if (!inSpec)
    return `${at}: no such enum in openapi.yaml (common has ${listName})`;
  if (JSON.stringify(inSpec) === JSON.stringify(inCommon)) return undefined;
  const onlyInSpec = inSpec.filter(value => !inCommon.includes(value));
  const onlyInCommon = inCommon.filter(value => !inSpec.includes(value));
  const problems = [
    onlyInSpec.length && `only in the spec: ${JSON.stringify(onlyInSpec)}`,
    onlyInCommon.length && `only in common: ${JSON.stringify(onlyInCommon)}`,
    !onlyInSpec.length &&
      !onlyInCommon.length &&
      'the same values in another order',
  ].filter(Boolean);
  return `${at} drifted from common's ${listName}: ${problems.join('; ')}`;
}

describe("openapi.yaml's enums", () => {
  const enums = enumsOf(written);

  it("list what common's lists list, in the same order", () => {
    const drifted = Object.entries(COPIES_OF_COMMON_LISTS)
      .map(([at, [listName, inCommon]]) =>
        driftOf(at, enums.get(at), listName, inCommon),
      )
      .filter(Boolean);
    expect(drifted).toEqual([]);
  });

  it('are each compared with common, or say why not', () => {
    const accounted = new Set([
      ...Object.keys(COPIES_OF_COMMON_LISTS),
      ...COPIES_OF_COMMON_UNIONS,
      ...NOT_COMPARED,
    ]);
    expect([...enums.keys()].filter(at => !accounted.has(at))).toEqual([]);
    expect([...accounted].filter(at => !enums.has(at))).toEqual([]);
  });

  it('names a drifted enum and the common list it left', () => {
    expect(
      driftOf(
        'components.schemas.RolloutAction',
        [...ROLLOUT_ACTIONS, 'restart'],
        'ROLLOUT_ACTIONS',
        ROLLOUT_ACTIONS,
      ),
    ).toBe(
      `components.schemas.RolloutAction drifted from common's ROLLOUT_ACTIONS: only in the spec: ["restart"]`,
    );
  });
});

const schemas = spec.components.schemas;

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
