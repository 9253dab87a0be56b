/** A change as every intake path (API, CLI, PagerDuty, mapped webhook) hands it to the store. */
import type { ChangeKind, ChangeSource, ChangeStatus } from '@faultline/contracts';

export interface NewChange {
  kind: ChangeKind;
  summary: string;
  /** Service ids as given; the verb resolves aliases through the catalog. */
  services: string[];
  environment: string | null;
  labels: Record<string, string>;
  startedAt: Date;
  /** null while it is rolling out. */
  endedAt: Date | null;
  status: ChangeStatus;
  exitCode: number | null;
  author: string | null;
  source: ChangeSource;
  /** The integration or webhook key it came through. */
  sourceKey: string | null;
  externalId: string | null;
  url: string | null;
  rollbackOf: number | null;
  details: Record<string, unknown>;
}

/** Label names read from a sender's details as where a change landed (PagerDuty `custom_details`). */
export const PLACEMENT_LABELS = ['region', 'zone', 'cluster', 'datacenter', 'namespace'] as const;
