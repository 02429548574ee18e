// Test-only: validates manifests against the real Flagger and Kurator CRD schemas. The CRDs are
// read from the shared reference folder beside the repository (never copied into it).
import fs from 'fs';
import path from 'path';
import Ajv, { type ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';

function findDomainDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 10; i++) {
    for (const candidate of [
      path.resolve(dir, 'shared', 'domain'),
      path.resolve(dir, '..', 'shared', 'domain'),
    ]) {
      if (fs.existsSync(path.join(candidate, 'FLAGGER-KURATOR.md')))
        return candidate;
    }
    dir = path.dirname(dir);
  }
  throw new Error(`Cannot find the shared reference folder above ${__dirname}`);
}

type Crd = {
  spec: {
    names: { kind: string };
    versions: { name: string; schema: { openAPIV3Schema: object } }[];
  };
};

const domainDir = findDomainDir();
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const validators = new Map<string, ValidateFunction>();
const crdFiles = [
  path.join(domainDir, 'flagger', 'crds', 'crd.yaml'),
  ...fs
    .readdirSync(path.join(domainDir, 'kurator', 'crds'))
    .filter(f => f.endsWith('.yaml'))
    .map(f => path.join(domainDir, 'kurator', 'crds', f)),
];
for (const file of crdFiles) {
  for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
    const crd = doc.toJS() as Crd | null;
    if (!crd?.spec?.versions) continue;
    for (const version of crd.spec.versions) {
      validators.set(
        `${crd.spec.names.kind}/${version.name}`,
        ajv.compile(version.schema.openAPIV3Schema),
      );
    }
  }
}

/** Whether a CRD schema is known for the kind and apiVersion of an object. */
export function hasCrdSchema(object: {
  kind?: unknown;
  apiVersion?: unknown;
}): boolean {
  const version = String(object.apiVersion ?? '').split('/')[1];
  return validators.has(`${String(object.kind)}/${version}`);
}

/** Validates an object against the real CRD schema of its kind; returns ajv's error texts. */
export function crdErrors(object: {
  kind?: unknown;
  apiVersion?: unknown;
}): string[] {
  const version = String(object.apiVersion ?? '').split('/')[1];
  const validate = validators.get(`${String(object.kind)}/${version}`);
  if (!validate)
    return [
      `no CRD schema for ${String(object.kind)} ${String(object.apiVersion)}`,
    ];
  return validate(object)
    ? []
    : (validate.errors ?? []).map(e => `${e.instancePath} ${e.message}`);
}
