/**
 * Fuzz tier, authenticated API (issue 15): every operation of the OpenAPI document (`/api/docs/json`) that
 * takes an API token is called with an admin token and generated path parameters, query strings and bodies —
 * drawn from the operation's own schema, then broken: NUL, lone surrogates, invalid UTF-8 (raw and
 * percent-encoded), deep nesting, huge strings, wrong types, unknown fields. No answer may be a 5xx, and a
 * refused request (4xx) must write nothing: every table is fingerprinted before and after it.
 *
 * Left out: the operations that take no API token (`security: []`: intake, which has its own fuzzer, sign-in,
 * single sign-on, chat and SMS callbacks, feeds), the live stream (it never ends), and signing out (it would
 * end the fuzz).
 * The clock is fixed and the engine does not run, so nothing but the request writes.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenList } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../support/server.ts';
import { changedTables, snapshot } from '../support/db-snapshot.ts';
import {
  bodyBytes,
  byteDamage,
  fuzzBudget,
  hostileString,
  hostileText,
  mutate,
  mutation,
  wrongValue,
} from './support/hostile.ts';

/**
 * Operations the fuzzer leaves out besides the open ones (`security: []` in the OpenAPI document), as
 * `METHOD path`: the live stream never ends, and signing out would end the fuzz.
 */
const LEFT_OUT = [/^GET \/api\/v1\/stream$/, /^DELETE \/api\/v1\/session$/];

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  additionalProperties?: JsonSchema | boolean;
}

interface Operation {
  method: string;
  path: string;
  params: Array<{ in: 'path' | 'query'; name: string; schema?: JsonSchema }>;
  body?: JsonSchema;
}

/**
 * Free text: plausible words, the same with a character PostgreSQL cannot store inside, or short hostile
 * text. Most requests should pass validation and reach the database with it.
 */
const text = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('payments', 'storefront', 'checkout', 'P', 'a note', 'Ann Example', 'UTC') },
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        fc.constantFrom('a note', 'Ann', 'payments', 'bot'),
        fc.constantFrom('\u0000', '\ud800', '\udfff', '\u0000\ud800'),
      )
      .map(([word, bad]) => `${word} ${bad}`),
  },
  { weight: 2, arbitrary: hostileText },
);

/**
 * A value of the operation's own shape (every property present most of the time, strings from `text`), so
 * that hostile text reaches the verbs; the mutation layer then breaks the shape itself.
 */
function fromSchema(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return wrongValue;
  if (schema.enum) return fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...schema.enum) }, text);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return fc.oneof(...variants.map((v) => fromSchema(v, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      if (schema.format === 'email')
        return fc.oneof({ weight: 4, arbitrary: fc.constantFrom('oncall@example.com', 'fuzz@example.com') }, text);
      if (schema.format === 'date-time')
        return fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom('2026-11-21T14:00:00Z', '2026-11-22T00:00:00+09:00') },
          text,
        );
      return text;
    case 'integer':
    case 'number':
      return fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 5 }) }, wrongValue);
    case 'boolean':
      return fc.oneof({ weight: 6, arbitrary: fc.boolean() }, wrongValue);
    case 'array':
      return fc.array(fromSchema(schema.items, depth + 1), { maxLength: 3 });
    case 'object': {
      const props = Object.entries(schema.properties ?? {});
      if (props.length === 0) return fc.dictionary(text, text, { maxKeys: 3, noNullPrototype: true });
      const arbs = Object.fromEntries(props.map(([k, v]) => [k, fromSchema(v, depth + 1)]));
      return fc.oneof(
        { weight: 3, arbitrary: fc.record(arbs) },
        { weight: 1, arbitrary: fc.record(arbs, { requiredKeys: [] }) },
      );
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** A path segment as the server reads it (invalid percent-encoding kept as it is). */
const decoded = (segment: string): string => {
  try {
    return decodeURIComponent(segment.split('?')[0]!);
  } catch {
    return segment;
  }
};

/** A value as it travels in a URL: usually encoded, sometimes raw hostile percent-encoding. */
const inUrl = (value: unknown): string => {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80'; // a lone surrogate has no UTF-8: send its CESU-8 bytes, which are invalid UTF-8
  }
};
/** URLs stay under the server's limits most of the time (a huge one is answered 414/431 before any route). */
const urlString = fc.oneof({ weight: 9, arbitrary: hostileString.filter((v) => v.length < 500) }, hostileString);
const rawPercent = fc.constantFrom('%00', '%ff', '%ED%A0%80', '%C0%80', '%', '%zz', '..%2f..%2f');
const pathValue = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('1', '2', '3', 'payments', 'storefront', 'checkout', 'primary', 'me') },
  { weight: 3, arbitrary: urlString.map(inUrl) },
  { weight: 1, arbitrary: rawPercent },
);

function request(op: Operation): fc.Arbitrary<{ url: string; body: Buffer | null }> {
  const pathParams = op.params.filter((p) => p.in === 'path');
  const queryParams = op.params.filter((p) => p.in === 'query');
  return fc
    .record({
      path: fc.tuple(...pathParams.map(() => pathValue)),
      query: fc.tuple(...queryParams.map((p) => fc.option(fromSchema(p.schema), { nil: undefined }))),
      extraQuery: fc.option(fc.tuple(urlString.map(inUrl), fc.oneof(urlString.map(inUrl), rawPercent))),
      body: fromSchema(op.body),
      mutations: fc.oneof(fc.constant([]), fc.array(mutation, { minLength: 1, maxLength: 2 })),
      damage: byteDamage,
    })
    .map((r) => {
      let path = op.path;
      pathParams.forEach((p, i) => (path = path.replace(`{${p.name}}`, r.path[i]!)));
      const query = queryParams
        .map((p, i) => (r.query[i] === undefined ? null : `${encodeURIComponent(p.name)}=${inUrl(r.query[i])}`))
        .filter((q) => q !== null);
      if (r.extraQuery) query.push(`${r.extraQuery[0]}=${r.extraQuery[1]}`);
      const url = query.length ? `${path}?${query.join('&')}` : path;
      return { url, body: op.body ? bodyBytes(mutate(r.body, r.mutations), r.damage) : null };
    });
}

describe('fuzz: every authenticated API operation answers 4xx or 2xx, and a refusal writes nothing', () => {
  const clock = new FakeClock('2026-11-21T14:00:00Z');
  let s: TestServer;
  let operations: Operation[] = [];
  let adminTokenId: number;

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email: recordingProvider() }, engineLoop: false });
    // Something to find: an incident of team payments.
    await s.post('/api/v1/intake/generic/quickstart-generic', {
      title: 'Checkout errors',
      severity: 'critical',
      labels: { service: 'checkout-api' },
    });
    await s.engine!.drain();
    const tokens = (await (await s.api('/api/v1/tokens')).json()) as TokenList;
    adminTokenId = tokens.tokens.find((t) => t.name === 'admin')!.id;
    const doc = (await (await fetch(`${s.url}/api/docs/json`)).json()) as {
      paths: Record<
        string,
        Record<
          string,
          {
            parameters?: Operation['params'];
            requestBody?: { content: Record<string, { schema: JsonSchema }> };
            security?: unknown[];
          }
        >
      >;
    };
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const name = `${method.toUpperCase()} ${path}`;
        if (op.security?.length === 0 || LEFT_OUT.some((re) => re.test(name))) continue;
        operations.push({
          method: method.toUpperCase(),
          path,
          params: (op.parameters ?? []).filter((p) => p.in === 'path' || p.in === 'query'),
          body: op.requestBody?.content['application/json']?.schema,
        });
      }
    }
    operations = operations.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
  });
  afterAll(() => s?.dispose());

  it('no 5xx; a 4xx changes no table', async () => {
    // The fuzzer keeps its credential: a 401 would mean every later call tests nothing.
    expect(operations.length).toBeGreaterThan(40);
    const byStatus = new Map<number, number>();
    const problems: string[] = [];
    const inFlight = new Set<Promise<void>>();
    const call = async (op: Operation, url: string, body: Buffer | null): Promise<void> => {
      // Revoking the fuzzer's own token would turn every later call into a 401 (`01`, ` 1` or `0x1` name it too).
      if (
        op.path === '/api/v1/tokens/{id}' &&
        op.method === 'DELETE' &&
        Number(decoded(url.split('/').pop()!)) === adminTokenId
      )
        return;
      const before = await snapshot(s.rt.db);
      const res = await fetch(`${s.url}${url}`, {
        method: op.method,
        headers: {
          authorization: `Bearer ${ADMIN_TOKEN}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? new Uint8Array(body) : null,
      });
      const text = await res.text();
      byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
      const what = `${op.method} ${url.slice(0, 200)} → ${res.status}`;
      if (res.status >= 500) problems.push(`${what}: ${text.slice(0, 300)}`);
      else if (res.status >= 400) {
        const changed = changedTables(before, await snapshot(s.rt.db));
        if (changed.length > 0) problems.push(`${what} changed ${changed.join(', ')}: ${text.slice(0, 200)}`);
      }
    };
    const operation = fc.constantFrom(...operations);
    await fc.assert(
      fc.asyncProperty(
        operation.chain((op) => request(op).map((r) => ({ op, ...r }))),
        async ({ op, url, body }) => {
          const done = call(op, url, body);
          inFlight.add(done);
          try {
            await done;
          } finally {
            inFlight.delete(done);
          }
          expect(problems).toEqual([]);
        },
      ),
      fuzzBudget(),
    );
    await Promise.allSettled([...inFlight]);
    console.info(
      `API fuzz over ${operations.length} operations: ${[...byStatus]
        .sort(([a], [b]) => a - b)
        .map(([k, v]) => `${v}×${k}`)
        .join(', ')}`,
    );
    expect(problems).toEqual([]);
    expect(byStatus.get(401) ?? 0).toBe(0);
  });
});
