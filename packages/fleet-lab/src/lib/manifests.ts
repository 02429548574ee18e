import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from './KubeClient';
import {
  flaggerCustomResourceDefinitions,
  kuratorCustomResourceDefinitions,
} from '@backstage-canary/plugin-canary-common';
import { findRepoRoot, packageDir } from './paths';

/** Every document of a multi-document YAML text, as plain objects (empty documents skipped). */
export function parseYamlDocuments(text: string, source: string): KubeObject[] {
  const docs = parseAllDocuments(text);
  const objects: KubeObject[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      throw new Error(`${source}: ${doc.errors[0].message}`);
    }
    const value = doc.toJS();
    if (value && typeof value === 'object') {
      objects.push(value as KubeObject);
    }
  }
  return objects;
}

export function readYamlFile(file: string): KubeObject[] {
  return parseYamlDocuments(fs.readFileSync(file, 'utf8'), file);
}

/** A manifest of the demo fleet (examples/fleet of the repository). */
export function exampleManifest(name: string): KubeObject[] {
  return readYamlFile(
    path.join(findRepoRoot(packageDir()), 'examples', 'fleet', name),
  );
}

/** Flagger's CRDs as the Canary packages define them (canary-common's schemas). */
export function flaggerCrds(): KubeObject[] {
  return flaggerCustomResourceDefinitions() as unknown as KubeObject[];
}

/** Kurator's CRDs as the Canary packages define them (canary-common's schemas). */
export function kuratorCrds(): KubeObject[] {
  return kuratorCustomResourceDefinitions() as unknown as KubeObject[];
}
