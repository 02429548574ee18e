import type { JsonPatchOperation } from './rolloutActions';
import type { RolloutRun } from '../api/rolloutTypes';

/**
 * The parts of a Deployment a rollback reads: its containers, in order, and its version.
 *
 * @public
 */
export type RollbackWorkload = {
  metadata?: { name?: string; resourceVersion?: string };
  spec?: {
    template?: {
      spec?: { containers?: Array<{ name: string; image?: string }> };
    };
  };
};

/**
 * The write that sets a workload's container images back to a recorded revision: a JSON patch
 * whose `test` operations pin each container's name (and the version the decision was made on),
 * so a workload whose containers changed meanwhile is refused rather than half rolled back.
 *
 * @public
 */
export type RollbackPlan = {
  /** False when the workload already runs the revision's images. */
  changed: boolean;
  /** The JSON patch to send (empty when nothing changes). */
  jsonPatch: JsonPatchOperation[];
  /** `container: from -> to`, for the messages. */
  changes: string[];
};

/**
 * Plans a rollback of one workload to a revision's images. The run store records a revision's
 * images in container order (containers without an image are skipped), so the workload must have
 * the same number of containers: otherwise the images cannot be matched and the plan is refused
 * with an error naming the workload.
 *
 * @public
 */
export function planRevisionRollback(
  workload: RollbackWorkload,
  images: string[],
): RollbackPlan {
  const name = workload.metadata?.name ?? 'the workload';
  if (!images.length) {
    throw new Error(
      `The revision has no recorded images, so ${name} cannot be rolled back to it.`,
    );
  }
  const containers = workload.spec?.template?.spec?.containers ?? [];
  if (containers.length !== images.length) {
    throw new Error(
      `${name} has ${containers.length} container(s) but the revision recorded ${images.length} image(s); roll back through its source instead.`,
    );
  }
  const jsonPatch: JsonPatchOperation[] = [];
  const changes: string[] = [];
  containers.forEach((container, index) => {
    const image = images[index];
    if (container.image === image) return;
    const base = `/spec/template/spec/containers/${index}`;
    jsonPatch.push(
      { op: 'test', path: `${base}/name`, value: container.name },
      { op: 'replace', path: `${base}/image`, value: image },
    );
    changes.push(
      `${container.name}: ${container.image ?? '(none)'} -> ${image}`,
    );
  });
  return { changed: jsonPatch.length > 0, jsonPatch, changes };
}

/**
 * Whether a recorded run is a revision one may roll back to: it ended successfully, it has images,
 * and they are not the images running now.
 *
 * @public
 */
export function canRollBackTo(
  run: RolloutRun,
  currentImages: string[] | undefined,
): boolean {
  return (
    run.outcome === 'Succeeded' &&
    run.images.length > 0 &&
    (currentImages === undefined ||
      run.images.join('\n') !== currentImages.join('\n'))
  );
}

/**
 * What a rollback does, in words, for the confirmation and the action log.
 *
 * @public
 */
export function describeRevisionRollback(options: {
  run: Pick<RolloutRun, 'number' | 'images'>;
  workload: string;
  /** Every member of the Kurator policy, when the canary is rendered by Kurator. */
  kurator?: { application: string; clusters: string[]; unreachable: string[] };
  cluster: string;
}): string {
  const { run, workload, kurator } = options;
  const images = run.images.join(', ');
  const where = kurator
    ? `Deployment ${workload} on every member of the policy (${kurator.clusters.join(
        ', ',
      )})`
    : `Deployment ${workload} on ${options.cluster}`;
  const unreachable = kurator?.unreachable.length
    ? ` ${kurator.unreachable.join(
        ', ',
      )} cannot be reached now and keeps its images until rolled back again.`
    : '';
  const source = kurator
    ? ` Application ${kurator.application}'s source (Git) still names the newer revision: a later sync of a changed source brings it back, so revert the source too.`
    : ' Under GitOps a sync of the source may bring the newer images back.';
  return `Sets the container images of ${where} back to revision #${run.number} (${images}). Flagger analyses this as a new revision, with the usual steps and checks, unless it equals the promoted one.${unreachable}${source}`;
}

/**
 * The images of a workload's containers as another workload (its `-primary`) runs them, matched
 * by container name, in the workload's container order: what a revert to the promoted revision
 * sets. Throws, naming the container, when the other workload lacks one.
 *
 * @public
 */
export function imagesOf(
  workload: RollbackWorkload,
  source: RollbackWorkload,
): string[] {
  const byName = new Map(
    (source.spec?.template?.spec?.containers ?? []).map(c => [c.name, c.image]),
  );
  return (workload.spec?.template?.spec?.containers ?? []).map(container => {
    const image = byName.get(container.name);
    if (!image) {
      throw new Error(
        `${source.metadata?.name ?? 'The promoted workload'} has no container ${
          container.name
        }, so ${
          workload.metadata?.name ?? 'the workload'
        } cannot be reverted to it.`,
      );
    }
    return image;
  });
}
