// Test-only: a manifest the product reads or writes must be accepted by the upstream CRDs (the
// reference beside the repository) and by the CRDs generated from this package's schemas.
import { CrdValidator, upstreamCrds } from '@backstage-canary/conformance';
import {
  flaggerCustomResourceDefinitions,
  kuratorCustomResourceDefinitions,
} from '../crds/customResourceDefinitions';

export const crdValidator = new CrdValidator({
  upstream: upstreamCrds(),
  generated: [
    ...flaggerCustomResourceDefinitions(),
    ...kuratorCustomResourceDefinitions(),
  ],
});

/** Why the upstream or the generated CRD of the object's kind refuses it; empty if both accept it. */
export const crdErrors = (object: { kind?: unknown; apiVersion?: unknown }) =>
  crdValidator.errors(object);
