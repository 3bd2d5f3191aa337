import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api, onUnauthorized } from './api.js';
import { liveFeed, useLiveStatus } from './live.js';
import { useRoute, type PageName } from './router.js';
import { DEFAULT_SETTINGS, SettingsContext } from './settings-context.js';
import type { DashboardSettings, Role } from './types.js';
import { MainNav } from './nav.js';
import { Loading } from './components/states.js';
import { Flame } from './components/flame.js';
import { SignIn } from './pages/signin.js';
import { LeadsPage } from './pages/leads.js';
import { LeadPage } from './pages/lead/index.js';
import { FunnelPage } from './pages/funnel.js';
import { CompaniesPage } from './pages/companies.js';
import { AccountPage } from './pages/account.js';
import { SettingsPage } from './pages/settings/index.js';
import { BacktestPage } from './pages/backtest.js';
import { ReviewPage } from './pages/review.js';
import { TeamPage } from './pages/team/index.js';
import type { Route } from './router.js';

const PAGES: Record<PageName, (props: { route: Route }) => unknown> = {
  leads: LeadsPage,
  lead: LeadPage,
  funnel: FunnelPage,
  companies: CompaniesPage,
  account: AccountPage,
  settings: SettingsPage,
  backtest: BacktestPage,
  review: ReviewPage,
  team: TeamPage,
  notfound: () =>
    html`<section class="page">
      <h1>Not found</h1>
      <p>There is no such page. <a href="#/leads">Go to hot leads</a>.</p>
    </section>`,
};

const TITLES: Record<PageName, string> = {
  leads: 'Hot leads',
  lead: 'Lead',
  funnel: 'Funnel',
  companies: 'Companies',
  account: 'Account',
  settings: 'Settings',
  backtest: 'Backtest',
  review: 'Quarterly review',
  team: 'Team',
  notfound: 'Not found',
};

type AuthState = 'checking' | 'signed-out' | 'signed-in';

function LiveDot() {
  const status = useLiveStatus();
  const label = { live: 'Live', connecting: 'Connecting…', offline: 'Offline' }[status];
  return html`<span class=${`live-dot live-${status}`} data-live=${status} title=${`Live updates: ${label}`}>${label}</span>`;
}

function Shell({ route, role, onSignOut }: { route: Route; role: Role | null; onSignOut: () => void }) {
  const Page = PAGES[route.page];
  useEffect(() => {
    document.title = `${TITLES[route.page]} · Kindling`;
  }, [route.page]);
  return html`
    <header class="topbar">
      <a class="brand" href="#/leads"><${Flame} />Kindling</a>
      <${MainNav} role=${role} page=${route.page} />
      <span class="topbar-end">
        <${LiveDot} />
        <button type="button" class="ghost" onClick=${onSignOut}>Sign out</button>
      </span>
    </header>
    <main id="main"><${Page} route=${route} /></main>
  `;
}

/** Signs in, holds the session state and the live feed, and shows the page the hash names. */
export function App() {
  const route = useRoute();
  const [auth, setAuth] = useState<AuthState>('checking');
  const [settings, setSettings] = useState<DashboardSettings>(DEFAULT_SETTINGS);
  // The nav shows the pages this role may use (the admin token: all); the server's 403 stays the rule.
  const [role, setRole] = useState<Role | null>(null);

  const enter = (known?: DashboardSettings) => {
    setAuth('signed-in');
    liveFeed.open();
    api.me().then(
      (me) => setRole(me.kind === 'user' ? me.user.role : 'admin'),
      () => {},
    );
    if (known) setSettings(known);
    else api.settings().then(setSettings, () => {});
  };
  const leave = () => {
    liveFeed.stop();
    setAuth('signed-out');
  };

  useEffect(() => {
    // One request says both whether the browser is signed in and what the page needs to know.
    api.settings().then(enter, leave);
    const off = onUnauthorized(leave);
    // The stream is refused once the session expires: ask whether we are still signed in.
    const offStatus = liveFeed.onStatus((status) => {
      if (status === 'offline')
        api.session().then(
          (s) => s.signedIn || leave(),
          () => {},
        );
    });
    return () => {
      off();
      offStatus();
    };
  }, []);

  const signOut = async () => {
    await api.logout().catch(() => {});
    leave();
  };

  if (auth === 'checking') return html`<${Loading} />`;
  if (auth === 'signed-out') return html`<${SignIn} onSignedIn=${() => enter()} />`;
  return html`<${SettingsContext.Provider} value=${settings}><${Shell} route=${route} role=${role} onSignOut=${signOut} /></${SettingsContext.Provider}>`;
}
