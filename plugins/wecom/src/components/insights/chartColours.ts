import type { WeComIncidentSeverity } from 'backstage-plugin-wecom-common';

// SVG presentation attributes take no CSS variables, so the charts use
// fixed colours that read on the light and the dark theme alike.

/** A colour per severity, worst the hottest. */
export const SEVERITY_COLOURS: Record<WeComIncidentSeverity, string> = {
  critical: '#d32f2f',
  high: '#f57c00',
  warning: '#f9a825',
  info: '#1e88e5',
};

export const MEDIAN_COLOUR = '#1e88e5';
export const P90_COLOUR = '#8e24aa';
export const PAGES_COLOUR = '#00897b';
/** The heatmap's hottest cell; emptier cells fade towards transparent. */
export const HEAT_RGB = '211, 47, 47';
