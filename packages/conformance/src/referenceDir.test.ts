import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { referenceDir } from './referenceDir';

describe('referenceDir', () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'no-reference-'));
  afterAll(() => fs.rmSync(empty, { recursive: true, force: true }));

  it('says what to provide when the reference is missing', () => {
    expect(() => referenceDir(empty, {})).toThrow(
      /domain\/FLAGGER-KURATOR\.md.*shared\/ beside the repository.*CANARY_SHARED_DIR/,
    );
  });

  it('names a CANARY_SHARED_DIR that does not hold the reference', () => {
    expect(() => referenceDir(empty, { CANARY_SHARED_DIR: empty })).toThrow(
      `CANARY_SHARED_DIR=${empty} has no domain/FLAGGER-KURATOR.md`,
    );
  });

  it('finds the reference beside the repository', () => {
    expect(
      fs.existsSync(path.join(referenceDir(), 'domain', 'flagger', 'crds')),
    ).toBe(true);
  });
});
