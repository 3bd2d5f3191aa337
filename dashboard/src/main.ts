import { render } from 'preact';
import { html } from 'htm/preact';
import 'uplot/dist/uPlot.min.css';
import { App } from './app.js';
import { leadsPath, prefetch } from './api.js';
import { parseHash } from './router.js';
import { firstPageQuery } from './pages/leads.js';

// Ask for the home list at once, in parallel with the sign-in check.
const route = parseHash(location.hash);
if (route.page === 'leads') prefetch(leadsPath(firstPageQuery(route)));

render(html`<${App} />`, document.getElementById('app')!);
