import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { TeamUser } from './types.js';

/**
 * The signed-in user (GET /api/me), or null when the page was opened with the admin token: the
 * token is no one, so it has no leads of its own and no alert settings.
 */
export const MeContext = createContext<TeamUser | null>(null);

export const useMe = (): TeamUser | null => useContext(MeContext);
