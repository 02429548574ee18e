/**
 * Test-only: the upstream Flagger and Kurator reference the Canary packages are checked against.
 * The reference is never copied into the repository; see `referenceDir()` for where it is found.
 *
 * @packageDocumentation
 */
export {
  referenceDir,
  domainPath,
  missingReferenceMessage,
} from './referenceDir';
export {
  listYamlFiles,
  loadYamlDocuments,
  loadSeedManifests,
} from './yamlFiles';
export { CrdValidator, upstreamCrds, type CrdLike } from './crdValidation';
