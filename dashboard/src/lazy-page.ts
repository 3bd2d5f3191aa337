import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { Loading, ErrorBox } from './components/states.js';
import type { Route } from './router.js';

type Page = (props: { route: Route }) => unknown;

/**
 * A page whose code is fetched the first time it is shown (a dynamic import, so esbuild puts it in
 * its own chunk): the pages few people open (team, settings, backtest, an account, my alerts) stay
 * out of the home page's script. Once loaded it renders at once; a failed load can be retried.
 */
export function lazyPage(load: () => Promise<Page>): Page {
  let loaded: Page | null = null;
  let pending: Promise<Page> | null = null;
  const fetchPage = () =>
    (pending ??= load().then(
      (page) => (loaded = page),
      (err: unknown) => {
        pending = null; // the next attempt asks again (a deploy may have replaced the chunk)
        throw err;
      },
    ));
  return function LazyPage(props) {
    const [, setReady] = useState(false);
    const [error, setError] = useState<Error | null>(null);
    const [attempt, setAttempt] = useState(0);
    useEffect(() => {
      if (loaded) return;
      let live = true;
      fetchPage().then(
        () => live && setReady(true),
        (err: Error) => live && setError(err),
      );
      return () => {
        live = false;
      };
    }, [attempt]);
    if (loaded) return html`<${loaded} ...${props} />`;
    if (error)
      return html`<${ErrorBox}
        error=${error}
        retry=${() => {
          setError(null);
          setAttempt(attempt + 1);
        }}
      />`;
    return html`<${Loading} />`;
  };
}
