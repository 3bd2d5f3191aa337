import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api, onUnauthorized } from './api.js';
import { liveFeed, useLiveStatus } from './live.js';
import { useRoute, type PageName } from './router.js';
import { DEFAULT_SETTINGS, SettingsContext } from './settings-context.js';
import type { DashboardSettings, Role, TeamUser } from './types.js';
import { MainNav } from './nav.js';
import { MeContext } from './me-context.js';
import { Loading } from './components/states.js';
import { Flame } from './components/flame.js';
import { SignIn } from './pages/signin.js';
import { LeadsPage } from './pages/leads.js';
import { LeadPage } from './pages/lead/index.js';
import { FunnelPage } from './pages/funnel.js';
import { CompaniesPage } from './pages/companies.js';
import { JoinPage } from './pages/join.js';
import { MagicPage, SetupPage } from './pages/sign-in-links.js';
import { ForgotPage, ResetPage } from './pages/password-reset.js';
import type { Route } from './router.js';
import { lazyPage } from './lazy-page.js';

/** The one-time links' pages: shown by App itself, signed in or not (opening one signs in as its user). */
const LINK_PAGES: Partial<Record<PageName, typeof JoinPage>> = {
  join: JoinPage,
  setup: SetupPage,
  magic: MagicPage,
  forgot: ForgotPage,
  reset: ResetPage,
};

const PAGES: Record<PageName, (props: { route: Route }) => unknown> = {
  leads: LeadsPage,
  lead: LeadPage,
  funnel: FunnelPage,
  companies: CompaniesPage,
  // Rarely opened pages load their code when first shown (their own chunks).
  account: lazyPage(() => import('./pages/account.js').then((m) => m.AccountPage)),
  settings: lazyPage(() => import('./pages/settings/index.js').then((m) => m.SettingsPage)),
  backtest: lazyPage(() => import('./pages/backtest.js').then((m) => m.BacktestPage)),
  review: lazyPage(() => import('./pages/review.js').then((m) => m.ReviewPage)),
  spend: lazyPage(() => import('./pages/spend.js').then((m) => m.SpendPage)),
  team: lazyPage(() => import('./pages/team/index.js').then((m) => m.TeamPage)),
  alerts: lazyPage(() => import('./pages/my-alerts.js').then((m) => m.MyAlertsPage)),
  join: () => null,
  setup: () => null,
  magic: () => null,
  forgot: () => null,
  reset: () => null,
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
  spend: 'Marketing spend',
  team: 'Team',
  alerts: 'My alerts',
  join: 'Join',
  setup: 'Set up',
  magic: 'Sign in',
  forgot: 'Forgot password',
  reset: 'Reset password',
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
  const [me, setMe] = useState<TeamUser | null>(null);
  // The nav shows the pages this role may use (the admin token: all); the server's 403 stays the rule.
  const [role, setRole] = useState<Role | null>(null);

  const enter = (known?: DashboardSettings) => {
    // Who is signed in decides the home list's default ("My leads" for sales): known before the pages show.
    api.me().then(
      (who) => {
        setMe(who.kind === 'user' ? who.user : null);
        setRole(who.kind === 'user' ? who.user.role : 'admin');
        setAuth('signed-in');
      },
      () => setAuth('signed-in'),
    );
    liveFeed.open();
    if (known) setSettings(known);
    else api.settings().then(setSettings, () => {});
  };
  const leave = () => {
    liveFeed.stop();
    setMe(null);
    setRole(null);
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

  const LinkPage = LINK_PAGES[route.page];
  if (LinkPage) return html`<${LinkPage} route=${route} onSignedIn=${() => enter()} />`;
  if (auth === 'checking') return html`<${Loading} />`;
  if (auth === 'signed-out') return html`<${SignIn} onSignedIn=${() => enter()} />`;
  return html`<${SettingsContext.Provider} value=${settings}
    ><${MeContext.Provider} value=${me}><${Shell} route=${route} role=${role} onSignOut=${signOut} /></${MeContext.Provider}
  ></${SettingsContext.Provider}>`;
}
