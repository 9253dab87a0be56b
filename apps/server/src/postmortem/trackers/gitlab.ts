/**
 * GitLab issues as a tracker, through gitbeaker (`@gitbeaker/core`'s `Issues` resource) with a requester on the
 * outbound fetch (so the address guard applies; `@gitbeaker/rest` would use the global fetch): an action becomes
 * an issue with its due date, labels and assignee (when the owner's user id is configured); done and verified
 * close it (`state_event: close`), a reopen reopens it. The project's Issue Hook flows back, authenticated by
 * `X-Gitlab-Token` (the webhook's secret token, compared in constant time).
 * Documented requests: REST "New issue" (POST /projects/:id/issues) and "Edit an issue" (PUT
 * /projects/:id/issues/:issue_iid with state_event), PRIVATE-TOKEN authentication; webhook "Issue events".
 */
import { timingSafeEqual } from 'node:crypto';
import { Issues } from '@gitbeaker/core';
import { createRequesterFn, type FormattedResponse } from '@gitbeaker/requester-utils';
import type { GitlabTrackerConfig } from './config.ts';
import { TrackerError, trackerError, type TrackerDeps, type TrackerProvider } from './provider.ts';

/** A failed GitLab answer, with the status trackerError reads. */
class GitlabHttpError extends Error {
  readonly status: number;
  constructor(status: number, text: string) {
    let detail = text;
    try {
      const body = JSON.parse(text) as { message?: unknown; error?: unknown };
      const m = body.message ?? body.error;
      detail = typeof m === 'string' ? m : JSON.stringify(m);
    } catch {
      // not JSON: keep the text
    }
    super(detail || `HTTP ${status}`);
    this.status = status;
  }
}

/** gitbeaker's Issues resource on the outbound fetch (one attempt per call: the job retries). */
function issues(config: GitlabTrackerConfig, deps: TrackerDeps) {
  const requesterFn = createRequesterFn(
    (_, options) => Promise.resolve(options),
    async (endpoint, options): Promise<FormattedResponse> => {
      const o = (options ?? {}) as {
        prefixUrl?: string;
        searchParams?: string;
        method?: string;
        headers?: Record<string, string>;
        body?: string;
      };
      const url = new URL(endpoint, o.prefixUrl?.endsWith('/') ? o.prefixUrl : `${o.prefixUrl}/`);
      url.search = o.searchParams ?? '';
      const res = await deps.fetch(url, {
        method: o.method ?? 'GET',
        headers: o.headers ?? {},
        body: o.body ?? null,
        timeoutMs: deps.timeoutMs,
      });
      const text = await res.text();
      if (!res.ok) throw new GitlabHttpError(res.status, text);
      return {
        body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
        headers: Object.fromEntries(res.headers.entries()),
        status: res.status,
      };
    },
  );
  return new Issues({ host: config.url.replace(/\/$/, ''), token: deps.token, requesterFn });
}

const header = (h: Record<string, string | string[] | undefined>, name: string) => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

export const gitlab: TrackerProvider<GitlabTrackerConfig> = {
  async create(config, deps, issue) {
    const userId = config.assignees[issue.owner] ?? config.assignees[issue.owner.toLowerCase()];
    try {
      const made = (await issues(config, deps).create(config.project, issue.title, {
        description: issue.body,
        dueDate: issue.dueDate,
        labels: config.labels.join(','),
        ...(userId ? { assigneeIds: [userId] } : {}),
      })) as { iid: number; web_url: string };
      return { ref: String(made.iid), url: made.web_url };
    } catch (e) {
      throw trackerError(e, 'GitLab', 'create issue');
    }
  },

  async setState(config, deps, ref, state) {
    try {
      await issues(config, deps).edit(config.project, Number(ref), {
        stateEvent: state === 'closed' ? 'close' : 'reopen',
      });
    } catch (e) {
      throw trackerError(e, 'GitLab', `${state === 'closed' ? 'close' : 'reopen'} issue #${ref}`);
    }
  },

  webhook(config, headers, rawBody) {
    if (!config.webhookSecret) throw new TrackerError(`tracker ${config.id} has no webhookSecret`, true);
    const given = Buffer.from(header(headers, 'x-gitlab-token') ?? '');
    const expected = Buffer.from(config.webhookSecret);
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new TrackerError('X-Gitlab-Token does not match the webhook secret', true);
    const body = JSON.parse(rawBody) as {
      object_kind?: string;
      user?: { username?: string };
      project?: { id?: number; path_with_namespace?: string };
      object_attributes?: { iid?: number; action?: string };
    };
    if (body.object_kind !== 'issue' || typeof body.object_attributes?.iid !== 'number') return null;
    const project = String(config.project);
    if (body.project?.path_with_namespace !== project && String(body.project?.id) !== project) return null;
    const action = body.object_attributes.action;
    if (action !== 'close' && action !== 'reopen') return null;
    return {
      ref: String(body.object_attributes.iid),
      state: action === 'close' ? 'closed' : 'open',
      by: body.user?.username ?? null,
    };
  },
};
