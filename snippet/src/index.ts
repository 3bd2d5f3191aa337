import { boot } from './tracker.js';
import { doc, guard } from './util.js';

/**
 * The entry of k.js. Loaded as `<script async src=".../k.js" data-site="KEY">`; nothing here may
 * throw into the host page or block it.
 */
guard(boot)((doc.currentScript as HTMLScriptElement | null) || doc.querySelector<HTMLScriptElement>('script[data-site]'));
