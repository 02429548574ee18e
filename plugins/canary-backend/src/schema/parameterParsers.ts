import { readClusterName } from '../lib/input/clusterName';
import { readEntityNamePart } from '../lib/input/entityName';
import {
  type InputField,
  inputField,
  pathParameter,
  queryParameter,
} from '../lib/input/InputField';
import { readKubernetesName } from '../lib/input/kubernetesName';
import { readPageCursor, readPageLimit } from '../lib/input/pageQuery';
import { readRunId } from '../lib/input/runId';
import { readStepSeconds, readTimestamp } from '../lib/input/timeRange';
import { readTimelineKinds } from '../lib/input/timelineKinds';
import { readAcknowledgement, readActionBody } from '../service/actionBody';

/** A parser of one parameter kind: returns the value read, or throws an InputError. */
export type ParameterParser = (value: unknown, field: InputField) => unknown;

/**
 * The parser of each parameter of the spec, by where it is sent and its name: the ones the route
 * handlers and the registered actions use. When the request validator refuses a parameter, its
 * parser says why (see fieldErrorMessages), so a bad value gets the same words whether the spec or
 * the handler catches it, and whether it came over HTTP or through the actions registry.
 */
export const PARAMETER_PARSERS: Record<
  'query' | 'params' | 'body',
  Record<string, ParameterParser>
> = {
  query: {
    limit: readPageLimit,
    cursor: (value, field) => readPageCursor(value, field),
    start: readTimestamp,
    end: readTimestamp,
    step: readStepSeconds,
    run: readRunId,
    kind: readTimelineKinds,
  },
  params: {
    kind: (value, field) => readEntityNamePart('kind', value, field),
    namespace: (value, field) => readEntityNamePart('namespace', value, field),
    name: (value, field) => readEntityNamePart('name', value, field),
    cluster: readClusterName,
    canaryNamespace: readKubernetesName,
    canaryName: readKubernetesName,
  },
  // Top-level body fields (the rollout actions' body; the policy routes check theirs themselves).
  body: {
    reason: value => readActionBody({ reason: value }).reason,
    acknowledgeFailedChecks: readAcknowledgement,
  },
};

const FIELD = {
  query: queryParameter,
  params: pathParameter,
  body: inputField,
};

/**
 * What the parser of a parameter says of a value, or undefined when it has no parser or takes the
 * value.
 */
export function parameterRefusal(
  location: string,
  name: string,
  value: unknown,
): string | undefined {
  const parsers = Object.hasOwn(PARAMETER_PARSERS, location)
    ? PARAMETER_PARSERS[location as keyof typeof PARAMETER_PARSERS]
    : undefined;
  const parse =
    parsers && Object.hasOwn(parsers, name) ? parsers[name] : undefined;
  if (!parse || value === null) return undefined;
  const field = FIELD[location as keyof typeof PARAMETER_PARSERS](name);
  try {
    parse(value, field);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
