/**
 * A minimal standalone HTML page for what is opened from an email on any phone's browser, without the console
 * bundle: the action links' confirmation pages, the status page's subscription pages.
 */

/** Escapes text for HTML element content and attribute values. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page: `title` (escaped here) and `body` (HTML the caller escaped). */
export const htmlPage = (title: string, body: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
  `<meta name="robots" content="noindex"><title>${escapeHtml(title)} · Faultline</title>` +
  `<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5}` +
  `button{font:inherit;background:#c92a2a;color:#fff;border:0;border-radius:6px;padding:.6rem 1.2rem;cursor:pointer}</style></head>` +
  `<body>${body}</body></html>`;
