// Prepares the production build of the backend (and the app it serves) to run on the fleet lab:
//
//   node scripts/prod-bundle.mjs config <port>   writes the config overlay for a backend on <port>
//   node scripts/prod-bundle.mjs unpack          unpacks packages/backend/dist/bundle.tar.gz
//
// Both write under node_modules/.cache/canary-prod/ and print what they wrote.
//
// `unpack` does what a Backstage production image does with the backend build (the bundle holds the
// backend and every workspace package it depends on, each packed as it is published: built `dist/`,
// package.json pointing at it, the app's static build included), except the production install of
// the third-party dependencies: instead of `yarn workspaces focus --production` (which would rebuild
// the native modules), the bundle's node_modules links to the repository's installed packages, and
// the workspace packages in it to their packed copies in the bundle. So the backend runs the
// packages' built output, never their TypeScript sources.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const prodDir = path.join(root, 'node_modules/.cache/canary-prod');
const bundleDir = path.join(prodDir, 'bundle');
const [command, arg] = process.argv.slice(2);

function writeConfig(port) {
  if (!/^\d+$/.test(port ?? '')) {
    throw new Error(`usage: prod-bundle.mjs config <port>, got "${port}"`);
  }
  const origin = `http://localhost:${port}`;
  const config = {
    // The backend serves the app (app-backend): one origin for both.
    app: { baseUrl: origin },
    backend: {
      baseUrl: origin,
      listen: { port: Number(port) },
      cors: { origin },
      // Its own database, apart from the development backend's.
      database: {
        client: 'better-sqlite3',
        connection: { directory: path.join(prodDir, 'backstage-db') },
      },
    },
    // NODE_ENV=production: the guest provider must be allowed explicitly (a local demo only).
    auth: {
      providers: {
        guest: {
          userEntityRef: 'user:default/guest',
          dangerouslyAllowOutsideDevelopment: true,
        },
      },
    },
  };
  fs.mkdirSync(prodDir, { recursive: true });
  const target = path.join(prodDir, 'app-config.prod.yaml');
  fs.writeFileSync(
    target,
    `# Written by scripts/prod-bundle.mjs; do not edit.\n${JSON.stringify(
      config,
      null,
      2,
    )}\n`,
  );
  console.log(target);
}

/** Links `from` to `to` (both absolute), replacing what was there. */
function link(to, from) {
  fs.rmSync(from, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(from), { recursive: true });
  fs.symlinkSync(to, from);
}

function unpack() {
  const archive = path.join(root, 'packages/backend/dist/bundle.tar.gz');
  if (!fs.existsSync(archive)) {
    throw new Error(
      `${path.relative(root, archive)} is missing: build the backend first`,
    );
  }
  fs.rmSync(bundleDir, { recursive: true, force: true });
  fs.mkdirSync(bundleDir, { recursive: true });
  execFileSync('tar', ['-xzf', archive, '-C', bundleDir]);

  // The workspace packages in the bundle, by name.
  const packed = new Map();
  for (const group of ['packages', 'plugins']) {
    const dir = path.join(bundleDir, group);
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir)) {
      const pkgFile = path.join(dir, name, 'package.json');
      if (!fs.existsSync(pkgFile)) continue;
      packed.set(JSON.parse(fs.readFileSync(pkgFile, 'utf8')).name, {
        dir: path.join(dir, name),
        source: path.join(root, group, name),
      });
    }
  }

  const modules = path.join(bundleDir, 'node_modules');
  const installed = path.join(root, 'node_modules');
  for (const entry of fs.readdirSync(installed)) {
    if (entry.startsWith('.')) continue;
    const names = entry.startsWith('@')
      ? fs.readdirSync(path.join(installed, entry)).map(n => `${entry}/${n}`)
      : [entry];
    for (const name of names) {
      const target = packed.get(name)?.dir ?? path.join(installed, name);
      link(target, path.join(modules, name));
    }
  }
  // Dependencies yarn could not hoist sit in a workspace package's own node_modules.
  for (const { dir, source } of packed.values()) {
    const own = path.join(source, 'node_modules');
    if (fs.existsSync(own)) link(own, path.join(dir, 'node_modules'));
  }
  console.log(bundleDir);
}

if (command === 'config') writeConfig(arg);
else if (command === 'unpack') unpack();
else {
  console.error('usage: prod-bundle.mjs config <port> | unpack');
  process.exit(2);
}
