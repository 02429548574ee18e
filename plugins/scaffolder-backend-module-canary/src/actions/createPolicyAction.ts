import fs from 'fs/promises';
import path from 'path';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  createTemplateAction,
  type TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { writeManifestsYaml } from '@backstage-canary/plugin-canary-common';
import {
  checkRolloutPolicy,
  throwOnErrors,
  toIssueOutput,
} from './checkRolloutPolicy';
import { examples } from './createPolicyAction.examples';
import {
  applicationInput,
  policyTargetInput,
  rolloutPolicyInput,
} from './policyInputSchema';
import { buildRolloutManifests } from '../lib/rolloutManifests';
import {
  annotateCatalogInfo,
  entityRefOfCatalogInfo,
  newCatalogInfo,
} from '../lib/catalogInfo';

const DEFAULT_MANIFEST_PATH = {
  flagger: 'kubernetes/canary.yaml',
  kurator: 'kurator/application.yaml',
} as const;

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * `canary:policy:create`: validates a rollout policy, writes its manifests (a Kurator Application
 * with the rollout policy, or a native Flagger Canary with its MetricTemplates) into the
 * workspace and annotates the catalog entity for the Canary tab.
 *
 * @public
 */
// The input and output are described by the action's schema (see its examples); the public type
// stays this wide so that it does not spell out the inferred schema types.
export function createPolicyAction(): TemplateAction<any, any> {
  return createTemplateAction({
    id: 'canary:policy:create',
    description:
      'Writes the rollout manifests of a canary policy (Kurator Application or native Flagger Canary with MetricTemplates) and the catalog annotations of the Canary tab into the workspace.',
    examples,
    supportsDryRun: true,
    schema: {
      input: z =>
        z.object({
          target: policyTargetInput(z),
          policy: rolloutPolicyInput(z),
          application: applicationInput(z).optional(),
          hostCluster: z
            .string()
            .optional()
            .describe(
              'Target kurator: the Backstage cluster name (kubernetes.clusterLocatorMethods) of the fleet host cluster.',
            ),
          kubernetesId: z
            .string()
            .optional()
            .describe(
              'Value of backstage.io/kubernetes-id (entity annotation and manifest label); defaults to the workload name.',
            ),
          manifestPath: z
            .string()
            .optional()
            .describe(
              'Workspace path of the manifest file; defaults to kubernetes/canary.yaml (flagger) or kurator/application.yaml (kurator).',
            ),
          catalogInfoPath: z
            .string()
            .optional()
            .describe(
              'Workspace path of the catalog file to annotate (created when missing); defaults to catalog-info.yaml.',
            ),
          owner: z
            .string()
            .optional()
            .describe(
              'Owner of the Component written when there is no catalog file; defaults to the user running the template.',
            ),
        }),
      output: z =>
        z.object({
          paths: z
            .array(z.string())
            .describe(
              'Workspace paths written (in a dry run, into the dry-run workspace).',
            ),
          manifestPath: z.string(),
          catalogInfoPath: z.string(),
          annotations: z
            .record(z.string())
            .describe('The entity annotations written.'),
          manifests: z.string().describe('The rollout manifests (YAML).'),
          catalogInfo: z.string().describe('The catalog file content.'),
          warnings: z
            .array(z.object({ path: z.string(), message: z.string() }))
            .describe('Policy warnings (not fatal).'),
        }),
    },
    async handler(ctx) {
      const { input, logger } = ctx;
      const { policy, warnings } = checkRolloutPolicy(
        input.policy,
        input.target,
        logger,
      );
      const catalogInfoPath = path.posix.normalize(
        input.catalogInfoPath ?? 'catalog-info.yaml',
      );
      const catalogFile = resolveSafeChildPath(
        ctx.workspacePath,
        catalogInfoPath,
      );
      const existing = await readIfExists(catalogFile);
      const rendered = buildRolloutManifests({
        target: input.target,
        policy,
        application: input.application,
        hostCluster: input.hostCluster,
        kubernetesId: input.kubernetesId,
        // The manifests name the entity, so the cluster side binds them to it.
        entityRef:
          existing !== undefined
            ? entityRefOfCatalogInfo(existing, catalogInfoPath)
            : `component:default/${input.kubernetesId ?? policy.workload.name}`,
      });
      throwOnErrors(rendered.issues, 'The rendered rollout manifest');

      const manifestPath = path.posix.normalize(
        input.manifestPath ?? DEFAULT_MANIFEST_PATH[input.target],
      );
      const manifestFile = resolveSafeChildPath(
        ctx.workspacePath,
        manifestPath,
      );
      const manifests = writeManifestsYaml(rendered.documents);

      let catalogInfo: string;
      if (existing !== undefined) {
        catalogInfo = annotateCatalogInfo(
          existing,
          rendered.annotations,
          catalogInfoPath,
        );
      } else {
        const owner = input.owner ?? ctx.user?.ref;
        if (!owner) {
          throw new InputError(
            `${catalogInfoPath} does not exist and no owner is given: set owner to write a new Component.`,
          );
        }
        catalogInfo = newCatalogInfo(
          {
            name: input.kubernetesId ?? policy.workload.name,
            owner,
          },
          rendered.annotations,
        );
      }

      // The workspace is the only thing this action changes, and in a dry run the scaffolder hands
      // it a throwaway workspace whose files it returns to the template editor: write there too
      // (as fetch:template does), so a dry run shows the manifests and the annotated catalog file.
      const paths = [manifestPath, catalogInfoPath];
      await fs.mkdir(path.dirname(manifestFile), { recursive: true });
      await fs.writeFile(manifestFile, manifests, 'utf8');
      await fs.mkdir(path.dirname(catalogFile), { recursive: true });
      await fs.writeFile(catalogFile, catalogInfo, 'utf8');
      logger.info(
        `${
          ctx.isDryRun ? 'Dry run: wrote into the dry-run workspace ' : 'Wrote '
        }${manifestPath} (${rendered.documents
          .map(d => d.kind)
          .join(', ')}) and ${
          existing === undefined ? 'created' : 'annotated'
        } ${catalogInfoPath}.`,
      );

      ctx.output('paths', paths);
      ctx.output('manifestPath', manifestPath);
      ctx.output('catalogInfoPath', catalogInfoPath);
      ctx.output('annotations', rendered.annotations);
      // The gate secret goes into the workspace file only, never into the task's output.
      ctx.output(
        'manifests',
        withoutGateSecret(manifests, policy.gates?.token),
      );
      ctx.output('catalogInfo', catalogInfo);
      ctx.output('warnings', warnings.map(toIssueOutput));
    },
  });
}

/** The manifests' text with the policy's gate secret replaced, for the task output. */
function withoutGateSecret(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join('<redacted>') : text;
}
