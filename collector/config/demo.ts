import type { z } from 'zod';
import type { fileConfigSchema } from './schema.js';

/**
 * The configuration that runs when there is no config file: one site, `demo`, for the demo pages
 * the collector serves at /demo/ and for any page on localhost. Loopback webhook targets are
 * allowed so a local receiver can be tried.
 */
export const demoConfig: z.input<typeof fileConfigSchema> = {
  sites: [
    {
      key: 'demo',
      name: 'Kindling demo site',
      origins: ['http://localhost:*', 'http://127.0.0.1:*'],
      pageClasses: {
        pricing: ['**/pricing', '**/pricing/**', '**/pricing.html'],
        demo: ['**/demo-request', '**/demo-request.html', '**/request-demo', '**/request-demo.html'],
        contact: ['**/contact', '**/contact.html', '**/contact-sales', '**/contact-sales.html'],
        docs: ['**/docs', '**/docs/**', '**/docs.html'],
        blog: ['**/blog', '**/blog/**'],
        careers: ['**/careers', '**/careers/**', '**/careers.html', '**/jobs/**'],
        product: ['**/product', '**/product/**', '**/product.html'],
      },
    },
  ],
  webhooks: { allowPrivateTargets: 'loopback' },
};
