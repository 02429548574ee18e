import { readFlaggerWebhookPayload } from './flaggerWebhookPayload';

const sent = {
  name: 'podinfo',
  namespace: 'test',
  phase: 'Progressing',
  checksum: '6b7c8d9f',
  type: 'confirm-promotion',
  metadata: { token: 't' },
};

describe('readFlaggerWebhookPayload', () => {
  it("reads what Flagger sends and leaves out fields it doesn't know", () => {
    expect(readFlaggerWebhookPayload({ ...sent, extra: 1 })).toEqual({
      ok: true,
      payload: sent,
    });
  });

  it('takes a payload without the optional fields', () => {
    expect(
      readFlaggerWebhookPayload({ name: 'a', namespace: 'b', checksum: 'c' }),
    ).toEqual({
      ok: true,
      payload: { name: 'a', namespace: 'b', checksum: 'c' },
    });
  });

  it('refuses a body that is not an object, naming the payload', () => {
    for (const body of [undefined, null, 'text', [sent]]) {
      const reading = readFlaggerWebhookPayload(body);
      expect(reading).toMatchObject({ ok: false });
      expect(reading.ok || reading.field).toBeUndefined();
      expect(reading.ok || reading.message).toMatch(
        /^The body must be Flagger's webhook payload: an object \{"name","namespace","phase","checksum","type","metadata"\}, got /,
      );
    }
  });

  it.each([
    ['name', { name: '' }, 'a non-empty string (it is required)', '""'],
    ['namespace', { namespace: 3 }, 'a non-empty string (it is required)', '3'],
    [
      'checksum',
      { checksum: undefined },
      'a non-empty string (it is required)',
      'nothing',
    ],
    ['phase', { phase: 1 }, 'a string when present', '1'],
    ['type', { type: false }, 'a string when present', 'false'],
    [
      'metadata',
      { metadata: { token: 1 } },
      "an object of strings when present (the webhook's metadata)",
      '{"token":1}',
    ],
    [
      'metadata',
      { metadata: 'token' },
      "an object of strings when present (the webhook's metadata)",
      '"token"',
    ],
  ])('names a wrong %s and what it allows', (field, change, allowed, got) => {
    expect(readFlaggerWebhookPayload({ ...sent, ...change })).toEqual({
      ok: false,
      field,
      message: `Field ${field} of the webhook payload must be ${allowed}, as Flagger sends it; got ${got}`,
    });
  });
});
