import { describe, expect, it } from 'vitest';
import { alertFixtures, emit, sampleReasons, stageChanged } from '../../../test/support/alerts.js';
import { buildPayload, buildTestPayload, topReasons, type AlertSource } from './index.js';
import { renderBody } from './render.js';
import { escapeMrkdwn } from './slack.js';

const at = Date.UTC(2025, 2, 3, 9, 30);
const options = { publicUrl: 'https://kindling.acme.example', maxReasons: 3 };
const event = stageChanged(42, 'near_sql', 'sql', at, { name: 'Dana <Scully>', company: 'Acme & Co', title: null }) as AlertSource;

describe('json payload', () => {
  it('carries type, id, time, the lead, the top reasons with their rules and events, and the dashboard link', () => {
    expect(buildPayload('lead.entered_sql', 'msg_1', event, options)).toEqual({
      type: 'lead.entered_sql',
      id: 'msg_1',
      time: '2025-03-03T09:30:00.000Z',
      change: { kind: 'stage', from: 'near_sql', to: 'sql', cause: 'score' },
      lead: {
        id: 42,
        email: 'person42@acme.example',
        name: 'Dana <Scully>',
        company: 'Acme & Co',
        title: null,
        stage: 'sql',
        disposition: null,
        score: 81.3,
        fit: 20,
      },
      reasons: [
        { text: 'requested a demo', ruleId: 'demo-request', points: 40, eventSeqs: [12] },
        { text: 'visited /pricing 3× in 7 days', ruleId: 'pricing-visit', points: 24.4, eventSeqs: [3, 7, 9] },
        { text: 'budget confirmed', ruleId: 'bant-budget', points: 10, eventSeqs: [12] },
      ],
      link: 'https://kindling.acme.example/#/leads/42',
    });
  });

  it('orders reasons strongest first, keeping the engine order on ties', () => {
    const tied = [
      { text: 'a', ruleId: 'a', points: 5, eventSeqs: [] },
      { text: 'b', ruleId: 'b', points: 9, eventSeqs: [] },
      { text: 'c', ruleId: 'c', points: 5, eventSeqs: [] },
    ];
    expect(topReasons(tied, 5).map((r) => r.text)).toEqual(['b', 'a', 'c']);
    expect(topReasons(sampleReasons, 1)).toHaveLength(1);
  });
});

describe('slack format', () => {
  const body = JSON.parse(renderBody('slack', buildPayload('lead.entered_sql', 'msg_1', event, options)));

  it('is incoming-webhook blocks: header, name/company/stage/score fields, top reasons, a button to the lead', () => {
    expect(body.text).toBe('Dana &lt;Scully&gt; is now SQL (Acme &amp; Co), score 81.3');
    expect(body.blocks.map((b: { type: string }) => b.type)).toEqual(['header', 'section', 'section', 'actions']);
    expect(body.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Dana <Scully> is now SQL', emoji: true } });
    const fields = body.blocks[1].fields.map((f: { type: string; text: string }) => (expect(f.type).toBe('mrkdwn'), f.text));
    expect(fields).toEqual([
      '*Name*\nDana &lt;Scully&gt;',
      '*Company*\nAcme &amp; Co',
      '*Stage*\nSQL',
      '*Score*\n81.3 (fit 20)',
      '*Title*\n—',
      '*Email*\nperson42@acme.example',
    ]);
    expect(body.blocks[2].text.text).toBe(
      '*Why*\n• requested a demo _(+40)_\n• visited /pricing 3× in 7 days _(+24.4)_\n• budget confirmed _(+10)_',
    );
    expect(body.blocks[3].elements[0]).toMatchObject({ type: 'button', url: 'https://kindling.acme.example/#/leads/42' });
  });

  it('escapes what visitors typed so it cannot ping a channel or add links', () => {
    expect(escapeMrkdwn('<!channel> <https://evil.example|click> & co')).toBe(
      '&lt;!channel&gt; &lt;https://evil.example|click&gt; &amp; co',
    );
    const noisy = stageChanged(1, 'mql', 'sql', at, { name: 'x'.repeat(400) }) as AlertSource;
    const long = JSON.parse(renderBody('slack', buildPayload('lead.entered_sql', 'msg_2', noisy, options)));
    expect(long.blocks[0].text.text.length).toBeLessThanOrEqual(150);
    expect(long.blocks[1].fields[0].text.length).toBeLessThanOrEqual(2000);
  });

  it('says what happened in the header: a new lead, a fall with its cause, a return to nurture', () => {
    const header = (type: string, e: AlertSource) =>
      JSON.parse(renderBody('slack', buildPayload(type, 'm', e, options))).blocks[0].text.text;
    const fell = { ...stageChanged(3, 'sql', 'near_sql', at), cause: 'intent window expired' } as AlertSource;
    const nurture = { ...stageChanged(3, 'mql', 'lead', at), cause: 'engagement decayed' } as AlertSource;
    expect(header('lead.created', stageChanged(3, 'visitor', 'lead', at) as AlertSource)).toBe('Person 3 is a new lead');
    expect(header('lead.fell_back', fell)).toBe('Person 3 fell back from SQL to Near-SQL (intent window expired)');
    expect(header('lead.returned_to_nurture', nurture)).toBe('Person 3 is back in nurture: MQL → Lead (engagement decayed)');
    expect(header('lead.entered_mql', stageChanged(3, 'lead', 'mql', at) as AlertSource)).toBe('Person 3 is now MQL');
  });

  it('escapes the fallback text like the blocks: no channel ping, no disguised link', () => {
    const hostile = { name: '<!channel> Dana', company: '<https://evil.example/steal|Open in Kindling>', title: '<@U123> & <!here>' };
    const sent = JSON.parse(
      renderBody(
        'slack',
        buildPayload('lead.entered_sql', 'msg_3', stageChanged(7, 'near_sql', 'sql', at, hostile) as AlertSource, options),
      ),
    );
    expect(sent.text).toBe('&lt;!channel&gt; Dana is now SQL (&lt;https://evil.example/steal|Open in Kindling&gt;), score 81.3');
    const mrkdwnTexts = [sent.text, ...sent.blocks[1].fields.map((f: { text: string }) => f.text), sent.blocks[2].text.text];
    for (const text of mrkdwnTexts) expect(text).not.toMatch(/[<>]/);
  });

  it('renders a test message too', () => {
    expect(JSON.parse(renderBody('slack', buildTestPayload('msg_t', at, 'http://x')))).toEqual({
      text: expect.stringContaining('Test message from Kindling'),
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: expect.stringContaining('Test message') } }],
    });
  });
});

describe('slack endpoint, end to end', () => {
  const fixtures = alertFixtures();

  it('posts Block Kit JSON to a slack-format endpoint', async () => {
    const r = await fixtures.receiver();
    const { kindling } = await fixtures.kindling({ webhooks: { endpoints: [{ url: r.url, format: 'slack' }] } });
    await emit(kindling, stageChanged(5, 'near_sql', 'sql', Date.now()));
    await r.waitFor(1);
    const posted = JSON.parse(r.received[0]!.body);
    expect(posted.text).toMatch(/^Person 5 is now SQL \(Acme\), score 81\.3$/);
    expect(posted.blocks.map((b: { type: string }) => b.type)).toEqual(['header', 'section', 'section', 'actions']);
    expect(posted.blocks[3].elements[0].url).toBe(`${kindling.config.publicUrl}/#/leads/5`);
  });
});
