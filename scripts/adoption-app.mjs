#!/usr/bin/env node
// The adoption test's app: a new Backstage app made by the registry's @backstage/create-app, with the
// five Canary packages installed from their packed tarballs by following the repository README's
// "Installing into an existing Backstage app" as written, configured for the running fleet lab.
//
//   node scripts/adoption-app.mjs prepare   prints the app's directory (JSON: { dir, timings })
//   node scripts/adoption-app.mjs start     starts it (yarn start): app on :3300, backend on :7307
//
// What differs from a user's machine, and why:
//  - The packages are not on the registry: the README's `yarn add <name>` commands run with each
//    Canary package name replaced by its packed tarball (`yarn pack`), and the app's root
//    `resolutions` point the packages' dependencies on each other at the tarballs too.
//  - The registry here is a partial mirror: the pins of this repository's root `resolutions` (see
//    the README's Troubleshooting) are copied into the new app.
//  - `backstage-cli versions:bump` cannot fetch Backstage's release manifest here: it reads one
//    written from the @backstage packages this repository is built against (BACKSTAGE_MANIFEST_FILE).
//
// The README's "Clusters with client-side auth" is followed too: the app reaches kurator-member2,
// whose API server trusts the lab's OpenID Provider, with the user's ID token (authProvider oidc),
// the auth backend's OIDC provider points at the lab IdP, and the backend trusts the lab CA
// (NODE_EXTRA_CA_CERTS). Those steps run on each run, after the cached app is restored.
//
// Cached between runs, keyed by the create-app version, the Backstage release, the Node version and
// the pins: the new app after create-app, the bump and its install (with node_modules and the native
// modules built). Each run resets the app's files to that state (git) before following the README.
// The cache lives in the user's cache directory (XDG_CACHE_HOME or ~/.cache), beside the lab's.
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
// The fleet lab's state directory (CANARY_LAB_STATE_DIR, as for `yarn lab`).
const labDir = process.env.CANARY_LAB_STATE_DIR
  ? path.resolve(process.env.CANARY_LAB_STATE_DIR)
  : path.join(root, '.lab');
const APP_PORT = Number(process.env.CANARY_ADOPTION_APP_PORT ?? 3300);
const BACKEND_PORT = Number(process.env.CANARY_ADOPTION_BACKEND_PORT ?? 7307);
// The packages, by directory; the README names them.
const PACKAGES = {
  '@backstage-canary/plugin-canary': 'plugins/canary',
  '@backstage-canary/plugin-canary-backend': 'plugins/canary-backend',
  '@backstage-canary/plugin-canary-common': 'plugins/canary-common',
  '@backstage-canary/plugin-canary-node': 'plugins/canary-node',
  '@backstage-canary/plugin-scaffolder-backend-module-canary':
    'plugins/scaffolder-backend-module-canary',
};
// Bumped when what this script does to the base app changes.
const RECIPE = 1;

const log = line => process.stderr.write(`[adoption] ${line}\n`);
const readJson = file => JSON.parse(fs.readFileSync(file, 'utf8'));
const writeJson = (file, value) =>
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);

function run(command, args, options = {}) {
  log(
    `$ ${[command, ...args].join(' ')}${
      options.cwd ? ` (in ${path.basename(options.cwd)})` : ''
    }`,
  );
  return execFileSync(command, args, {
    stdio: options.capture ? ['ignore', 'pipe', 'inherit'] : ['ignore', 2, 2],
    encoding: 'utf8',
    ...options,
    // The new app is a user's app: its installs write its lockfile, also when CI=true (under
    // which yarn makes every install immutable, and the first install of the new app failed).
    env: {
      ...process.env,
      YARN_ENABLE_IMMUTABLE_INSTALLS: 'false',
      ...options.env,
    },
  });
}

const registry = () =>
  run('npm', ['config', 'get', 'registry'], { capture: true }).trim();

function cacheDir() {
  const base = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache');
  return path.join(base, 'backstage-canary', 'adoption');
}

/** The @backstage packages this repository is built against, as a release manifest. */
function releaseManifest(release) {
  const scope = path.join(root, 'node_modules/@backstage');
  const packages = fs
    .readdirSync(scope)
    .map(name => readJson(path.join(scope, name, 'package.json')))
    .map(pkg => ({ name: pkg.name, version: pkg.version }));
  return { releaseVersion: release, packages };
}

/** The new app after create-app, the pins, the bump and the install: made once per key. */
function baseApp(timings) {
  const createAppVersion = run(
    'npm',
    ['view', '@backstage/create-app', 'version', '--registry', registry()],
    { capture: true },
  ).trim();
  const release = readJson(path.join(root, 'backstage.json')).version;
  const pins = readJson(path.join(root, 'package.json')).resolutions ?? {};
  const key = createHash('sha256')
    .update(
      JSON.stringify([
        RECIPE,
        createAppVersion,
        release,
        process.version,
        pins,
      ]),
    )
    .digest('hex')
    .slice(0, 12);
  const dir = path.join(cacheDir(), `create-app-${createAppVersion}-${key}`);
  // Beside the app, not in it: each run cleans the app's untracked files.
  const ready = `${dir}.ready`;
  if (fs.existsSync(ready)) {
    log(`reusing the cached app (${path.basename(dir)})`);
    return { dir, createAppVersion, release, cached: true };
  }

  let started = Date.now();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  run(
    'npx',
    [
      '--yes',
      `@backstage/create-app@${createAppVersion}`,
      '--path',
      dir,
      '--skip-install',
    ],
    { cwd: path.dirname(dir), env: { BACKSTAGE_APP_NAME: 'adoption' } },
  );
  timings.createApp = Date.now() - started;

  const pkgFile = path.join(dir, 'package.json');
  const pkg = readJson(pkgFile);
  pkg.resolutions = { ...pkg.resolutions, ...pins };
  writeJson(pkgFile, pkg);

  started = Date.now();
  const manifest = path.join(dir, '.backstage-release-manifest.json');
  writeJson(manifest, releaseManifest(release));
  // Before the app's first install: this repository's Backstage CLI does the bump (the app's own
  // comes with the install), which saves installing the older release first.
  run(
    process.execPath,
    [
      path.join(root, 'node_modules/@backstage/cli/bin/backstage-cli'),
      'versions:bump',
      '--release',
      release,
      '--skip-install',
    ],
    { cwd: dir, env: { BACKSTAGE_MANIFEST_FILE: manifest } },
  );
  fs.rmSync(manifest);
  // Not immutable even on CI (where yarn makes it the default): the new app's lockfile is written
  // by this install, after the bump.
  run('yarn', ['install'], {
    cwd: dir,
    env: { YARN_ENABLE_IMMUTABLE_INSTALLS: 'false' },
  });
  timings.install = Date.now() - started;

  // The state each run starts from.
  const git = args =>
    run(
      'git',
      [
        '-c',
        'user.name=adoption',
        '-c',
        'user.email=adoption@localhost',
        ...args,
      ],
      { cwd: dir },
    );
  if (!fs.existsSync(path.join(dir, '.git'))) git(['init', '-q']);
  git(['add', '-A']);
  git(['commit', '-q', '--allow-empty', '-m', 'create-app, bumped, installed']);
  fs.writeFileSync(ready, `${new Date().toISOString()}\n`);
  return { dir, createAppVersion, release, cached: false };
}

/** Builds the five packages and packs them into `out`, as `yarn release:publish` does. */
function packPackages(out) {
  // Their type declarations are built from what tsc wrote to dist-types.
  if (!fs.existsSync(path.join(root, 'dist-types/plugins/canary'))) {
    run('yarn', ['tsc'], { cwd: root });
  }
  const tarballs = {};
  for (const [name, dir] of Object.entries(PACKAGES)) {
    const file = path.join(
      out,
      `${name.replace('@backstage-canary/', '')}.tgz`,
    );
    // `yarn pack` only packs dist/ (its prepack rewrites package.json to point there): build first.
    run('yarn', ['backstage-cli', 'package', 'build'], {
      cwd: path.join(root, dir),
    });
    run('yarn', ['pack', '--out', file], { cwd: path.join(root, dir) });
    tarballs[name] = file;
  }
  return tarballs;
}

/** The install section of the repository README: its code blocks, by language. */
function readmeInstallSteps() {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const start = readme.indexOf('## Installing into an existing Backstage app');
  if (start < 0) {
    throw new Error(
      'README.md has no "Installing into an existing Backstage app" section',
    );
  }
  const end = readme.indexOf('\n## ', start + 3);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map(m => ({
    lang: m[1],
    code: m[2],
  }));
}

/** The file a README code block is, by its first line (`// packages/app/src/...`), if any. */
const APP_FILE_HEADER = /^\/\/ (packages\/app\/src\/[\w./-]+)(:.*)?\n/;

/**
 * The app's frontend code of the README: blocks that are whole new files are written to their
 * path; the block for `App.tsx` adds its imports and its features to the app's `createApp`.
 */
function followReadmeAppCode(dir, steps) {
  const files = steps
    .map(step => ({ step, header: step.code.match(APP_FILE_HEADER) }))
    .filter(({ header }) => header);
  for (const { step, header } of files) {
    const target = path.join(dir, header[1]);
    if (header[1] !== 'packages/app/src/App.tsx') {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, step.code.slice(header[0].length));
      continue;
    }
    const imports = step.code
      .split('\n')
      .filter(line => line.startsWith('import '));
    const features = step.code
      .match(/features: \[([^\]]*)\]/)?.[1]
      .replace(/\/\*.*?\*\//g, '')
      .split(',')
      .map(name => name.trim())
      .filter(Boolean);
    if (!features?.length) {
      throw new Error('the README block for App.tsx names no features');
    }
    const app = fs.readFileSync(target, 'utf8');
    if (!app.includes('features: [')) {
      throw new Error(
        `${target} has no createApp features: the template changed`,
      );
    }
    fs.writeFileSync(
      target,
      `${imports.join('\n')}\n${app.replace(
        'features: [',
        `features: [${features.join(', ')}, `,
      )}`,
    );
  }
  return files.length;
}

/** The oidcTokenProvider the README's auth providers API registers (`oidcProviders: { <name>: ... }`). */
function readmeOidcTokenProvider(steps) {
  for (const step of steps) {
    const name = step.code.match(/oidcProviders: \{ (\w+):/)?.[1];
    if (name) return name;
  }
  throw new Error(
    'the README install section registers no oidcTokenProvider (oidcProviders: { <name>: ... })',
  );
}

/** Follows the README in the app: the `sh` commands, then the backend's `backend.add` lines. */
function followReadme(dir, tarballs) {
  const steps = readmeInstallSteps();
  const pkgFile = path.join(dir, 'package.json');
  const pkg = readJson(pkgFile);
  pkg.resolutions = {
    ...pkg.resolutions,
    ...Object.fromEntries(
      Object.entries(tarballs).map(([name, file]) => [name, `file:${file}`]),
    ),
  };
  writeJson(pkgFile, pkg);

  const commands = steps
    .filter(s => s.lang === 'sh')
    .flatMap(s => s.code.split('\n'))
    .map(line => line.trim())
    .filter(line => line.startsWith('yarn '));
  if (!commands.some(c => / add /.test(c))) {
    throw new Error('the README install section has no `yarn ... add` command');
  }
  for (const command of commands) {
    const args = command
      .split(/\s+/)
      .slice(1)
      .map(arg => (tarballs[arg] ? `${arg}@file:${tarballs[arg]}` : arg));
    run('yarn', args, { cwd: dir });
  }

  const backendCode = steps
    .filter(s => s.lang === 'ts' && s.code.includes('backend.add('))
    .map(s => s.code.trim());
  if (backendCode.length === 0) {
    throw new Error(
      'the README install section has no `backend.add(...)` block',
    );
  }
  const indexFile = path.join(dir, 'packages/backend/src/index.ts');
  const index = fs.readFileSync(indexFile, 'utf8');
  if (!index.includes('backend.start();')) {
    throw new Error(
      `${indexFile} has no backend.start(): the template changed`,
    );
  }
  fs.writeFileSync(
    indexFile,
    index.replace(
      'backend.start();',
      `${backendCode.join('\n')}\nbackend.start();`,
    ),
  );
  if (followReadmeAppCode(dir, steps) === 0) {
    throw new Error(
      'the README install section has no app code (`// packages/app/src/...` blocks)',
    );
  }
}

/** app-config.local.yaml: the lab's clusters and Canary settings, the example entities, the ports. */
function writeLocalConfig(dir) {
  const labConfigFile = path.join(labDir, 'app-config.lab.yaml');
  if (!fs.existsSync(labConfigFile)) {
    throw new Error(
      'The fleet lab is not configured: start it (yarn lab start; node scripts/lab-app-config.mjs)',
    );
  }
  // Written as JSON by scripts/lab-app-config.mjs after a comment line.
  const lab = JSON.parse(
    fs.readFileSync(labConfigFile, 'utf8').replace(/^#.*\n/, ''),
  );
  const labInfo = JSON.parse(
    fs.readFileSync(path.join(labDir, 'lab.json'), 'utf8'),
  );
  const app = `http://localhost:${APP_PORT}`;
  const backend = `http://localhost:${BACKEND_PORT}`;
  // "Clusters with client-side auth": the member that trusts the lab IdP is reached with the
  // user's ID token, through the auth backend's OIDC provider.
  const oidcTokenProvider = readmeOidcTokenProvider(readmeInstallSteps());
  const oidcMembers = labInfo.clusters.filter(c => c.oidc).map(c => c.name);
  if (!labInfo.idp || oidcMembers.length === 0) {
    throw new Error(
      'The fleet lab has no IdP or no member that trusts it: restart it (yarn lab start)',
    );
  }
  const clusters = lab.kubernetes.clusterLocatorMethods.map(method => ({
    ...method,
    clusters: method.clusters.map(cluster => {
      if (!oidcMembers.includes(cluster.name)) return cluster;
      const { serviceAccountToken: _token, ...rest } = cluster;
      return { ...rest, authProvider: 'oidc', oidcTokenProvider };
    }),
  }));
  const config = {
    app: { baseUrl: app },
    auth: {
      session: { secret: randomBytes(24).toString('hex') },
      providers: {
        oidc: {
          development: {
            metadataUrl: `${labInfo.idp.issuer}/.well-known/openid-configuration`,
            clientId: labInfo.idp.clientId,
            clientSecret: labInfo.idp.clientSecret,
            prompt: 'auto',
          },
        },
      },
    },
    backend: {
      baseUrl: backend,
      listen: { port: BACKEND_PORT },
      cors: { origin: app },
    },
    catalog: {
      locations: [
        { type: 'file', target: path.join(root, 'examples/entities.yaml') },
      ],
    },
    kubernetes: { ...lab.kubernetes, clusterLocatorMethods: clusters },
    canary: {
      hostCluster: lab.canary.hostCluster,
      prometheus: lab.canary.prometheus,
    },
  };
  const target = path.join(dir, 'app-config.local.yaml');
  fs.writeFileSync(target, `${JSON.stringify(config, null, 2)}\n`);
}

function prepare() {
  const timings = {};
  const started = Date.now();
  const base = baseApp(timings);
  const { dir } = base;
  // Back to the state after create-app and the install (ignored files such as node_modules stay).
  run('git', ['checkout', '-q', '--', '.'], { cwd: dir });
  run('git', ['clean', '-q', '-fd'], { cwd: dir });

  let step = Date.now();
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'canary-tarballs-'));
  const tarballs = packPackages(out);
  timings.pack = Date.now() - step;

  step = Date.now();
  followReadme(dir, tarballs);
  writeLocalConfig(dir);
  timings.readme = Date.now() - step;
  timings.total = Date.now() - started;
  process.stdout.write(`${JSON.stringify({ ...base, timings })}\n`);
}

function start() {
  const { dir } = JSON.parse(process.argv[3] ?? '{}');
  if (!dir) throw new Error('usage: adoption-app.mjs start \'{"dir": ...}\'');
  // The auth backend fetches the lab IdP's metadata over HTTPS: trust the lab's CA.
  const labInfo = JSON.parse(
    fs.readFileSync(path.join(labDir, 'lab.json'), 'utf8'),
  );
  const child = spawn('yarn', ['start'], {
    cwd: dir,
    stdio: 'inherit',
    env: {
      ...process.env,
      BROWSER: 'none',
      ...(labInfo.idp ? { NODE_EXTRA_CA_CERTS: labInfo.idp.caFile } : {}),
    },
  });
  const stop = () => child.kill('SIGINT');
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  child.on('exit', code => process.exit(code ?? 0));
}

const command = process.argv[2];
if (command === 'prepare') prepare();
else if (command === 'start') start();
else {
  console.error('usage: adoption-app.mjs prepare | start <json from prepare>');
  process.exit(2);
}
