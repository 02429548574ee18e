// Test-only helpers: locate the shared reference material (never copied into the repository),
// load the real CRD schemas and compile them with ajv.
import fs from 'fs';
import path from 'path';
import Ajv, { type ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';

function findSharedDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 10; i++) {
    const candidate = path.resolve(dir, 'shared');
    if (fs.existsSync(path.join(candidate, 'domain', 'FLAGGER-KURATOR.md')))
      return candidate;
    // The shared folder sits beside the repository root.
    const sibling = path.resolve(dir, '..', 'shared');
    if (fs.existsSync(path.join(sibling, 'domain', 'FLAGGER-KURATOR.md')))
      return sibling;
    dir = path.dirname(dir);
  }
  throw new Error(`Cannot find the shared reference folder above ${__dirname}`);
}

export const SHARED_DIR = findSharedDir();
export const DOMAIN_DIR = path.join(SHARED_DIR, 'domain');

export function listYamlFiles(relativeDir: string): string[] {
  const dir = path.join(DOMAIN_DIR, relativeDir);
  return fs
    .readdirSync(dir)
    .filter(f => f.endsWith('.yaml'))
    .sort()
    .map(f => path.join(relativeDir, f));
}

export function loadYamlDocuments(relativeFile: string): unknown[] {
  const text = fs.readFileSync(path.join(DOMAIN_DIR, relativeFile), 'utf8');
  return parseAllDocuments(text)
    .map(d => d.toJS())
    .filter(d => d !== null && d !== undefined);
}

/** YAML manifests embedded in the seed documents (fenced blocks or plain `kubectl -oyaml` output). */
export function loadSeedManifests(): {
  file: string;
  doc: Record<string, unknown>;
}[] {
  const dir = path.join(SHARED_DIR, 'seeds');
  const out: { file: string; doc: Record<string, unknown> }[] = [];
  for (const file of fs.readdirSync(dir).sort()) {
    const lines = fs.readFileSync(path.join(dir, file), 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!/^apiVersion: \S+/.test(lines[i])) continue;
      const block: string[] = [];
      let j = i;
      for (; j < lines.length; j++) {
        const line = lines[j];
        if (line.startsWith('```')) break;
        if (
          j > i &&
          line !== '' &&
          !/^[\s-]/.test(line) &&
          !/^[A-Za-z0-9_.\/-]+:( |$)/.test(line)
        )
          break;
        block.push(line);
      }
      i = j;
      try {
        for (const d of parseAllDocuments(block.join('\n'))) {
          const value = d.toJS();
          if (value && typeof value === 'object')
            out.push({ file, doc: value });
        }
      } catch {
        // not YAML: ignore
      }
    }
  }
  return out;
}

type Crd = {
  spec: {
    names: { kind: string };
    versions: { name: string; schema: { openAPIV3Schema: object } }[];
  };
};

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const validators = new Map<string, ValidateFunction>();

for (const file of [
  'flagger/crds/crd.yaml',
  ...listYamlFiles('kurator/crds'),
]) {
  for (const doc of loadYamlDocuments(file) as Crd[]) {
    for (const version of doc.spec.versions) {
      validators.set(
        `${doc.spec.names.kind}/${version.name}`,
        ajv.compile(version.schema.openAPIV3Schema),
      );
    }
  }
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
