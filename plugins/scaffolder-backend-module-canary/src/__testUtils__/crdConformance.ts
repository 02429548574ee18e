// Test-only: what the scaffolder writes must be accepted by the upstream CRDs (the reference beside
// the repository) and by the CRDs generated from canary-common's schemas.
import { CrdValidator, upstreamCrds } from '@backstage-canary/conformance';
import {
  flaggerCustomResourceDefinitions,
  kuratorCustomResourceDefinitions,
} from '@backstage-canary/plugin-canary-common';

const validator = new CrdValidator({
  upstream: upstreamCrds(),
  generated: [
    ...flaggerCustomResourceDefinitions(),
    ...kuratorCustomResourceDefinitions(),
  ],
});

/** Why the upstream or the generated CRD of the object's kind refuses it; empty if both accept it. */
export const crdErrors = (object: { kind?: unknown; apiVersion?: unknown }) =>
  validator.errors(object);

/** Whether both the upstream and the generated CRDs define the object's kind. */
export const hasCrdSchema = (object: {
  kind?: unknown;
  apiVersion?: unknown;
}) => validator.knows(object);
