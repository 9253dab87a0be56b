/**
 * An alert's context as the console shows it (issue 12): the links among its annotations (runbook,
 * dashboards, the generator) and the rest of its annotations as text. Pure. Only `http:` and `https:` values
 * become links: an alert's annotations are whatever the monitoring sent, so `javascript:` and the like stay text.
 */

/** Annotation names read as the runbook, most usual first. */
const RUNBOOK_KEYS = ['runbook_url', 'runbook', 'runbookUrl', 'playbook'];
/** Shown as the alert's summary already. */
const SUMMARY_KEYS = new Set(['summary']);

export interface AlertLink {
  key: string;
  label: string;
  href: string;
}

/** Whether `value` is an absolute http(s) URL. */
export function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

const labelOf = (key: string): string =>
  RUNBOOK_KEYS.includes(key)
    ? 'Runbook'
    : /generator/i.test(key)
      ? 'Source'
      : key.replace(/[_-]?url$/i, '').replace(/[_-]+/g, ' ') || key;

/** The alert's links (runbook first) and its other annotations (name order), summary left out. */
export function alertContext(annotations: Record<string, string>): {
  links: AlertLink[];
  notes: Array<[string, string]>;
} {
  const entries = Object.entries(annotations).sort(([a], [b]) => a.localeCompare(b));
  const links = entries
    .filter(([, value]) => isWebUrl(value.trim()))
    .map(([key, value]) => ({ key, label: labelOf(key), href: value.trim() }))
    .sort((a, b) => Number(b.label === 'Runbook') - Number(a.label === 'Runbook'));
  const linked = new Set(links.map((l) => l.key));
  const notes = entries.filter(([key, value]) => !linked.has(key) && !SUMMARY_KEYS.has(key) && value.trim() !== '');
  return { links, notes };
}
