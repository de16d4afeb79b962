import { pageHeaders } from '../common/pages/page-headers';

/**
 * Headers for every `/dashboard` response, error pages included. Everything the pages need comes
 * from this origin; nothing may frame them or be injected into them. `no-store` keeps a once-shown
 * API key out of the browser's cache and history, so going back or reopening the page never shows
 * it again.
 */
export const dashboardHeaders = pageHeaders({
  contentSecurityPolicy: ["default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self'", "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'"],
  referrerPolicy: 'same-origin',
});
