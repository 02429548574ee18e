/**
 * The fleet lab: real kube-apiservers of a Kurator fleet on 127.0.0.1, with Flagger and Kurator
 * behaviour, simulated mesh traffic and Prometheus. A development and test tool; see README.md.
 *
 * @packageDocumentation
 */

export { Lab } from './lib/Lab';
export type { StartOptions } from './lib/Lab';
export {
  readLabInfo,
  requireLabInfo,
  clusterInfo,
  loadtesterUrl,
} from './lib/labInfo';
export type { LabInfo, LabClusterInfo } from './lib/labInfo';
export { labPaths } from './lib/paths';
