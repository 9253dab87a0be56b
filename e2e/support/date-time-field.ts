/** Filling the console's date-time field (apps/web/src/oncall/date-time-field.tsx) as a person would. */
import type { Page } from 'playwright-core';
import { waitFor } from '../../test/support/wait.ts';

/**
 * Picks `date` (`YYYY-MM-DD`) in the calendar of the date-time field labelled `label`, then types `HH:mm` into
 * its time field key by key, as a person would (a typed `18` once became 10:08).
 */
export async function pickDateTime(
  page: Page,
  label: string,
  date: string,
  time: string,
  timeoutMs = 15_000,
): Promise<void> {
  await page.getByRole('button', { name: label, exact: true }).click();
  const dayLabel = new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(Date.parse(`${date}T00:00:00Z`));
  // A closed picker's dropdown may still be fading out: act on the visible one only.
  const day = page.getByRole('button', { name: dayLabel, exact: true }).filter({ visible: true });
  // The calendar opens on the current month; the dates used here are at most two days ahead.
  const nextMonth = page.getByRole('button', { name: 'Next month' }).filter({ visible: true });
  await nextMonth.waitFor({ timeout: timeoutMs });
  if ((await day.count()) === 0) await nextMonth.click();
  await day.click();
  // Wait until the dropdown has faded out, so the next picker's calendar is the only one on the page.
  await waitFor(`the ${label} picker to close`, async () => (await day.count()) === 0, timeoutMs);
  const field = page.getByLabel(`${label} time`, { exact: true });
  await field.click();
  await field.press('ControlOrMeta+a');
  await field.pressSequentially(time);
}
