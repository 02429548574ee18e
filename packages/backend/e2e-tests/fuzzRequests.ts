// Requests for the fuzz suite (fuzz.test.ts), generated from the Canary backend's OpenAPI spec: every
// operation of the spec with real or garbage path parameters, query parameters omitted, valid or
// invalid, and JSON bodies that are random, shaped loosely after the schema, or not JSON at all.
// Nothing here sends anything; `unsafePost` says which POSTs must never be sent.
import fs from 'fs';
import path from 'path';
import fc from 'fast-check';
import { parse } from 'yaml';

export const specFile = path.resolve(
  __dirname,
  '../../../plugins/canary-backend/src/schema/openapi.yaml',
);
export const apiBase = 'http://localhost:7007/api/canary';

type Schema = Record<string, any>;
type Spec = { paths: Record<string, Record<string, any>> } & Schema;

/** One operation of the spec. */
export type Operation = {
  id: string;
  method: 'GET' | 'POST';
  /** The spec's path, e.g. `/entities/{kind}/{namespace}/{name}/rollouts`. */
  template: string;
  pathParams: Schema[];
  queryParams: Schema[];
  /** The JSON schema of its request body, if it takes one. */
  body?: Schema;
  /** Every parameter and body field name, to recognise a 400 message that names one. */
  names: string[];
  /** The statuses the spec documents. */
  responses: string[];
};

/** An entity and one of its canaries in the lab. */
type Target = { entity: string[]; canary: string[] };
/** Guest may read it, not act on it: it is owned by team-shop. The only entity POSTs may name. */
export const CHECKOUT: Target = {
  entity: ['component', 'default', 'checkout'],
  canary: ['kurator-member1', 'shop', 'checkout'],
};
/** Owned by the guest: only ever read. */
export const ROLLOUT_DEMO: Target = {
  entity: ['component', 'default', 'rollout-demo'],
  canary: ['kurator-member1', 'webapp', 'backend'],
};
const ROLLOUT_DEMO_MEMBER2 = ['kurator-member2', 'webapp', 'backend'];

export type EntityKey = { kind: string; namespace: string; name: string };

/** What the generators take from the running backend: real cursors, run ids and a real policy. */
export type FuzzContext = {
  /** Every entity of the catalog: POSTs never name one but checkout. */
  entities: EntityKey[];
  /** `nextCursor`s of real pages (timeline, runs, inbox). */
  cursors: string[];
  /** Ids of real runs of the two canaries. */
  runIds: number[];
  /** Checkout's current rollout policy, as the policy route reads it. */
  policy?: unknown;
};

/** A generated request, printed by fast-check as `METHOD url (auth) body`. */
export class FuzzRequest {
  constructor(
    readonly op: Operation,
    readonly url: string,
    readonly body: string | undefined,
    readonly auth: 'guest' | 'none',
  ) {}

  get method() {
    return this.op.method;
  }

  /** The path and query as sent: the URL parser resolves `.` and `..` (also `%2e`) first. */
  get sentPath(): string {
    const url = new URL(this.url);
    return `${url.pathname}${url.search}`;
  }

  describe(maxBody = 400): string {
    const asBuilt = this.url.slice(apiBase.length - '/api/canary'.length);
    const resolved =
      this.sentPath === asBuilt ? '' : ` (sent as ${this.sentPath})`;
    const body =
      this.body === undefined
        ? 'no body'
        : `body ${
            this.body.length > maxBody
              ? `${this.body.slice(0, maxBody)}… (${this.body.length} chars)`
              : this.body
          }`;
    return `${this.method} ${asBuilt}${resolved} [${this.op.id}, ${
      this.auth === 'guest' ? 'as guest' : 'no credentials'
    }, ${body}]`;
  }

  [fc.toStringMethod](): string {
    return this.describe(120);
  }
}

// ---------------------------------------------------------------------------------------------
// The spec

export function readSpec(): Spec {
  return parse(fs.readFileSync(specFile, 'utf8'));
}

function resolve(spec: Spec, node: any): any {
  let current = node;
  for (let depth = 0; current?.$ref && depth < 20; depth++) {
    current = String(current.$ref)
      .replace(/^#\//, '')
      .split('/')
      .reduce<any>((n, key) => n?.[key], spec);
  }
  return current;
}

function fieldNames(spec: Spec, schema: any, into: Set<string>, depth = 0) {
  const s = resolve(spec, schema);
  if (!s || typeof s !== 'object' || depth > 8) return;
  for (const [key, value] of Object.entries<any>(s.properties ?? {})) {
    into.add(key);
    fieldNames(spec, value, into, depth + 1);
  }
  for (const part of [
    ...(s.oneOf ?? []),
    ...(s.anyOf ?? []),
    ...(s.allOf ?? []),
  ]) {
    fieldNames(spec, part, into, depth + 1);
  }
  if (s.items) fieldNames(spec, s.items, into, depth + 1);
}

/** Every operation of the spec. */
export function readOperations(spec: Spec): Operation[] {
  const operations: Operation[] = [];
  for (const [template, item] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries<any>(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      if (method !== 'get' && method !== 'post') {
        throw new Error(
          `${method.toUpperCase()} ${template}: the fuzz suite sends GET and POST only`,
        );
      }
      const parameters: Schema[] = [
        ...(item.parameters ?? []),
        ...(operation.parameters ?? []),
      ].map(p => {
        const parameter = resolve(spec, p);
        return { ...parameter, schema: resolve(spec, parameter.schema) };
      });
      const requestBody = resolve(spec, operation.requestBody);
      const body = resolve(
        spec,
        requestBody?.content?.['application/json']?.schema,
      );
      const names = new Set(parameters.map(p => String(p.name)));
      fieldNames(spec, body, names);
      operations.push({
        id: operation.operationId ?? `${method} ${template}`,
        method: method.toUpperCase() as 'GET' | 'POST',
        template,
        pathParams: parameters.filter(p => p.in === 'path'),
        queryParams: parameters.filter(p => p.in === 'query'),
        body,
        names: [...names],
        responses: Object.keys(operation.responses ?? {}),
      });
    }
  }
  return operations;
}

// ---------------------------------------------------------------------------------------------
// Building blocks

const LONE_SURROGATE =
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Percent-encodes a random text (a lone surrogate, which cannot be encoded, becomes U+FFFD). */
export function enc(text: string): string {
  return encodeURIComponent(text.replace(LONE_SURROGATE, '\uFFFD'));
}

const w = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({
  weight,
  arbitrary,
});

/** Path segments and texts as they go into the URL (already encoded), raw tricks included. */
const RAW_TRICKS = [
  '..',
  '.',
  '%2e%2e',
  '%2E%2e',
  '%2e',
  '%00',
  'a%00b',
  '%2F',
  'a%2Fb',
  '..%2F..%2Fapi',
  '%5C..%5C',
  '%',
  '%zz',
  '%E0%A4%A',
  '%C0%AE%C0%AE',
  '%FF',
  '%EF%BF%BF',
  '%uFF0E',
  '%20',
  '%09',
  '%0A',
  '%0D%0A',
  '%3F',
  '%23',
  '~',
  '-',
  '_',
  '+',
  '*',
  '$',
  '!',
  "'",
  ';',
  ',',
  ':',
  '@',
  '=',
  '&',
  '(',
  ')',
  '%7B%7D',
  '%3Cscript%3E',
  '%24%7Bjndi%7D',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  '0',
  '-1',
  '1e309',
];

/** Texts with unusual characters, encoded. */
const UNICODE = [
  'ümlaut',
  '☃',
  '💥',
  'Ⅻ',
  'ＣＨＥＣＫＯＵＴ',
  'checkout\u200b',
  '\u202echeckout',
  'çheckout',
  'İ',
  '\u212a',
  'ﬃ',
  'a\u0301',
  '\ufeff',
  '\u0000',
  '\u001f',
  '\ud83d',
  'דוגמה',
  '日本語',
  ' ',
  '  \t ',
].map(enc);

/** A garbage path segment or text, as it goes into the URL. */
export const garbage: fc.Arbitrary<string> = fc.oneof(
  w(4, fc.constantFrom(...RAW_TRICKS)),
  w(2, fc.constantFrom(...UNICODE)),
  w(3, fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }).map(enc)),
  w(2, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).map(enc)),
  w(
    2,
    fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 30 }).map(enc),
  ),
  // Plausible Kubernetes names (and one letter too many).
  w(2, fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?$/)),
  w(
    1,
    fc.constantFrom('a'.repeat(253), 'a'.repeat(254), `${'a'.repeat(63)}.b`),
  ),
  // Very long.
  w(
    1,
    fc.integer({ min: 255, max: 1500 }).map(n => 'a'.repeat(n)),
  ),
  w(
    1,
    fc.integer({ min: 20, max: 120 }).map(n => '%F0%9F%92%A5'.repeat(n)),
  ),
  // Empty-ish (an empty segment still forms a URL: `//`).
  w(1, fc.constantFrom('', '%20', '%00%00', '.%20', '%C2%A0')),
);

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A real triple, sometimes with another case (the catalog ignores case), or parts replaced by garbage. */
function tripleOf(real: string[][]): fc.Arbitrary<string[]> {
  const exact = fc.constantFrom(...real);
  return fc.oneof(
    w(4, exact),
    w(
      1,
      exact.chain(t =>
        fc.tuple(
          ...t.map(s => fc.constantFrom(s, s.toUpperCase(), capitalize(s))),
        ),
      ),
    ),
    w(
      4,
      exact.chain(t =>
        fc.tuple(...t.map(s => fc.oneof(w(2, fc.constant(s)), w(1, garbage)))),
      ),
    ),
    w(1, fc.tuple(garbage, garbage, garbage)),
  );
}

/** An integer in [min, max] (any safe range), biased to its ends. */
function intIn(min: number, max: number): fc.Arbitrary<number> {
  return fc.oneof(
    w(1, fc.constantFrom(min, max)),
    w(3, fc.bigInt({ min: BigInt(min), max: BigInt(max) }).map(Number)),
  );
}

const BAD_INTEGERS = [
  '0x10',
  '0X1F',
  '0b11',
  '0o7',
  '-1',
  '-0',
  '1e3',
  '1E2',
  '%205',
  '5%20',
  '+5',
  '',
  '1.5',
  '1.0',
  '.5',
  'abc',
  'NaN',
  'Infinity',
  '-Infinity',
  'true',
  'null',
  '99999999999999999999',
  '9007199254740993',
  '00000000000000000001',
  '1_000',
  '1%2C2',
  '%D9%A3',
  '%EF%BC%91',
  '%00',
  '%zz',
  '[]',
  '%5B%5D',
  '%7B%7D',
];

// ---------------------------------------------------------------------------------------------
// Query parameters

type QueryPart = [name: string, value: string];

function validValue(p: Schema, context: FuzzContext): fc.Arbitrary<string> {
  const s = p.schema ?? {};
  if (p.name === 'run') {
    return context.runIds.length
      ? fc.oneof(
          w(3, fc.constantFrom(...context.runIds).map(String)),
          w(1, intIn(1, 1_000_000).map(String)),
        )
      : intIn(1, 1_000_000).map(String);
  }
  if (p.name === 'cursor' && context.cursors.length) {
    return fc.constantFrom(...context.cursors).map(enc);
  }
  if (s.type === 'integer') {
    return intIn(s.minimum ?? 0, s.maximum ?? Number.MAX_SAFE_INTEGER).map(
      String,
    );
  }
  if (s.type === 'array' && Array.isArray(s.items?.enum)) {
    // style: form, explode: false: a comma-separated list.
    return fc
      .subarray(s.items.enum as string[], { minLength: 1 })
      .map(kinds => kinds.join(','));
  }
  if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum.map(String));
  return fc.string({ maxLength: 20 }).map(enc);
}

function tamperedCursor(context: FuzzContext): fc.Arbitrary<string> {
  const reencode = (v: unknown) =>
    Buffer.from(JSON.stringify(v)).toString('base64url');
  const decoded = context.cursors.flatMap(c => {
    try {
      return [JSON.parse(Buffer.from(c, 'base64url').toString('utf8'))];
    } catch {
      return [];
    }
  });
  const arbitraries: fc.Arbitrary<string>[] = [
    fc.jsonValue({ maxDepth: 2 }).map(reencode),
    fc.string({ maxLength: 40 }).map(enc),
    fc.constantFrom(
      'eyJ',
      'eyJ9',
      '%00',
      '====',
      'e30',
      Buffer.from('{"list":"timeline"}').toString('base64url'),
      Buffer.from('{"list":"runs","id":"1 OR 1=1"}').toString('base64url'),
      Buffer.from(
        '{"list":"timeline","at":"x","type":"action","id":-1}',
      ).toString('base64url'),
    ),
  ];
  if (context.cursors.length) {
    // A real cursor with a character changed, cut short, or repeated.
    arbitraries.push(
      fc
        .tuple(
          fc.constantFrom(...context.cursors),
          fc.nat(),
          fc.string({ minLength: 1, maxLength: 1 }),
        )
        .map(([c, at, ch]) => {
          const i = at % c.length;
          return enc(c.slice(0, i) + ch + c.slice(i + 1));
        }),
      fc
        .tuple(fc.constantFrom(...context.cursors), fc.nat())
        .map(([c, n]) => enc(c.slice(0, n % c.length))),
      fc.constantFrom(...context.cursors).map(c => enc(c.repeat(3))),
    );
  }
  if (decoded.length) {
    // A real cursor's content with one field changed.
    arbitraries.push(
      fc
        .tuple(
          fc.constantFrom(...decoded),
          fc.string({ maxLength: 12 }),
          fc.jsonValue({ maxDepth: 1 }),
        )
        .map(([cursor, key, value]) => {
          const keys = Object.keys(cursor ?? {});
          const field = keys.length ? keys[key.length % keys.length] : key;
          return reencode({ ...cursor, [field]: value });
        }),
    );
  }
  return fc.oneof(...arbitraries);
}

function invalidValue(p: Schema, context: FuzzContext): fc.Arbitrary<string> {
  const s = p.schema ?? {};
  if (p.name === 'cursor') return tamperedCursor(context);
  if (s.type === 'integer') {
    const edges: string[] = [];
    if (s.minimum !== undefined) edges.push(String(s.minimum - 1));
    if (s.maximum !== undefined) edges.push(String(s.maximum + 1));
    return fc.oneof(
      w(4, fc.constantFrom(...BAD_INTEGERS, ...edges)),
      w(1, fc.bigInt().map(String)),
      w(1, garbage),
    );
  }
  if (s.type === 'array' && Array.isArray(s.items?.enum)) {
    const kinds = s.items.enum as string[];
    return fc.oneof(
      fc.constantFrom(
        'bogus',
        'TRANSITION',
        ',',
        ',,,',
        '',
        '%20',
        'transition,bogus',
        'transition%2Chalted',
        'transition%2Cbogus',
        `${kinds.join(',')},x`,
        kinds.join(',').repeat(20),
      ),
      fc
        .tuple(fc.subarray(kinds), garbage)
        .map(([k, g]) => [...k, g].join(',')),
      garbage,
    );
  }
  return garbage;
}

const UNKNOWN_PARAMS: fc.Arbitrary<QueryPart[]> = fc.oneof(
  fc.constantFrom<QueryPart[]>(
    [['foo', 'bar']],
    [['limit[]', '1']],
    [['limit[a]', '1']],
    [['__proto__[x]', '1']],
    [['constructor[prototype][polluted]', '1']],
    [['', 'x']],
    [['x', '']],
    [['%zz', '1']],
    [['%00', '1']],
    [['LIMIT', '1']],
    [['cursor ', 'x']],
  ),
  fc
    .tuple(fc.string({ minLength: 1, maxLength: 12 }), garbage)
    .map(([name, value]): QueryPart[] => [[enc(name), value]]),
);

function queryArb(
  op: Operation,
  context: FuzzContext,
): fc.Arbitrary<QueryPart[]> {
  const perParameter = op.queryParams.map(p =>
    fc.oneof(
      w(5, fc.constant<QueryPart[]>([])),
      w(
        4,
        validValue(p, context).map((v): QueryPart[] => [[p.name, v]]),
      ),
      w(
        2,
        invalidValue(p, context).map((v): QueryPart[] => [[p.name, v]]),
      ),
      w(
        1,
        fc
          .tuple(validValue(p, context), validValue(p, context))
          .map(([a, b]): QueryPart[] => [
            [p.name, a],
            [p.name, b],
          ]),
      ),
    ),
  );
  return fc
    .tuple(
      fc.tuple(...perParameter),
      // An unknown parameter now and then.
      fc.oneof(w(9, fc.constant<QueryPart[]>([])), w(1, UNKNOWN_PARAMS)),
      fc.boolean(),
    )
    .map(([parts, unknown, shuffle]) => {
      const all = [...parts.flat(), ...unknown];
      return shuffle ? all.reverse() : all;
    });
}

// ---------------------------------------------------------------------------------------------
// Bodies

/** A value of the wrong kind for about any field. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    -1,
    0,
    1.5,
    1e308,
    -1e308,
    2 ** 53 + 2,
    '',
    ' ',
    'x',
    '0x10',
    'true',
    true,
    false,
    [],
    {},
    [null],
    { $ref: '#/x' },
    '\u0000',
    '💥',
    'a'.repeat(1001),
    'a'.repeat(70_000),
  ),
  fc.jsonValue({ maxDepth: 1 }),
);

/** A value shaped loosely after a JSON schema: mostly right, sometimes wrong, keys often missing. */
function shaped(spec: Spec, schema: any, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(spec, schema);
  if (!s || depth > 7) return fc.jsonValue({ maxDepth: 1 });
  const alternatives = [...(s.oneOf ?? []), ...(s.anyOf ?? [])];
  if (alternatives.length) {
    return fc.oneof(...alternatives.map(a => shaped(spec, a, depth + 1)));
  }
  if (s.allOf) {
    return fc
      .tuple(...(s.allOf as any[]).map(a => shaped(spec, a, depth + 1)))
      .map(parts =>
        Object.assign(
          {},
          ...parts.filter(p => p && typeof p === 'object' && !Array.isArray(p)),
        ),
      );
  }
  const right = ((): fc.Arbitrary<unknown> => {
    if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum);
    switch (s.type) {
      case 'object': {
        const properties = Object.entries<any>(s.properties ?? {});
        if (!properties.length) return fc.dictionary(fc.string(), fc.string());
        const fields = Object.fromEntries(
          properties.map(([key, value]) => [
            key,
            shaped(spec, value, depth + 1),
          ]),
        );
        const required = (s.required ?? []).filter(
          (k: string) => k in fields,
        ) as string[];
        return fc
          .tuple(
            fc.oneof(
              fc.record(fields, { requiredKeys: required }),
              fc.record(fields, { requiredKeys: [] }),
            ),
            // An unknown field now and then.
            fc.oneof(
              w(5, fc.constant({})),
              w(
                1,
                fc.dictionary(
                  fc.oneof(
                    fc.string({ maxLength: 8 }),
                    fc.constant('__proto__'),
                  ),
                  fc.jsonValue({ maxDepth: 1 }),
                  { minKeys: 1, maxKeys: 2 },
                ),
              ),
            ),
          )
          .map(([record, extra]) => ({ ...(extra ?? {}), ...record }));
      }
      case 'array':
        return fc.array(shaped(spec, s.items, depth + 1), {
          maxLength: 4,
        });
      case 'integer':
        return fc.oneof(
          intIn(s.minimum ?? -1000, s.maximum ?? 1_000_000),
          fc.constantFrom(
            ...[s.minimum, s.maximum]
              .filter((v): v is number => v !== undefined)
              .flatMap(v => [v - 1, v + 1]),
            1.5,
          ),
        );
      case 'number':
        return fc.oneof(
          fc.double({ noNaN: true, noDefaultInfinity: true }),
          fc.integer(),
        );
      case 'boolean':
        return fc.boolean();
      case 'string': {
        const lengths: string[] = [];
        if (s.maxLength !== undefined) {
          lengths.push('a'.repeat(s.maxLength), 'a'.repeat(s.maxLength + 1));
        }
        return fc.oneof(
          w(4, fc.string({ maxLength: 24 })),
          w(1, fc.string({ unit: 'binary', maxLength: 24 })),
          w(1, fc.constantFrom('', ...lengths)),
          w(1, fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/)),
        );
      }
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  })();
  return fc.oneof(w(6, right), w(1, wrongValue));
}

/** Every JSON path (as keys) of a value. */
function pathsOf(
  value: unknown,
  prefix: (string | number)[] = [],
): (string | number)[][] {
  if (!value || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value)
    ? value.map((v, i) => [i, v] as const)
    : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
}

function mutated(
  value: unknown,
  at: (string | number)[],
  replacement: unknown,
  remove: boolean,
): unknown {
  if (!at.length) return remove ? undefined : replacement;
  const copy: any = Array.isArray(value)
    ? [...value]
    : { ...(value as object) };
  const [head, ...rest] = at;
  if (remove && !rest.length) {
    if (Array.isArray(copy)) copy.splice(Number(head), 1);
    else delete copy[head];
    return copy;
  }
  copy[head] = mutated(copy[head], rest, replacement, remove);
  return copy;
}

/** A real value with up to three fields replaced by wrong values or removed. */
function mutationsOf(value: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(value).filter(p => p.length);
  if (!paths.length) return fc.constant(value);
  return fc
    .array(fc.tuple(fc.constantFrom(...paths), wrongValue, fc.boolean()), {
      maxLength: 3,
    })
    .map(changes =>
      changes.reduce(
        (v, [p, replacement, remove]) => mutated(v, p, replacement, remove),
        value,
      ),
    );
}

/** Texts sent as `Content-Type: application/json` that are not JSON. */
const NOT_JSON: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '{',
    '}',
    '[',
    '{"reason":',
    '{"reason":"x"',
    "{'reason':'x'}",
    '{reason: "x"}',
    'reason=x',
    '<xml/>',
    'NaN',
    'undefined',
    '{"a":1}}',
    '\u0000',
    '"unterminated',
    '{"a":01}',
    '{"a":.5}',
    '{"a":1,}',
    '[1,2',
    '\ufeff{}',
    '/* */ {}',
  ),
  fc.string({ minLength: 1, maxLength: 40 }).filter(t => {
    try {
      JSON.parse(t);
      return false;
    } catch {
      return true;
    }
  }),
);

function bodyArb(
  spec: Spec,
  op: Operation,
  context: FuzzContext,
): fc.Arbitrary<string | undefined> {
  const json = (arbitrary: fc.Arbitrary<unknown>) =>
    arbitrary.map(v => JSON.stringify(v));
  if (!op.body) {
    // POST without a body in the spec (rotate-secret): mostly none.
    return op.method === 'GET'
      ? fc.constant(undefined)
      : fc.oneof(
          w(4, fc.constant(undefined)),
          w(1, json(fc.jsonValue({ maxDepth: 2 }))),
          w(1, NOT_JSON),
        );
  }
  const required: string[] = op.body.required ?? [];
  // Bodies close to what a client would send, so that the answers go past the first check.
  const realistic: fc.Arbitrary<unknown>[] = [];
  if (required.includes('reason')) {
    realistic.push(
      fc.record({ reason: fc.oneof(fc.constant('fuzz'), fc.string()) }),
    );
  }
  if (required.includes('policy') && context.policy) {
    realistic.push(
      fc
        .record(
          {
            target: fc.constantFrom('flagger', 'kurator'),
            policy: mutationsOf(context.policy),
            clusters: fc.constantFrom(
              ['kurator-member1'],
              ['kurator-member1', 'kurator-member1'],
              ['nope'],
            ),
            policyIndex: fc.constantFrom(0, 1, -1),
            reason: fc.constant('fuzz'),
          },
          { requiredKeys: ['target', 'policy'] },
        )
        .chain(mutationsOf),
    );
  }
  if (required.includes('checksum')) {
    realistic.push(
      fc.record(
        {
          name: fc.constantFrom('checkout', 'backend'),
          namespace: fc.constantFrom('shop', 'webapp'),
          checksum: fc.string({ minLength: 1, maxLength: 12 }),
          phase: fc.constantFrom('Progressing', 'Promoting', 'Failed', ''),
          // No gate token: a wrong one at most.
          metadata: fc.dictionary(
            fc.constantFrom('token', 'type', 'cmd'),
            fc.string(),
          ),
        },
        { requiredKeys: ['name', 'namespace', 'checksum'] },
      ),
    );
  }
  return fc.oneof(
    w(2, json(fc.jsonValue({ maxDepth: 3 }))),
    w(4, json(shaped(spec, op.body))),
    ...(realistic.length ? [w(3, json(fc.oneof(...realistic)))] : []),
    w(2, NOT_JSON),
    w(1, fc.constant(undefined)),
    // Over express.json()'s 100 kB limit.
    w(1, fc.constant(JSON.stringify({ reason: 'r'.repeat(120_000) }))),
  );
}

// ---------------------------------------------------------------------------------------------
// Requests

function pathArb(op: Operation): fc.Arbitrary<Record<string, string>> {
  const names = new Set(op.pathParams.map(p => String(p.name)));
  const post = op.method === 'POST';
  const hasEntity = ['kind', 'namespace', 'name'].every(n => names.has(n));
  const hasCanary = ['cluster', 'canaryNamespace', 'canaryName'].every(n =>
    names.has(n),
  );
  const targets = post ? [CHECKOUT] : [CHECKOUT, ROLLOUT_DEMO];
  const entity = tripleOf(targets.map(t => t.entity));
  const canary = tripleOf(
    post
      ? [CHECKOUT.canary]
      : [CHECKOUT.canary, ROLLOUT_DEMO.canary, ROLLOUT_DEMO_MEMBER2],
  );
  // An entity with its own canary (the reads answer 200 there), or any mix.
  const pair: fc.Arbitrary<[string[], string[]]> = fc.oneof(
    w(
      1,
      fc
        .constantFrom(...targets)
        .map((t): [string[], string[]] => [t.entity, t.canary]),
    ),
    w(3, fc.tuple(entity, canary)),
  );
  const others = op.pathParams.filter(
    p =>
      !(hasEntity && ['kind', 'namespace', 'name'].includes(p.name)) &&
      !(
        hasCanary &&
        ['cluster', 'canaryNamespace', 'canaryName'].includes(p.name)
      ),
  );
  const other = fc.tuple(
    ...others.map(p => {
      let known: string[] = [String(p.schema?.example ?? 'x')];
      if (Array.isArray(p.schema?.enum)) known = p.schema.enum;
      else if (p.name === 'cluster') {
        known = ['kurator-member1', 'kurator-member2', 'host'];
      }
      return fc.oneof(w(2, fc.constantFrom(...known)), w(1, garbage));
    }),
  );
  return fc.tuple(pair, other).map(([[e, c], values]) => {
    const params: Record<string, string> = {};
    if (hasEntity) [params.kind, params.namespace, params.name] = e;
    if (hasCanary) {
      [params.cluster, params.canaryNamespace, params.canaryName] = c;
    }
    others.forEach((p, i) => (params[p.name] = values[i]));
    return params;
  });
}

/** Builds the URL; path parameters and query values are already encoded. */
function buildUrl(
  op: Operation,
  params: Record<string, string>,
  query: QueryPart[],
): string {
  // Keep the request line under Node's 16 kB header limit (beyond it, 431 with no body).
  let budget = 9000;
  const pathname = op.template.replace(/\{([^}]+)\}/g, (_m, name) => {
    const value = params[name] ?? 'x';
    const kept = value.length > budget ? value.slice(0, 200) : value;
    budget -= kept.length;
    return kept;
  });
  const search = query
    .map(([name, value]) => {
      const kept = value.length > budget ? value.slice(0, 100) : value;
      budget -= kept.length;
      return `${name}=${kept}`;
    })
    .join('&');
  return `${apiBase}${pathname}${search ? `?${search}` : ''}`;
}

/**
 * Why a POST must not be sent, or undefined when it may: it has to stay inside the Canary API and
 * name no entity of the catalog but checkout (as the backend reads the path: each segment decoded,
 * case ignored), so that it can only be refused (checkout, garbage entities, gates without token).
 */
export function unsafePost(
  url: string,
  entities: EntityKey[],
): string | undefined {
  const { pathname } = new URL(url);
  if (!pathname.startsWith('/api/canary/')) return 'it leaves /api/canary';
  const fold = (s: string) => s.toLocaleLowerCase('en-US');
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const segments = pathname
    .slice('/api/canary/'.length)
    .split('/')
    .map(s => fold(decode(s)));
  if (segments[0]?.startsWith('.')) return 'it names a service route';
  const checkout = CHECKOUT.entity.join('/');
  const names = new Set(
    entities
      .map(e => fold(e.name))
      .filter(n => n !== 'checkout')
      .concat(fold(ROLLOUT_DEMO.entity[2])),
  );
  const triples = new Set(
    entities.map(e => fold(`${e.kind}/${e.namespace}/${e.name}`)),
  );
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (names.has(segment) || names.has(segment.trim())) {
      return `it names the entity ${segment}`;
    }
    const triple = segments.slice(i, i + 3).join('/');
    if (triples.has(triple) && triple !== checkout) {
      return `it names the entity ${triple}`;
    }
  }
  return undefined;
}

/**
 * How often an operation is picked. A read of a real entity costs the backend ten times a refusal
 * (the inbox a hundred: it reads every entity's rollouts on every cluster), so the reads that have
 * nothing but their path to fuzz, and the inbox most, are sent less, to keep the run short.
 */
function weightOf(op: Operation): number {
  if (op.template === '/inbox') return 1;
  if (op.method === 'GET' && !op.queryParams.length && op.pathParams.length) {
    return 2;
  }
  return 3;
}

/** Requests for every operation of the spec; POSTs that `unsafePost` refuses are never generated. */
export function requestArbitrary(
  spec: Spec,
  operations: Operation[],
  context: FuzzContext,
): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(
    ...operations.map(op =>
      w(
        weightOf(op),
        fc
          .record({
            params: pathArb(op),
            query: queryArb(op, context),
            body: bodyArb(spec, op, context),
            auth: fc.oneof(
              w(5, fc.constant<'guest' | 'none'>('guest')),
              w(1, fc.constant<'guest' | 'none'>('none')),
            ),
          })
          .map(
            ({ params, query, body, auth }) =>
              new FuzzRequest(op, buildUrl(op, params, query), body, auth),
          )
          .filter(request => {
            try {
              // Stay in the Canary API (`..` may climb out of it), and never let a POST act.
              return (
                request.sentPath.startsWith('/api/canary/') &&
                (request.method !== 'POST' ||
                  unsafePost(request.url, context.entities) === undefined)
              );
            } catch {
              return false;
            }
          }),
      ),
    ),
  );
}
