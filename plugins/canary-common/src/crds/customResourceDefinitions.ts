import { z } from 'zod';
import { alertProviderSchema } from '../model/alertProvider';
import {
  applicationSchema,
  KURATOR_APPLICATION_API_VERSION,
} from '../model/application';
import { canarySchema, FLAGGER_API_VERSION } from '../model/canary';
import {
  attachedClusterSchema,
  fleetSchema,
  KURATOR_CLUSTER_API_VERSION,
  KURATOR_FLEET_API_VERSION,
} from '../model/fleet';
import { metricTemplateSchema } from '../model/metricTemplate';
import { type JsonSchemaProps, structuralSchemaOf } from './structuralSchema';

/**
 * A `apiextensions.k8s.io/v1` CustomResourceDefinition.
 *
 * @public
 */
export type CustomResourceDefinition = {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  metadata: { name: string; annotations: Record<string, string> };
  spec: {
    group: string;
    scope: 'Namespaced';
    names: {
      kind: string;
      listKind: string;
      plural: string;
      singular: string;
      shortNames?: string[];
      categories: string[];
    };
    versions: {
      name: string;
      served: true;
      storage: true;
      subresources: { status: {} };
      additionalPrinterColumns: {
        name: string;
        type: 'string' | 'integer' | 'date';
        jsonPath: string;
        priority?: number;
      }[];
      schema: { openAPIV3Schema: JsonSchemaProps };
    }[];
  };
};

type Column =
  CustomResourceDefinition['spec']['versions'][number]['additionalPrinterColumns'][number];

type ResourceKind = {
  apiVersion: string;
  kind: string;
  plural: string;
  shortNames?: string[];
  categories: string[];
  columns: Column[];
  schema: z.ZodObject;
};

/**
 * The annotation that says a CRD was generated from this package's schemas, not upstream's.
 *
 * @public
 */
export const GENERATED_CRD_ANNOTATION = 'backstage-canary.io/generated-from';

const AGE: Column = {
  name: 'Age',
  type: 'date',
  jsonPath: '.metadata.creationTimestamp',
};

const FLAGGER_KINDS: ResourceKind[] = [
  {
    apiVersion: FLAGGER_API_VERSION,
    kind: 'Canary',
    plural: 'canaries',
    shortNames: ['canary'],
    categories: ['all'],
    schema: canarySchema,
    columns: [
      { name: 'Status', type: 'string', jsonPath: '.status.phase' },
      { name: 'Weight', type: 'integer', jsonPath: '.status.canaryWeight' },
      {
        name: 'FailedChecks',
        type: 'integer',
        jsonPath: '.status.failedChecks',
        priority: 1,
      },
      {
        name: 'LastTransitionTime',
        type: 'string',
        jsonPath: '.status.lastTransitionTime',
      },
    ],
  },
  {
    apiVersion: FLAGGER_API_VERSION,
    kind: 'MetricTemplate',
    plural: 'metrictemplates',
    categories: ['all'],
    schema: metricTemplateSchema,
    columns: [
      { name: 'Provider', type: 'string', jsonPath: '.spec.provider.type' },
      AGE,
    ],
  },
  {
    apiVersion: FLAGGER_API_VERSION,
    kind: 'AlertProvider',
    plural: 'alertproviders',
    categories: ['all'],
    schema: alertProviderSchema,
    columns: [{ name: 'Type', type: 'string', jsonPath: '.spec.type' }, AGE],
  },
];

const KURATOR_KINDS: ResourceKind[] = [
  {
    apiVersion: KURATOR_APPLICATION_API_VERSION,
    kind: 'Application',
    plural: 'applications',
    categories: ['kurator-dev'],
    schema: applicationSchema,
    columns: [AGE],
  },
  {
    apiVersion: KURATOR_FLEET_API_VERSION,
    kind: 'Fleet',
    plural: 'fleets',
    categories: ['kurator-dev'],
    schema: fleetSchema,
    columns: [
      { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
      AGE,
    ],
  },
  {
    apiVersion: KURATOR_CLUSTER_API_VERSION,
    kind: 'AttachedCluster',
    plural: 'attachedclusters',
    categories: ['kurator-dev'],
    schema: attachedClusterSchema,
    columns: [
      { name: 'Ready', type: 'string', jsonPath: '.status.ready' },
      AGE,
    ],
  },
];

/** The metadata fields Kubernetes itself validates; a CRD schema may only say it is an object. */
const ROOT_FIELDS: Record<string, JsonSchemaProps> = {
  apiVersion: { type: 'string' },
  kind: { type: 'string' },
  metadata: { type: 'object' },
};

function openApiSchemaOf(resource: ResourceKind): JsonSchemaProps {
  const { properties = {}, required = [] } = structuralSchemaOf(
    resource.schema,
    resource.kind,
  );
  const body = Object.fromEntries(
    Object.entries(properties).filter(([name]) => !(name in ROOT_FIELDS)),
  );
  const bodyRequired = required.filter(name => !(name in ROOT_FIELDS));
  return {
    type: 'object',
    description: `${resource.kind} (${resource.apiVersion}) as the Backstage Canary packages read and write it.`,
    properties: { ...ROOT_FIELDS, ...body },
    ...(bodyRequired.length > 0 ? { required: bodyRequired } : {}),
  };
}

function definitionOf(resource: ResourceKind): CustomResourceDefinition {
  const [group, version] = resource.apiVersion.split('/');
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${resource.plural}.${group}`,
      annotations: {
        [GENERATED_CRD_ANNOTATION]: '@backstage-canary/plugin-canary-common',
      },
    },
    spec: {
      group,
      scope: 'Namespaced',
      names: {
        kind: resource.kind,
        listKind: `${resource.kind}List`,
        plural: resource.plural,
        singular: resource.kind.toLowerCase(),
        ...(resource.shortNames ? { shortNames: resource.shortNames } : {}),
        categories: resource.categories,
      },
      versions: [
        {
          name: version,
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: resource.columns,
          schema: { openAPIV3Schema: openApiSchemaOf(resource) },
        },
      ],
    },
  };
}

/**
 * CRDs of the Flagger kinds the Canary packages read and write (Canary, MetricTemplate,
 * AlertProvider), generated from the same schemas that validate them in the product. For test
 * clusters and the local lab; in production install Flagger's own CRDs.
 *
 * @public
 */
export function flaggerCustomResourceDefinitions(): CustomResourceDefinition[] {
  return FLAGGER_KINDS.map(definitionOf);
}

/**
 * CRDs of the Kurator kinds the Canary packages read (Application, Fleet, AttachedCluster),
 * generated from the product's schemas. For test clusters and the local lab.
 *
 * @public
 */
export function kuratorCustomResourceDefinitions(): CustomResourceDefinition[] {
  return KURATOR_KINDS.map(definitionOf);
}
