/**
 * The trackers improvement actions can be mirrored to (issue 10 item 6), one entry per repository or project:
 *
 * ```yaml
 * postmortem:
 *   trackers:
 *     - id: payments-gh
 *       kind: github
 *       repository: acme/payments          # owner/name
 *       tokenFile: /run/secrets/github     # or token: (secret); needs Issues: read and write
 *       webhookSecret: …                   # the secret of the repository's "issues" webhook
 *       assignees: { dan@example.com: dan-gh }
 * ```
 *
 * A tracker kind is one provider and one entry of the registry (trackers/index.ts, CONVENTIONS §5).
 */
import { z } from 'zod';

const secretPair = {
  token: z.string().min(1).optional().describe('secret: the API token'),
  tokenFile: z.string().min(1).optional().describe('a file holding the API token'),
};

/** A GitHub repository's issues (github.com, or GitHub Enterprise Server through `url`). */
export const GithubTrackerConfig = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lowercase letters, digits, - and _'),
    kind: z.literal('github'),
    url: z
      .url()
      .default('https://api.github.com')
      .describe('the REST API base, e.g. https://github.example.com/api/v3 for GitHub Enterprise Server'),
    repository: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'owner/name'),
    ...secretPair,
    webhookSecret: z
      .string()
      .min(16)
      .optional()
      .describe('secret: verifies X-Hub-Signature-256 of the issues webhook (state changes flowing in)'),
    labels: z.array(z.string().min(1).max(50)).default(['faultline']),
    assignees: z
      .record(z.string(), z.string().regex(/^[A-Za-z0-9-]{1,39}$/, 'a GitHub login'))
      .default({})
      .describe("the GitHub login of an action owner (by email); an owner not listed is named in the issue's text"),
  })
  .refine((t) => (t.token === undefined) !== (t.tokenFile === undefined), {
    message: 'set one of token or tokenFile',
    path: ['token'],
  });
export type GithubTrackerConfig = z.infer<typeof GithubTrackerConfig>;

/** A Jira Cloud project: the fault gets an issue, each action a sub-task of it (issue 10 item 6). */
export const JiraTrackerConfig = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lowercase letters, digits, - and _'),
    kind: z.literal('jira'),
    url: z.url().describe('the site, e.g. https://acme.atlassian.net'),
    project: z.string().regex(/^[A-Z][A-Z0-9_]{1,9}$/, 'a Jira project key, e.g. PAY'),
    email: z.email().describe('the account the API token belongs to (basic authentication)'),
    ...secretPair,
    webhookSecret: z
      .string()
      .min(16)
      .optional()
      .describe("secret: verifies X-Hub-Signature of the webhook's jira:issue_updated deliveries"),
    faultIssueType: z.string().min(1).default('Task').describe("the issue type of the fault's issue"),
    actionIssueType: z.string().min(1).default('Sub-task').describe("the sub-task type of an action's issue"),
    labels: z.array(z.string().regex(/^\S{1,50}$/, 'no spaces')).default(['faultline']),
    assignees: z
      .record(z.string(), z.string().min(1).max(128))
      .default({})
      .describe('the Jira accountId of an action owner (by email); others stay unassigned and are named in the text'),
  })
  .refine((t) => (t.token === undefined) !== (t.tokenFile === undefined), {
    message: 'set one of token or tokenFile',
    path: ['token'],
  });
export type JiraTrackerConfig = z.infer<typeof JiraTrackerConfig>;

/** A GitLab project's issues (gitlab.com or a self-managed instance). */
export const GitlabTrackerConfig = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lowercase letters, digits, - and _'),
    kind: z.literal('gitlab'),
    url: z.url().default('https://gitlab.com').describe('the instance, e.g. https://gitlab.example.com'),
    project: z
      .union([z.number().int().positive(), z.string().regex(/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)+$/, 'group/project')])
      .describe('the project: its numeric id or its path, e.g. acme/payments'),
    ...secretPair,
    webhookSecret: z
      .string()
      .min(16)
      .optional()
      .describe("secret: the Issue Hook's secret token, sent back as X-Gitlab-Token"),
    labels: z.array(z.string().min(1).max(50)).default(['faultline']),
    assignees: z
      .record(z.string(), z.number().int().positive())
      .default({})
      .describe('the GitLab user id of an action owner (by email); others are named in the text'),
  })
  .refine((t) => (t.token === undefined) !== (t.tokenFile === undefined), {
    message: 'set one of token or tokenFile',
    path: ['token'],
  });
export type GitlabTrackerConfig = z.infer<typeof GitlabTrackerConfig>;

/** Any tracker, by `kind`. */
export const TrackerConfig = z.union([GithubTrackerConfig, JiraTrackerConfig, GitlabTrackerConfig]);
export type TrackerConfig = z.infer<typeof TrackerConfig>;
export type TrackerKind = TrackerConfig['kind'];
