import { describe, expect, it } from 'vitest';
import { GithubTrackerConfig, GitlabTrackerConfig, JiraTrackerConfig } from './config.ts';
import { github } from './github.ts';
import { gitlab } from './gitlab.ts';
import { jira } from './jira.ts';
import { TrackerError } from './provider.ts';
import { signDelivery } from './signatures.ts';

const SECRET = 'a-webhook-secret-of-16+';
const gh = GithubTrackerConfig.parse({
  id: 'gh',
  kind: 'github',
  repository: 'acme/payments',
  token: 't',
  webhookSecret: SECRET,
});
const jr = JiraTrackerConfig.parse({
  id: 'jr',
  kind: 'jira',
  url: 'https://acme.atlassian.net',
  project: 'PAY',
  email: 'bot@example.com',
  token: 't',
  webhookSecret: SECRET,
});
const gl = GitlabTrackerConfig.parse({
  id: 'gl',
  kind: 'gitlab',
  project: 'acme/payments',
  token: 't',
  webhookSecret: SECRET,
});

describe('tracker webhooks', () => {
  it('GitHub: a signed issues delivery for the repository says which issue closed or reopened', () => {
    const body = (action: string, repo = 'acme/payments') =>
      JSON.stringify({ action, issue: { number: 12 }, repository: { full_name: repo }, sender: { login: 'dan' } });
    const headers = (raw: string, event = 'issues', secret = SECRET) => ({
      'x-github-event': event,
      'x-hub-signature-256': signDelivery(secret, raw),
    });
    const read = (raw: string, h: Record<string, string> = headers(raw)) => github.webhook(gh, h, raw);
    expect(read(body('closed'))).toEqual({ ref: '12', state: 'closed', by: 'dan' });
    expect(read(body('reopened'))).toEqual({ ref: '12', state: 'open', by: 'dan' });
    expect(read(body('labeled'))).toBeNull();
    expect(read(body('closed', 'acme/other'))).toBeNull();
    expect(read(body('closed'), headers(body('closed'), 'ping'))).toBeNull();
    expect(() => read(body('closed'), headers(body('closed'), 'issues', 'another-secret-0123'))).toThrow(TrackerError);
    // The signature covers the exact bytes: the same JSON re-spaced does not verify.
    expect(() => read(body('closed').replace(':', ': '), headers(body('closed')))).toThrow(/does not verify/);
    expect(() => read(body('closed'), { 'x-github-event': 'issues' })).toThrow(/does not verify/);
  });

  it('Jira: only a status change of an issue of the project counts, by its status category', () => {
    const body = (category: string, key = 'PAY-7', field = 'status') =>
      JSON.stringify({
        webhookEvent: 'jira:issue_updated',
        user: { displayName: 'Dan' },
        issue: { key, fields: { status: { statusCategory: { key: category } } } },
        changelog: { items: [{ field }] },
      });
    const read = (raw: string, secret = SECRET) =>
      jira.webhook(jr, { 'x-hub-signature': signDelivery(secret, raw) }, raw);
    expect(read(body('done'))).toEqual({ ref: 'PAY-7', state: 'closed', by: 'Dan' });
    expect(read(body('indeterminate'))).toEqual({ ref: 'PAY-7', state: 'open', by: 'Dan' });
    expect(read(body('done', 'OPS-7'))).toBeNull();
    expect(read(body('done', 'PAY-7', 'assignee'))).toBeNull();
    expect(() => read(body('done'), 'another-secret-0123')).toThrow(TrackerError);
  });

  it('GitLab: the Issue Hook with the secret token says which issue closed or reopened', () => {
    const body = (action: string, path = 'acme/payments') =>
      JSON.stringify({
        object_kind: 'issue',
        user: { username: 'dan' },
        project: { id: 3, path_with_namespace: path },
        object_attributes: { iid: 7, action },
      });
    const read = (raw: string, token = SECRET) => gitlab.webhook(gl, { 'x-gitlab-token': token }, raw);
    expect(read(body('close'))).toEqual({ ref: '7', state: 'closed', by: 'dan' });
    expect(read(body('reopen'))).toEqual({ ref: '7', state: 'open', by: 'dan' });
    expect(read(body('update'))).toBeNull();
    expect(read(body('close', 'acme/other'))).toBeNull();
    expect(() => read(body('close'), 'a-webhook-secret-of-16-')).toThrow(/X-Gitlab-Token/);
  });

  it('refuses every delivery when no webhook secret is configured', () => {
    const open = GithubTrackerConfig.parse({ id: 'gh', kind: 'github', repository: 'acme/payments', token: 't' });
    expect(() => github.webhook(open, {}, '{}')).toThrow(/no webhookSecret/);
  });
});
