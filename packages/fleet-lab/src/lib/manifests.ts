import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from './KubeClient';
import { packageDir } from './paths';

/** True when a quoted scalar starting right after `quote` is not closed on the same line. */
function quoteLeftOpen(rest: string, quote: string): boolean {
  for (let i = 0; i < rest.length; i++) {
    const ch = rest[i];
    if (quote === '"' && ch === '\\') {
      i++;
    } else if (ch === quote) {
      if (quote === "'" && rest[i + 1] === "'") {
        i++;
      } else {
        return false;
      }
    }
  }
  return true;
}

/**
 * controller-gen writes multi-line quoted descriptions whose continuation lines are indented like
 * their key. Go's YAML parser accepts that, the `yaml` package (strict YAML 1.2) does not; indenting
 * the continuation lines two more spaces keeps the folded value identical and makes it valid.
 */
export function indentQuotedContinuations(text: string): string {
  const lines = text.split('\n');
  let open: string | undefined;
  let pad = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (open) {
      lines[i] = line.trim() === '' ? line : `${pad}${line}`;
      if (!quoteLeftOpen(line, open)) {
        open = undefined;
      }
      continue;
    }
    const m = /^(\s*)(?:- )?[^\s'"#][^:#]*:\s+(['"])(.*)$/.exec(line);
    if (m && quoteLeftOpen(m[3], m[2])) {
      open = m[2];
      pad = '  ';
    }
  }
  return lines.join('\n');
}

/** Every document of a multi-document YAML text, as plain objects (empty documents skipped). */
export function parseYamlDocuments(text: string, source: string): KubeObject[] {
  const docs = parseAllDocuments(indentQuotedContinuations(text));
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

/** The lab's own manifests (packages/fleet-lab/manifests). */
export function labManifest(name: string): KubeObject[] {
  return readYamlFile(path.join(packageDir(), 'manifests', name));
}

/** The shared reference material, with a clear error when it is missing. */
export function sharedFile(sharedDir: string, ...parts: string[]): string {
  const file = path.join(sharedDir, ...parts);
  if (!fs.existsSync(file)) {
    throw new Error(
      `Missing ${file}: set CANARY_SHARED_DIR to the directory holding domain/ (default: ../shared next to the repository)`,
    );
  }
  return file;
}

/**
 * Flagger's CRDs. Kubernetes 1.20 rejects the one `default: ""` (HTTPRequestMirrorFilter
 * backendRef.group) in a structural schema, so that line is dropped at load time.
 */
export function flaggerCrds(sharedDir: string): KubeObject[] {
  const file = sharedFile(sharedDir, 'domain', 'flagger', 'crds', 'crd.yaml');
  const text = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(line => line.trim() !== 'default: ""')
    .join('\n');
  return parseYamlDocuments(text, file);
}

export function kuratorCrds(sharedDir: string): KubeObject[] {
  const dir = sharedFile(sharedDir, 'domain', 'kurator', 'crds');
  return fs
    .readdirSync(dir)
    .filter(f => f.endsWith('.yaml'))
    .sort()
    .flatMap(f => readYamlFile(path.join(dir, f)));
}
