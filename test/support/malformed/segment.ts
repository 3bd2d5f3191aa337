import fc from 'fast-check';
import {
  anyContentType,
  deepNesting,
  invalidUtf8In,
  jsonType,
  randomBytes,
  randomJson,
  setAt,
  truncatedAt,
  utf8,
  valueOfAnyType,
  type BadRequest,
} from './inputs.js';

/**
 * Malformed requests for `/v1/*` (the Segment API) and `/auth/*`, invalid by construction like the
 * `/e` ones: each must get a 4xx and store nothing. Segment's schemas are lenient (ids may be numbers,
 * unknown keys pass), so a mutation only changes a value to a JSON type its key never accepts.
 */
export interface BadSegmentRequest extends BadRequest {
  route: string;
  headers: Record<string, string>;
}

/** A valid batch for the demo site (sent with the demo write key); the mutations below break it in one place. */
export function validSegmentBatch(ts: number): Record<string, unknown> {
  const at = new Date(ts).toISOString();
  return {
    sentAt: at,
    batch: [
      {
        type: 'track',
        userId: 'u-1',
        event: 'Signed Up',
        messageId: 'm-1',
        timestamp: at,
        properties: { plan: 'team' },
        context: { ip: '203.0.113.9', page: { url: 'http://localhost:3000/demo/pricing.html', title: 'Pricing' } },
      },
      { type: 'identify', userId: 'u-1', messageId: 'm-2', traits: { email: 'ann@example.com', title: 'CTO' } },
    ],
  };
}

/** Keys whose value must have one of these JSON types; any other type is refused (null means absent). */
const STRICT: [path: (string | number)[], accepts: string[]][] = [
  [['batch'], ['array']],
  [['batch', 0], ['object']],
  [['batch', 0, 'type'], ['string']],
  [['batch', 0, 'event'], ['string']],
  [
    ['batch', 0, 'userId'],
    ['string', 'number'],
  ],
  [
    ['batch', 0, 'timestamp'],
    ['string', 'number', 'null'],
  ],
  [
    ['batch', 0, 'properties'],
    ['object', 'null'],
  ],
  [
    ['batch', 0, 'context'],
    ['object', 'null'],
  ],
  [
    ['batch', 0, 'context', 'ip'],
    ['string', 'null'],
  ],
  [
    ['batch', 0, 'context', 'page'],
    ['object', 'null'],
  ],
  [
    ['batch', 1, 'traits'],
    ['object', 'null'],
  ],
  [['sentAt'], ['string', 'number', 'null']],
];

function wrongType(ts: number): fc.Arbitrary<BadRequest> {
  return fc
    .constantFrom(...STRICT)
    .chain(([path, accepts]) => valueOfAnyType.filter((v) => !accepts.includes(jsonType(v))).map((v) => ({ path, v })))
    .map(({ path, v }) => ({
      kind: `wrong type at ${path.join('.')}`,
      body: utf8(JSON.stringify(setAt(validSegmentBatch(ts), path, v))),
      contentType: 'application/json',
    }));
}

/** Text no store should take: lone surrogates anywhere, control characters in the email, an email that is no email. */
function hostileText(ts: number): fc.Arbitrary<BadRequest> {
  const spots: [(string | number)[], string][] = [
    [['batch', 0, 'event'], 'Signed \ud800 Up'],
    [['batch', 0, 'userId'], '\udfffu'],
    [['batch', 0, 'properties', 'plan'], 'team\udbff'],
    [['batch', 0, 'context', 'page', 'title'], '\ud800'],
    [['batch', 1, 'traits', 'email'], 'a\u0000b@acme.io'],
    [['batch', 1, 'traits', 'email'], 'ceo\u202e@acme.io'],
    [['batch', 1, 'traits', 'email'], '<script>@acme.io'],
  ];
  return fc.constantFrom(...spots).map(([path, value]) => ({
    kind: `hostile text at ${path.join('.')}`,
    body: utf8(JSON.stringify(setAt(validSegmentBatch(ts), path, value))),
    contentType: 'application/json',
  }));
}

function hugeMessage(ts: number): fc.Arbitrary<BadRequest> {
  return fc.integer({ min: 33 * 1024, max: 700 * 1024 }).map((length) => ({
    kind: `huge property (${length})`,
    body: utf8(JSON.stringify(setAt(validSegmentBatch(ts), ['batch', 0, 'properties', 'pad'], 'x'.repeat(length)))),
    contentType: 'application/json',
  }));
}

const invalidUtf8 = (ts: number) =>
  invalidUtf8In(JSON.stringify(validSegmentBatch(ts)), /"(Signed Up|team|CTO|Pricing)"/g, 'application/json');
const truncated = (ts: number) => truncatedAt(JSON.stringify(validSegmentBatch(ts)), 'application/json');

function wrongContentType(ts: number): fc.Arbitrary<BadRequest> {
  return fc
    .constantFrom(
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'text/html',
      'application/xml',
      'application/octet-stream',
      'json',
    )
    .map((contentType) => ({ kind: `content type ${contentType}`, body: utf8(JSON.stringify(validSegmentBatch(ts))), contentType }));
}

/** A valid batch whose credentials are missing or wrong, in the header or the body. */
function badCredentials(ts: number, writeKey: string): fc.Arbitrary<BadSegmentRequest> {
  const basic = (user: string) => `Basic ${Buffer.from(`${user}:`).toString('base64')}`;
  const body = (extra: Record<string, unknown>) => utf8(JSON.stringify({ ...validSegmentBatch(ts), ...extra }));
  const cases: { kind: string; headers: Record<string, string>; body: Uint8Array }[] = [
    { kind: 'no credentials', headers: {}, body: body({}) },
    { kind: 'wrong key in the header', headers: { authorization: basic('wrong-write-key-000000') }, body: body({}) },
    { kind: 'wrong header, right body key', headers: { authorization: basic('wrong-write-key-000000') }, body: body({ writeKey }) },
    { kind: 'Bearer scheme', headers: { authorization: `Bearer ${writeKey}` }, body: body({}) },
    { kind: 'garbage Basic', headers: { authorization: 'Basic %%%' }, body: body({}) },
    { kind: 'wrong key in the body', headers: {}, body: body({ writeKey: 'wrong-write-key-000000' }) },
    { kind: 'body key of the wrong type', headers: {}, body: body({ writeKey: [writeKey] }) },
  ];
  return fc.constantFrom(...cases).map((c) => ({ ...c, route: 'batch', contentType: 'application/json' }));
}

/** Everything above, for the `/v1/*` routes given (`batch`, `track`, …), with the right key unless it is the fault. */
export function badSegmentRequests(ts: number, routes: string[], writeKey: string): fc.Arbitrary<BadSegmentRequest> {
  const auth = { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` };
  const body = fc.oneof(
    randomBytes,
    randomJson,
    deepNesting,
    wrongType(ts),
    hostileText(ts),
    hugeMessage(ts),
    invalidUtf8(ts),
    truncated(ts),
    wrongContentType(ts),
  );
  // Mostly the batch route: its body is the one the mutations are made for; the single-message routes
  // get the same bodies, which are wrong for them anyway.
  const route = fc.oneof({ arbitrary: fc.constant('batch'), weight: 3 }, { arbitrary: fc.constantFrom(...routes), weight: 1 });
  const authenticated = fc.record({ route, bad: body }).map(({ route, bad }) => ({ ...bad, route, headers: auth }));
  return fc.oneof({ arbitrary: authenticated, weight: 6 }, { arbitrary: badCredentials(ts, writeKey), weight: 1 });
}

/** Garbage for `/auth/*`: bodies of every kind, wrong tokens of every type, garbage cookies. */
export const badAuthRequest = fc.record({
  body: fc.oneof(
    randomBytes,
    randomJson,
    deepNesting,
    fc
      .oneof(
        fc.string({ maxLength: 600 }),
        fc.integer(),
        fc.constant(null),
        fc.array(fc.string()),
        fc.string({ unit: 'binary', maxLength: 40 }),
      )
      .map((token) => ({
        kind: 'wrong token',
        body: utf8(JSON.stringify({ token })),
        contentType: 'application/json',
      })),
  ),
  contentType: fc.option(anyContentType, { nil: undefined }),
  cookie: fc.option(
    fc.oneof(
      fc.string({ maxLength: 100 }),
      fc.constantFrom('kindling_session=', 'kindling_session=%zz', `kindling_session=${'a'.repeat(5000)}`, ';;;='),
    ),
    { nil: undefined },
  ),
});
