/**
 * Config lint for outbound calls and the secrets in their URLs (docs/security.md, "Secrets and outbound calls"):
 *
 * - error: `prometheus.url` with `user:password@` — the URL is shown in the KPI watches' errors; the credentials
 *   belong in `prometheus.basicAuth` or `prometheus.bearerToken(File)`;
 * - warning: a channel URL with `user:password@` — sent as HTTP Basic authentication and redacted wherever shown,
 *   but a secret field is the better home;
 * - warning: a URL whose host is an address outbound calls refuse (`127.0.0.1`, `10.0.0.5`, `localhost`…) and that
 *   `outbound.allow` does not list — the call would be refused at run time. Names are resolved only then, so only
 *   literal addresses and `localhost` are caught here.
 */
import type { FaultlineConfig } from './schema.ts';
import type { ConfigProblem } from './load.ts';
import { addressRefusal, allowsName, parseAllowList, type AllowList } from '../lib/index.ts';

const HTTP_URL = /^https?:\/\//i;

/** What outbound calls would make of `url`'s host: null when reachable, else the reason it is refused. */
function refusedHost(list: AllowList, url: URL): string | null {
  const host = url.hostname;
  if (allowsName(list, host)) return null;
  if (host === 'localhost' || host.endsWith('.localhost')) {
    return addressRefusal(list, '127.0.0.1') && addressRefusal(list, '::1') ? 'a loopback name' : null;
  }
  const why = addressRefusal(list, host);
  return why === 'not an IP address' ? null : why;
}

/** Lints `prometheus` and the URLs of `channels` against `outbound.allow`. Never throws. */
export function lintOutbound(config: FaultlineConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const list = parseAllowList(config.outbound.allow);
  const check = (path: string, raw: string, onCredentials: 'error' | 'warning') => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return;
    }
    if (url.username || url.password) {
      problems.push(
        onCredentials === 'error'
          ? {
              path,
              severity: 'error',
              message:
                'the URL carries credentials (user:password@), which would be shown wherever the URL is; move them to ' +
                'prometheus.basicAuth (username, and password or passwordFile), or use prometheus.bearerToken / bearerTokenFile',
            }
          : {
              path,
              severity: 'warning',
              message:
                'the URL carries credentials (user:password@); they are sent as HTTP Basic authentication and redacted ' +
                'wherever the URL is shown, but a secret field (such as headers: { Authorization: … }) is the better place',
            },
      );
    }
    const why = refusedHost(list, url);
    if (why) {
      problems.push({
        path,
        severity: 'warning',
        message: `${url.hostname} is ${why}, which outbound calls refuse; list it under outbound.allow if this is intended`,
      });
    }
  };
  if (config.prometheus) check('prometheus.url', config.prometheus.url, 'error');
  config.channels.forEach((ch, i) => {
    for (const [field, value] of Object.entries(ch.config)) {
      if (typeof value === 'string' && HTTP_URL.test(value)) check(`channels.${i}.config.${field}`, value, 'warning');
    }
  });
  return problems;
}
