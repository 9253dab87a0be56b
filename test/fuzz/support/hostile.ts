/**
 * Arbitraries for the fuzz tier: values an attacker or a broken sender puts where text, numbers and objects
 * are expected — NUL, lone surrogates, huge strings, deep nesting, wrong types — and byte-level damage to a
 * request body (invalid UTF-8, truncation). Shared by the intake and API fuzzers.
 */
import fc from 'fast-check';

/** Any UTF-16 code unit: NUL, lone surrogates and control characters included. */
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

/** Strings chosen to break storage, parsing and limits. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: anyCodeUnit, maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 20 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '\u0000',
      'a\u0000b',
      '\ud800',
      'x\udfff',
      '\udc00\ud800',
      '\u{1F525}',
      '\uFEFF',
      '\uFFFE\uFFFF',
      '',
      ' ',
      '0',
      '-1',
      '1e309',
      '9007199254740993',
      'NaN',
      'null',
      'true',
      '[]',
      '{}',
      '__proto__',
      'constructor',
      '../../etc/passwd',
      '%00',
      '%ff',
      '<script>alert(1)</script>',
      "'; drop table events; --",
      '2026-02-30T00:00:00Z',
      '0001-01-01T00:00:00Z',
      'P1',
      'critical',
      'oncall@example.com',
    ),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 200_000 }).map((n) => 'x'.repeat(n)) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 5_000 }).map((n) => '\u0000'.repeat(n)) },
);

/**
 * Text within intake's limits (1..40 code units) that is still hostile to storage: NUL, lone surrogates,
 * control characters. Payloads built from it are mostly accepted, so convergence has something to chew on.
 */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: anyCodeUnit, minLength: 1, maxLength: 40 }),
  fc.string({ minLength: 1, maxLength: 20 }),
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', 'x\udfff', '\udc00\ud800', '\u{1F525}', '%00', 'P1', "'; --"),
);

/**
 * A placeholder for a JSON array nested `depth` deep: `bodyBytes` writes it out as text, because neither
 * `JSON.stringify` nor `structuredClone` here may recurse that deep (the server's parser must cope).
 */
export function nested(depth: number): string {
  return `\u0001deep:${depth}\u0001`;
}
const NESTED = /"\\u0001deep:(\d+)\\u0001"/g;

/** Values of the wrong kind for any field. */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -0, Number.MAX_SAFE_INTEGER + 2),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.array(hostileString, { maxLength: 4 }),
  fc.dictionary(hostileString, hostileString, { maxKeys: 4, noNullPrototype: true }),
  fc.integer({ min: 10, max: 50_000 }).map((d) => nested(d)),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Mutations of a JSON value: change, remove or add a field somewhere, or replace the whole value. */
export type Mutation =
  | { kind: 'set'; pick: number; value: unknown }
  | { kind: 'delete'; pick: number }
  | { kind: 'add'; pick: number; key: string; value: unknown }
  | { kind: 'replace'; value: unknown };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), pick: fc.nat(), value: wrongValue }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('add' as const), pick: fc.nat(), key: hostileString, value: wrongValue }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('replace' as const), value: wrongValue }) },
);

/** Every container (object or array) of a JSON value and its keys, in document order. */
function slots(root: unknown): Array<{ parent: Record<string, unknown> | unknown[]; key: string | number }> {
  const out: Array<{ parent: Record<string, unknown> | unknown[]; key: string | number }> = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      v.forEach((item, i) => {
        out.push({ parent: v, key: i });
        stack.push(item);
      });
    } else if (v && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        out.push({ parent: v as Record<string, unknown>, key: k });
        stack.push(item);
      }
    }
  }
  return out;
}

/** Applies mutations to a deep copy of `base`. */
export function mutate(base: unknown, mutations: readonly Mutation[]): unknown {
  let root: unknown = structuredClone(base);
  for (const m of mutations) {
    if (m.kind === 'replace') {
      root = m.value;
      continue;
    }
    const all = slots(root);
    if (all.length === 0) continue;
    const slot = all[m.pick % all.length]!;
    const parent = slot.parent as Record<string | number, unknown>;
    if (m.kind === 'set') parent[slot.key] = m.value;
    else if (m.kind === 'delete') {
      if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
      else delete parent[slot.key];
    } else {
      const target = parent[slot.key];
      if (target && typeof target === 'object' && !Array.isArray(target))
        Object.defineProperty(target, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
      else parent[slot.key] = { [m.key]: m.value };
    }
  }
  return root;
}

/** Damage to the bytes of a body: invalid UTF-8 inserted, a cut, or none. */
export type ByteDamage =
  { kind: 'none' } | { kind: 'insert'; at: number; bytes: readonly number[] } | { kind: 'cut'; at: number };

export const byteDamage: fc.Arbitrary<ByteDamage> = fc.oneof(
  { weight: 8, arbitrary: fc.constant({ kind: 'none' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(),
      bytes: fc.constantFrom(
        [0x80],
        [0xff],
        [0xfe, 0xff],
        [0xed, 0xa0, 0x80],
        [0xc0, 0x80],
        [0xe2, 0x82],
        [0xf4, 0x90, 0x80, 0x80],
        [0x00],
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }) },
);

/** The JSON text of `value` as UTF-8 bytes, damaged as said. `JSON.stringify` keeps lone surrogates as escapes. */
export function bodyBytes(value: unknown, damage: ByteDamage): Buffer {
  const text = (JSON.stringify(value) ?? 'null').replace(
    NESTED,
    (_m, depth: string) => `${'['.repeat(Number(depth))}1${']'.repeat(Number(depth))}`,
  );
  const bytes = Buffer.from(text, 'utf8');
  if (damage.kind === 'none') return bytes;
  const at = damage.at % (bytes.length + 1);
  if (damage.kind === 'cut') return bytes.subarray(0, at);
  return Buffer.concat([bytes.subarray(0, at), Buffer.from(damage.bytes), bytes.subarray(at)]);
}

/** Time and run budget of one fuzz property (FAULTLINE_FUZZ_SECONDS, FAULTLINE_FUZZ_RUNS; `npm run fuzz` raises both). */
export function fuzzBudget(): { numRuns: number; interruptAfterTimeLimit: number; markInterruptAsFailure: false } {
  const seconds = Number(process.env.FAULTLINE_FUZZ_SECONDS ?? 15);
  const runs = Number(process.env.FAULTLINE_FUZZ_RUNS ?? 200);
  return { numRuns: runs, interruptAfterTimeLimit: seconds * 1000, markInterruptAsFailure: false };
}
