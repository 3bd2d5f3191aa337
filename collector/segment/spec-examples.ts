/**
 * Example payloads from Segment's documentation (the HTTP Tracking API reference and the Spec
 * pages for page, group and alias), used by the tests to prove that what Segment documents is
 * accepted and mapped. Kept as Segment shows them, including the batch example's `2015-2-02`
 * timestamps (a single-digit month) and a `version` that is a number in one place and a string
 * in another.
 */
export const SPEC = {
  identify: {
    userId: '019mr8mf4r',
    traits: { email: 'pgibbons@example.com', name: 'Peter Gibbons', industry: 'Technology' },
    context: { ip: '24.5.68.47' },
    timestamp: '2012-12-02T00:30:08.276Z',
    writeKey: 'YOUR_WRITE_KEY',
  },
  track: {
    userId: '019mr8mf4r',
    event: 'Item Purchased',
    properties: { name: 'Leap to Conclusions Mat', revenue: 14.99 },
    context: { ip: '24.5.68.47' },
    timestamp: '2012-12-02T00:30:12.984Z',
    writeKey: 'YOUR_WRITE_KEY',
  },
  page: {
    userId: '019mr8mf4r',
    name: 'Tracking HTTP API',
    timestamp: '2012-12-02T00:31:29.738Z',
    writeKey: 'YOUR_WRITE_KEY',
  },
  group: {
    userId: '019mr8mf4r',
    groupId: '8e9df332ac',
    traits: { name: 'Initech', industry: 'Technology', employees: 420 },
    timestamp: '2012-12-02T00:31:38.208Z',
    writeKey: 'YOUR_WRITE_KEY',
  },
  alias: {
    previousId: '39239-239239-239239-23923',
    userId: '019mr8mf4r',
    timestamp: '2012-12-02T00:31:29.738Z',
    writeKey: 'YOUR_WRITE_KEY',
  },
  batch: {
    batch: [
      {
        type: 'identify',
        userId: '019mr8mf4r',
        traits: { email: 'jake@yahoo.com', name: 'Jake Peterson', age: 26 },
        timestamp: '2012-12-02T00:30:08.276Z',
      },
      {
        type: 'track',
        userId: '019mr8mf4r',
        event: 'Song Played',
        properties: { name: 'Fallin for You', artist: 'Dierks Bentley' },
        timestamp: '2012-12-02T00:30:12.984Z',
      },
      {
        type: 'identify',
        userId: '971mj8mk7p',
        traits: { email: 'cindy@example.com', name: 'Cindy Gonzalez', age: 23 },
        timestamp: '2015-2-02T00:30:08.276Z',
      },
      {
        type: 'track',
        userId: '971mj8mk7p',
        event: 'Song Played',
        properties: { name: 'Get Right', artist: 'Jennifer Lopez' },
        timestamp: '2015-2-02T00:30:12.984Z',
      },
    ],
    writeKey: 'YOUR_WRITE_KEY',
    context: { device: { type: 'phone', name: 'Apple iPhone 6' } },
  },
  /** The Spec's complete page example: both ids, a browser context, integrations, version "1.1". */
  pageFull: {
    anonymousId: '507f191e810c19729de860ea',
    channel: 'browser',
    context: {
      ip: '8.8.8.8',
      userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/40.0.2214.115 Safari/537.36',
    },
    integrations: { All: true, Mixpanel: false, Salesforce: false },
    messageId: '022bb90c-bbac-11e4-8dfc-aa07a5b093db',
    name: 'Home',
    properties: { title: 'Welcome | Initech', url: 'http://www.example.com' },
    receivedAt: '2015-02-23T22:28:55.387Z',
    sentAt: '2015-02-23T22:28:55.111Z',
    timestamp: '2015-02-23T22:28:55.111Z',
    type: 'page',
    userId: '97980cfea0067',
    version: '1.1',
  },
  /** The Spec's common-fields example (a track with a full context and a numeric version); the Spec shows it without `event`, which a track needs, so one is added. */
  trackFull: {
    anonymousId: '507f191e810c19729de860ea',
    context: {
      active: true,
      campaign: { name: 'TPS Innovation Newsletter', source: 'Newsletter', medium: 'email', term: 'tps reports', content: 'image link' },
      ip: '8.8.8.8',
      library: { name: 'analytics.js', version: '2.11.1' },
      locale: 'en-US',
      page: { path: '/academy/', referrer: '', search: '', title: 'Analytics Academy', url: 'https://segment.com/academy/' },
      groupId: '12345',
      timezone: 'Europe/Amsterdam',
      userAgent:
        'Mozilla/5.0 (iPhone; CPU iPhone OS 9_1 like Mac OS X) AppleWebKit/601.1.46 (KHTML, like Gecko) Version/9.0 Mobile/13B143 Safari/601.1',
    },
    integrations: { All: true, Mixpanel: false, Salesforce: false },
    messageId: '022bb90c-bbac-11e4-8dfc-aa07a5b093db',
    receivedAt: '2015-12-10T04:08:31.909Z',
    sentAt: '2015-12-10T04:08:31.581Z',
    timestamp: '2015-12-10T04:08:31.905Z',
    type: 'track',
    event: 'Report Submitted',
    userId: '97980cfea0067',
    version: 2,
  },
} as const;
