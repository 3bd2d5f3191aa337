import { boot } from './tracker.js';
import { doc, guard } from './util.js';

/**
 * The entry of k.js, loaded as `<script async src=".../k.js" data-site="KEY">` (a classic script:
 * document.currentScript is the tag). Nothing here may throw into the host page or block it.
 */
guard(boot)(doc.currentScript as HTMLScriptElement);
