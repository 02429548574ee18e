import type { AuditorService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { ResourcePermission } from '@backstage/plugin-permission-common';
import {
  canaryPermissions,
  ROLLOUT_ACTIONS,
  type RolloutAction,
} from '@backstage-canary/plugin-canary-common';
import type { Router } from 'express';
import type { RolloutActionRunner } from '../lib/actions/RolloutActionRunner';
import type { EntityRolloutFinder } from '../lib/resolve/EntityRolloutFinder';
import type { RolloutStore } from '../lib/store/RolloutStore';
import { readActionBody } from './actionBody';
import {
  actorOf,
  CANARY_ROUTE,
  entityRefOf,
  providerTokens,
  type EntityAccess,
} from './requestContext';

/** The permission each rollout action needs. */
export const ACTION_PERMISSIONS: Record<RolloutAction, string> = {
  pause: 'canary.rollout.pause',
  resume: 'canary.rollout.pause',
  promote: 'canary.rollout.promote',
  abort: 'canary.rollout.abort',
  retry: 'canary.rollout.retry',
  approve: 'canary.rollout.approve',
};

/** The rollout actions: permission first, then the route the domain core picks, audited and logged. */
export function registerActionRoutes(
  router: Router,
  options: {
    access: EntityAccess;
    finder: EntityRolloutFinder;
    store: RolloutStore;
    actions: RolloutActionRunner;
    auditor: AuditorService;
  },
) {
  const { access, finder, store, actions, auditor } = options;

  router.post(`${CANARY_ROUTE}/actions/:action`, async (req, res) => {
    const action = req.params.action as RolloutAction;
    if (!ROLLOUT_ACTIONS.includes(action)) {
      throw new InputError(
        `Unknown rollout action ${
          req.params.action
        }; allowed: ${ROLLOUT_ACTIONS.join(', ')}`,
      );
    }
    const { reason } = readActionBody(req.body);
    const permission = canaryPermissions.find(
      p => p.name === ACTION_PERMISSIONS[action],
    )!;
    const { cluster, canaryNamespace, canaryName } = req.params;
    const target = { cluster, namespace: canaryNamespace, name: canaryName };
    const entityRef = entityRefOf(req);
    const auditEvent = await auditor.createEvent({
      eventId: 'rollout-action',
      severityLevel: 'medium',
      request: req,
      meta: {
        action,
        entityRef,
        cluster,
        canary: `${canaryNamespace}/${canaryName}`,
        reason,
      },
    });
    let actor = 'unknown';
    try {
      // The permission is checked on the entity before any cluster is touched.
      const { entity, credentials } = await access.authorizedEntity(
        req,
        permission as ResourcePermission<'catalog-entity'>,
      );
      actor = actorOf(credentials);
      const context = { credentials, providerTokens: providerTokens(req) };
      const rollouts = await finder.find(entity, context);
      const result = await actions.run({ rollouts, target, action, context });
      const { availability, ...answer } = result;
      for (const affected of answer.affects.length
        ? answer.affects
        : [target]) {
        await store.recordAction(affected, {
          entityRef,
          action,
          route: answer.route,
          actor,
          reason,
          outcome: answer.changed ? 'succeeded' : 'unchanged',
          message: answer.message,
        });
      }
      await auditEvent.success({
        meta: { route: answer.route, changed: answer.changed, actor },
      });
      res.json(answer);
    } catch (error) {
      await store
        .recordAction(target, {
          entityRef,
          action,
          actor,
          reason,
          outcome: 'failed',
          message: (error as Error).message,
        })
        .catch(() => undefined);
      await auditEvent.fail({ error: error as Error, meta: { actor } });
      throw error;
    }
  });
}
