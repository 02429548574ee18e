import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  type InboxItem,
  type InboxResponse,
  rolloutActionPermission,
} from '@backstage-canary/plugin-canary-common';

/** An inbox item before it is known whose move it is. */
export type UngroupedInboxItem = Omit<InboxItem, 'group'>;

/**
 * The permission that makes an item the caller's move: giving the approval a rollout waits for,
 * or retrying a failed run (a new revision, the owner's fix).
 */
const permissionToAct = (attention: InboxItem['attention']) =>
  rolloutActionPermission(
    attention === 'waiting-for-approval' ? 'approve' : 'retry',
  );

/**
 * Sorts the items into "needs you" (the caller may give the approval or retry the failed run, on
 * the entity, as the permission policy decides) and "can watch" (the rest), with one authorization
 * request for all of them.
 */
export async function groupInboxItems(
  items: UngroupedInboxItem[],
  options: {
    permissions: PermissionsService;
    credentials: BackstageCredentials;
  },
): Promise<InboxItem[]> {
  const keyOf = (item: UngroupedInboxItem) =>
    `${permissionToAct(item.attention).name} ${item.entityRef}`;
  const questions = new Map<string, UngroupedInboxItem>();
  for (const item of items) {
    if (!questions.has(keyOf(item))) questions.set(keyOf(item), item);
  }
  const asked = [...questions.values()];
  const decisions = asked.length
    ? await options.permissions.authorize(
        asked.map(item => ({
          permission: permissionToAct(item.attention),
          resourceRef: item.entityRef,
        })),
        { credentials: options.credentials },
      )
    : [];
  const allowed = new Set(
    asked
      .filter((_, index) => decisions[index].result === AuthorizeResult.ALLOW)
      .map(keyOf),
  );
  return items.map(item => ({
    ...item,
    group: allowed.has(keyOf(item)) ? 'needs-you' : 'can-watch',
  }));
}

/**
 * One problem per entity and cluster: an unreachable cluster is reported by the entity's listing
 * and again by each of its canaries there, and the inbox counts clusters, not reports.
 */
export function uniqueInboxErrors(
  errors: InboxResponse['errors'],
): InboxResponse['errors'] {
  const seen = new Set<string>();
  return errors.filter(error => {
    const key = `${error.entityRef} ${error.cluster}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
