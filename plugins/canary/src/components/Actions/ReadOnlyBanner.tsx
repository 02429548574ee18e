import { Fragment } from 'react';
import { Alert, AlertTitle } from '@material-ui/lab';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  ROLLOUT_ACTION_PERMISSIONS,
  type RolloutAction,
} from '@backstage-canary/plugin-canary-common';
import { actionTitle } from './actionText';

/** Which actions each permission allows: pause and resume share one. */
export function actionsByPermission(): Array<{
  permission: string;
  actions: RolloutAction[];
}> {
  const rows = new Map<string, RolloutAction[]>();
  for (const [action, permission] of Object.entries(
    ROLLOUT_ACTION_PERMISSIONS,
  ) as Array<[RolloutAction, { name: string }]>) {
    rows.set(permission.name, [...(rows.get(permission.name) ?? []), action]);
  }
  return [...rows].map(([permission, actions]) => ({ permission, actions }));
}

/** Props of {@link ReadOnlyBanner}. */
export type ReadOnlyBannerProps = {
  /** The entity's owners, as entity refs (usually one group). */
  owners: string[];
  /** The catalog could not say who owns the entity. */
  ownersUnknown?: boolean;
};

const ownerLinks = (owners: string[]) =>
  owners.map((owner, index) => (
    <Fragment key={owner}>
      {index > 0 && ', '}
      <EntityRefLink entityRef={owner} defaultKind="group" />
    </Fragment>
  ));

/**
 * Said once above the lanes to a user who may read the rollouts but none of whose actions are
 * allowed: who owns the entity, and the permission each action needs, including gate approvals.
 */
export const ReadOnlyBanner = ({
  owners,
  ownersUnknown,
}: ReadOnlyBannerProps) => {
  const rows = actionsByPermission();
  const approve = rows.find(row => row.actions.includes('approve'));
  return (
    <Alert severity="info" role="region" aria-label="Read-only access">
      <AlertTitle>You can watch these rollouts, not act on them</AlertTitle>
      {owners.length > 0 && <>This entity is owned by {ownerLinks(owners)}. </>}
      {!owners.length &&
        (ownersUnknown
          ? 'Its owners could not be read from the catalog. '
          : 'This entity has no owner in the catalog. ')}
      Each action needs a permission on the entity, which your Backstage
      permission policy grants (usually to the owners):{' '}
      {rows.map((row, index) => (
        <Fragment key={row.permission}>
          {index > 0 && '; '}
          {row.actions.map(actionTitle).join(' and ')}{' '}
          {row.actions.length > 1 ? 'need' : 'needs'}{' '}
          <code>{row.permission}</code>
        </Fragment>
      ))}
      .{' '}
      {approve && (
        <>
          Gate approvals come from{' '}
          {owners.length ? ownerLinks(owners) : 'the owners'} or anyone else
          holding <code>{approve.permission}</code>.
        </>
      )}
    </Alert>
  );
};
