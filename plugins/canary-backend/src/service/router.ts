import type {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  canaryPermissions,
  canaryRolloutReadPermission,
  ROLLOUT_ACTIONS,
  type RolloutAction,
} from '@backstage-canary/plugin-canary-common';
import type { RolloutActionRunner } from '../lib/actions/RolloutActionRunner';
import { readActionBody } from './actionBody';
import express from 'express';
import Router from 'express-promise-router';
import type { ClusterProviderTokens } from '../lib/cluster/ClusterGateway';
import type { RolloutInbox } from '../lib/read/RolloutInbox';
import type { RolloutReader } from '../lib/read/RolloutReader';
import type { EntityRolloutFinder } from '../lib/resolve/EntityRolloutFinder';
import type { RolloutStore } from '../lib/store/RolloutStore';
import {
  readPageQuery,
  readRangeQuery,
  readTimelineQuery,
} from './historyQuery';
import type { RolloutMetricsReader } from '../lib/metrics/RolloutMetricsReader';

/** What the router needs. */
export type RouterOptions = {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  reader: RolloutReader;
  finder: EntityRolloutFinder;
  store: RolloutStore;
  actions: RolloutActionRunner;
  auditor: AuditorService;
  metrics: RolloutMetricsReader;
  inbox: RolloutInbox;
};

/** The permission each rollout action needs. */
const ACTION_PERMISSIONS: Record<RolloutAction, string> = {
  pause: 'canary.rollout.pause',
  resume: 'canary.rollout.pause',
  promote: 'canary.rollout.promote',
  abort: 'canary.rollout.abort',
  retry: 'canary.rollout.retry',
  approve: 'canary.rollout.approve',
};

// Headers the frontend sends with a cluster auth provider's token, as the Kubernetes plugin names them.
const PROVIDER_TOKEN_HEADER = /^backstage-kubernetes-authorization-(.+)$/;

function providerTokens(req: express.Request): ClusterProviderTokens {
  const tokens: ClusterProviderTokens = {};
  for (const [name, value] of Object.entries(req.headers)) {
    const match = PROVIDER_TOKEN_HEADER.exec(name);
    if (match && typeof value === 'string') tokens[match[1]] = value;
  }
  return tokens;
}

/** Who asked: the user's entity ref, or the calling service's subject. */
function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user' && principal.userEntityRef) {
    return principal.userEntityRef;
  }
  if (principal.type === 'service' && principal.subject) {
    return principal.subject;
  }
  return 'unknown';
}

/**
 * Creates the plugin's HTTP routes.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    httpAuth,
    permissions,
    catalog,
    reader,
    finder,
    store,
    actions,
    auditor,
    metrics,
    inbox,
  } = options;
  const router = Router();
  router.use(express.json());

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  /** Loads the entity the user may see and checks a canary permission on it. */
  async function authorizedEntity(
    req: express.Request,
    permission: ResourcePermission<'catalog-entity'>,
  ): Promise<{ entity: Entity; credentials: BackstageCredentials }> {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { kind, namespace, name } = req.params;
    const entity = await catalog.getEntityByRef(
      { kind, namespace, name },
      { credentials },
    );
    if (!entity) {
      throw new NotFoundError(
        `Entity ${kind}:${namespace}/${name} was not found in the catalog`,
      );
    }
    const [decision] = await permissions.authorize(
      [{ permission, resourceRef: stringifyEntityRef(entity) }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Permission ${permission.name} is required for ${stringifyEntityRef(
          entity,
        )}`,
      );
    }
    return { entity, credentials };
  }

  router.get('/inbox', async (req, res) => {
    const page = readPageQuery(req);
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(
      await inbox.list({
        credentials,
        providerTokens: providerTokens(req),
        ...page,
      }),
    );
  });

  router.get('/entities/:kind/:namespace/:name/rollouts', async (req, res) => {
    const { entity, credentials } = await authorizedEntity(
      req,
      canaryRolloutReadPermission,
    );
    res.json(
      await reader.listForEntity(entity, {
        credentials,
        providerTokens: providerTokens(req),
      }),
    );
  });

  /**
   * The canary named in the path, after checking that it is one of the entity's rollouts, so that
   * reading an entity's history never reveals another service's canary.
   */
  async function entityCanary(req: express.Request) {
    const { entity, credentials } = await authorizedEntity(
      req,
      canaryRolloutReadPermission,
    );
    const { cluster, canaryNamespace, canaryName } = req.params;
    const context = { credentials, providerTokens: providerTokens(req) };
    const { rollouts } = await finder.find(entity, context);
    const rollout = rollouts.find(
      r =>
        r.cluster === cluster &&
        r.namespace === canaryNamespace &&
        r.name === canaryName,
    );
    if (!rollout) {
      throw new NotFoundError(
        `Canary ${canaryNamespace}/${canaryName} on cluster ${cluster} is not a rollout of ${stringifyEntityRef(
          entity,
        )}`,
      );
    }
    return {
      key: { cluster, namespace: canaryNamespace, name: canaryName },
      rollout,
      context,
    };
  }

  const canaryRoute =
    '/entities/:kind/:namespace/:name/rollouts/:cluster/:canaryNamespace/:canaryName';

  router.get(`${canaryRoute}/runs`, async (req, res) => {
    const query = readPageQuery(req);
    res.json(await store.listRuns((await entityCanary(req)).key, query));
  });

  router.get(`${canaryRoute}/timeline`, async (req, res) => {
    const query = readTimelineQuery(req);
    res.json(await store.timeline((await entityCanary(req)).key, query));
  });

  router.get(`${canaryRoute}/metrics`, async (req, res) => {
    const range = readRangeQuery(req);
    const { rollout, context } = await entityCanary(req);
    res.json(await metrics.read(rollout, range, context));
  });

  router.post(`${canaryRoute}/actions/:action`, async (req, res) => {
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
    const entityRef = stringifyEntityRef({
      kind: req.params.kind,
      namespace: req.params.namespace,
      name: req.params.name,
    });
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
      const { entity, credentials } = await authorizedEntity(
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

  return router;
}
