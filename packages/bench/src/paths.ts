import fs from 'node:fs';
import path from 'node:path';

/** The repository root: the nearest directory up from the working directory with yarn workspaces. */
export function repoRoot(from = process.cwd()): string {
  let dir = path.resolve(from);
  for (;;) {
    try {
      const pkg = JSON.parse(
        fs.readFileSync(path.join(dir, 'package.json'), 'utf8'),
      );
      if (pkg.workspaces) return dir;
    } catch {
      // no package.json here
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(
        `No repository root (a package.json with workspaces) above ${from}`,
      );
    }
    dir = parent;
  }
}
