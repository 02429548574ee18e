import fs from 'node:fs';
import path from 'node:path';

// The lab re-derives Flagger's and Kurator's behaviour instead of importing the product's reading
// (see "What the lab imports from the product" in the README). What it may import: types,
// constants and the CRDs.
const ALLOWED_FUNCTIONS = new Set([
  'flaggerCustomResourceDefinitions',
  'kuratorCustomResourceDefinitions',
]);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)
      ? [file]
      : [];
  });
}

/** Every value (not type) the file imports from the product's common package. */
function productValues(source: string): string[] {
  const values: string[] = [];
  const imports = source.matchAll(
    /import\s+(type\s+)?\{([^}]*)\}\s+from\s+'@backstage-canary\/plugin-canary-common'/g,
  );
  for (const [, typeOnly, names] of imports) {
    if (typeOnly) continue;
    for (const name of names.split(',').map(n => n.trim())) {
      if (name && !name.startsWith('type ')) values.push(name);
    }
  }
  return values;
}

describe('what the lab imports from the product', () => {
  const files = sourceFiles(__dirname);

  it('finds the lab’s sources', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('imports names, constants and the CRDs, never behaviour', () => {
    const behaviour = files.flatMap(file =>
      productValues(fs.readFileSync(file, 'utf8'))
        .filter(name => !/^[A-Z][A-Z0-9_]*$/.test(name))
        .filter(name => !ALLOWED_FUNCTIONS.has(name))
        .map(name => `${path.relative(__dirname, file)}: ${name}`),
    );
    expect(behaviour).toEqual([]);
  });

  it('recognises an imported function', () => {
    expect(
      productValues(
        "import { type Canary, FLAGGER_API_VERSION, formatFlaggerEvent } from '@backstage-canary/plugin-canary-common';",
      ),
    ).toEqual(['FLAGGER_API_VERSION', 'formatFlaggerEvent']);
  });
});
