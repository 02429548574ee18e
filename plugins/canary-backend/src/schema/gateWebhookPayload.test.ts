import {
  type FlaggerWebhookPayload,
  readFlaggerWebhookPayload,
} from '@backstage-canary/plugin-canary-common';
import { spec } from './openapi';

// The spec documents Flagger's webhook payload that common types and reads: the same fields, and
// the spec's required ones are the ones the reader requires.

/** A payload with every field: the type checker refuses a missing or an unknown one. */
const everyField: Required<FlaggerWebhookPayload> = {
  name: 'podinfo',
  namespace: 'test',
  phase: 'Progressing',
  checksum: '6b7c8d9f',
  type: 'confirm-promotion',
  metadata: { token: 't' },
};

const schema = spec.components.schemas.GateWebhookPayload;

describe("the spec's GateWebhookPayload", () => {
  it("has the fields of common's FlaggerWebhookPayload", () => {
    expect(Object.keys(schema.properties).sort()).toEqual(
      Object.keys(everyField).sort(),
    );
  });

  it('requires what the reader requires', () => {
    const refused = Object.keys(everyField).filter(field => {
      const { [field as keyof FlaggerWebhookPayload]: _, ...without } =
        everyField;
      return !readFlaggerWebhookPayload(without).ok;
    });
    expect([...schema.required].sort()).toEqual(refused.sort());
  });
});
