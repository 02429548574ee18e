import fs from 'node:fs';
import path from 'node:path';

const MARKER = path.join('domain', 'FLAGGER-KURATOR.md');

/** What the conformance tests need and where they look for it, for the error when it is missing. */
export function missingReferenceMessage(searchedFrom: string): string {
  return [
    'The conformance tests compare the Canary packages with the upstream Flagger and Kurator',
    'reference: the CRDs, the examples and the seed documents. It was not found.',
    'Provide a directory holding domain/FLAGGER-KURATOR.md, domain/flagger/{crds,examples,loadtester},',
    'domain/kurator/{crds,examples} and seeds/, either as shared/ beside the repository or by',
    `setting CANARY_SHARED_DIR to it (searched upwards from ${searchedFrom}).`,
  ].join(' ');
}

/**
 * The upstream reference directory: `CANARY_SHARED_DIR`, else a `shared/` directory beside or
 * above the repository. Throws, saying what to provide, when there is none.
 */
export function referenceDir(
  start: string = __dirname,
  env: NodeJS.ProcessEnv = process.env,
): string {
  if (env.CANARY_SHARED_DIR) {
    const dir = path.resolve(env.CANARY_SHARED_DIR);
    if (fs.existsSync(path.join(dir, MARKER))) return dir;
    throw new Error(
      `CANARY_SHARED_DIR=${dir} has no ${MARKER}. ${missingReferenceMessage(
        dir,
      )}`,
    );
  }
  for (let dir = start; ; dir = path.dirname(dir)) {
    for (const candidate of [
      path.join(dir, 'shared'),
      path.join(dir, '..', 'shared'),
    ]) {
      if (fs.existsSync(path.join(candidate, MARKER))) {
        return path.resolve(candidate);
      }
    }
    if (path.dirname(dir) === dir) break;
  }
  throw new Error(missingReferenceMessage(start));
}

/** A file of the reference's `domain/` directory. */
export function domainPath(...parts: string[]): string {
  return path.join(referenceDir(), 'domain', ...parts);
}
