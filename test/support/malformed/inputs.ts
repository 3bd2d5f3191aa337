import fc from 'fast-check';

/**
 * Malformed requests for the fault sweep: every generated request is invalid by construction, so
 * the collector must answer it with a 4xx (never a 5xx) and store nothing.
 */
export interface BadRequest {
  kind: string;
  body: Uint8Array | null;
  contentType: string | undefined;
}

export const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

/** A valid batch for the demo site; mutations below break it in one place. */
export function validBatch(ts: number): Record<string, unknown> {
  return {
    s: 'demo',
    v: '0190a6f1e2b37c4d8e9fa0b1c2d3e4f5',
    ss: 'sess-1',
    l: { u: 'http://localhost:3000/demo/?utm_source=x', r: 'https://www.google.com/' },
    e: [
      { i: 'ev-a', t: 'pageview', ts, u: 'http://localhost:3000/demo/pricing.html', ti: 'Pricing', r: 'https://www.google.com/' },
      { i: 'ev-b', t: 'engage', ts, u: 'http://localhost:3000/demo/pricing.html', d: 1200 },
      {
        i: 'ev-c',
        t: 'form',
        ts,
        u: 'http://localhost:3000/demo/demo-request.html',
        f: { id: 'demo-request', fl: { name: 'Ann', budget: '50k_plus' } },
        em: 'ann@example.com',
      },
    ],
  };
}

type Path = (string | number)[];
/** Every path to a value inside the batch (objects, arrays and leaves). */
function paths(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [prefix];
  const children = Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    paths(v, [...prefix, Array.isArray(value) ? Number(k) : k]),
  );
  return prefix.length ? [prefix, ...children] : children;
}

export function setAt(root: Record<string, unknown>, path: Path, value: unknown): Record<string, unknown> {
  const copy = structuredClone(root);
  let node = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = value;
  return copy;
}

/** A value whose JSON type differs from the original's, so the schema must refuse it. */
/** A value of any JSON type, small. */
export const valueOfAnyType = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
);
const otherType = (original: unknown) => valueOfAnyType.filter((v) => jsonType(v) !== jsonType(original));
export const jsonType = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

export function wrongType(ts: number): fc.Arbitrary<BadRequest> {
  const base = validBatch(ts);
  return fc
    .constantFrom(...paths(base))
    .chain((path) => otherType(path.reduce<unknown>((n, k) => (n as Record<string | number, unknown>)[k], base)).map((v) => ({ path, v })))
    .map(({ path, v }) => ({
      kind: `wrong type at ${path.join('.')}`,
      body: utf8(JSON.stringify(setAt(base, path, v))),
      contentType: 'text/plain',
    }));
}

/** A string far over its field's cap, or over the 64 KiB body limit. */
export function hugeString(ts: number): fc.Arbitrary<BadRequest> {
  const base = validBatch(ts);
  const stringPaths = paths(base).filter(
    (p) => typeof p.reduce<unknown>((n, k) => (n as Record<string | number, unknown>)[k], base) === 'string',
  );
  return fc.record({ path: fc.constantFrom(...stringPaths), length: fc.integer({ min: 3000, max: 300_000 }) }).map(({ path, length }) => ({
    kind: `huge string (${length}) at ${path.join('.')}`,
    body: utf8(JSON.stringify(setAt(base, path, 'x'.repeat(length)))),
    contentType: 'application/json',
  }));
}

export const deepNesting: fc.Arbitrary<BadRequest> = fc
  .record({ depth: fc.integer({ min: 500, max: 40_000 }), open: fc.constantFrom('[', '{"e":'), inside: fc.boolean() })
  .map(({ depth, open, inside }) => {
    const close = open === '[' ? ']' : '}';
    const nest = `${open.repeat(depth)}1${close.repeat(depth)}`;
    const body = inside
      ? `{"s":"demo","v":"0190a6f1e2b37c4d8e9fa0b1c2d3e4f5","e":[{"i":"x","t":"track","ts":1,"u":"http://localhost/","n":"a","p":{"k":${nest}}}]}`
      : nest;
    return { kind: `nesting ${depth} deep${inside ? ' inside a batch' : ''}`, body: utf8(body), contentType: 'text/plain' };
  });

/** Bytes that are not UTF-8, placed inside one of the strings `spot` finds in an otherwise valid body. */
export function invalidUtf8In(text: string, spot: RegExp, contentType: string): fc.Arbitrary<BadRequest> {
  const spots = [...text.matchAll(spot)].map((m) => m.index! + 1);
  const badSequences = [[0xff], [0xc3, 0x28], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xc0, 0xaf], [0x80]];
  return fc.record({ at: fc.constantFrom(...spots), bad: fc.constantFrom(...badSequences) }).map(({ at, bad }) => {
    const bytes = Buffer.from(text, 'utf8');
    return {
      kind: `invalid UTF-8 ${bad.map((b) => b.toString(16)).join(' ')}`,
      body: new Uint8Array(Buffer.concat([bytes.subarray(0, at), Buffer.from(bad), bytes.subarray(at)])),
      contentType,
    };
  });
}

export function invalidUtf8(ts: number): fc.Arbitrary<BadRequest> {
  return invalidUtf8In(JSON.stringify(validBatch(ts)), /"(Pricing|Ann|sess-1|ann@example\.com)"/g, 'text/plain;charset=UTF-8');
}

/** A valid batch sent with a media type the endpoint does not take. */
export function wrongContentType(ts: number): fc.Arbitrary<BadRequest> {
  const types = [
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=xyz',
    'image/png',
    'text/html',
    'application/xml',
    'application/octet-stream',
    'text/plainx',
    'json',
  ];
  return fc
    .constantFrom(...types)
    .map((contentType) => ({ kind: `content type ${contentType}`, body: utf8(JSON.stringify(validBatch(ts))), contentType }));
}

export const anyContentType = fc.oneof(
  fc.constantFrom(
    undefined,
    '',
    'text/plain',
    'application/json',
    'application/json; charset=utf-16',
    'multipart/form-data',
    'application/x-www-form-urlencoded',
  ),
  fc.stringMatching(/^[a-z]{1,10}\/[a-z0-9.+-]{1,20}$/),
);

export const randomBytes: fc.Arbitrary<BadRequest> = fc
  .record({ bytes: fc.uint8Array({ maxLength: 4096 }), contentType: anyContentType })
  .map(({ bytes, contentType }) => ({ kind: 'random bytes', body: bytes, contentType }));

export const randomJson: fc.Arbitrary<BadRequest> = fc
  .record({ value: fc.jsonValue({ maxDepth: 5 }), contentType: fc.constantFrom('text/plain', 'application/json') })
  .map(({ value, contentType }) => ({ kind: 'random JSON', body: utf8(JSON.stringify(value) ?? 'null'), contentType }));

/** A valid body cut short at any byte. */
export function truncatedAt(text: string, contentType: string): fc.Arbitrary<BadRequest> {
  return fc
    .integer({ min: 0, max: text.length - 1 })
    .map((n) => ({ kind: `truncated at ${n}`, body: utf8(text.slice(0, n)), contentType }));
}

export const truncatedJson = (ts: number): fc.Arbitrary<BadRequest> => truncatedAt(JSON.stringify(validBatch(ts)), 'text/plain');

/** Everything above, for POST /e. */
export function badIngestRequests(ts: number): fc.Arbitrary<BadRequest> {
  return fc.oneof(
    randomBytes,
    randomJson,
    wrongType(ts),
    hugeString(ts),
    deepNesting,
    invalidUtf8(ts),
    wrongContentType(ts),
    truncatedJson(ts),
  );
}

/** Garbage for a path parameter of an API route. */
export const badParam = fc.oneof(
  fc.constantFrom(
    '0',
    '-1',
    '1.5',
    '99999999999999999999',
    '1e400',
    'NaN',
    'null',
    '..',
    '%00',
    '<script>',
    "1' OR '1'='1",
    'a'.repeat(5000),
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

/** Garbage query strings using the names list APIs tend to read. */
export const badQuery = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom(
          'stage',
          'q',
          'sort',
          'order',
          'limit',
          'offset',
          'page',
          'cursor',
          'from',
          'to',
          'since',
          'site',
          'days',
          'disposition',
          'id',
        ),
        fc.string({ maxLength: 8 }),
      ),
      fc.oneof(
        fc.constantFrom('-1', '0', '1e309', 'NaN', '', 'sql', 'DROP TABLE leads', '999999999999', '[]', '{}'),
        fc.string({ maxLength: 30 }),
        fc.string({ unit: 'binary', maxLength: 10 }),
      ),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => new URLSearchParams(pairs).toString());

/** Bodies for API writes: the ingest garbage plus JSON of the wrong shape. */
export const badApiBody = fc.oneof(randomBytes, randomJson, deepNesting);
