// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { onCleanPage, resetPage, startTracking } from '../../../test/support/snippet.js';
import { classifyLink } from './links.js';

const link = (href: string, attrs = '') => {
  document.body.innerHTML = `<a href="${href}" ${attrs}><span>go</span></a>`;
  return document.querySelector('a')!;
};

describe('download and outbound detection', () => {
  beforeEach(() => resetPage('https://www.example.com/resources'));

  it.each([
    '/files/whitepaper.pdf',
    '/files/Pricing.PDF',
    '/files/deck.pptx?v=3#page=2',
    '/files/sheet.xlsx',
    '/files/brief.doc',
    '/files/data.csv',
    '/files/notes.txt',
    '/files/bundle.zip',
    '/files/bundle.tar.gz',
    '/files/bundle.7z',
    '/files/setup.exe',
    '/files/setup.dmg',
    '/files/app.msi',
    '/files/demo.mp4',
    '/files/podcast.mp3',
    '/files/keynote.mov',
    'https://cdn.other.com/whitepaper.pdf',
  ])('%s is a download', (href) => {
    expect(classifyLink(link(href))).toBe('download');
  });

  it('a link with a download attribute is a download, whatever its path', () => {
    expect(classifyLink(link('/export?format=json', 'download'))).toBe('download');
    expect(classifyLink(link('/export', 'download="report.json"'))).toBe('download');
  });

  it('links to other hosts are outbound; same host, mailto, tel and javascript are nothing', () => {
    expect(classifyLink(link('https://partner.example.org/page'))).toBe('outbound');
    expect(classifyLink(link('http://blog.example.com/'))).toBe('outbound');
    expect(classifyLink(link('/pricing'))).toBe('');
    expect(classifyLink(link('https://www.example.com/docs/pdf-guide'))).toBe('');
    expect(classifyLink(link('mailto:sales@example.com'))).toBe('');
    expect(classifyLink(link('tel:+15551234'))).toBe('');
    expect(classifyLink(link('javascript:void(0)'))).toBe('');
  });
});

describe('link clicks', () => {
  onCleanPage('https://www.example.com/resources');

  it('one delegated listener sends a click at once, even when the page stops its propagation', async () => {
    const { sent } = await startTracking();
    (await import('./links.js')).captureLinks();
    const a = link('/files/whitepaper.pdf');
    a.addEventListener('click', (e) => {
      e.stopPropagation();
      e.preventDefault();
    });
    a.querySelector('span')!.click();
    link('https://partner.example.org/').click();
    link('/pricing').click();
    document.body.click();
    expect(sent.map((s) => s.batch.e.map((e) => [e.t, (e as { h: string }).h]))).toEqual([
      [['download', 'https://www.example.com/files/whitepaper.pdf']],
      [['outbound', 'https://partner.example.org/']],
    ]);
  });
});
