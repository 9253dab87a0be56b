/**
 * Jira Cloud as a tracker, through jira.js's REST functions (`jira.js/cloud`) driven by a small client on the
 * outbound fetch (so the address guard applies). The fault gets one issue in the project (found again by its
 * label `faultline-incident-<id>`, so a second action or a retried job does not make another), and each action a
 * sub-task of it with its due date, assignee (when the owner's accountId is configured) and a plain-text
 * description (REST v2 accepts text; v3 would need Atlassian Document Format). States move by workflow
 * transitions: closing takes the first transition into the `done` status category, reopening the first into
 * `indeterminate` (else `new`). The webhook's `jira:issue_updated` deliveries whose changelog changes the status
 * flow back, verified by `X-Hub-Signature` (HMAC-SHA256 with the webhook's secret).
 * Documented requests: POST /rest/api/3/search/jql, POST /rest/api/2/issue, GET and POST
 * /rest/api/3/issue/{key}/transitions; basic authentication with an email and an API token.
 */
import { createIssue, doTransition, getTransitions, searchAndReconsileIssuesUsingJqlPost } from 'jira.js/cloud';
import type { Client } from 'jira.js/core';
import type { JiraTrackerConfig } from './config.ts';
import { deliveryVerifies } from './signatures.ts';
import { TrackerError, trackerError, type TrackerDeps, type TrackerProvider } from './provider.ts';

/** A failed Jira answer, with the status trackerError reads. */
class JiraHttpError extends Error {
  readonly status: number;
  constructor(status: number, text: string) {
    let detail = text;
    try {
      const body = JSON.parse(text) as { errorMessages?: string[]; errors?: Record<string, string> };
      detail = [...(body.errorMessages ?? []), ...Object.entries(body.errors ?? {}).map(([k, v]) => `${k}: ${v}`)].join(
        '; ',
      );
    } catch {
      // not JSON: keep the text
    }
    super(detail || `HTTP ${status}`);
    this.status = status;
  }
}

/** jira.js's Client on the outbound fetch: JSON in and out, basic authentication, errors with their status. */
function client(config: JiraTrackerConfig, deps: TrackerDeps): Client {
  const site = config.url.replace(/\/$/, '');
  const auth = `Basic ${Buffer.from(`${config.email}:${deps.token}`).toString('base64')}`;
  return {
    async sendRequest<T>(o: { url: string; method?: string; body?: unknown; searchParams?: Record<string, unknown> }) {
      const url = new URL(site + o.url);
      for (const [k, v] of Object.entries(o.searchParams ?? {}))
        if (v !== undefined) url.searchParams.set(k, Array.isArray(v) ? v.join(',') : String(v));
      const res = await deps.fetch(url, {
        method: o.method ?? 'GET',
        headers: {
          accept: 'application/json',
          authorization: auth,
          ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: o.body !== undefined ? JSON.stringify(o.body) : null,
        timeoutMs: deps.timeoutMs,
      });
      const text = await res.text();
      if (!res.ok) throw new JiraHttpError(res.status, text);
      return (text ? JSON.parse(text) : undefined) as T;
    },
  };
}

const faultLabel = (incidentId: number) => `faultline-incident-${incidentId}`;

const header = (h: Record<string, string | string[] | undefined>, name: string) => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

export const jira: TrackerProvider<JiraTrackerConfig> = {
  async create(config, deps, issue) {
    const c = client(config, deps);
    const label = faultLabel(issue.incidentId);
    try {
      const found = await searchAndReconsileIssuesUsingJqlPost(c, {
        jql: `project = "${config.project}" AND labels = "${label}" ORDER BY created ASC`,
        fields: ['key'],
        maxResults: 1,
      });
      let parent = found.issues?.[0]?.key;
      if (!parent) {
        const made = await createIssue(c, {
          fields: {
            project: { key: config.project },
            issuetype: { name: config.faultIssueType },
            summary: `Incident #${issue.incidentId}: ${issue.incidentTitle}`.slice(0, 255),
            labels: [...config.labels, label],
            description: `The improvement actions of incident #${issue.incidentId} (Faultline), one sub-task each.`,
          },
        });
        parent = made.key;
      }
      const accountId = config.assignees[issue.owner] ?? config.assignees[issue.owner.toLowerCase()];
      const made = await createIssue(c, {
        fields: {
          project: { key: config.project },
          parent: { key: parent },
          issuetype: { name: config.actionIssueType },
          summary: issue.title.slice(0, 255),
          labels: config.labels,
          duedate: issue.dueDate,
          description: issue.body,
          ...(accountId ? { assignee: { accountId } } : {}),
        },
      });
      return { ref: made.key!, url: `${config.url.replace(/\/$/, '')}/browse/${made.key}` };
    } catch (e) {
      throw trackerError(e, 'Jira', 'create issue');
    }
  },

  async setState(config, deps, ref, state) {
    const c = client(config, deps);
    try {
      const { transitions = [] } = await getTransitions(c, { issueIdOrKey: ref });
      const into = (category: string) => transitions.find((t) => t.to?.statusCategory?.key === category);
      const t = state === 'closed' ? into('done') : (into('indeterminate') ?? into('new'));
      if (!t?.id)
        throw new TrackerError(
          `Jira ${ref}: no transition leads to ${state === 'closed' ? 'a done status' : 'an open status'} (workflow)`,
          true,
        );
      await doTransition(c, { issueIdOrKey: ref, transition: { id: t.id } });
    } catch (e) {
      throw trackerError(e, 'Jira', `${state === 'closed' ? 'close' : 'reopen'} ${ref}`);
    }
  },

  webhook(config, headers, rawBody) {
    if (!config.webhookSecret) throw new TrackerError(`tracker ${config.id} has no webhookSecret`, true);
    if (!deliveryVerifies(config.webhookSecret, rawBody, header(headers, 'x-hub-signature')))
      throw new TrackerError('X-Hub-Signature does not verify', true);
    const body = JSON.parse(rawBody) as {
      webhookEvent?: string;
      user?: { displayName?: string };
      issue?: { key?: string; fields?: { status?: { statusCategory?: { key?: string } } } };
      changelog?: { items?: Array<{ field?: string }> };
    };
    if (body.webhookEvent !== 'jira:issue_updated' || typeof body.issue?.key !== 'string') return null;
    if (!body.issue.key.startsWith(`${config.project}-`)) return null;
    if (!(body.changelog?.items ?? []).some((i) => i.field === 'status')) return null;
    const category = body.issue.fields?.status?.statusCategory?.key;
    if (!category) return null;
    return { ref: body.issue.key, state: category === 'done' ? 'closed' : 'open', by: body.user?.displayName ?? null };
  },
};
