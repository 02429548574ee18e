import fs from 'fs';
import path from 'path';
import fc from 'fast-check';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { backend, backendUp, GuestApi } from './guestApi';
import { adminGet, eventually, labCluster } from './lab';
import {
  apiBase,
  CHECKOUT,
  FuzzRequest,
  ROLLOUT_DEMO,
  readOperations,
  readSpec,
  requestArbitrary,
  unsafePost,
  type EntityKey,
  type FuzzContext,
  type Operation,
} from './fuzzRequests';

// A property-based fuzz of the Canary API, generated from its OpenAPI spec (fuzzRequests.ts), against
// the running development backend and the fleet lab: every operation with real or garbage path
// parameters, query parameters omitted, valid or not, and bodies that are random JSON, shaped after
// the schema or not JSON at all, as the guest or without credentials. Whatever it sends, the backend
// must answer with JSON, never a 5xx, never a cluster URL or a secret, and a 400 must name the
// parameter or field and what is allowed. The guest may read everything but act on nothing it sends
// here: POSTs only ever name checkout (owned by team-shop) or entities that do not exist, and gate
// webhooks get no gate token, so checkout's Canary must be as it was at the end.
//
// The run goes through all its requests and collects every distinct violation; then, if there were
// any, fast-check replays the first run that found one, to report it as a counterexample with its
// seed and path. FUZZ_SEED (default below) and FUZZ_RUNS change the run; FUZZ_PATH=<path> replays
// one run only, FUZZ_STOP=1 stops at the first failing run.
const seed = Number(process.env.FUZZ_SEED ?? 20261206);
/** Requests per property run, sent WIDTH at a time. */
const BATCH = 48;
const WIDTH = 16;
const MIN_REQUESTS = 10_000;
const numRuns = Number(
  process.env.FUZZ_RUNS ?? Math.ceil(MIN_REQUESTS / BATCH) + 2,
);
const replayPath = process.env.FUZZ_PATH;
const stopAtFirst = !!process.env.FUZZ_STOP || !!replayPath;

/** Entities the catalog is known to hold, should listing it fail: POSTs never name them. */
const KNOWN_ENTITIES: EntityKey[] = [
  'rollout-demo',
  'podinfo',
  'storefront',
  'payments',
  'rollout-kuma-demo',
  'backstage-canary',
].map(name => ({ kind: 'component', namespace: 'default', name }));

// ---------------------------------------------------------------------------------------------
// Sending

/** A body sent as it is, with `Content-Type: application/json` (JSON or not). */
class RawJson {
  constructor(readonly text: string) {}
}

let attempts = 0;

/**
 * The request context GuestApi sends with, which sends a RawJson body as it is (GuestApi passes
 * `data` on, and Playwright would serialise anything but a string, and label a string as binary).
 */
function sendingRawJson(request: APIRequestContext): APIRequestContext {
  return new Proxy(request, {
    get(target, property) {
      if (property === 'fetch') {
        return (
          url: string,
          options: NonNullable<Parameters<APIRequestContext['fetch']>[1]>,
        ) => {
          attempts++;
          const data = options?.data;
          return target.fetch(url, {
            ...options,
            timeout: 60_000,
            maxRedirects: 0,
            ...(data instanceof RawJson
              ? {
                  // A Buffer: Playwright would JSON-encode a string that is not JSON.
                  data: Buffer.from(data.text, 'utf8'),
                  headers: {
                    ...options.headers,
                    'Content-Type': 'application/json',
                  },
                }
              : {}),
          });
        };
      }
      const value = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * The inode of the backend's listening socket: a new one means the development backend restarted
 * (it does when its files change), so a 5xx around it is the restart's, not an answer.
 */
function listenerId(): string | undefined {
  const port = Number(new URL(backend).port)
    .toString(16)
    .toUpperCase()
    .padStart(4, '0');
  for (const file of ['/proc/net/tcp6', '/proc/net/tcp']) {
    try {
      for (const line of fs.readFileSync(file, 'utf8').split('\n').slice(1)) {
        const columns = line.trim().split(/\s+/);
        if (columns[1]?.endsWith(`:${port}`) && columns[3] === '0A') {
          return columns[9];
        }
      }
    } catch {
      // not Linux: no restart detection beyond the lifecycle messages
    }
  }
  return undefined;
}

const RESTARTING = /Service is shutting down|Service has not started up yet/;

type Exchange = {
  request: FuzzRequest;
  status: number;
  text: string;
  ms: number;
};

async function inPool<T, R>(
  items: T[],
  width: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]);
      }
    }),
  );
  return results;
}

// ---------------------------------------------------------------------------------------------
// Checking

/** What the lab holds that must never appear in an answer: its clusters' URLs, tokens and keys. */
function labSecrets(): { what: string; text: string }[] {
  const stateDir =
    process.env.CANARY_LAB_STATE_DIR ??
    path.resolve(__dirname, '../../../.lab');
  const secrets: { what: string; text: string }[] = [];
  const lab = JSON.parse(
    fs.readFileSync(path.join(stateDir, 'lab.json'), 'utf8'),
  );
  for (const cluster of lab.clusters) {
    // (Not its Prometheus URL: Flagger's own events name the metrics server it queries, and the
    // timeline shows those events as Flagger wrote them.)
    secrets.push({ what: `${cluster.name}'s URL`, text: cluster.url });
    for (const [role, token] of Object.entries<string>(cluster.tokens)) {
      secrets.push({ what: `${cluster.name}'s ${role} token`, text: token });
    }
  }
  const walk = (node: unknown, at: string) => {
    if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        walk(value, `${at}.${key}`);
      }
    } else if (
      typeof node === 'string' &&
      node.length >= 12 &&
      /token|secret|password|key/i.test(at)
    ) {
      secrets.push({ what: `the backend's config ${at}`, text: node });
    }
  };
  const configFile = path.join(stateDir, 'app-config.lab.yaml');
  if (fs.existsSync(configFile)) {
    // The file is JSON (which is YAML) after a comment line.
    walk(
      JSON.parse(fs.readFileSync(configFile, 'utf8').replace(/^#.*\n/, '')),
      '',
    );
  }
  // A token cut short is still a leak.
  return secrets.map(s =>
    s.text.length > 40 && !s.what.endsWith('URL')
      ? { ...s, text: s.text.slice(0, 40) }
      : s,
  );
}

const LEAKS: [RegExp, string][] = [
  [/https:\/\/127\.0\.0\.1:/, "a lab cluster's URL (https://127.0.0.1:…)"],
  [/:1644\d\b/, "a lab cluster's port (:1644x)"],
  [/-----BEGIN [A-Z ]+-----/, 'a PEM block'],
  [
    /kubeconfig|certificate-authority-data|client-key-data|client-certificate-data|serviceAccountToken/i,
    'kubeconfig content',
  ],
  [/eyJhbGciOi[\w-]+\.[\w-]+\.[\w-]+/, 'a JWT'],
];

/** The body without its `stack` properties (the development backend adds them to error bodies). */
function withoutStacks(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutStacks);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== 'stack')
        .map(([key, v]) => [key, withoutStacks(v)]),
    );
  }
  return value;
}

/** The `stack` properties of a body, at any depth. */
function stacksOf(value: unknown): string[] {
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) =>
    key === 'stack' && typeof v === 'string' ? [v] : stacksOf(v),
  );
}

function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') {
    return Object.values(value).flatMap(stringsOf);
  }
  return [];
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether a 400 message names the input: a parameter, a field, the body, or one of their names. */
function namesInput(message: string, names: string[]): boolean {
  return (
    /parameter|field|body|header/i.test(message) ||
    names.some(name =>
      new RegExp(`(^|[^\\w-])${escapeRegExp(name)}($|[^\\w-])`).test(message),
    )
  );
}

/** Whether a 400 message says what is allowed. */
function saysAllowed(message: string): boolean {
  return /\b(must|allowed|required|one of|expected|expects|should|only|send|pass|leave|use|at most|at least|whole number)\b/i.test(
    message,
  );
}

type Route = { op: Operation; pattern: RegExp };

/** The operation of the spec a path (as sent) reaches, if any; Express ignores case and a final `/`. */
function routeOf(
  routes: Route[],
  method: string,
  sentPath: string,
): Operation | undefined {
  const pathname = sentPath.split('?')[0];
  return routes.find(r => r.op.method === method && r.pattern.test(pathname))
    ?.op;
}

type Violation = {
  signature: string;
  problem: string;
  exchange: Exchange;
  path: string;
};

/** Every way the answer to one request breaks the rules; empty when it is fine. */
function problemsOf(
  exchange: Exchange,
  routes: Route[],
  secrets: { what: string; text: string }[],
): string[] {
  const { request, status, text } = exchange;
  const reached = routeOf(routes, request.method, request.sentPath);
  const problems: string[] = [];
  if (status >= 500) problems.push(`status ${status}`);

  let body: any;
  let isJson = true;
  try {
    body = JSON.parse(text);
  } catch {
    isJson = false;
  }
  if (!isJson) {
    // Paths outside the spec (e.g. after `..` was resolved) get the root router's bare 404.
    if (!(status === 404 && text === '' && !reached)) {
      problems.push(text === '' ? 'empty body, not JSON' : 'body is not JSON');
    }
    return problems;
  }

  const visible = withoutStacks(body);
  const visibleText = JSON.stringify(visible);
  for (const [pattern, what] of LEAKS) {
    if (pattern.test(visibleText)) problems.push(`body leaks ${what}`);
  }
  for (const secret of secrets) {
    if (visibleText.includes(secret.text)) {
      problems.push(`body leaks ${secret.what}`);
    }
  }
  if (stringsOf(visible).some(s => /\n\s+at /.test(s))) {
    problems.push('a message holds a stack frame (\\n    at …)');
  }

  const gate = reached?.template.startsWith('/gates/');
  if (status === 400) {
    // The gate webhooks answer `message`; a 400 of the framework has Backstage's error body.
    const message = gate
      ? body?.message ?? body?.error?.message
      : body?.error?.message;
    const names = [...request.op.names, ...(reached?.names ?? [])];
    if (typeof message !== 'string') {
      problems.push(`400 without ${gate ? 'message' : 'error.message'}`);
    } else {
      const missing = [
        namesInput(message, names) ? '' : 'names no parameter or field',
        saysAllowed(message) ? '' : 'says nothing of what is allowed',
      ].filter(Boolean);
      if (missing.length) {
        problems.push(
          `400 message ${missing.join(' and ')}: ${JSON.stringify(
            message.slice(0, 200),
          )}`,
        );
      }
    }
  }
  if (status >= 400 && !gate && typeof body?.error?.message !== 'string') {
    problems.push(`${status} without Backstage's error body (error.message)`);
  }

  // Nothing sent here may be let through.
  if (gate && status !== 403) {
    problems.push(`a gate webhook without gate token answered ${status}`);
  } else if (status < 400 && reached) {
    if (request.auth === 'none' && reached.id !== 'getHealth') {
      problems.push(`answered ${status} without credentials`);
    } else if (
      request.method === 'POST' &&
      !reached.template.endsWith('/policy/validate')
    ) {
      problems.push(`a POST of the guest was accepted (${status})`);
    }
  }
  return problems;
}

/**
 * A violation's kind, to report each kind once: the status and the problem, with a quoted message
 * cut to its first words (the rest repeats what was sent).
 */
function signatureOf(exchange: Exchange, problem: string, routes: Route[]) {
  const { request, status } = exchange;
  const reached = routeOf(routes, request.method, request.sentPath);
  const quoted = problem.indexOf(': "');
  if (quoted < 0) {
    return `[${status}${reached ? '' : ', no route'}] ${problem}`;
  }
  const message: string = JSON.parse(problem.slice(quoted + 2));
  const gist = /JSON/.test(message)
    ? "(JSON.parse's message)"
    : `"${message.split(/\s+/).slice(0, 2).join(' ')} …"`;
  return `[${status}${reached ? '' : ', no route'}] ${problem.slice(
    0,
    quoted,
  )}: ${gist}`;
}

function excerpt(text: string, max = 600): string {
  let shown = text;
  try {
    shown = JSON.stringify(withoutStacks(JSON.parse(text)));
  } catch {
    // not JSON: shown as it is
  }
  return shown.length > max
    ? `${shown.slice(0, max)}… (${shown.length} chars)`
    : shown || '(empty)';
}

function describeViolation(v: Violation): string {
  return [
    `- ${v.problem}`,
    `    ${v.exchange.request.describe()}`,
    `    → ${v.exchange.status} ${excerpt(v.exchange.text)}`,
    `    replay: FUZZ_SEED=${seed} FUZZ_PATH=${v.path}`,
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------

test('the Canary API answers every request of its spec, however wrong, with JSON that names the input, never a 5xx or a leak', async ({
  request,
}) => {
  test.setTimeout(15 * 60_000);
  await backendUp(request);
  const api = new GuestApi(sendingRawJson(request));
  const getJson = async (url: string): Promise<any> => {
    const response = await api.send('GET', url);
    return response.ok() ? response.json() : undefined;
  };
  const rolloutPath = (t: typeof CHECKOUT) =>
    `${apiBase}/entities/${t.entity.join('/')}/rollouts/${t.canary.join('/')}`;

  // The catalog ingests the example entities shortly after the backend starts.
  await eventually(
    async () =>
      (
        await api.send(
          'GET',
          `${apiBase}/entities/${CHECKOUT.entity.join('/')}/rollouts`,
        )
      ).status() === 200 || undefined,
    90_000,
    'the catalog to know checkout',
  );

  // What the generators need from the running backend.
  const listed: any[] =
    (await getJson(
      `${backend}/api/catalog/entities?fields=kind,metadata.namespace,metadata.name`,
    )) ?? [];
  const context: FuzzContext = {
    entities: [
      ...KNOWN_ENTITIES,
      ...listed.map(e => ({
        kind: String(e.kind),
        namespace: String(e.metadata?.namespace ?? 'default'),
        name: String(e.metadata?.name),
      })),
    ],
    cursors: [],
    runIds: [],
  };
  for (const target of [CHECKOUT, ROLLOUT_DEMO]) {
    for (const list of ['timeline', 'runs']) {
      const page = await getJson(`${rolloutPath(target)}/${list}?limit=1`);
      if (page?.nextCursor) context.cursors.push(page.nextCursor);
    }
    const runs = await getJson(`${rolloutPath(target)}/runs?limit=5`);
    context.runIds.push(...(runs?.items ?? []).map((r: any) => r.id));
  }
  const inbox = await getJson(`${apiBase}/inbox?limit=1`);
  if (inbox?.nextCursor) context.cursors.push(inbox.nextCursor);
  context.policy = (
    await getJson(`${apiBase}/entities/${CHECKOUT.entity.join('/')}/policy`)
  )?.items?.[0]?.policy;

  const spec = readSpec();
  const operations = readOperations(spec);
  const routes: Route[] = operations.map(op => ({
    op,
    pattern: new RegExp(
      `^/api/canary${op.template.replace(/\{[^}]+\}/g, '[^/]+')}/?$`,
      'i',
    ),
  }));
  const secrets = labSecrets();

  // The fuzz must leave checkout's Canary as it is.
  const member = labCluster(CHECKOUT.canary[0]);
  const canaryPath = `/apis/flagger.app/v1beta1/namespaces/${CHECKOUT.canary[1]}/canaries/${CHECKOUT.canary[2]}`;
  const checkoutCanary = async () => {
    const canary = await adminGet<any>(member, canaryPath);
    return { generation: canary.metadata.generation, spec: canary.spec };
  };
  const before = await checkoutCanary();

  const histogram = new Map<number, number>();
  const perOperation = new Map<string, Map<number, number>>();
  const undocumented = new Map<string, number>();
  const timeSpent = new Map<string, number>();
  const violations = new Map<
    string,
    { first: Violation; count: number; operations: Set<string> }
  >();
  let sent = 0;
  let restarts = 0;
  let run = replayPath ? Number(replayPath.split(':')[0]) - 1 : -1;
  attempts = 0;
  const started = Date.now();

  const exchange = async (req: FuzzRequest): Promise<Exchange> => {
    // Belt and braces: the generator never makes these.
    const sentPath = req.sentPath;
    if (!sentPath.startsWith('/api/canary/')) {
      throw new Error(`Refusing to send ${req.describe()}: it leaves the API`);
    }
    if (req.method === 'POST') {
      const why = unsafePost(req.url, context.entities);
      if (why) throw new Error(`Refusing to send ${req.describe()}: ${why}`);
    }
    sent++;
    for (let attempt = 0; ; attempt++) {
      const listener = listenerId();
      const t0 = Date.now();
      try {
        const response = await api.send(req.method, req.url, {
          data: req.body === undefined ? undefined : new RawJson(req.body),
          auth: req.auth,
        });
        const status = response.status();
        const text = await response.text();
        if (status >= 500 && attempt < 3) {
          await new Promise(r => setTimeout(r, 1500));
          if (RESTARTING.test(text) || listenerId() !== listener) {
            restarts++;
            await backendUp(request);
            continue;
          }
        }
        return { request: req, status, text, ms: Date.now() - t0 };
      } catch (error) {
        // GuestApi gave up reconnecting, or its guest sign-in failed while the backend restarted.
        if (attempt >= 3) {
          throw new Error(`${req.describe()} failed: ${error}`);
        }
        restarts++;
        await backendUp(request);
      }
    }
  };

  // Stacks are not checked (the development backend adds them), but what they show is noted.
  const stackNotes = new Map<string, { count: number; example: string }>();
  const noteStacks = (e: Exchange) => {
    let body: unknown;
    try {
      body = JSON.parse(e.text);
    } catch {
      return;
    }
    const stacks = stacksOf(body).join('\n');
    if (!stacks) return;
    const shown = [
      'error.stack',
      ...LEAKS.filter(([pattern]) => pattern.test(stacks)).map(
        ([, what]) => `error.stack with ${what}`,
      ),
      ...secrets
        .filter(secret => stacks.includes(secret.text))
        .map(secret => `error.stack with ${secret.what}`),
    ];
    for (const what of shown) {
      const note = stackNotes.get(what) ?? {
        count: 0,
        example: `${e.request.describe(100).slice(0, 300)} → ${e.status}`,
      };
      note.count++;
      stackNotes.set(what, note);
    }
  };

  const tally = (e: Exchange) => {
    histogram.set(e.status, (histogram.get(e.status) ?? 0) + 1);
    const reached = routeOf(routes, e.request.method, e.request.sentPath);
    const key = reached?.id ?? '(no route)';
    const statuses = perOperation.get(key) ?? new Map<number, number>();
    statuses.set(e.status, (statuses.get(e.status) ?? 0) + 1);
    perOperation.set(key, statuses);
    timeSpent.set(key, (timeSpent.get(key) ?? 0) + e.ms);
    if (
      reached &&
      e.status !== 401 &&
      !reached.responses.includes(String(e.status))
    ) {
      const k = `${reached.id} ${e.status}`;
      undocumented.set(k, (undocumented.get(k) ?? 0) + 1);
    }
  };

  const summary = () => {
    const seconds = (Date.now() - started) / 1000;
    const statuses = [...histogram.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status}: ${count}`)
      .join(', ');
    const byOperation = [...perOperation.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(
        ([op, counts]) =>
          `  ${op}: ${[...counts.entries()]
            .sort(([a], [b]) => a - b)
            .map(([st, c]) => `${st}×${c}`)
            .join(' ')} (${Math.round(
            (timeSpent.get(op) ?? 0) /
              [...counts.values()].reduce((a, b) => a + b, 0),
          )} ms on average)`,
      )
      .join('\n');
    return {
      line: `${sent} requests in ${seconds.toFixed(
        0,
      )} s (seed ${seed}, ${numRuns} runs of ${BATCH}, ${WIDTH} at a time; ${
        attempts - sent
      } extra attempts, ${restarts} backend restarts waited out); statuses ${statuses}`,
      byOperation,
    };
  };

  const batchArbitrary = fc.array(requestArbitrary(spec, operations, context), {
    minLength: BATCH,
    maxLength: BATCH,
  });
  /** Sends a run's requests and checks every answer; `record` counts them in the totals. */
  const sendBatch = async (
    batch: FuzzRequest[],
    runPath: string,
    record: boolean,
  ) => {
    const found: Violation[] = [];
    for (const e of await inPool(batch, WIDTH, exchange)) {
      if (record) {
        tally(e);
        noteStacks(e);
      }
      for (const problem of problemsOf(e, routes, secrets)) {
        const signature = signatureOf(e, problem, routes);
        found.push({ signature, problem, exchange: e, path: runPath });
      }
    }
    return found;
  };
  const distinctList = (found: Violation[]) =>
    [...new Map(found.map(v => [v.signature, v])).values()]
      .map(describeViolation)
      .join('\n');

  try {
    await fc.assert(
      fc.asyncProperty(batchArbitrary, async batch => {
        run++;
        const found = await sendBatch(batch, String(run), true);
        for (const violation of found) {
          const seen = violations.get(violation.signature) ?? {
            first: violation,
            count: 0,
            operations: new Set<string>(),
          };
          seen.count++;
          seen.operations.add(violation.exchange.request.op.id);
          violations.set(violation.signature, seen);
        }
        if (found.length && stopAtFirst) {
          throw new Error(
            `The Canary API broke its rules (seed ${seed}, path "${run}", ${
              found.length
            } violations in this run):\n${distinctList(found)}`,
          );
        }
      }),
      {
        seed,
        numRuns,
        endOnFailure: true,
        ...(replayPath ? { path: replayPath } : {}),
      },
    );
  } finally {
    const { line, byOperation } = summary();
    console.log(`fuzz: ${line}\nby operation:\n${byOperation}`);
    for (const [what, note] of stackNotes) {
      console.log(
        `noted, not checked: ${what} in ${note.count} answers, e.g. ${note.example}`,
      );
    }
    if (undocumented.size) {
      console.log(
        `statuses the spec does not document (401 aside): ${[
          ...undocumented.entries(),
        ]
          .map(([k, n]) => `${k} ×${n}`)
          .join(', ')}`,
      );
    }
    test.info().annotations.push({ type: 'fuzz', description: line });
    // Whatever happened, the fuzz changed nothing on the cluster.
    const after = await checkoutCanary();
    expect(
      after,
      "the fuzz changed checkout's Canary on kurator-member1",
    ).toEqual(before);
    console.log(
      `checkout's Canary on ${CHECKOUT.canary[0]} unchanged (generation ${after.generation})`,
    );
  }

  if (violations.size) {
    const all = [...violations.values()];
    const list = all
      .map(
        ({ first, count, operations: ops }) =>
          `${describeViolation(first)}\n    (${count} times, in ${[...ops].join(
            ', ',
          )}; kind: ${first.signature})`,
      )
      .join('\n');
    const total = sent;
    const firstPath = String(
      Math.min(...all.map(({ first }) => Number(first.path))),
    );
    // fast-check replays the first failing run, to report it with its seed and path.
    await fc.assert(
      fc.asyncProperty(batchArbitrary, async batch => {
        const again = await sendBatch(batch, firstPath, false);
        throw new Error(
          `The Canary API broke its rules in ${
            violations.size
          } distinct ways over ${total} requests (seed ${seed}); the first run that did, path "${firstPath}", replayed here, ${
            again.length
              ? `found again:\n${distinctList(again)}`
              : 'found nothing this time'
          }\n\nEvery distinct violation of the whole run:\n${list}`,
        );
      }),
      { seed, path: firstPath, endOnFailure: true },
    );
  }
  expect(sent).toBeGreaterThanOrEqual(replayPath ? BATCH : MIN_REQUESTS);
});
