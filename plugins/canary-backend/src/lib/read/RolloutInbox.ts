import { InputError, type ResponseError } from '@backstage/errors';
import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ANNOTATION_CANARY,
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  ANNOTATION_KURATOR_APPLICATION,
  canaryRolloutReadPermission,
  CANARY_PHASE,
  type InboxResponse,
  isApprovalPhase,
} from '@backstage-canary/plugin-canary-common';
import type { ClusterProviderTokens } from '../cluster/ClusterGateway';
import type { RolloutReader } from './RolloutReader';
import {
  groupInboxItems,
  uniqueInboxErrors,
  type UngroupedInboxItem,
} from './inboxGroups';

/**
 * The rollouts that need someone, across the entities a user may read: waiting for approval or
 * failed. Entities come from the catalog (with the user's credentials, so its own permissions
 * apply), each checked for `canary.rollout.read`, a page of entities at a time. Each item says
 * whether it is the caller's move (see `groupInboxItems`); an unreadable cluster is reported once
 * per entity.
 */
export class RolloutInbox {
  private readonly catalog: CatalogService;
  private readonly permissions: PermissionsService;
  private readonly reader: RolloutReader;

  constructor(options: {
    catalog: CatalogService;
    permissions: PermissionsService;
    reader: RolloutReader;
  }) {
    this.catalog = options.catalog;
    this.permissions = options.permissions;
    this.reader = options.reader;
  }

  async list(options: {
    credentials: BackstageCredentials;
    providerTokens?: ClusterProviderTokens;
    limit?: number;
    cursor?: string;
  }): Promise<InboxResponse> {
    const { credentials } = options;
    const limit = options.limit ?? 20;
    const page = await this.catalog
      .queryEntities(
        options.cursor
          ? { cursor: options.cursor, limit }
          : {
              limit,
              filter: [
                ANNOTATION_KURATOR_APPLICATION,
                ANNOTATION_CANARY,
                ANNOTATION_KUBERNETES_ID,
                ANNOTATION_KUBERNETES_LABEL_SELECTOR,
              ].map(annotation => ({
                [`metadata.annotations.${annotation}`]: CATALOG_FILTER_EXISTS,
              })),
              orderFields: { field: 'metadata.name', order: 'asc' },
            },
        { credentials },
      )
      .catch(error => {
        // The catalog refuses a cursor it did not hand out: the caller's input, not a failure.
        if (
          options.cursor &&
          (error as ResponseError)?.response?.status === 400
        ) {
          throw new InputError(
            'Query parameter cursor is not a cursor of the inbox: pass the nextCursor of the previous page unchanged, or leave it out for the first page',
          );
        }
        throw error;
      });
    const decisions = await this.permissions.authorize(
      page.items.map(entity => ({
        permission: canaryRolloutReadPermission,
        resourceRef: stringifyEntityRef(entity),
      })),
      { credentials },
    );
    const readable = page.items.filter(
      (_, index) => decisions[index].result === AuthorizeResult.ALLOW,
    );

    const items: UngroupedInboxItem[] = [];
    const errors: InboxResponse['errors'] = [];
    await Promise.all(
      readable.map(async entity => {
        const entityRef = stringifyEntityRef(entity);
        try {
          const rollouts = await this.reader.listForEntity(entity, {
            credentials,
            providerTokens: options.providerTokens,
          });
          errors.push(...rollouts.errors.map(e => ({ ...e, entityRef })));
          for (const rollout of rollouts.items) {
            if (rollout.error) errors.push({ ...rollout.error, entityRef });
            // A rollout the entity is not bound to is someone else's to approve or fix.
            if (rollout.binding && !rollout.binding.bound) continue;
            const phase = rollout.state?.phase;
            if (phase === CANARY_PHASE.Failed) {
              items.push({ entityRef, attention: 'failed', rollout });
            } else if (isApprovalPhase(phase)) {
              items.push({
                entityRef,
                attention: 'waiting-for-approval',
                rollout,
              });
            }
          }
        } catch (error) {
          errors.push({
            entityRef,
            cluster: '*',
            name: (error as Error).name,
            message: (error as Error).message,
          });
        }
      }),
    );
    items.sort(
      (a, b) =>
        a.attention.localeCompare(b.attention) ||
        a.entityRef.localeCompare(b.entityRef) ||
        a.rollout.cluster.localeCompare(b.rollout.cluster),
    );
    return {
      items: await groupInboxItems(items, {
        permissions: this.permissions,
        credentials,
      }),
      errors: uniqueInboxErrors(errors),
      nextCursor: page.pageInfo.nextCursor,
    };
  }
}
