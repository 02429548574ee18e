// ******************************************************************
// * GENERATED FILE: DO NOT EDIT.                                     *
// * Source: src/schema/openapi.yaml                                  *
// * Regenerate: yarn generate:openapi (in plugins/canary-backend)    *
// ******************************************************************
// Written by scripts/generate-openapi-spec.mjs instead of the Java-based generator behind
// `backstage-repo-tools package schema openapi generate` (see that script for why).
// A Jest test fails when this file no longer matches openapi.yaml.

import { createValidatedOpenApiRouterFromGeneratedEndpointMap } from '@backstage/backend-openapi-utils';
import type { CanaryApiPaths } from '@backstage-canary/plugin-canary-common';

type JsonContent<T> = T extends { content: { 'application/json': infer Body } }
  ? Body
  : never;
type ResponseBodies<Responses> = {
  [Status in keyof Responses]: JsonContent<Responses[Status]>;
}[keyof Responses];
type Endpoint<Operation> = Operation extends {
  parameters: { path?: infer Path; query?: infer Query };
  responses: infer Responses;
}
  ? {
      path: Path;
      query: Query;
      body: Operation extends { requestBody?: infer Body }
        ? JsonContent<NonNullable<Body>>
        : never;
      response: ResponseBodies<Responses>;
    }
  : never;

/**
 * The Canary API's OpenAPI spec, from `src/schema/openapi.yaml`.
 *
 * @public
 */
export const spec = {
  openapi: '3.0.3',
  info: {
    title: 'canary',
    version: '1',
    description:
      "The Canary backend: the rollouts of a catalog entity across the fleet (Flagger canaries, Kurator-managed or native), their recorded history and analysis metrics, an inbox of rollouts that need someone, rollout actions, approval gates for Flagger webhooks and rollout policy changes.\n\nEvery answer about several clusters carries per-cluster errors instead of failing whole. Errors use Backstage's error body (`error.name`, `error.message`); a bad input gets 400 with a message naming the field and what is allowed.\n\nRoutes under `/entities/{kind}/{namespace}/{name}` check a `canary.*` permission on that entity (403 names the permission) and answer 404 when the caller may not see the entity. Reads of the clusters are made on behalf of the caller: send the cluster auth providers' tokens as `Backstage-Kubernetes-Authorization-{provider}` headers, as for the Kubernetes plugin.",
    license: {
      name: 'Apache-2.0',
    },
  },
  servers: [
    {
      url: '/',
    },
  ],
  security: [
    {
      BackstageToken: [],
    },
  ],
  tags: [
    {
      name: 'Rollouts',
      description:
        'Fleet-wide rollout state, history and metrics (permission `canary.rollout.read`).',
    },
    {
      name: 'Actions',
      description:
        'Rollout actions, permissioned, audited and stored in the action log.',
    },
    {
      name: 'Gates',
      description: 'Flagger webhook gates answered from stored approvals.',
    },
    {
      name: 'Policy',
      description:
        'Rollout policies of an entity, validated, previewed, dry-run and applied.',
    },
  ],
  paths: {
    '/health': {
      get: {
        operationId: 'getHealth',
        summary: 'Liveness of the plugin.',
        security: [],
        responses: {
          '200': {
            description: 'The plugin is up.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['status'],
                  properties: {
                    status: {
                      type: 'string',
                      enum: ['ok'],
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    '/inbox': {
      get: {
        operationId: 'getInbox',
        tags: ['Rollouts'],
        summary:
          'Rollouts waiting for approval or failed, across the entities the caller may read.',
        description:
          'Pages over entities (not rollouts); entities whose rollouts could not be read appear in `errors` with their cluster, once per entity and cluster. Each item says whether the caller may act on it (`group`).',
        parameters: [
          {
            $ref: '#/components/parameters/limit',
          },
          {
            $ref: '#/components/parameters/cursor',
          },
        ],
        responses: {
          '200': {
            description: 'The rollouts that need someone.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/InboxResponse',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
        },
      },
    },
    '/entities/{kind}/{namespace}/{name}/rollouts': {
      get: {
        operationId: 'getEntityRollouts',
        tags: ['Rollouts'],
        summary: "The entity's rollouts on every cluster.",
        description:
          'Per cluster: phase, planned and current weights, progress, failed checks against the threshold, last transition, Kurator policy, revision and the actions possible now. Permission `canary.rollout.read`.',
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        responses: {
          '200': {
            description:
              'The rollouts, with the clusters that could not be read.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/EntityRolloutsResponse',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
        },
      },
    },
    '/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}':
      {
        get: {
          operationId: 'getRollout',
          tags: ['Rollouts'],
          summary: 'One rollout of the entity in detail.',
          description:
            "The rollout in domain terms, the Canary manifest and, for a Kurator-managed canary, the Kurator Application it is rendered from (read on the fleet's host cluster). Permission `canary.rollout.read`.",
          parameters: [
            {
              $ref: '#/components/parameters/kind',
            },
            {
              $ref: '#/components/parameters/namespace',
            },
            {
              $ref: '#/components/parameters/name',
            },
            {
              $ref: '#/components/parameters/cluster',
            },
            {
              $ref: '#/components/parameters/canaryNamespace',
            },
            {
              $ref: '#/components/parameters/canaryName',
            },
          ],
          responses: {
            '200': {
              description: 'The rollout.',
              content: {
                'application/json': {
                  schema: {
                    $ref: '#/components/schemas/RolloutDetailResponse',
                  },
                },
              },
            },
            '401': {
              $ref: '#/components/responses/Unauthorized',
            },
            '403': {
              $ref: '#/components/responses/Forbidden',
            },
            '404': {
              $ref: '#/components/responses/NotFound',
            },
          },
        },
      },
    '/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/runs':
      {
        get: {
          operationId: 'listRolloutRuns',
          tags: ['Rollouts'],
          summary:
            "The recorded runs of a canary (one run = one revision's journey), newest first.",
          parameters: [
            {
              $ref: '#/components/parameters/kind',
            },
            {
              $ref: '#/components/parameters/namespace',
            },
            {
              $ref: '#/components/parameters/name',
            },
            {
              $ref: '#/components/parameters/cluster',
            },
            {
              $ref: '#/components/parameters/canaryNamespace',
            },
            {
              $ref: '#/components/parameters/canaryName',
            },
            {
              $ref: '#/components/parameters/limit',
            },
            {
              $ref: '#/components/parameters/cursor',
            },
          ],
          responses: {
            '200': {
              description: 'A page of runs.',
              content: {
                'application/json': {
                  schema: {
                    $ref: '#/components/schemas/RunPage',
                  },
                },
              },
            },
            '400': {
              $ref: '#/components/responses/BadRequest',
            },
            '401': {
              $ref: '#/components/responses/Unauthorized',
            },
            '403': {
              $ref: '#/components/responses/Forbidden',
            },
            '404': {
              $ref: '#/components/responses/NotFound',
            },
          },
        },
      },
    '/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/timeline':
      {
        get: {
          operationId: 'getRolloutTimeline',
          tags: ['Rollouts'],
          summary:
            'Recorded transitions, parsed events and actions of a canary, newest first.',
          parameters: [
            {
              $ref: '#/components/parameters/kind',
            },
            {
              $ref: '#/components/parameters/namespace',
            },
            {
              $ref: '#/components/parameters/name',
            },
            {
              $ref: '#/components/parameters/cluster',
            },
            {
              $ref: '#/components/parameters/canaryNamespace',
            },
            {
              $ref: '#/components/parameters/canaryName',
            },
            {
              name: 'run',
              in: 'query',
              description:
                'Only the entries of this run (its `id`, not its number).',
              schema: {
                type: 'integer',
                minimum: 1,
              },
            },
            {
              name: 'kind',
              in: 'query',
              description:
                'Comma-separated entry kinds, each a TimelineFilterKind: `transition`, `action` or a timeline entry kind such as `halted` or `rollback`. An unknown kind gets 400 naming the allowed ones.',
              style: 'form',
              explode: false,
              schema: {
                type: 'array',
                minItems: 1,
                items: {
                  $ref: '#/components/schemas/TimelineFilterKind',
                },
              },
              example: ['transition', 'halted', 'rollback'],
            },
            {
              $ref: '#/components/parameters/limit',
            },
            {
              $ref: '#/components/parameters/cursor',
            },
          ],
          responses: {
            '200': {
              description: 'A page of timeline items.',
              content: {
                'application/json': {
                  schema: {
                    $ref: '#/components/schemas/TimelinePage',
                  },
                },
              },
            },
            '400': {
              $ref: '#/components/responses/BadRequest',
            },
            '401': {
              $ref: '#/components/responses/Unauthorized',
            },
            '403': {
              $ref: '#/components/responses/Forbidden',
            },
            '404': {
              $ref: '#/components/responses/NotFound',
            },
          },
        },
      },
    '/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/metrics':
      {
        get: {
          operationId: 'getRolloutMetrics',
          tags: ['Rollouts'],
          summary:
            "The canary's analysis metrics over a time range, from Prometheus.",
          description:
            "For each analysis metric: the canary's and the primary's series in the threshold's unit, the accepted range, the queries and the checks that failed: with `run`, exactly that run's halted checks, whatever the range; without, the halted checks recorded within the range. A metric whose query fails carries `problems`; the other metrics still answer.",
          parameters: [
            {
              $ref: '#/components/parameters/kind',
            },
            {
              $ref: '#/components/parameters/namespace',
            },
            {
              $ref: '#/components/parameters/name',
            },
            {
              $ref: '#/components/parameters/cluster',
            },
            {
              $ref: '#/components/parameters/canaryNamespace',
            },
            {
              $ref: '#/components/parameters/canaryName',
            },
            {
              name: 'start',
              in: 'query',
              description:
                "Start of the range, unix seconds (default: with `run`, a minute before the run's start; without, an hour before `end`).",
              schema: {
                type: 'integer',
                minimum: 0,
                maximum: 4102444800,
              },
            },
            {
              name: 'end',
              in: 'query',
              description:
                "End of the range, unix seconds (default: with `run`, a minute after the run's end, or now while it runs; without, now).",
              schema: {
                type: 'integer',
                minimum: 0,
                maximum: 4102444800,
              },
            },
            {
              name: 'step',
              in: 'query',
              description:
                'Resolution in seconds (default the analysis interval).',
              schema: {
                type: 'integer',
                minimum: 1,
                maximum: 86400,
              },
            },
            {
              name: 'run',
              in: 'query',
              description:
                "A run of the canary (its `id`, not its number): `failedChecks` are that run's halted checks only, and the range defaults to the run's window. A run that is not one of this canary's gets 404 naming it.",
              schema: {
                type: 'integer',
                minimum: 1,
              },
            },
          ],
          responses: {
            '200': {
              description: 'The metrics.',
              content: {
                'application/json': {
                  schema: {
                    $ref: '#/components/schemas/RolloutMetricsResponse',
                  },
                },
              },
            },
            '400': {
              $ref: '#/components/responses/BadRequest',
            },
            '401': {
              $ref: '#/components/responses/Unauthorized',
            },
            '403': {
              $ref: '#/components/responses/Forbidden',
            },
            '404': {
              $ref: '#/components/responses/NotFound',
            },
          },
        },
      },
    '/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/actions/pause':
      {
        post: {
          operationId: 'pauseRollout',
          tags: ['Actions'],
          summary:
            'Pause the rollout (`spec.suspend`). Permission `canary.rollout.pause`.',
          parameters: [
            {
              $ref: '#/components/parameters/kind',
            },
            {
              $ref: '#/components/parameters/namespace',
            },
            {
              $ref: '#/components/parameters/name',
            },
            {
              $ref: '#/components/parameters/cluster',
            },
            {
              $ref: '#/components/parameters/canaryNamespace',
            },
            {
              $ref: '#/components/parameters/canaryName',
            },
          ],
          requestBody: {
            $ref: '#/components/requestBodies/RolloutActionRequest',
          },
          responses: {
            '200': {
              $ref: '#/components/responses/RolloutActionResult',
            },
            '400': {
              $ref: '#/components/responses/BadRequest',
            },
            '401': {
              $ref: '#/components/responses/Unauthorized',
            },
            '403': {
              $ref: '#/components/responses/Forbidden',
            },
            '404': {
              $ref: '#/components/responses/NotFound',
            },
            '409': {
              $ref: '#/components/responses/Conflict',
            },
          },
        },
      },
    '/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/actions/resume':
      {
        post: {
          operationId: 'resumeRollout',
          tags: ['Actions'],
          summary:
            'Resume a paused rollout. Permission `canary.rollout.pause`.',
          parameters: [
            {
              $ref: '#/components/parameters/kind',
            },
            {
              $ref: '#/components/parameters/namespace',
            },
            {
              $ref: '#/components/parameters/name',
            },
            {
              $ref: '#/components/parameters/cluster',
            },
            {
              $ref: '#/components/parameters/canaryNamespace',
            },
            {
              $ref: '#/components/parameters/canaryName',
            },
          ],
          requestBody: {
            $ref: '#/components/requestBodies/RolloutActionRequest',
          },
          responses: {
            '200': {
              $ref: '#/components/responses/RolloutActionResult',
            },
            '400': {
              $ref: '#/components/responses/BadRequest',
            },
            '401': {
              $ref: '#/components/responses/Unauthorized',
            },
            '403': {
              $ref: '#/components/responses/Forbidden',
            },
            '404': {
              $ref: '#/components/responses/NotFound',
            },
            '409': {
              $ref: '#/components/responses/Conflict',
            },
          },
        },
      },
    '/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/actions/promote':
      {
        post: {
          operationId: 'promoteRollout',
          tags: ['Actions'],
          summary:
            'Finish the analysis now and promote. Permission `canary.rollout.promote`.',
          parameters: [
            {
              $ref: '#/components/parameters/kind',
            },
            {
              $ref: '#/components/parameters/namespace',
            },
            {
              $ref: '#/components/parameters/name',
            },
            {
              $ref: '#/components/parameters/cluster',
            },
            {
              $ref: '#/components/parameters/canaryNamespace',
            },
            {
              $ref: '#/components/parameters/canaryName',
            },
          ],
          requestBody: {
            $ref: '#/components/requestBodies/RolloutActionRequest',
          },
          responses: {
            '200': {
              $ref: '#/components/responses/RolloutActionResult',
            },
            '400': {
              $ref: '#/components/responses/BadRequest',
            },
            '401': {
              $ref: '#/components/responses/Unauthorized',
            },
            '403': {
              $ref: '#/components/responses/Forbidden',
            },
            '404': {
              $ref: '#/components/responses/NotFound',
            },
            '409': {
              $ref: '#/components/responses/Conflict',
            },
          },
        },
      },
    '/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/actions/abort':
      {
        post: {
          operationId: 'abortRollout',
          tags: ['Actions'],
          summary:
            "Roll back now (through the backend's rollback gate). Permission `canary.rollout.abort`.",
          parameters: [
            {
              $ref: '#/components/parameters/kind',
            },
            {
              $ref: '#/components/parameters/namespace',
            },
            {
              $ref: '#/components/parameters/name',
            },
            {
              $ref: '#/components/parameters/cluster',
            },
            {
              $ref: '#/components/parameters/canaryNamespace',
            },
            {
              $ref: '#/components/parameters/canaryName',
            },
          ],
          requestBody: {
            $ref: '#/components/requestBodies/RolloutActionRequest',
          },
          responses: {
            '200': {
              $ref: '#/components/responses/RolloutActionResult',
            },
            '400': {
              $ref: '#/components/responses/BadRequest',
            },
            '401': {
              $ref: '#/components/responses/Unauthorized',
            },
            '403': {
              $ref: '#/components/responses/Forbidden',
            },
            '404': {
              $ref: '#/components/responses/NotFound',
            },
            '409': {
              $ref: '#/components/responses/Conflict',
            },
          },
        },
      },
    '/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/actions/retry':
      {
        post: {
          operationId: 'retryRollout',
          tags: ['Actions'],
          summary:
            'Restart the analysis of the current revision. Permission `canary.rollout.retry`.',
          parameters: [
            {
              $ref: '#/components/parameters/kind',
            },
            {
              $ref: '#/components/parameters/namespace',
            },
            {
              $ref: '#/components/parameters/name',
            },
            {
              $ref: '#/components/parameters/cluster',
            },
            {
              $ref: '#/components/parameters/canaryNamespace',
            },
            {
              $ref: '#/components/parameters/canaryName',
            },
          ],
          requestBody: {
            $ref: '#/components/requestBodies/RolloutActionRequest',
          },
          responses: {
            '200': {
              $ref: '#/components/responses/RolloutActionResult',
            },
            '400': {
              $ref: '#/components/responses/BadRequest',
            },
            '401': {
              $ref: '#/components/responses/Unauthorized',
            },
            '403': {
              $ref: '#/components/responses/Forbidden',
            },
            '404': {
              $ref: '#/components/responses/NotFound',
            },
            '409': {
              $ref: '#/components/responses/Conflict',
            },
          },
        },
      },
    '/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/actions/approve':
      {
        post: {
          operationId: 'approveRollout',
          tags: ['Actions'],
          summary:
            'Open the gate the canary waits at, for its current revision only. Permission `canary.rollout.approve`.',
          parameters: [
            {
              $ref: '#/components/parameters/kind',
            },
            {
              $ref: '#/components/parameters/namespace',
            },
            {
              $ref: '#/components/parameters/name',
            },
            {
              $ref: '#/components/parameters/cluster',
            },
            {
              $ref: '#/components/parameters/canaryNamespace',
            },
            {
              $ref: '#/components/parameters/canaryName',
            },
          ],
          requestBody: {
            $ref: '#/components/requestBodies/RolloutActionRequest',
          },
          responses: {
            '200': {
              $ref: '#/components/responses/RolloutActionResult',
            },
            '400': {
              $ref: '#/components/responses/BadRequest',
            },
            '401': {
              $ref: '#/components/responses/Unauthorized',
            },
            '403': {
              $ref: '#/components/responses/Forbidden',
            },
            '404': {
              $ref: '#/components/responses/NotFound',
            },
            '409': {
              $ref: '#/components/responses/Conflict',
            },
          },
        },
      },
    '/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/rollback':
      {
        post: {
          operationId: 'rollbackRollout',
          tags: ['Actions'],
          summary:
            "Set the canary's target Deployment (for a Kurator canary, on every member of its policy) back to the images of a recorded run that succeeded. Permission `canary.rollout.abort`.",
          parameters: [
            {
              $ref: '#/components/parameters/kind',
            },
            {
              $ref: '#/components/parameters/namespace',
            },
            {
              $ref: '#/components/parameters/name',
            },
            {
              $ref: '#/components/parameters/cluster',
            },
            {
              $ref: '#/components/parameters/canaryNamespace',
            },
            {
              $ref: '#/components/parameters/canaryName',
            },
          ],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/RevisionRollbackRequest',
                },
              },
            },
          },
          responses: {
            '200': {
              description:
                "The workloads reached now run the revision's images (or already did).",
              content: {
                'application/json': {
                  schema: {
                    $ref: '#/components/schemas/RevisionRollbackResult',
                  },
                },
              },
            },
            '400': {
              $ref: '#/components/responses/BadRequest',
            },
            '401': {
              $ref: '#/components/responses/Unauthorized',
            },
            '403': {
              $ref: '#/components/responses/Forbidden',
            },
            '404': {
              $ref: '#/components/responses/NotFound',
            },
            '409': {
              $ref: '#/components/responses/Conflict',
            },
          },
        },
      },
    '/gates/{cluster}/{gate}': {
      post: {
        operationId: 'checkGate',
        tags: ['Gates'],
        summary:
          'Flagger webhook gate, answered from the approvals stored per canary, revision and gate.',
        description:
          'Point a canary webhook of the matching type at this URL. 200 opens the gate; 403 keeps it closed: no approval for this run, or a missing or wrong gate token (`error` says which). The token is checked first, so any call without a valid token gets 403. An approval is spent by the run it was given for and never opens a later release. Flagger treats any answer other than 2xx as a closed gate.',
        security: [
          {
            GateToken: [],
          },
          {},
        ],
        parameters: [
          {
            $ref: '#/components/parameters/cluster',
          },
          {
            name: 'gate',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
              enum: [
                'confirm-rollout',
                'confirm-traffic-increase',
                'confirm-promotion',
                'rollback',
              ],
            },
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/GateWebhookPayload',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The gate is open for this run.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/GateDecision',
                },
              },
            },
          },
          '400': {
            description:
              "The body is not Flagger's webhook payload; the message names the field.",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/GateDecision',
                },
              },
            },
          },
          '403': {
            description:
              'The gate is closed, or the token is missing or wrong.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/GateDecision',
                },
              },
            },
          },
          '404': {
            description: 'Unknown gate; the message names the allowed ones.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/GateDecision',
                },
              },
            },
          },
        },
      },
    },
    '/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/gates':
      {
        get: {
          operationId: 'getRolloutGates',
          tags: ['Gates'],
          summary:
            "Where the canary's current run waits, the gate calls recorded and the approvals given.",
          parameters: [
            {
              $ref: '#/components/parameters/kind',
            },
            {
              $ref: '#/components/parameters/namespace',
            },
            {
              $ref: '#/components/parameters/name',
            },
            {
              $ref: '#/components/parameters/cluster',
            },
            {
              $ref: '#/components/parameters/canaryNamespace',
            },
            {
              $ref: '#/components/parameters/canaryName',
            },
          ],
          responses: {
            '200': {
              description: 'The gate state.',
              content: {
                'application/json': {
                  schema: {
                    $ref: '#/components/schemas/RolloutGatesResponse',
                  },
                },
              },
            },
            '401': {
              $ref: '#/components/responses/Unauthorized',
            },
            '403': {
              $ref: '#/components/responses/Forbidden',
            },
            '404': {
              $ref: '#/components/responses/NotFound',
            },
          },
        },
      },
    '/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/gates/rotate-secret':
      {
        post: {
          operationId: 'rotateGateSecret',
          tags: ['Gates'],
          summary:
            "Gives the canary a new gate secret, stored hashed and shown only in this answer; from then on only it opens the canary's backend gates. Needs canary.policy.create on the entity and a canary the cluster side binds to it.",
          parameters: [
            {
              $ref: '#/components/parameters/kind',
            },
            {
              $ref: '#/components/parameters/namespace',
            },
            {
              $ref: '#/components/parameters/name',
            },
            {
              $ref: '#/components/parameters/cluster',
            },
            {
              $ref: '#/components/parameters/canaryNamespace',
            },
            {
              $ref: '#/components/parameters/canaryName',
            },
          ],
          responses: {
            '200': {
              description: 'The new secret, once.',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: [
                      'canary',
                      'rotatedAt',
                      'rotatedBy',
                      'secret',
                      'message',
                    ],
                    properties: {
                      canary: {
                        $ref: '#/components/schemas/CanaryRef',
                      },
                      rotatedAt: {
                        type: 'string',
                        format: 'date-time',
                      },
                      rotatedBy: {
                        type: 'string',
                      },
                      secret: {
                        type: 'string',
                      },
                      message: {
                        type: 'string',
                      },
                    },
                  },
                },
              },
            },
            '401': {
              $ref: '#/components/responses/Unauthorized',
            },
            '403': {
              $ref: '#/components/responses/Forbidden',
            },
            '404': {
              $ref: '#/components/responses/NotFound',
            },
            '409': {
              $ref: '#/components/responses/Conflict',
            },
          },
        },
      },
    '/entities/{kind}/{namespace}/{name}/policy': {
      get: {
        operationId: 'getEntityPolicies',
        tags: ['Policy'],
        summary:
          "The entity's current rollout policies, per source (Kurator Application policy or native Canary).",
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        responses: {
          '200': {
            description:
              'The policies, with the clusters that could not be read.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/EntityPoliciesResponse',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
        },
      },
    },
    '/entities/{kind}/{namespace}/{name}/policy/validate': {
      post: {
        operationId: 'validatePolicy',
        tags: ['Policy'],
        summary:
          'Validate a rollout policy for a target; every issue names its field.',
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        requestBody: {
          $ref: '#/components/requestBodies/PolicyRequest',
        },
        responses: {
          '200': {
            description:
              'Whether the policy is valid, and its issues (errors and warnings).',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/PolicyValidation',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
        },
      },
    },
    '/entities/{kind}/{namespace}/{name}/policy/preview': {
      post: {
        operationId: 'previewPolicy',
        tags: ['Policy'],
        summary:
          'What the policy renders on each cluster (nothing is written).',
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        requestBody: {
          $ref: '#/components/requestBodies/PolicyRequest',
        },
        responses: {
          '200': {
            description: 'The manifests per cluster.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/PolicyPreviewResponse',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/PolicyInvalid',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
        },
      },
    },
    '/entities/{kind}/{namespace}/{name}/policy/dry-run': {
      post: {
        operationId: 'dryRunPolicy',
        tags: ['Policy'],
        summary:
          'Server-side dry run (`dryRun=All`) on each target cluster, with a diff against what is there.',
        description:
          "For a Kurator policy, the host's Application is dry-run on the host, and each member of the fleet gets an entry (`role: member`, `rendered: true`) comparing what Kurator would render there (Canary and MetricTemplates) with what the member holds now; members are only read, as Kurator, not the backend, writes there. A failing member gets its own error.",
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        requestBody: {
          $ref: '#/components/requestBodies/PolicyRequest',
        },
        responses: {
          '200': {
            description:
              'Per cluster, per object, what would change (dry-run) or changed (apply).',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/PolicyChangeResponse',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/PolicyInvalid',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '409': {
            $ref: '#/components/responses/Conflict',
          },
        },
      },
    },
    '/entities/{kind}/{namespace}/{name}/policy/apply': {
      post: {
        operationId: 'applyPolicy',
        tags: ['Policy'],
        summary:
          'Apply the policy on each target cluster. Permission `canary.policy.create`; `reason` is required.',
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        requestBody: {
          $ref: '#/components/requestBodies/PolicyRequest',
        },
        responses: {
          '200': {
            description:
              'Per cluster, per object, what would change (dry-run) or changed (apply).',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/PolicyChangeResponse',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/PolicyInvalid',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '409': {
            $ref: '#/components/responses/Conflict',
          },
        },
      },
    },
  },
  components: {
    securitySchemes: {
      BackstageToken: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description:
          'A Backstage user or service token; without one the API answers 401.',
      },
      GateToken: {
        type: 'http',
        scheme: 'bearer',
        description:
          'The gate token configured for the cluster. Flagger cannot set headers on webhooks, so the token may instead be sent as `metadata.token` of the webhook payload.',
      },
    },
    parameters: {
      kind: {
        name: 'kind',
        in: 'path',
        required: true,
        description: 'Entity kind, e.g. `component`.',
        schema: {
          type: 'string',
        },
      },
      namespace: {
        name: 'namespace',
        in: 'path',
        required: true,
        description: 'Entity namespace, e.g. `default`.',
        schema: {
          type: 'string',
        },
      },
      name: {
        name: 'name',
        in: 'path',
        required: true,
        description: 'Entity name.',
        schema: {
          type: 'string',
        },
      },
      cluster: {
        name: 'cluster',
        in: 'path',
        required: true,
        description:
          'Backstage name of the cluster (1 to 253 characters, no control characters).',
        schema: {
          type: 'string',
          minLength: 1,
          maxLength: 253,
        },
      },
      canaryNamespace: {
        name: 'canaryNamespace',
        in: 'path',
        required: true,
        description: 'Namespace of the Canary on that cluster.',
        schema: {
          $ref: '#/components/schemas/KubernetesName',
        },
      },
      canaryName: {
        name: 'canaryName',
        in: 'path',
        required: true,
        description: 'Name of the Canary.',
        schema: {
          $ref: '#/components/schemas/KubernetesName',
        },
      },
      limit: {
        name: 'limit',
        in: 'query',
        description: 'Page size.',
        schema: {
          type: 'integer',
          minimum: 1,
          maximum: 500,
        },
      },
      cursor: {
        name: 'cursor',
        in: 'query',
        description: 'The `nextCursor` of the previous page.',
        schema: {
          type: 'string',
        },
      },
    },
    requestBodies: {
      RolloutActionRequest: {
        required: true,
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/RolloutActionRequest',
            },
          },
        },
      },
      PolicyRequest: {
        required: true,
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/PolicyRequest',
            },
          },
        },
      },
    },
    responses: {
      BadRequest: {
        description:
          'Bad input; the message names the field and what is allowed.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/ErrorResponse',
            },
          },
        },
      },
      Unauthorized: {
        description: 'No valid Backstage token.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/ErrorResponse',
            },
          },
        },
      },
      Forbidden: {
        description: 'The caller lacks the permission; the message names it.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/ErrorResponse',
            },
          },
        },
      },
      NotFound: {
        description:
          "The entity, or the canary among the entity's rollouts, was not found.",
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/ErrorResponse',
            },
          },
        },
      },
      Conflict: {
        description:
          'Another change won (resourceVersion precondition); the message gives the current state.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/ErrorResponse',
            },
          },
        },
      },
      RolloutActionResult: {
        description:
          'The action was carried out, or changed nothing because the rollout was already there.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/RolloutActionResult',
            },
          },
        },
      },
      PolicyInvalid: {
        description:
          'Bad input, or a policy with errors (then `issues` lists them, each naming its field).',
        content: {
          'application/json': {
            schema: {
              anyOf: [
                {
                  $ref: '#/components/schemas/PolicyErrorResponse',
                },
                {
                  $ref: '#/components/schemas/ErrorResponse',
                },
              ],
            },
          },
        },
      },
    },
    schemas: {
      KubernetesName: {
        type: 'string',
        description:
          'A Kubernetes name (lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters).',
        minLength: 1,
        maxLength: 253,
        pattern:
          '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
        example: 'podinfo',
      },
      ErrorResponse: {
        type: 'object',
        description: "Backstage's error body.",
        required: ['error', 'response'],
        properties: {
          error: {
            type: 'object',
            required: ['name', 'message'],
            properties: {
              name: {
                type: 'string',
                description:
                  'e.g. `InputError`, `NotAllowedError`, `NotFoundError`, `ConflictError`.',
              },
              message: {
                type: 'string',
              },
              stack: {
                type: 'string',
              },
            },
          },
          request: {
            type: 'object',
            properties: {
              method: {
                type: 'string',
              },
              url: {
                type: 'string',
              },
            },
          },
          response: {
            type: 'object',
            required: ['statusCode'],
            properties: {
              statusCode: {
                type: 'integer',
              },
            },
          },
        },
      },
      CanaryRef: {
        type: 'object',
        required: ['cluster', 'namespace', 'name'],
        properties: {
          cluster: {
            type: 'string',
            description: 'Backstage cluster name.',
          },
          namespace: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
        },
      },
      ClusterProblem: {
        type: 'object',
        description:
          'A per-cluster failure; the rest of the fleet still answers.',
        required: ['cluster', 'name', 'message'],
        properties: {
          cluster: {
            type: 'string',
          },
          name: {
            type: 'string',
            description:
              'The `@backstage/errors` name, e.g. `NotAllowedError`, `ServiceUnavailableError`.',
          },
          message: {
            type: 'string',
          },
        },
      },
      KuratorOrigin: {
        type: 'object',
        required: [
          'hostCluster',
          'application',
          'fleet',
          'policyName',
          'policyIndex',
          'kuratorCluster',
        ],
        properties: {
          hostCluster: {
            type: 'string',
            description: "Backstage name of the fleet's host cluster.",
          },
          application: {
            type: 'object',
            required: ['namespace', 'name'],
            properties: {
              namespace: {
                type: 'string',
              },
              name: {
                type: 'string',
              },
            },
          },
          fleet: {
            type: 'string',
          },
          policyName: {
            type: 'string',
          },
          policyIndex: {
            type: 'integer',
          },
          kuratorCluster: {
            type: 'string',
            description: "The member's name in the fleet.",
          },
        },
      },
      RolloutRevision: {
        type: 'object',
        required: ['images'],
        properties: {
          images: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          lastAppliedSpec: {
            type: 'string',
          },
          lastPromotedSpec: {
            type: 'string',
          },
        },
      },
      CanaryPhase: {
        type: 'string',
        description:
          "Flagger's phase; empty for a canary Flagger has not picked up yet.",
        enum: [
          '',
          'Initializing',
          'Initialized',
          'Waiting',
          'Progressing',
          'WaitingPromotion',
          'Promoting',
          'Finalising',
          'Succeeded',
          'Failed',
          'Terminating',
          'Terminated',
        ],
      },
      RolloutStrategy: {
        type: 'string',
        enum: ['canary', 'ab-testing', 'blue-green', 'blue-green-mirroring'],
      },
      RolloutStep: {
        type: 'object',
        required: ['kind'],
        properties: {
          kind: {
            type: 'string',
            enum: ['weight', 'iteration', 'route-all-to-canary', 'promote'],
          },
          weight: {
            type: 'number',
            description:
              '(`weight`) percent routed to the canary after this step.',
          },
          iteration: {
            type: 'integer',
          },
          iterations: {
            type: 'integer',
          },
          traffic: {
            type: 'string',
            enum: ['matched', 'mirrored', 'none'],
          },
          mirroringStopped: {
            type: 'boolean',
          },
        },
      },
      RolloutPlan: {
        type: 'object',
        required: [
          'strategy',
          'steps',
          'intervalMs',
          'minimumDurationMs',
          'warnings',
        ],
        properties: {
          strategy: {
            $ref: '#/components/schemas/RolloutStrategy',
          },
          steps: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/RolloutStep',
            },
          },
          maxWeight: {
            type: 'number',
          },
          intervalMs: {
            type: 'number',
          },
          minimumDurationMs: {
            type: 'number',
          },
          warnings: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
        },
      },
      RolloutState: {
        type: 'object',
        required: [
          'phase',
          'label',
          'description',
          'tone',
          'suspended',
          'weight',
          'plan',
          'failedChecks',
          'failedChecksThreshold',
          'revisionPending',
          'reverted',
        ],
        properties: {
          phase: {
            $ref: '#/components/schemas/CanaryPhase',
          },
          label: {
            type: 'string',
          },
          description: {
            type: 'string',
          },
          tone: {
            type: 'string',
            enum: [
              'neutral',
              'progress',
              'waiting',
              'success',
              'failure',
              'paused',
            ],
          },
          suspended: {
            type: 'boolean',
          },
          kuratorPolicy: {
            type: 'string',
          },
          weight: {
            type: 'object',
            required: ['status', 'source'],
            properties: {
              status: {
                type: 'number',
                description: '`status.canaryWeight` as written by Flagger.',
              },
              effective: {
                type: 'number',
                description:
                  'The real percentage routed to the canary, when known.',
              },
              source: {
                type: 'string',
                enum: ['status', 'plan', 'unknown'],
              },
              matchedRequestsOnly: {
                type: 'boolean',
              },
              note: {
                type: 'string',
              },
            },
          },
          plan: {
            $ref: '#/components/schemas/RolloutPlan',
          },
          progress: {
            type: 'object',
            required: ['completedSteps', 'totalSteps', 'fraction'],
            properties: {
              completedSteps: {
                type: 'integer',
              },
              totalSteps: {
                type: 'integer',
              },
              fraction: {
                type: 'number',
                minimum: 0,
                maximum: 1,
              },
              ended: {
                type: 'string',
                enum: ['rolled-back', 'analysis-skipped'],
                description: 'How a run ended before its last step.',
              },
            },
          },
          failedChecks: {
            type: 'integer',
          },
          failedChecksThreshold: {
            type: 'integer',
          },
          iterations: {
            type: 'integer',
          },
          revisionPending: {
            type: 'boolean',
          },
          reverted: {
            type: 'boolean',
          },
          conditionMessage: {
            type: 'string',
          },
        },
      },
      StrategyReading: {
        type: 'object',
        required: ['strategy', 'label', 'notes'],
        properties: {
          strategy: {
            $ref: '#/components/schemas/RolloutStrategy',
          },
          label: {
            type: 'string',
          },
          iterations: {
            type: 'integer',
          },
          notes: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
        },
      },
      RolloutAction: {
        type: 'string',
        enum: ['pause', 'resume', 'promote', 'abort', 'retry', 'approve'],
      },
      RolloutActionRoute: {
        type: 'string',
        description:
          "How an action reaches the cluster: the Kurator Application's rollout policy (every cluster of the policy), the Canary itself, a gate, or a pod-template annotation (retry).",
        enum: [
          'application-policy-patch',
          'canary-patch',
          'gate',
          'pod-template-annotation',
        ],
      },
      RolloutActionAvailability: {
        type: 'object',
        required: ['action', 'possible', 'permission'],
        properties: {
          action: {
            $ref: '#/components/schemas/RolloutAction',
          },
          possible: {
            type: 'boolean',
          },
          permission: {
            type: 'string',
            description: 'The `canary.rollout.*` permission the action needs.',
          },
          route: {
            $ref: '#/components/schemas/RolloutActionRoute',
          },
          effect: {
            type: 'string',
          },
          reason: {
            type: 'string',
            description: 'Why the action is not possible now.',
          },
          howToEnable: {
            type: 'string',
          },
          operation: {
            type: 'object',
            description:
              'The concrete operation (a patch of the Canary, the Application or the workload, or a gate call).',
          },
          followUp: {
            type: 'object',
            properties: {
              when: {
                type: 'string',
              },
              operation: {
                type: 'object',
              },
            },
          },
          step: {
            type: 'object',
            description:
              "An approval that advances the run by one weight step (a Backstage confirm-traffic-increase gate): the canary's traffic weight now and after the step.",
            required: ['from', 'to'],
            properties: {
              from: {
                type: 'integer',
                minimum: 0,
                maximum: 100,
              },
              to: {
                type: 'integer',
                minimum: 0,
                maximum: 100,
              },
            },
          },
        },
      },
      RolloutBinding: {
        description:
          'Whether the cluster side binds the rollout to the entity (the Canary, the Kurator Application or their namespace names the entity in the annotation backstage-canary.io/entity-ref, or carries its backstage.io/kubernetes-id label while no other entity claims that id). An unbound rollout offers no action and takes no policy write.',
        oneOf: [
          {
            type: 'object',
            required: ['bound', 'proof'],
            additionalProperties: false,
            properties: {
              bound: {
                type: 'boolean',
                enum: [true],
              },
              proof: {
                type: 'string',
                description: 'Which object proved the binding, and how.',
              },
            },
          },
          {
            type: 'object',
            required: ['bound', 'reason'],
            additionalProperties: false,
            properties: {
              bound: {
                type: 'boolean',
                enum: [false],
              },
              reason: {
                type: 'string',
                description: 'Why not, and what to add to which object.',
              },
            },
          },
        ],
      },
      RolloutSummary: {
        description:
          'One rollout of an entity on one cluster, in domain terms.',
        allOf: [
          {
            $ref: '#/components/schemas/CanaryRef',
          },
          {
            type: 'object',
            required: ['source', 'found'],
            properties: {
              source: {
                type: 'string',
                enum: ['kurator', 'annotation', 'label'],
              },
              kurator: {
                $ref: '#/components/schemas/KuratorOrigin',
              },
              found: {
                type: 'boolean',
                description:
                  'False when the canary does not exist (yet) on the cluster.',
              },
              binding: {
                $ref: '#/components/schemas/RolloutBinding',
              },
              error: {
                $ref: '#/components/schemas/ClusterProblem',
              },
              state: {
                $ref: '#/components/schemas/RolloutState',
              },
              strategy: {
                $ref: '#/components/schemas/StrategyReading',
              },
              revision: {
                $ref: '#/components/schemas/RolloutRevision',
              },
              lastTransitionTime: {
                type: 'string',
                format: 'date-time',
              },
              failedChecks: {
                type: 'object',
                required: ['count', 'threshold'],
                properties: {
                  count: {
                    type: 'integer',
                  },
                  threshold: {
                    type: 'integer',
                  },
                },
              },
              actions: {
                type: 'array',
                items: {
                  $ref: '#/components/schemas/RolloutActionAvailability',
                },
              },
              run: {
                $ref: '#/components/schemas/RolloutRunInfo',
              },
              pending: {
                $ref: '#/components/schemas/PendingRolloutChange',
              },
              recorded: {
                $ref: '#/components/schemas/RecordedRolloutState',
              },
              explanation: {
                $ref: '#/components/schemas/RunExplanation',
              },
              diagnosis: {
                $ref: '#/components/schemas/RolloutDiagnosis',
              },
            },
          },
        ],
      },
      RolloutDiagnosis: {
        type: 'object',
        description:
          "\"Why is it stuck\": for a canary meant to move (a run in progress, or a change asked and not yet taken), whether it moves as its policy says and, when not, each cause with its evidence and the fix, most decisive first. From Flagger's events of the last few analysis intervals, the canary's status, the cluster's freshness and what is pending.",
        required: ['moving', 'headline', 'causes'],
        properties: {
          moving: {
            type: 'boolean',
            description:
              'False when the rollout does not move on its own (see causes).',
          },
          headline: {
            type: 'string',
            example: 'Stuck: error-rate returned no data for 3 checks',
          },
          causes: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/DiagnosedCause',
            },
          },
        },
      },
      DiagnosedCause: {
        type: 'object',
        required: ['cause', 'title', 'evidence', 'fix'],
        properties: {
          cause: {
            $ref: '#/components/schemas/StuckCause',
          },
          title: {
            type: 'string',
          },
          evidence: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          fix: {
            type: 'string',
          },
          since: {
            type: 'string',
            format: 'date-time',
          },
          subject: {
            type: 'string',
            description:
              'The metric, webhook or Deployment the cause is about.',
          },
          query: {
            type: 'string',
            description:
              "The metric's query (or its MetricTemplate), for metric causes.",
          },
        },
      },
      StuckCause: {
        type: 'string',
        enum: [
          'cluster-unreachable',
          'suspended',
          'controller-silent',
          'kurator-not-rendered',
          'workload-not-ready',
          'webhook-failing',
          'metric-query-failed',
          'metric-no-data',
          'checks-failing',
          'gate-closed',
        ],
      },
      RunExplanation: {
        type: 'object',
        description:
          'Why the current run failed, halts or skipped its analysis, from its recorded history: the metrics out of range, the step it stopped at, the failed checks then, when and to which revision it rolled back, where the traffic is.',
        required: ['kind', 'headline', 'summary', 'checks'],
        properties: {
          kind: {
            type: 'string',
            enum: [
              'rolled-back',
              'halted',
              'promotion-failed',
              'promoted-manually',
            ],
          },
          headline: {
            type: 'string',
            example: 'Rolled back after 2 of 2 failed checks',
          },
          summary: {
            type: 'string',
          },
          cause: {
            type: 'string',
            enum: [
              'failed-checks',
              'progress-deadline',
              'manual-rollback',
              'primary-not-ready',
              'unknown',
            ],
          },
          checks: {
            type: 'array',
            description:
              'The latest failed check of each metric or webhook, the deciding one first.',
            items: {
              type: 'object',
              required: ['name', 'unit', 'text'],
              properties: {
                name: {
                  type: 'string',
                },
                value: {
                  type: 'number',
                },
                threshold: {
                  type: 'number',
                },
                comparison: {
                  type: 'string',
                  enum: ['<', '>'],
                },
                unit: {
                  type: 'string',
                  enum: ['percent', 'milliseconds', 'value'],
                },
                text: {
                  type: 'string',
                },
                at: {
                  type: 'string',
                  format: 'date-time',
                },
              },
            },
          },
          stoppedAt: {
            type: 'object',
            required: ['totalSteps'],
            properties: {
              step: {
                type: 'integer',
              },
              totalSteps: {
                type: 'integer',
              },
              weight: {
                type: 'number',
              },
              iteration: {
                type: 'integer',
              },
            },
          },
          failedChecks: {
            type: 'object',
            required: ['count', 'threshold'],
            properties: {
              count: {
                type: 'integer',
              },
              threshold: {
                type: 'integer',
              },
            },
          },
          at: {
            type: 'string',
            format: 'date-time',
          },
          rolledBackTo: {
            type: 'object',
            required: ['images'],
            properties: {
              images: {
                type: 'array',
                items: {
                  type: 'string',
                },
              },
              spec: {
                type: 'string',
              },
            },
          },
          traffic: {
            type: 'string',
          },
          actor: {
            type: 'string',
          },
          error: {
            type: 'string',
          },
        },
      },
      RolloutRunInfo: {
        type: 'object',
        description:
          "The canary's current (or last) run, as recorded; its start gives the run's elapsed time.",
        required: ['number', 'startedAt'],
        properties: {
          number: {
            type: 'integer',
            description: "The run's number within its canary (`#3`).",
          },
          startedAt: {
            type: 'string',
            format: 'date-time',
          },
          endedAt: {
            type: 'string',
            format: 'date-time',
          },
        },
      },
      PendingRolloutChange: {
        description:
          "Something asked or detected that Flagger has not acted on yet: a promote requested through the plugin (until Flagger's next check, bounded by the analysis interval plus Kurator's ~30 s re-render for a Kurator canary), or a new revision of the workload (its images differ from the last run's) that starts a run at the next check.",
        oneOf: [
          {
            $ref: '#/components/schemas/PendingPromote',
          },
          {
            $ref: '#/components/schemas/PendingNewRevision',
          },
        ],
      },
      PendingPromote: {
        type: 'object',
        required: [
          'kind',
          'actor',
          'requestedAt',
          'intervalMs',
          'kurator',
          'takesEffectBy',
        ],
        properties: {
          kind: {
            type: 'string',
            enum: ['promote'],
          },
          actor: {
            type: 'string',
            description: 'Who asked, as an entity or service ref.',
          },
          requestedAt: {
            type: 'string',
            format: 'date-time',
          },
          intervalMs: {
            type: 'integer',
            description: "Flagger's analysis interval.",
          },
          kurator: {
            type: 'boolean',
            description:
              'A Kurator-managed canary, which Kurator re-renders first.',
          },
          takesEffectBy: {
            type: 'string',
            format: 'date-time',
            description: 'When it takes effect at the latest.',
          },
        },
      },
      PendingNewRevision: {
        type: 'object',
        required: ['kind', 'images', 'previousImages', 'intervalMs'],
        properties: {
          kind: {
            type: 'string',
            enum: ['new-revision'],
          },
          images: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          previousImages: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          intervalMs: {
            type: 'integer',
          },
        },
      },
      RecordedRolloutState: {
        type: 'object',
        description:
          'The last state recorded of a canary whose cluster cannot be read now.',
        required: ['state', 'recordedAt'],
        properties: {
          state: {
            $ref: '#/components/schemas/RolloutState',
          },
          revision: {
            $ref: '#/components/schemas/RolloutRevision',
          },
          lastTransitionTime: {
            type: 'string',
            format: 'date-time',
          },
          recordedAt: {
            type: 'string',
            format: 'date-time',
            description:
              'When the recorder last stored a change of the canary.',
          },
          unreachableSince: {
            type: 'string',
            format: 'date-time',
            description: 'When the backend last heard from the cluster.',
          },
        },
      },
      EntityRolloutsResponse: {
        type: 'object',
        required: ['entityRef', 'items', 'errors', 'summary'],
        properties: {
          entityRef: {
            type: 'string',
          },
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/RolloutSummary',
            },
          },
          errors: {
            type: 'array',
            description:
              'Failures not tied to one canary (a host cluster or a cluster that could not be listed).',
            items: {
              $ref: '#/components/schemas/ClusterProblem',
            },
          },
          summary: {
            type: 'string',
            example: '2 of 3 clusters promoted, 1 waiting for approval',
          },
          freshness: {
            type: 'array',
            description:
              "How current each cluster's part of the answer is, per cluster of the items and errors.",
            items: {
              $ref: '#/components/schemas/ClusterFreshness',
            },
          },
        },
      },
      ClusterFreshness: {
        type: 'object',
        description:
          "How current one cluster's part of an answer is. The backend watches every cluster it may read with its own identity and answers from those watches while they are connected; otherwise it reads the cluster for the answer, and says why.",
        required: ['cluster', 'source'],
        properties: {
          cluster: {
            type: 'string',
          },
          source: {
            type: 'string',
            enum: ['watch', 'live'],
            description:
              "`watch`: from the backend's open watches of the cluster; `live`: read for this answer.",
          },
          connectedSince: {
            type: 'string',
            format: 'date-time',
            description: 'When the watches (re)connected (source `watch`).',
          },
          lastContactAt: {
            type: 'string',
            format: 'date-time',
            description:
              'The last event, list or probe answer from the cluster (for a cluster read live, the last before its watches broke).',
          },
          reason: {
            type: 'string',
            description: 'Why the cluster was read live.',
            example:
              'its watches broke and are reconnecting (Cluster kurator-member2 did not answer within 10 s)',
          },
          disconnected: {
            type: 'boolean',
            description:
              'The backend watches this cluster but its watches are down.',
          },
        },
      },
      RolloutDetailResponse: {
        type: 'object',
        required: ['rollout'],
        properties: {
          rollout: {
            $ref: '#/components/schemas/RolloutSummary',
          },
          canary: {
            type: 'object',
            description:
              'The Canary manifest (`flagger.app/v1beta1`) without `metadata.managedFields`; absent when the canary does not exist (yet) on its cluster or could not be read.',
          },
          application: {
            type: 'object',
            description:
              'The Kurator Application manifest on the host cluster, for a Kurator-managed canary.',
          },
        },
      },
      InboxItem: {
        type: 'object',
        required: ['entityRef', 'attention', 'group', 'rollout'],
        properties: {
          entityRef: {
            type: 'string',
          },
          attention: {
            type: 'string',
            enum: ['waiting-for-approval', 'failed'],
          },
          group: {
            type: 'string',
            enum: ['needs-you', 'can-watch'],
            description:
              '`needs-you` when the caller may act on the item (give the approval it waits for, or retry the failed run), `can-watch` when only someone else can.',
          },
          rollout: {
            $ref: '#/components/schemas/RolloutSummary',
          },
        },
      },
      InboxResponse: {
        type: 'object',
        required: ['items', 'errors'],
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/InboxItem',
            },
          },
          errors: {
            type: 'array',
            items: {
              allOf: [
                {
                  $ref: '#/components/schemas/ClusterProblem',
                },
                {
                  type: 'object',
                  required: ['entityRef'],
                  properties: {
                    entityRef: {
                      type: 'string',
                    },
                  },
                },
              ],
            },
          },
          nextCursor: {
            type: 'string',
            description: 'Cursor of the next page of entities.',
          },
        },
      },
      RolloutRun: {
        type: 'object',
        description:
          "One revision's journey through the analysis, from the first active phase seen for it (Waiting, Progressing …) until Succeeded or Failed, or until a newer revision supersedes it (ended without an outcome).",
        required: ['id', 'number', 'revision', 'images', 'startedAt'],
        properties: {
          id: {
            type: 'integer',
            description:
              "Addresses the run in the API (the timeline's `run` parameter).",
          },
          number: {
            type: 'integer',
            minimum: 1,
            description:
              "The run's number within its canary (1, 2, 3 …), shown to users as `#3`.",
          },
          revision: {
            type: 'string',
          },
          images: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          startedAt: {
            type: 'string',
            format: 'date-time',
          },
          endedAt: {
            type: 'string',
            format: 'date-time',
          },
          outcome: {
            type: 'string',
            enum: ['Succeeded', 'Failed'],
          },
        },
      },
      RunPage: {
        type: 'object',
        required: ['items'],
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/RolloutRun',
            },
          },
          nextCursor: {
            type: 'string',
          },
        },
      },
      TransitionRecord: {
        type: 'object',
        required: ['type', 'id', 'at', 'phase', 'canaryWeight', 'failedChecks'],
        properties: {
          type: {
            type: 'string',
            enum: ['transition'],
          },
          id: {
            type: 'integer',
          },
          runId: {
            type: 'integer',
          },
          at: {
            type: 'string',
            format: 'date-time',
          },
          phase: {
            type: 'string',
          },
          canaryWeight: {
            type: 'number',
          },
          failedChecks: {
            type: 'integer',
          },
          iterations: {
            type: 'integer',
          },
        },
      },
      TimelineFilterKind: {
        type: 'string',
        description:
          'A kind the timeline can be filtered on: `transition`, `action` or a timeline entry kind.',
        enum: [
          'transition',
          'action',
          'suspended',
          'metric-providers',
          'initialized',
          'new-revision',
          'waiting-for-approval',
          'gate-passed',
          'analysis-started',
          'halted',
          'weight-advanced',
          'iteration-advanced',
          'primary-weight-advanced',
          'traffic-routed',
          'promotion-started',
          'promotion-completed',
          'promotion-failed',
          'rollback',
          'rollback-hook-idle',
          'failed',
          'webhook-failed',
          'metric-error',
          'readiness-warning',
          'provider-warning',
          'terminating',
          'terminated',
          'error',
          'unknown',
        ],
      },
      TimelineEntry: {
        type: 'object',
        description:
          'A Flagger event parsed into a typed entry; `kind` selects the other fields (see the canary-common `TimelineEntryDetails` type).',
        required: ['kind', 'template', 'message', 'combined'],
        properties: {
          kind: {
            type: 'string',
            enum: [
              'suspended',
              'metric-providers',
              'initialized',
              'new-revision',
              'waiting-for-approval',
              'gate-passed',
              'analysis-started',
              'halted',
              'weight-advanced',
              'iteration-advanced',
              'primary-weight-advanced',
              'traffic-routed',
              'promotion-started',
              'promotion-completed',
              'promotion-failed',
              'rollback',
              'rollback-hook-idle',
              'failed',
              'webhook-failed',
              'metric-error',
              'readiness-warning',
              'provider-warning',
              'terminating',
              'terminated',
              'error',
              'unknown',
            ],
          },
          template: {
            type: 'string',
          },
          message: {
            type: 'string',
          },
          combined: {
            type: 'boolean',
          },
          eventType: {
            type: 'string',
            enum: ['Normal', 'Warning'],
          },
          timestamp: {
            type: 'string',
            format: 'date-time',
          },
        },
      },
      EventRecord: {
        type: 'object',
        required: [
          'type',
          'id',
          'at',
          'eventType',
          'reason',
          'message',
          'entry',
        ],
        properties: {
          type: {
            type: 'string',
            enum: ['event'],
          },
          id: {
            type: 'integer',
          },
          runId: {
            type: 'integer',
          },
          at: {
            type: 'string',
            format: 'date-time',
          },
          eventType: {
            type: 'string',
          },
          reason: {
            type: 'string',
          },
          message: {
            type: 'string',
          },
          entry: {
            $ref: '#/components/schemas/TimelineEntry',
          },
        },
      },
      ActionRecord: {
        type: 'object',
        required: [
          'type',
          'id',
          'at',
          'action',
          'actor',
          'reason',
          'outcome',
          'message',
        ],
        properties: {
          type: {
            type: 'string',
            enum: ['action'],
          },
          id: {
            type: 'integer',
          },
          runId: {
            type: 'integer',
            description:
              'The run the action belongs to: the run open when it was taken, or the run it started (a retry, or an action taken while no run was open). Absent until that run opens.',
          },
          at: {
            type: 'string',
            format: 'date-time',
          },
          action: {
            type: 'string',
          },
          route: {
            type: 'string',
          },
          actor: {
            type: 'string',
            description:
              'The user or service that asked, as an entity or service ref.',
          },
          reason: {
            type: 'string',
          },
          outcome: {
            type: 'string',
            enum: ['succeeded', 'failed', 'unchanged', 'pending'],
            description:
              "pending while the action's cluster write has no answer; it becomes succeeded or failed when the cluster answers or, if the answer is lost, when a read of the cluster shows whether the write landed.",
          },
          message: {
            type: 'string',
          },
        },
      },
      TimelineItem: {
        oneOf: [
          {
            $ref: '#/components/schemas/TransitionRecord',
          },
          {
            $ref: '#/components/schemas/EventRecord',
          },
          {
            $ref: '#/components/schemas/ActionRecord',
          },
        ],
        discriminator: {
          propertyName: 'type',
          mapping: {
            transition: '#/components/schemas/TransitionRecord',
            event: '#/components/schemas/EventRecord',
            action: '#/components/schemas/ActionRecord',
          },
        },
      },
      TimelinePage: {
        type: 'object',
        required: ['items'],
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/TimelineItem',
            },
          },
          nextCursor: {
            type: 'string',
          },
        },
      },
      RolloutActionRequest: {
        type: 'object',
        required: ['reason'],
        properties: {
          reason: {
            type: 'string',
            minLength: 1,
            maxLength: 1000,
            description:
              'Say why, in at most 1000 characters (it is kept in the audit log).',
          },
          acknowledgeFailedChecks: {
            type: 'boolean',
            description:
              'Promote only: required (true) to promote a canary whose current run has failed checks; without it such a promote is refused with 409.',
          },
        },
      },
      RolloutActionResult: {
        type: 'object',
        required: ['action', 'route', 'affects', 'message', 'changed'],
        properties: {
          action: {
            $ref: '#/components/schemas/RolloutAction',
          },
          route: {
            $ref: '#/components/schemas/RolloutActionRoute',
          },
          affects: {
            type: 'array',
            description:
              'Every canary the action changed; for a Kurator policy, each cluster of the policy.',
            items: {
              $ref: '#/components/schemas/CanaryRef',
            },
          },
          message: {
            type: 'string',
          },
          changed: {
            type: 'boolean',
            description:
              'False when the rollout was already in the asked state.',
          },
        },
      },
      RevisionRollbackRequest: {
        type: 'object',
        required: ['runId', 'reason'],
        properties: {
          runId: {
            type: 'integer',
            minimum: 1,
            description:
              'The id of the recorded run whose revision to go back to.',
          },
          reason: {
            type: 'string',
            minLength: 1,
            maxLength: 1000,
            description:
              'Say why, in at most 1000 characters (it is kept in the audit log).',
          },
        },
      },
      RevisionRollbackResult: {
        type: 'object',
        required: [
          'action',
          'runId',
          'images',
          'affects',
          'unreached',
          'message',
          'changed',
        ],
        properties: {
          action: {
            type: 'string',
            enum: ['rollback'],
          },
          runId: {
            type: 'integer',
          },
          images: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          affects: {
            type: 'array',
            description:
              "Every canary whose target Deployment now runs the revision's images.",
            items: {
              $ref: '#/components/schemas/CanaryRef',
            },
          },
          unreached: {
            type: 'array',
            description:
              'Members of the Kurator policy that were not changed, and why.',
            items: {
              type: 'object',
              required: ['cluster', 'message'],
              properties: {
                cluster: {
                  type: 'string',
                },
                message: {
                  type: 'string',
                },
              },
            },
          },
          message: {
            type: 'string',
          },
          changed: {
            type: 'boolean',
          },
        },
      },
      MetricThreshold: {
        type: 'object',
        required: ['unit', 'description'],
        properties: {
          min: {
            type: 'number',
          },
          max: {
            type: 'number',
          },
          unit: {
            type: 'string',
            enum: ['percent', 'milliseconds', 'value'],
          },
          deprecatedThreshold: {
            type: 'string',
          },
          description: {
            type: 'string',
          },
        },
      },
      Point: {
        type: 'array',
        description: '[unix seconds, value]',
        minItems: 2,
        maxItems: 2,
        items: {
          type: 'number',
        },
      },
      MetricSeries: {
        type: 'object',
        required: [
          'name',
          'source',
          'threshold',
          'canary',
          'primary',
          'failedChecks',
          'problems',
        ],
        properties: {
          name: {
            type: 'string',
          },
          source: {
            type: 'string',
            enum: ['builtin', 'template', 'inline'],
          },
          threshold: {
            $ref: '#/components/schemas/MetricThreshold',
          },
          query: {
            type: 'string',
          },
          primaryQuery: {
            type: 'string',
          },
          canary: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Point',
            },
          },
          primary: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Point',
            },
          },
          failedChecks: {
            type: 'array',
            items: {
              type: 'object',
              required: ['at', 'message'],
              properties: {
                at: {
                  type: 'string',
                  format: 'date-time',
                },
                value: {
                  type: 'number',
                },
                threshold: {
                  type: 'number',
                },
                comparison: {
                  type: 'string',
                  enum: ['<', '>'],
                },
                message: {
                  type: 'string',
                },
              },
            },
          },
          problems: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
        },
      },
      RolloutMetricsResponse: {
        type: 'object',
        required: ['range', 'metrics'],
        properties: {
          range: {
            type: 'object',
            required: ['start', 'end', 'stepSeconds'],
            properties: {
              start: {
                type: 'number',
              },
              end: {
                type: 'number',
              },
              stepSeconds: {
                type: 'number',
              },
            },
          },
          metrics: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/MetricSeries',
            },
          },
        },
      },
      GateWebhookPayload: {
        type: 'object',
        description:
          "The payload Flagger posts to a webhook (common's `FlaggerWebhookPayload`, read by `readFlaggerWebhookPayload`).",
        required: ['name', 'namespace', 'checksum'],
        properties: {
          name: {
            type: 'string',
            minLength: 1,
            description: "The Canary's name.",
          },
          namespace: {
            type: 'string',
            minLength: 1,
          },
          phase: {
            type: 'string',
          },
          checksum: {
            type: 'string',
            minLength: 1,
            description:
              "The run's revision (Flagger's checksum of the canary status).",
          },
          type: {
            type: 'string',
            description:
              "The webhook's type, when the Flagger version sends it.",
          },
          metadata: {
            type: 'object',
            description:
              "The webhook's `metadata`; `token` may carry the gate token.",
            additionalProperties: {
              type: 'string',
            },
          },
        },
      },
      GateDecision: {
        type: 'object',
        required: ['open'],
        properties: {
          open: {
            type: 'boolean',
          },
          gate: {
            type: 'string',
          },
          revision: {
            type: 'string',
          },
          approvedBy: {
            type: 'string',
            description: 'Who approved (an entity or service ref), when open.',
          },
          reason: {
            type: 'string',
            description: "The approval's reason, when open.",
          },
          error: {
            type: 'string',
            description: 'Why the token was refused, when it was.',
          },
          message: {
            type: 'string',
            description: 'Why the gate is closed, in words.',
          },
        },
      },
      GateApproval: {
        type: 'object',
        required: [
          'cluster',
          'namespace',
          'name',
          'revision',
          'gate',
          'id',
          'actor',
          'reason',
          'createdAt',
        ],
        properties: {
          id: {
            type: 'integer',
          },
          cluster: {
            type: 'string',
          },
          namespace: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
          revision: {
            type: 'string',
          },
          gate: {
            type: 'string',
          },
          actor: {
            type: 'string',
          },
          reason: {
            type: 'string',
          },
          createdAt: {
            type: 'string',
            format: 'date-time',
          },
          usedAt: {
            type: 'string',
            format: 'date-time',
          },
          spentAt: {
            type: 'string',
            format: 'date-time',
          },
        },
      },
      GateCall: {
        type: 'object',
        required: [
          'cluster',
          'namespace',
          'name',
          'revision',
          'gate',
          'open',
          'calls',
          'firstAskedAt',
          'lastAskedAt',
        ],
        properties: {
          cluster: {
            type: 'string',
          },
          namespace: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
          revision: {
            type: 'string',
          },
          gate: {
            type: 'string',
          },
          phase: {
            type: 'string',
          },
          open: {
            type: 'boolean',
          },
          calls: {
            type: 'integer',
          },
          firstAskedAt: {
            type: 'string',
            format: 'date-time',
          },
          lastAskedAt: {
            type: 'string',
            format: 'date-time',
          },
        },
      },
      RolloutGatesResponse: {
        type: 'object',
        required: ['calls', 'approvals'],
        properties: {
          revision: {
            type: 'string',
            description: "The current run's revision, when the canary has one.",
          },
          waiting: {
            type: 'object',
            description: 'The gate the current run waits at.',
            required: ['gate', 'since', 'lastAskedAt'],
            properties: {
              gate: {
                type: 'string',
              },
              since: {
                type: 'string',
                format: 'date-time',
              },
              lastAskedAt: {
                type: 'string',
                format: 'date-time',
              },
            },
          },
          calls: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/GateCall',
            },
          },
          approvals: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/GateApproval',
            },
          },
        },
      },
      PolicyTarget: {
        type: 'string',
        enum: ['kurator', 'flagger'],
      },
      PolicyIssue: {
        type: 'object',
        required: ['path', 'message', 'severity'],
        properties: {
          path: {
            type: 'string',
            description: 'Dotted path of the field, e.g. `traffic.stepWeight`.',
          },
          message: {
            type: 'string',
          },
          severity: {
            type: 'string',
            enum: ['error', 'warning'],
          },
        },
      },
      PolicyMetric: {
        type: 'object',
        required: ['name', 'intervalSeconds'],
        properties: {
          name: {
            type: 'string',
            minLength: 1,
            description:
              '`request-success-rate`, `request-duration` or a custom metric backed by `custom.query`.',
          },
          intervalSeconds: {
            type: 'integer',
            minimum: 1,
          },
          thresholdRange: {
            type: 'object',
            properties: {
              min: {
                type: 'number',
              },
              max: {
                type: 'number',
              },
            },
          },
          custom: {
            type: 'object',
            required: ['provider', 'query'],
            properties: {
              provider: {
                type: 'object',
                required: ['type'],
                properties: {
                  type: {
                    type: 'string',
                    enum: [
                      'prometheus',
                      'influxdb',
                      'datadog',
                      'externalmetrics',
                      'stackdriver',
                      'cloudwatch',
                      'newrelic',
                      'graphite',
                      'dynatrace',
                      'keptn',
                      'splunk',
                    ],
                  },
                  address: {
                    type: 'string',
                  },
                  secretRef: {
                    type: 'object',
                    required: ['name'],
                    properties: {
                      name: {
                        type: 'string',
                      },
                    },
                  },
                  region: {
                    type: 'string',
                  },
                  insecureSkipVerify: {
                    type: 'boolean',
                  },
                },
              },
              query: {
                type: 'string',
                minLength: 1,
              },
            },
          },
        },
      },
      RolloutPolicy: {
        type: 'object',
        description:
          'The provider-neutral rollout policy: renders to a Kurator Application `syncPolicies[].rollout` block or to a native Flagger Canary. The backend validates it with the canary-common schema; deep sub-objects are left open here.',
        required: ['workload', 'provider', 'service', 'traffic', 'analysis'],
        properties: {
          workload: {
            type: 'object',
            required: ['apiVersion', 'kind', 'name', 'namespace'],
            properties: {
              apiVersion: {
                type: 'string',
              },
              kind: {
                type: 'string',
                enum: ['Deployment', 'DaemonSet'],
              },
              name: {
                type: 'string',
              },
              namespace: {
                type: 'string',
              },
            },
          },
          provider: {
            type: 'string',
            enum: [
              'apisix',
              'appmesh',
              'appmesh:v1beta2',
              'contour',
              'gatewayapi:v1',
              'gatewayapi:v1beta1',
              'gloo',
              'istio',
              'knative',
              'kubernetes',
              'kuma',
              'linkerd',
              'nginx',
              'osm',
              'skipper',
              'smi:v1alpha1',
              'smi:v1alpha2',
              'smi:v1alpha3',
              'traefik',
            ],
          },
          service: {
            type: 'object',
            required: ['name', 'port'],
            properties: {
              name: {
                type: 'string',
              },
              port: {
                type: 'integer',
                minimum: 1,
                maximum: 65535,
              },
              targetPort: {
                oneOf: [
                  {
                    type: 'integer',
                    minimum: 1,
                    maximum: 65535,
                  },
                  {
                    type: 'string',
                  },
                ],
              },
              timeoutSeconds: {
                type: 'integer',
                minimum: 0,
              },
              gateways: {
                type: 'array',
                items: {
                  type: 'string',
                },
              },
              hosts: {
                type: 'array',
                items: {
                  type: 'string',
                },
              },
              host: {
                type: 'string',
                description: 'NGINX host (Kurator only).',
              },
              ingressName: {
                type: 'string',
                description: 'NGINX Ingress a native canary references.',
              },
              protocol: {
                type: 'string',
                description: 'Kuma protocol.',
              },
              retries: {
                type: 'object',
              },
              headers: {
                type: 'object',
              },
              corsPolicy: {
                type: 'object',
              },
            },
          },
          traffic: {
            type: 'object',
            properties: {
              maxWeight: {
                type: 'integer',
                minimum: 1,
                maximum: 100,
              },
              stepWeight: {
                type: 'integer',
                minimum: 1,
                maximum: 100,
              },
              stepWeights: {
                type: 'array',
                minItems: 1,
                items: {
                  type: 'integer',
                  minimum: 1,
                  maximum: 100,
                },
              },
              stepWeightPromotion: {
                type: 'integer',
                minimum: 1,
                maximum: 100,
              },
              iterations: {
                type: 'integer',
                minimum: 1,
              },
              match: {
                type: 'array',
                minItems: 1,
                description:
                  'HTTP match conditions (A/B testing), as in the Canary CRD.',
                items: {
                  type: 'object',
                },
              },
              mirror: {
                type: 'boolean',
              },
            },
          },
          analysis: {
            type: 'object',
            required: ['intervalSeconds', 'threshold', 'metrics'],
            properties: {
              intervalSeconds: {
                type: 'integer',
                minimum: 1,
              },
              threshold: {
                type: 'integer',
                minimum: 0,
              },
              metrics: {
                type: 'array',
                items: {
                  $ref: '#/components/schemas/PolicyMetric',
                },
              },
              loadTest: {
                type: 'object',
                required: ['commands', 'timeoutSeconds'],
                properties: {
                  commands: {
                    type: 'array',
                    minItems: 1,
                    items: {
                      type: 'string',
                    },
                  },
                  timeoutSeconds: {
                    type: 'integer',
                    minimum: 1,
                  },
                  url: {
                    type: 'string',
                  },
                },
              },
              sessionAffinity: {
                type: 'object',
                required: ['cookieName'],
                properties: {
                  cookieName: {
                    type: 'string',
                  },
                  maxAge: {
                    type: 'integer',
                    minimum: 1,
                  },
                },
              },
            },
          },
          testLoader: {
            type: 'boolean',
            description:
              'Kurator only; install a private loadtester next to the workload.',
          },
          gates: {
            type: 'object',
            description: 'Native canaries only; the gate webhooks to wire.',
            required: ['url'],
            properties: {
              url: {
                type: 'string',
              },
              confirmRollout: {
                type: 'boolean',
              },
              confirmTrafficIncrease: {
                type: 'boolean',
              },
              confirmPromotion: {
                type: 'boolean',
              },
              rollback: {
                type: 'boolean',
              },
            },
          },
          rolloutTimeoutSeconds: {
            type: 'integer',
            minimum: 1,
          },
          skipAnalysis: {
            type: 'boolean',
          },
          revertOnDeletion: {
            type: 'boolean',
          },
          suspend: {
            type: 'boolean',
          },
        },
      },
      PolicyRequest: {
        type: 'object',
        description:
          "A rollout policy and where it goes. The routes read `policy` themselves, so that every problem of it comes at once in `issues`, each naming its field: preview, dry-run and apply answer 400 with them, validate answers 200 with the policy's own issues.",
        required: ['target', 'policy'],
        additionalProperties: false,
        properties: {
          target: {
            $ref: '#/components/schemas/PolicyTarget',
          },
          policy: {
            type: 'object',
            additionalProperties: true,
            description:
              'A RolloutPolicy (see that schema). Checked by the route rather than by the schema, so that an incomplete policy gets all its issues, each naming its field, not only the first.',
          },
          clusters: {
            type: 'array',
            minItems: 1,
            description: 'Only these clusters (native canaries).',
            items: {
              type: 'string',
              minLength: 1,
            },
          },
          policyIndex: {
            type: 'integer',
            minimum: 0,
            description:
              'Which rollout policy of the Kurator Application (index in `syncPolicies`).',
          },
          reason: {
            type: 'string',
            maxLength: 1000,
            description: 'Why; required by apply (kept in the audit log).',
          },
        },
      },
      PolicyValidation: {
        type: 'object',
        required: ['valid', 'issues'],
        properties: {
          valid: {
            type: 'boolean',
          },
          issues: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/PolicyIssue',
            },
          },
        },
      },
      PolicyErrorResponse: {
        type: 'object',
        required: ['error', 'issues'],
        properties: {
          error: {
            type: 'object',
            required: ['name', 'message'],
            properties: {
              name: {
                type: 'string',
              },
              message: {
                type: 'string',
              },
            },
          },
          issues: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/PolicyIssue',
            },
          },
        },
      },
      PolicySource: {
        description:
          "Where a current policy lives: a rollout block of a Kurator Application in the fleet's host cluster (rendered by Kurator on every member), or a native Flagger Canary on one cluster.",
        oneOf: [
          {
            type: 'object',
            required: [
              'target',
              'hostCluster',
              'application',
              'policyIndex',
              'policyName',
              'fleet',
              'clusters',
            ],
            properties: {
              target: {
                type: 'string',
                enum: ['kurator'],
              },
              hostCluster: {
                type: 'string',
              },
              application: {
                type: 'object',
                required: ['namespace', 'name'],
                properties: {
                  namespace: {
                    type: 'string',
                  },
                  name: {
                    type: 'string',
                  },
                },
              },
              policyIndex: {
                type: 'integer',
              },
              policyName: {
                type: 'string',
              },
              fleet: {
                type: 'string',
              },
              clusters: {
                type: 'array',
                description:
                  'Backstage names of the member clusters Kurator renders the policy on.',
                items: {
                  type: 'string',
                },
              },
            },
          },
          {
            type: 'object',
            required: ['target', 'cluster', 'namespace', 'name'],
            properties: {
              target: {
                type: 'string',
                enum: ['flagger'],
              },
              cluster: {
                type: 'string',
              },
              namespace: {
                type: 'string',
              },
              name: {
                type: 'string',
              },
            },
          },
        ],
      },
      CurrentPolicy: {
        type: 'object',
        required: ['source', 'policy', 'warnings', 'issues'],
        properties: {
          source: {
            $ref: '#/components/schemas/PolicySource',
          },
          policy: {
            $ref: '#/components/schemas/RolloutPolicy',
          },
          warnings: {
            type: 'array',
            description:
              'What reading lost or converted (paths of the object read).',
            items: {
              $ref: '#/components/schemas/PolicyIssue',
            },
          },
          issues: {
            type: 'array',
            description: 'What validation says about the policy as it is now.',
            items: {
              $ref: '#/components/schemas/PolicyIssue',
            },
          },
        },
      },
      EntityPoliciesResponse: {
        type: 'object',
        required: ['entityRef', 'items', 'errors'],
        properties: {
          entityRef: {
            type: 'string',
          },
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/CurrentPolicy',
            },
          },
          errors: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ClusterProblem',
            },
          },
        },
      },
      KubernetesObject: {
        type: 'object',
        description:
          'A Kubernetes object (an Application, Canary or MetricTemplate).',
        required: ['apiVersion', 'kind', 'metadata'],
        properties: {
          apiVersion: {
            type: 'string',
          },
          kind: {
            type: 'string',
          },
          metadata: {
            type: 'object',
          },
        },
      },
      PolicyManifest: {
        type: 'object',
        required: ['cluster', 'role', 'objects', 'yaml'],
        properties: {
          cluster: {
            type: 'string',
          },
          role: {
            type: 'string',
            enum: ['host', 'member'],
            description:
              '`host`: the Kurator Application applied to the host cluster; `member`: what Kurator renders in a member (or, for Flagger, the Canary applied there).',
          },
          objects: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/KubernetesObject',
            },
          },
          yaml: {
            type: 'string',
            description: 'The objects as one multi-document YAML.',
          },
        },
      },
      PolicyPreviewResponse: {
        type: 'object',
        required: ['target', 'manifests', 'issues', 'errors'],
        properties: {
          target: {
            $ref: '#/components/schemas/PolicyTarget',
          },
          manifests: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/PolicyManifest',
            },
          },
          issues: {
            type: 'array',
            description: 'Warnings (a policy with errors gets 400).',
            items: {
              $ref: '#/components/schemas/PolicyIssue',
            },
          },
          errors: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ClusterProblem',
            },
          },
        },
      },
      PolicyObjectChange: {
        type: 'object',
        required: [
          'apiVersion',
          'kind',
          'namespace',
          'name',
          'operation',
          'diff',
        ],
        properties: {
          apiVersion: {
            type: 'string',
          },
          kind: {
            type: 'string',
          },
          namespace: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
          operation: {
            type: 'string',
            enum: ['create', 'update', 'unchanged'],
          },
          diff: {
            type: 'string',
            description:
              "Unified diff of the object's YAML as the cluster holds it against what the server would store (or stored), without server-managed fields; empty when unchanged.",
          },
          resourceVersion: {
            type: 'string',
            description:
              'The resourceVersion the change was based on (absent for a create).',
          },
          error: {
            $ref: '#/components/schemas/ClusterProblem',
          },
        },
      },
      PolicyChangeResponse: {
        type: 'object',
        required: ['target', 'applied', 'clusters', 'issues', 'errors'],
        properties: {
          target: {
            $ref: '#/components/schemas/PolicyTarget',
          },
          applied: {
            type: 'boolean',
            description: 'True for an apply, false for a dry run.',
          },
          clusters: {
            type: 'array',
            items: {
              type: 'object',
              required: ['cluster', 'role', 'objects'],
              properties: {
                cluster: {
                  type: 'string',
                },
                role: {
                  type: 'string',
                  enum: ['host', 'member'],
                },
                rendered: {
                  type: 'boolean',
                  description:
                    'True for a Kurator member: the objects are what Kurator would render there from the Application, compared with what the member holds now. Kurator, not the backend, writes them, so nothing was sent to the member, not even a dry run.',
                },
                objects: {
                  type: 'array',
                  items: {
                    $ref: '#/components/schemas/PolicyObjectChange',
                  },
                },
                error: {
                  $ref: '#/components/schemas/ClusterProblem',
                },
              },
            },
          },
          issues: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/PolicyIssue',
            },
          },
          errors: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ClusterProblem',
            },
          },
        },
      },
    },
  },
} as const;

/**
 * Each operation of {@link spec} as `#method|path`: its path, query, body and response types.
 *
 * @public
 */
export type EndpointMap = {
  '#get|/health': Endpoint<CanaryApiPaths['/health']['get']>;
  '#get|/inbox': Endpoint<CanaryApiPaths['/inbox']['get']>;
  '#get|/entities/{kind}/{namespace}/{name}/rollouts': Endpoint<
    CanaryApiPaths['/entities/{kind}/{namespace}/{name}/rollouts']['get']
  >;
  '#get|/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}': Endpoint<
    CanaryApiPaths['/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}']['get']
  >;
  '#get|/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/runs': Endpoint<
    CanaryApiPaths['/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/runs']['get']
  >;
  '#get|/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/timeline': Endpoint<
    CanaryApiPaths['/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/timeline']['get']
  >;
  '#get|/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/metrics': Endpoint<
    CanaryApiPaths['/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/metrics']['get']
  >;
  '#post|/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/actions/pause': Endpoint<
    CanaryApiPaths['/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/actions/pause']['post']
  >;
  '#post|/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/actions/resume': Endpoint<
    CanaryApiPaths['/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/actions/resume']['post']
  >;
  '#post|/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/actions/promote': Endpoint<
    CanaryApiPaths['/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/actions/promote']['post']
  >;
  '#post|/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/actions/abort': Endpoint<
    CanaryApiPaths['/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/actions/abort']['post']
  >;
  '#post|/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/actions/retry': Endpoint<
    CanaryApiPaths['/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/actions/retry']['post']
  >;
  '#post|/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/actions/approve': Endpoint<
    CanaryApiPaths['/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/actions/approve']['post']
  >;
  '#post|/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/rollback': Endpoint<
    CanaryApiPaths['/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/rollback']['post']
  >;
  '#post|/gates/{cluster}/{gate}': Endpoint<
    CanaryApiPaths['/gates/{cluster}/{gate}']['post']
  >;
  '#get|/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/gates': Endpoint<
    CanaryApiPaths['/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/gates']['get']
  >;
  '#post|/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/gates/rotate-secret': Endpoint<
    CanaryApiPaths['/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{canaryNamespace}/{canaryName}/gates/rotate-secret']['post']
  >;
  '#get|/entities/{kind}/{namespace}/{name}/policy': Endpoint<
    CanaryApiPaths['/entities/{kind}/{namespace}/{name}/policy']['get']
  >;
  '#post|/entities/{kind}/{namespace}/{name}/policy/validate': Endpoint<
    CanaryApiPaths['/entities/{kind}/{namespace}/{name}/policy/validate']['post']
  >;
  '#post|/entities/{kind}/{namespace}/{name}/policy/preview': Endpoint<
    CanaryApiPaths['/entities/{kind}/{namespace}/{name}/policy/preview']['post']
  >;
  '#post|/entities/{kind}/{namespace}/{name}/policy/dry-run': Endpoint<
    CanaryApiPaths['/entities/{kind}/{namespace}/{name}/policy/dry-run']['post']
  >;
  '#post|/entities/{kind}/{namespace}/{name}/policy/apply': Endpoint<
    CanaryApiPaths['/entities/{kind}/{namespace}/{name}/policy/apply']['post']
  >;
};

/**
 * An express router that validates requests against {@link spec} and serves it at
 * `/openapi.json`; the routes added to it are typed by {@link EndpointMap}.
 *
 * @public
 */
export const createOpenApiRouter = (
  options?: Parameters<
    typeof createValidatedOpenApiRouterFromGeneratedEndpointMap
  >['1'],
) =>
  createValidatedOpenApiRouterFromGeneratedEndpointMap<EndpointMap>(
    spec,
    options,
  );
