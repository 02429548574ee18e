/**
 * The plugin id shared by the frontend, backend and common packages.
 *
 * @public
 */
export const CANARY_PLUGIN_ID = 'canary';

/**
 * Catalog annotation naming a Kurator Application (`<namespace>/<name>`) in the fleet's host cluster.
 *
 * @public
 */
export const ANNOTATION_KURATOR_APPLICATION =
  'backstage-canary.io/kurator-application';

/**
 * Catalog annotation naming the Backstage cluster that hosts the Kurator fleet control plane.
 *
 * @public
 */
export const ANNOTATION_HOST_CLUSTER = 'backstage-canary.io/host-cluster';

/**
 * Catalog annotation naming a native Flagger Canary (`<namespace>/<name>`).
 *
 * @public
 */
export const ANNOTATION_CANARY = 'backstage-canary.io/canary';

/**
 * The Kubernetes plugin's annotation; canaries labelled `backstage.io/kubernetes-id=<id>` belong to
 * the entity carrying it.
 *
 * @public
 */
export const ANNOTATION_KUBERNETES_ID = 'backstage.io/kubernetes-id';

/**
 * The Kubernetes plugin's label selector annotation, which replaces the default
 * `backstage.io/kubernetes-id=<id>` selector.
 *
 * @public
 */
export const ANNOTATION_KUBERNETES_LABEL_SELECTOR =
  'backstage.io/kubernetes-label-selector';

/**
 * Every annotation that makes an entity eligible for the Canary tab, in the order they are tried.
 *
 * @public
 */
export const CANARY_ENTITY_ANNOTATIONS = [
  ANNOTATION_KURATOR_APPLICATION,
  ANNOTATION_CANARY,
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
] as const;

/**
 * The signals channel on which the backend announces that a canary changed; the message is the
 * canary's `{ cluster, namespace, name }` and `change`: `state` when its object on the cluster
 * changed (the lanes), `history` when the recorder stored something of it (its timeline and runs,
 * and the lanes). A message without `change` may concern either.
 *
 * @public
 */
export const CANARY_SIGNAL_CHANNEL = 'canary:rollouts';

/**
 * Annotation on a cluster object (a Canary, a Kurator Application or their namespace) naming the
 * catalog entities it belongs to, as a comma-separated list of entity refs
 * (`component:default/checkout`). It is the cluster side's proof that binds an entity to a
 * rollout; an entity's own annotations alone never do.
 *
 * @public
 */
export const ANNOTATION_ENTITY_REF = 'backstage-canary.io/entity-ref';

/**
 * The Kubernetes plugin's label on cluster objects; equal to an entity's
 * `backstage.io/kubernetes-id` annotation it binds the object to that entity, as long as no other
 * catalog entity claims the same id.
 *
 * @public
 */
export const LABEL_KUBERNETES_ID = 'backstage.io/kubernetes-id';
