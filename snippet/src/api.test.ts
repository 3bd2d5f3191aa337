// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { onCleanPage, settle, startTracking } from '../../test/support/snippet.js';

describe('identify and track', () => {
  onCleanPage();

  async function setup() {
    return { ...(await startTracking()), ...(await import('./api.js')) };
  }

  it('identify sends the normalized email and traits in a batch of its own', async () => {
    const { sent, emit, identify } = await setup();
    emit('download', { h: 'https://www.example.com/a.pdf' });
    identify('  Ada@Example.COM ', { name: 'Ada', title: 'CTO', budget: true });
    await settle();
    expect(sent.map((s) => s.batch.e.map((e) => e.t))).toEqual([['download'], ['identify']]);
    expect(sent[1]!.batch.e[0]).toMatchObject({ em: 'ada@example.com', tr: { name: 'Ada', title: 'CTO', budget: true } });
  });

  it('identify ignores what does not pass the shared email rule', async () => {
    const { sent, identify } = await setup();
    for (const bad of ['', 'ada', 'ada@localhost', 'a b@example.com', null, undefined, 42]) identify(bad);
    await settle();
    expect(sent).toEqual([]);
  });

  it('track sends a named custom event with its props; the name is cut to 200 characters', async () => {
    const { sent, track } = await setup();
    track('webinar_signup', { webinar: 'intent-101', seats: 2 });
    track('n'.repeat(300));
    track('');
    await settle();
    expect(sent.map((s) => s.batch.e[0])).toMatchObject([
      { t: 'track', n: 'webinar_signup', p: { webinar: 'intent-101', seats: 2 } },
      { t: 'track', n: 'n'.repeat(200) },
    ]);
  });
});
