import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A company as Clearbit's Company API documents it (the fields Kindling reads, and a sector it does not). */
export const CLEARBIT_SIEMENS = {
  name: 'Siemens',
  domain: 'siemens.com',
  category: { sector: 'Industrials', industry: 'Electrical Equipment' },
  metrics: { employees: 311000, employeesRange: '100K+' },
};

export interface ClearbitServer {
  url: string;
  /** Every authorized request's path and query, and its Authorization header. */
  requests: { url: string; auth: string | undefined }[];
  /** Statuses answered (in order) before answering normally: a failing provider. */
  failWith: number[];
  close(): Promise<void>;
}

/**
 * A local server answering as Clearbit's Reveal (`GET /v1/companies/find?ip=`, answer `{ ip, domain,
 * fuzzy, type, company, geoIP }`) and Company (`GET /v2/companies/find?domain=`, the company itself)
 * APIs are documented to: `Authorization: Bearer <key>` (401 without), 404 `unknown_record` for
 * what it does not know. `companiesByIp`: the company behind an address (null: an ISP's address).
 */
export async function startClearbitServer(options: {
  key: string;
  companiesByIp: Record<string, typeof CLEARBIT_SIEMENS | null>;
  companiesByDomain: Record<string, typeof CLEARBIT_SIEMENS>;
}): Promise<ClearbitServer> {
  const requests: ClearbitServer['requests'] = [];
  const failWith: number[] = [];
  const server = createServer((req, res) => {
    const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    requests.push({ url: req.url!, auth: req.headers.authorization });
    if (req.headers.authorization !== `Bearer ${options.key}`) return json(401, { error: { type: 'auth_required' } });
    const failure = failWith.shift();
    if (failure) return json(failure, { error: { type: 'failure' } });
    const url = new URL(req.url!, 'http://x');
    const ip = url.searchParams.get('ip') ?? '';
    const domain = url.searchParams.get('domain') ?? '';
    if (url.pathname === '/v1/companies/find' && ip in options.companiesByIp) {
      const company = options.companiesByIp[ip]!;
      const type = company ? 'company' : 'isp';
      return json(200, { ip, fuzzy: !company, domain: company?.domain ?? null, type, company, geoIP: { country: 'DE' } });
    }
    if (url.pathname === '/v2/companies/find' && domain in options.companiesByDomain) return json(200, options.companiesByDomain[domain]);
    json(404, { error: { type: 'unknown_record' } });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    failWith,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
