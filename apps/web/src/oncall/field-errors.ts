import { ApiRequestError } from '../api/client.ts';

/**
 * Field messages of a failed save, by dotted path (`layers.0.shift.every`). The server answers 400 with
 * `fields: [{path, message}]`; a path may be prefixed with `body.` (the request part), which is dropped so
 * paths match the form's own. Several messages for one path are joined.
 */
export function fieldErrors(error: unknown): Map<string, string> {
  const map = new Map<string, string>();
  if (!(error instanceof ApiRequestError)) return map;
  for (const field of error.fields) {
    const path = field.path.replace(/^body\.?/, '');
    const previous = map.get(path);
    map.set(path, previous ? `${previous}; ${field.message}` : field.message);
  }
  return map;
}

/**
 * The messages whose path no field of the form shows (`shown(path)` is false), as `path: message` lines, so
 * nothing the server said is lost.
 */
export function unshownErrors(errors: Map<string, string>, shown: (path: string) => boolean): string[] {
  return [...errors]
    .filter(([path]) => !shown(path))
    .map(([path, message]) => (path ? `${path}: ${message}` : message));
}
