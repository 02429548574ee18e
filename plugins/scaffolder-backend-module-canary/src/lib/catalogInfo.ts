import { InputError } from '@backstage/errors';
import { parseAllDocuments, stringify } from 'yaml';

/** The entity written when the workspace has no catalog-info.yaml yet. */
export type NewEntity = {
  name: string;
  owner: string;
  description?: string;
};

/** The YAML documents of a catalog-info file, refusing one that does not parse. */
function parseDocuments(text: string, file: string) {
  const docs = parseAllDocuments(text);
  const docList = Array.isArray(docs) ? docs : [];
  const broken = docList.find(d => d.errors.length > 0);
  if (broken) {
    throw new InputError(
      `${file} is not valid YAML: ${broken.errors[0].message}`,
    );
  }
  return docList;
}

/** The entity of a catalog-info file that gets the annotations: its Component, else its first entity. */
function targetEntity(
  docList: ReturnType<typeof parseDocuments>,
  file: string,
) {
  const entities = docList.filter(d => {
    const value = d.toJS();
    return (
      value &&
      typeof value === 'object' &&
      typeof value.kind === 'string' &&
      value.metadata &&
      typeof value.metadata === 'object'
    );
  });
  const target =
    entities.find(d => d.get('kind') === 'Component') ?? entities[0];
  if (!target) {
    throw new InputError(
      `${file} holds no catalog entity (a document with kind and metadata) to annotate.`,
    );
  }
  return target;
}

/**
 * The ref of the entity a catalog-info file describes (the Component, else its first entity): the
 * rollout manifests name it, so the cluster side binds them to it.
 */
export function entityRefOfCatalogInfo(text: string, file: string): string {
  const entity = targetEntity(parseDocuments(text, file), file).toJS() as {
    kind: string;
    metadata: { name?: unknown; namespace?: unknown };
  };
  if (typeof entity.metadata.name !== 'string') {
    throw new InputError(`${file}: the entity has no metadata.name`);
  }
  const namespace =
    typeof entity.metadata.namespace === 'string'
      ? entity.metadata.namespace
      : 'default';
  return `${entity.kind.toLocaleLowerCase('en-US')}:${namespace}/${
    entity.metadata.name
  }`;
}

/**
 * Adds annotations to the catalog entity of an existing catalog-info.yaml, keeping everything
 * else (other documents, other annotations, comments, key order). The entity annotated is the
 * first Component, or else the first entity of the file.
 */
export function annotateCatalogInfo(
  text: string,
  annotations: Record<string, string>,
  file: string,
): string {
  const docList = parseDocuments(text, file);
  const target = targetEntity(docList, file);
  for (const [key, value] of Object.entries(annotations)) {
    target.setIn(['metadata', 'annotations', key], value);
  }
  return docList.map(d => d.toString()).join('');
}

/** A new catalog-info.yaml: a Component of type service carrying the annotations. */
export function newCatalogInfo(
  entity: NewEntity,
  annotations: Record<string, string>,
): string {
  return stringify({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: entity.name,
      ...(entity.description ? { description: entity.description } : {}),
      annotations,
    },
    spec: { type: 'service', lifecycle: 'experimental', owner: entity.owner },
  });
}
