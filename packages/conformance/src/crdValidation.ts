import Ajv, { type ValidateFunction } from 'ajv';
import { listYamlFiles, loadYamlDocuments } from './yamlFiles';

/** The parts of a CustomResourceDefinition a validator needs. */
export type CrdLike = {
  spec: {
    names: { kind: string };
    versions: { name: string; schema?: { openAPIV3Schema: object } }[];
  };
};

type ObjectLike = { kind?: unknown; apiVersion?: unknown };

const keyOf = (kind: unknown, version: unknown) =>
  `${String(kind)}/${String(version)}`;
const versionOf = (object: ObjectLike) =>
  String(object.apiVersion ?? '').split('/')[1];

/** The upstream CRDs of the reference: Flagger's and Kurator's, as their projects publish them. */
export function upstreamCrds(): CrdLike[] {
  return ['flagger/crds/crd.yaml', ...listYamlFiles('kurator/crds')].flatMap(
    file => loadYamlDocuments(file) as CrdLike[],
  );
}

/**
 * Validates objects against sets of CRDs, each under a name ("upstream", "generated"): an object is
 * accepted when every set has a schema for its kind and version and that schema accepts it.
 */
export class CrdValidator {
  private readonly sets = new Map<string, Map<string, ValidateFunction>>();

  constructor(crdSets: Record<string, CrdLike[]>) {
    const ajv = new Ajv({
      strict: false,
      allErrors: true,
      validateFormats: false,
    });
    for (const [name, crds] of Object.entries(crdSets)) {
      const validators = new Map<string, ValidateFunction>();
      for (const crd of crds) {
        for (const version of crd.spec.versions) {
          if (version.schema) {
            validators.set(
              keyOf(crd.spec.names.kind, version.name),
              ajv.compile(version.schema.openAPIV3Schema),
            );
          }
        }
      }
      this.sets.set(name, validators);
    }
  }

  /** Whether every set has a schema for the object's kind and version. */
  knows(object: ObjectLike): boolean {
    const key = keyOf(object.kind, versionOf(object));
    return [...this.sets.values()].every(v => v.has(key));
  }

  /** The reasons any set refuses the object, each prefixed with the set's name; empty if accepted. */
  errors(object: ObjectLike): string[] {
    const key = keyOf(object.kind, versionOf(object));
    return [...this.sets.entries()].flatMap(([name, validators]) => {
      const validate = validators.get(key);
      if (!validate) {
        return [
          `${name}: no CRD for ${String(object.kind)} ${String(
            object.apiVersion,
          )}`,
        ];
      }
      return validate(object)
        ? []
        : (validate.errors ?? []).map(
            e => `${name}: ${e.instancePath} ${e.message}`,
          );
    });
  }
}
