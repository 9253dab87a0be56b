/** The simulator's "Alert labels" field. */

/**
 * The labels field as a label set: `name=value` or `name="value"`, separated by commas or new lines; a part
 * without `=` is left out (the server validates what is sent).
 */
export function parseLabels(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(/[,\n]/)) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    out[part.slice(0, i).trim()] = part
      .slice(i + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
  }
  return out;
}
