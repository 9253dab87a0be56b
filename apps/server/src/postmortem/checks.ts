/**
 * Machine-checked verification of an action's acceptance criteria (issue 10 item 4: "an alert rule exists in
 * Prometheus, a PromQL expression holds, an HTTP check answers as expected — re-run on a schedule"). Each
 * check is one request through the outbound client (its address guard and `outbound.allow` apply); a check
 * that cannot be run (no Prometheus configured, a network error) does not hold, and says why.
 */
import type { ActionCheck } from '@faultline/contracts';
import type { OutboundFetch } from '../lib/index.ts';
import { shortReason } from '../lib/index.ts';

/** A check's outcome: whether it holds, and one sentence why. */
export interface CheckOutcome {
  ok: boolean;
  detail: string;
}

/** Where checks go: the outbound fetch and the configured Prometheus base URL (null: none configured). */
export interface CheckDeps {
  fetch: OutboundFetch;
  prometheusUrl: string | null;
  timeoutMs: number;
}

const base = (url: string) => url.replace(/\/$/, '');

interface RulesAnswer {
  status?: string;
  data?: { groups?: Array<{ rules?: Array<{ name?: string; type?: string; state?: string }> }> };
}
interface QueryAnswer {
  status?: string;
  data?: { resultType?: string; result?: Array<{ value?: [number, string] }> };
}

/** Runs `check` once. Never throws: a failure to run is an outcome that does not hold. */
export async function runCheck(deps: CheckDeps, check: ActionCheck): Promise<CheckOutcome> {
  try {
    if (check.kind === 'http') {
      const res = await deps.fetch(check.url, { timeoutMs: deps.timeoutMs, redirect: 'manual' });
      const text = await res.text();
      if (res.status !== check.status)
        return { ok: false, detail: `${check.url} answered ${res.status}, expected ${check.status}` };
      if (check.contains !== undefined && !text.includes(check.contains))
        return {
          ok: false,
          detail: `${check.url} answered ${res.status} without "${shortReason(check.contains, 80)}"`,
        };
      return { ok: true, detail: `${check.url} answered ${res.status}` };
    }
    if (!deps.prometheusUrl) return { ok: false, detail: 'no Prometheus is configured (prometheus.url)' };
    if (check.kind === 'prometheus-rule') {
      const res = await deps.fetch(`${base(deps.prometheusUrl)}/api/v1/rules`, { timeoutMs: deps.timeoutMs });
      if (!res.ok) return { ok: false, detail: `Prometheus /api/v1/rules answered ${res.status}` };
      const body = (await res.json()) as RulesAnswer;
      const rules = (body.data?.groups ?? []).flatMap((g) => g.rules ?? []);
      const rule = rules.find((r) => r.name === check.rule);
      if (!rule) return { ok: false, detail: `rule ${check.rule} is not among Prometheus's ${rules.length} rules` };
      const exists = `rule ${check.rule} exists (${rule.type ?? 'rule'}${rule.state ? `, ${rule.state}` : ''})`;
      if (!check.firedWithin) return { ok: true, detail: exists };
      // "Has fired in a test" (issue 10 item 4): Prometheus's ALERTS series of the rule was firing in the window.
      const name = check.rule.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
      const query = `max_over_time(ALERTS{alertname="${name}",alertstate="firing"}[${check.firedWithin}])`;
      const fired = await deps.fetch(`${base(deps.prometheusUrl)}/api/v1/query?${new URLSearchParams({ query })}`, {
        timeoutMs: deps.timeoutMs,
      });
      if (!fired.ok) return { ok: false, detail: `Prometheus answered ${fired.status} to the ALERTS query` };
      const series = ((await fired.json()) as QueryAnswer).data?.result ?? [];
      return series.length > 0
        ? { ok: true, detail: `${exists} and fired within ${check.firedWithin}` }
        : { ok: false, detail: `rule ${check.rule} exists but has not fired within ${check.firedWithin}` };
    }
    const url = `${base(deps.prometheusUrl)}/api/v1/query?${new URLSearchParams({ query: check.query })}`;
    const res = await deps.fetch(url, { timeoutMs: deps.timeoutMs });
    if (!res.ok) return { ok: false, detail: `Prometheus answered ${res.status} to the query` };
    const body = (await res.json()) as QueryAnswer;
    const result = body.data?.result ?? [];
    if (result.length === 0) return { ok: false, detail: 'the query returned no series' };
    const zero = result.find((r) => Number(r.value?.[1]) === 0 || !Number.isFinite(Number(r.value?.[1])));
    return zero
      ? { ok: false, detail: 'a series of the query is 0' }
      : { ok: true, detail: `${result.length} series hold` };
  } catch (e) {
    return { ok: false, detail: `the check could not run: ${shortReason((e as Error).message, 200)}` };
  }
}
