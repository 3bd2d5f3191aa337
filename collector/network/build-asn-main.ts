import { ensureAsnDatabase } from './build-asn.js';
import { ASN_PACKAGE_DIR, BUILT_ASN_DATABASE } from './paths.js';

const started = Date.now();
if (ensureAsnDatabase(ASN_PACKAGE_DIR, BUILT_ASN_DATABASE))
  console.error(`network: ASN database built in ${((Date.now() - started) / 1000).toFixed(1)} s → ${BUILT_ASN_DATABASE}`);
