/** IANA zone names the browser knows, for zone pickers (UTC first; the API validates the choice). */
export const TIME_ZONES: string[] = (() => {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return ['UTC', ...zones.filter((z) => z !== 'UTC')];
})();
