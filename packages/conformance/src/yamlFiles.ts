import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { domainPath, referenceDir } from './referenceDir';

/** The `.yaml` files of a directory of the reference's `domain/`, relative to `domain/`, sorted. */
export function listYamlFiles(relativeDir: string): string[] {
  return fs
    .readdirSync(domainPath(relativeDir))
    .filter(f => f.endsWith('.yaml'))
    .sort()
    .map(f => path.join(relativeDir, f));
}

/** The documents of a YAML file of the reference's `domain/` (empty documents skipped). */
export function loadYamlDocuments(relativeFile: string): unknown[] {
  const text = fs.readFileSync(domainPath(relativeFile), 'utf8');
  return parseAllDocuments(text)
    .map(d => d.toJS())
    .filter(d => d !== null && d !== undefined);
}

/** YAML manifests embedded in the seed documents (fenced blocks or plain `kubectl -oyaml` output). */
export function loadSeedManifests(): {
  file: string;
  doc: Record<string, unknown>;
}[] {
  const dir = path.join(referenceDir(), 'seeds');
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
