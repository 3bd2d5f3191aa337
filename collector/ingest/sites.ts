import type { SiteConfig } from '../config/index.js';
import { createOriginMatcher, type OriginMatcher } from './origins.js';
import { createPageClassifier, type PageClassifier } from './page-class.js';

/** A configured site with its matchers compiled once at boot. */
export interface Site {
  config: SiteConfig;
  allowsOrigin: OriginMatcher;
  classify: PageClassifier;
}

export interface SiteRegistry {
  get(key: string): Site | undefined;
  /** For CORS preflights, which carry no site key: is the origin allowed by any site? */
  anyAllows(origin: string): boolean;
}

export function createSiteRegistry(sites: readonly SiteConfig[]): SiteRegistry {
  const byKey = new Map<string, Site>(
    sites.map((config) => [
      config.key,
      { config, allowsOrigin: createOriginMatcher(config.origins), classify: createPageClassifier(config.pageClasses) },
    ]),
  );
  return {
    get: (key) => byKey.get(key),
    anyAllows: (origin) => [...byKey.values()].some((s) => s.allowsOrigin(origin)),
  };
}
