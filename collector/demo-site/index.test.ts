import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Hono } from 'hono';
import { testConfig } from '../config/index.js';
import { createKindling, type Kindling } from '../kindling.js';
import { projectRoot } from '../paths.js';
import { demoConfig } from '../config/demo.js';
import { createPageClassifier } from '../ingest/page-class.js';
import { demoSiteRoutes, safeRelativePath } from './index.js';

const SNIPPET_TAG = '<script async src="/k.js" data-site="demo" data-allow-localhost></script>';
const demoRoot = join(projectRoot, 'demo');

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return htmlFiles(path);
    return entry.name.endsWith('.html') ? [relative(demoRoot, path).split('\\').join('/')] : [];
  });
}

let kindling: Kindling;
beforeAll(async () => {
  kindling = await createKindling(testConfig(), { log: () => {} });
});
afterAll(async () => {
  await kindling.close();
});
const get = (path: string, init?: RequestInit) => kindling.app.request(path, init);

describe('the demo site pages', () => {
  const pages = htmlFiles(demoRoot);

  it('has every page the demo needs, with the page-class file names', () => {
    for (const page of [
      'index.html',
      'product.html',
      'pricing.html',
      'docs.html',
      'careers.html',
      'demo-request.html',
      'contact-sales.html',
      'blog/index.html',
      'blog/month-end-close-in-three-days.html',
    ]) {
      expect(pages).toContain(page);
    }
  });

  it.each(pages)('%s is served as HTML with the snippet installed and the newsletter form', async (page) => {
    const res = await get(`/demo/${page}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html.split(SNIPPET_TAG)).toHaveLength(2);
    expect(html).toMatch(/<form[^>]*id="newsletter"[^>]*>[\s\S]*?name="email"/);
  });

  it.each(pages)('every relative link and asset in %s resolves', async (page) => {
    const html = readFileSync(join(demoRoot, page), 'utf8');
    const refs = [...html.matchAll(/(?:href|src|action)="([^"#]+)(?:#[^"]*)?"/g)].map((m) => m[1]!);
    const base = new URL(`/demo/${page}`, 'http://localhost');
    for (const ref of refs) {
      const url = new URL(ref, base);
      if (url.origin !== base.origin || !url.pathname.startsWith('/demo/')) continue;
      const res = await get(url.pathname);
      expect(res.status, `${page} → ${ref}`).toBe(200);
    }
  });

  it('each page falls in the demo configuration’s page class for it', () => {
    const classify = createPageClassifier(demoConfig.sites[0]!.pageClasses ?? {});
    const expected: Record<string, string | null> = {
      'index.html': null,
      'product.html': 'product',
      'pricing.html': 'pricing',
      'docs.html': 'docs',
      'careers.html': 'careers',
      'demo-request.html': 'demo',
      'contact-sales.html': 'contact',
      'thanks.html': null,
      'blog/index.html': 'blog',
      'blog/month-end-close-in-three-days.html': 'blog',
    };
    expect(Object.keys(expected).sort()).toEqual([...pages].sort());
    for (const [page, pageClass] of Object.entries(expected)) expect(classify(`/demo/${page}`), page).toBe(pageClass);
    expect(classify('/demo/blog/')).toBe('blog');
    expect(classify('/demo/pricing')).toBe('pricing');
  });

  it('the demo request form asks the BANT questions with the documented field names', () => {
    const html = readFileSync(join(demoRoot, 'demo-request.html'), 'utf8');
    const form = html.match(/<form[^>]*id="demo-request"[\s\S]*?<\/form>/)?.[0] ?? '';
    for (const field of ['email', 'name', 'title', 'company', 'company_size', 'budget', 'authority', 'need', 'timeline', 'country']) {
      expect(form).toContain(`name="${field}"`);
    }
    // Answers worded the way the default BANT rules read them (collector/engine/config.ts).
    expect(form).toContain('value="within 90 days"');
    expect(form).toContain('value="decision-maker"');
    expect(form).toContain('value="approved"');
  });

  it('the contact-sales form has an email field', () => {
    const html = readFileSync(join(demoRoot, 'contact-sales.html'), 'utf8');
    expect(html).toMatch(/<form[^>]*id="contact-sales"[\s\S]*?type="email" name="email"/);
  });
});

describe('the whitepaper', () => {
  it('is a valid PDF served as application/pdf', async () => {
    const res = await get('/demo/whitepaper.pdf');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await res.arrayBuffer());
    const text = bytes.toString('latin1');
    expect(text.startsWith('%PDF-1.')).toBe(true);
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    // startxref points at the xref table, and every xref entry at its object.
    const xrefAt = Number(text.match(/startxref\s+(\d+)\s+%%EOF\s*$/)![1]);
    expect(text.slice(xrefAt, xrefAt + 4)).toBe('xref');
    const [, count] = text.slice(xrefAt).match(/^xref\s+0 (\d+)/)!;
    const entries = [...text.slice(xrefAt).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    expect(entries).toHaveLength(Number(count) - 1);
    entries.forEach((offset, i) => expect(text.slice(offset, offset + 12)).toMatch(new RegExp(`^${i + 1} 0 obj`)));
    expect(text).toContain('/Type /Catalog');
    expect(text).toMatch(/\/Count 2\b/);
  });
});

describe('serving', () => {
  it('redirects /demo to /demo/ and serves the home page there', async () => {
    const res = await get('/demo');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/demo/');
    const home = await get('/demo/');
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Close the books in three days');
  });

  it('redirects a folder without its slash, and serves clean URLs', async () => {
    const blog = await get('/demo/blog');
    expect(blog.status).toBe(301);
    expect(blog.headers.get('location')).toBe('/demo/blog/');
    expect((await get('/demo/blog/')).status).toBe(200);
    const pricing = await get('/demo/pricing');
    expect(pricing.status).toBe(200);
    expect(await pricing.text()).toContain('Priced by invoices');
  });

  it('serves the stylesheet with its content type and nosniff', async () => {
    const res = await get('/demo/styles.css');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers conditional and HEAD requests', async () => {
    const first = await get('/demo/pricing.html');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"/);
    expect((await get('/demo/pricing.html', { headers: { 'if-none-match': etag } })).status).toBe(304);
    const head = await get('/demo/pricing.html', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBe(readFileSync(join(demoRoot, 'pricing.html')).length);
  });

  it('answers a form post with a redirect to the page (Post/Redirect/Get), reading nothing', async () => {
    const res = await get('/demo/thanks.html', {
      method: 'POST',
      body: 'email=a%40b.co',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/demo/thanks.html');
    expect((await get('/demo/nope.html', { method: 'POST' })).status).toBe(404);
    expect((await get('/demo/styles.css', { method: 'POST' })).status).toBe(404);
  });

  it('gives the collector’s JSON 404 for missing files', async () => {
    const res = await get('/demo/missing.html');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});

describe('path traversal', () => {
  const secret = readFileSync(join(projectRoot, 'package.json'), 'utf8');
  const attempts = [
    '/demo/../package.json',
    '/demo/%2e%2e/package.json',
    '/demo/%2E%2E%2Fpackage.json',
    '/demo/..%2fpackage.json',
    '/demo/..%5cpackage.json',
    '/demo/%252e%252e/package.json',
    '/demo/blog/%2e%2e/%2e%2e/package.json',
    '/demo/.%2e/collector/main.ts',
    '/demo//etc/passwd',
    '/demo/%2fetc%2fpasswd',
    '/demo/index.html%00.css',
    '/demo/%ff%fe',
    `/demo/${'a/'.repeat(600)}x.html`,
  ];
  it.each(attempts)('%s is a 404 that reveals nothing', async (path) => {
    const res = await get(path);
    expect(res.status).toBe(404);
    const body = await res.text();
    expect(body).not.toContain(secret.slice(0, 40));
    expect(body).not.toContain('root:');
  });

  it('rejects dot segments, hidden files, NUL and backslashes before touching the disk', () => {
    expect(safeRelativePath('/pricing.html')).toBe('pricing.html');
    expect(safeRelativePath('/blog/')).toBe('blog/');
    expect(safeRelativePath('/')).toBe('');
    for (const bad of ['/../x', '/a/../../x', '/.env', '/a/.git/config', '/a%00b', '/a%5cb', '/a//b', '/%E0%A4%A']) {
      expect(safeRelativePath(bad), bad).toBeNull();
    }
  });

  describe('inside a folder of its own', () => {
    let dir: string;
    let app: Hono;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'kindling-'));
      mkdirSync(join(dir, 'site'));
      writeFileSync(join(dir, 'outside.html'), 'OUTSIDE');
      writeFileSync(join(dir, 'site', 'page.html'), 'PAGE');
      writeFileSync(join(dir, 'site', 'notes.ts'), 'SOURCE');
      symlinkSync(join(dir, 'outside.html'), join(dir, 'site', 'link.html'));
      app = new Hono().route('/', demoSiteRoutes({ root: join(dir, 'site') }));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('serves what is inside', async () => {
      expect(await (await app.request('/demo/page.html')).text()).toBe('PAGE');
    });
    it.each([
      '/demo/%2e%2e/outside.html',
      '/demo/..%2foutside.html',
      '/demo/%2E%2E%2Foutside.html',
      '/demo/.%2E/outside.html',
      '/demo/%252e%252e/outside.html',
      '/demo/..%5coutside.html',
    ])('%s does not escape to a servable file next to the folder', async (path) => {
      const res = await app.request(path);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('OUTSIDE');
    });
    it('does not follow a link out of the folder', async () => {
      expect((await app.request('/demo/link.html')).status).toBe(404);
    });
    it('serves no file type outside the table', async () => {
      expect((await app.request('/demo/notes.ts')).status).toBe(404);
    });
  });
});
