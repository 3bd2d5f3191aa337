/**
 * Which networks are companies. A visitor on a business's own network (Siemens AG's AS) most likely
 * works there; one on an ISP, a mobile carrier, a cloud, a VPN or a university network says nothing
 * about their employer. Kept in the repository as data (ASNs first, then name patterns; first match
 * wins; anything unmatched is a business): no open, kept package classifies networks by use, and
 * the commercial lists (IPinfo's ASN type, ipapi's) are neither free nor offline. Heuristic by
 * nature: docs/ARCHITECTURE.md, "Accounts", says what it gets wrong and how to extend it.
 */
export const NETWORK_KINDS = ['business', 'isp', 'mobile', 'hosting', 'vpn', 'education'] as const;
export type NetworkKind = (typeof NETWORK_KINDS)[number];

/** Well-known autonomous systems whose names do not say what they are. */
export const KNOWN_ASNS: Readonly<Record<number, NetworkKind>> = {
  // Clouds, hosting and CDNs
  16509: 'hosting', // Amazon AWS
  14618: 'hosting', // Amazon AWS
  15169: 'hosting', // Google
  396982: 'hosting', // Google Cloud
  8075: 'hosting', // Microsoft (Azure)
  13335: 'hosting', // Cloudflare
  14061: 'hosting', // DigitalOcean
  16276: 'hosting', // OVH
  24940: 'hosting', // Hetzner
  63949: 'hosting', // Akamai (Linode)
  20940: 'hosting', // Akamai
  54113: 'hosting', // Fastly
  20473: 'hosting', // Vultr (The Constant Company)
  31898: 'hosting', // Oracle Cloud
  45102: 'hosting', // Alibaba Cloud
  132203: 'hosting', // Tencent Cloud
  12876: 'hosting', // Scaleway
  51167: 'hosting', // Contabo
  // VPN exits
  9009: 'vpn', // M247
  60068: 'vpn', // Datacamp (CDN77)
  212238: 'vpn', // Datacamp
  136787: 'vpn', // TEFINCOM (NordVPN)
  39351: 'vpn', // 31173 Services (Mullvad)
  // Mobile carriers
  21928: 'mobile', // T-Mobile USA
  22394: 'mobile', // Verizon Wireless (Cellco)
  20057: 'mobile', // AT&T Mobility
  // Internet providers
  7922: 'isp', // Comcast
  7018: 'isp', // AT&T
  701: 'isp', // Verizon
  20115: 'isp', // Charter
  22773: 'isp', // Cox
  3320: 'isp', // Deutsche Telekom
  3215: 'isp', // Orange
  2856: 'isp', // BT
  5089: 'isp', // Virgin Media
  6830: 'isp', // Liberty Global
  4134: 'isp', // China Telecom
  4837: 'isp', // China Unicom
  // Research and education networks
  680: 'education', // DFN (German research network)
  786: 'education', // Jisc (JANET)
  11537: 'education', // Internet2
  2200: 'education', // RENATER
};

/** Name patterns, tried in order after the ASN table; the first match names the kind. */
export const NAME_PATTERNS: readonly { kind: NetworkKind; pattern: RegExp }[] = [
  { kind: 'education', pattern: /universi|college|school|academ|\bedu\b|institute of technology|research (and education )?network/i },
  { kind: 'vpn', pattern: /vpn|proxy|anonym|\btor\b/i },
  { kind: 'hosting', pattern: /hosting|cloud|data ?cent(er|re)|rechenzentrum|\bservers?\b|\bvps\b|colocation|\bcdn\b/i },
  { kind: 'mobile', pattern: /mobil|wireless|cellular|\blte\b|\b[345]g\b/i },
  {
    kind: 'isp',
    pattern: /telecom|telekom|broadband|cable|\bisp\b|internet|fib(er|re)|\btelco\b|communications|\bdsl\b|carrier|backbone/i,
  },
];

export function classifyNetwork(asn: number | null, org: string | null): NetworkKind {
  const known = asn === null ? undefined : KNOWN_ASNS[asn];
  if (known) return known;
  if (!org) return 'isp'; // an unnamed network is no company anyone can be told about
  return NAME_PATTERNS.find((p) => p.pattern.test(org))?.kind ?? 'business';
}
