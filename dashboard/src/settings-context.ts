import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { DashboardSettings } from './types.js';

export const DEFAULT_SETTINGS: DashboardSettings = { slaHours: 48 };

/** What the collector's configuration tells the page (GET /api/dashboard). */
export const SettingsContext = createContext<DashboardSettings>(DEFAULT_SETTINGS);

export const useSettings = (): DashboardSettings => useContext(SettingsContext);
