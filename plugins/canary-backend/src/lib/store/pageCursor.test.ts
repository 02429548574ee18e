import { InputError } from '@backstage/errors';
import {
  decodePageCursor,
  encodePageCursor,
  parsePageCursor,
} from './pageCursor';

describe('page cursors', () => {
  it('give back what they were made of, for their own list only', () => {
    const timeline = encodePageCursor('timeline', {
      at: '2026-12-06T10:00:00.000Z',
      type: 'event',
      id: 7,
    });
    expect(decodePageCursor('timeline', timeline)).toEqual({
      at: '2026-12-06T10:00:00.000Z',
      type: 'event',
      id: 7,
    });
    expect(
      decodePageCursor('runs', encodePageCursor('runs', { before: 3 })),
    ).toEqual({
      before: 3,
    });
    expect(() => decodePageCursor('runs', timeline)).toThrow(InputError);
  });

  it.each([
    'garbage',
    'MQ',
    '',
    Buffer.from('{"list":"runs","before":"3"}').toString('base64url'),
    Buffer.from('{"list":"runs","before":-1}').toString('base64url'),
    Buffer.from(
      '{"list":"timeline","at":"soon","type":"event","id":1}',
    ).toString('base64url'),
    Buffer.from(
      '{"list":"timeline","at":"2026-12-06T10:00:00Z","type":"x","id":1}',
    ).toString('base64url'),
    Buffer.from('null').toString('base64url'),
  ])('refuse %j naming the cursor', value => {
    expect(parsePageCursor('timeline', value)).toBeUndefined();
    expect(() => decodePageCursor('timeline', value)).toThrow(
      /^cursor is not a cursor of this timeline list/,
    );
    expect(() => decodePageCursor('runs', value)).toThrow(InputError);
  });
});
