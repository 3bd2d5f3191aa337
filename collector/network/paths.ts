import { join } from 'node:path';
import { distDir, projectRoot } from '../paths.js';

/** The open ASN data as shipped (CSV) and the MMDB file `npm run build` makes of it. */
export const ASN_PACKAGE_DIR = join(projectRoot, 'node_modules', '@ip-location-db', 'asn');
export const BUILT_ASN_DATABASE = join(distDir, 'network', 'asn.mmdb');
/** IPv4 and IPv6 country data, CC0, shipped as MMDB. */
export const COUNTRY_DATABASE = join(
  projectRoot,
  'node_modules',
  '@ip-location-db',
  'geo-whois-asn-country-mmdb',
  'geo-whois-asn-country.mmdb',
);
