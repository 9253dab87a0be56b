/**
 * GitHub issues as a tracker, through Octokit (`@octokit/rest`): an action becomes an issue (title, Markdown
 * body, labels, the owner assigned when the config maps their email to a login); done and verified close it
 * (`state_reason: completed`), a reopen reopens it. The `issues` webhook's `closed` and `reopened` deliveries flow
 * back, verified by their `X-Hub-Signature-256` (HMAC-SHA256 of the body with the webhook secret).
 * Documented requests: REST "Create an issue" (POST /repos/{owner}/{repo}/issues) and "Update an issue"
 * (PATCH /repos/{owner}/{repo}/issues/{issue_number}); webhook events "issues", "Validating webhook deliveries".
 */
import { Octokit } from '@octokit/rest';
import type { GithubTrackerConfig } from './config.ts';
import { deliveryVerifies } from './signatures.ts';
import { TrackerError, trackerError, type TrackerDeps, type TrackerProvider } from './provider.ts';

/** Octokit on the outbound client, without its console logging. */
function client(config: GithubTrackerConfig, deps: TrackerDeps): Octokit {
  const fetch = (url: string | URL, init?: RequestInit) =>
    deps.fetch(url, {
      method: init?.method ?? 'GET',
      headers: init?.headers as Record<string, string>,
      body: (init?.body as string | undefined) ?? null,
      signal: init?.signal ?? null,
      timeoutMs: deps.timeoutMs,
    });
  const quiet = () => {};
  return new Octokit({
    auth: deps.token,
    baseUrl: config.url.replace(/\/$/, ''),
    userAgent: 'faultline',
    request: { fetch },
    log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
  });
}

const repo = (config: GithubTrackerConfig) => {
  const [owner, name] = config.repository.split('/') as [string, string];
  return { owner, repo: name };
};

const header = (h: Record<string, string | string[] | undefined>, name: string) => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

export const github: TrackerProvider<GithubTrackerConfig> = {
  async create(config, deps, issue) {
    const login = config.assignees[issue.owner] ?? config.assignees[issue.owner.toLowerCase()];
    try {
      const res = await client(config, deps).rest.issues.create({
        ...repo(config),
        title: issue.title,
        body: issue.body,
        labels: config.labels,
        ...(login ? { assignees: [login] } : {}),
      });
      return { ref: String(res.data.number), url: res.data.html_url };
    } catch (e) {
      throw trackerError(e, 'GitHub', 'create issue');
    }
  },

  async setState(config, deps, ref, state) {
    try {
      await client(config, deps).rest.issues.update({
        ...repo(config),
        issue_number: Number(ref),
        state,
        state_reason: state === 'closed' ? 'completed' : 'reopened',
      });
    } catch (e) {
      throw trackerError(e, 'GitHub', `${state === 'closed' ? 'close' : 'reopen'} issue #${ref}`);
    }
  },

  webhook(config, headers, rawBody) {
    if (!config.webhookSecret) throw new TrackerError(`tracker ${config.id} has no webhookSecret`, true);
    if (!deliveryVerifies(config.webhookSecret, rawBody, header(headers, 'x-hub-signature-256')))
      throw new TrackerError('X-Hub-Signature-256 does not verify', true);
    if (header(headers, 'x-github-event') !== 'issues') return null;
    const body = JSON.parse(rawBody) as {
      action?: string;
      issue?: { number?: number };
      repository?: { full_name?: string };
      sender?: { login?: string };
    };
    if (body.repository?.full_name?.toLowerCase() !== config.repository.toLowerCase()) return null;
    if (typeof body.issue?.number !== 'number') return null;
    if (body.action !== 'closed' && body.action !== 'reopened') return null;
    return {
      ref: String(body.issue.number),
      state: body.action === 'closed' ? 'closed' : 'open',
      by: body.sender?.login ?? null,
    };
  },
};
