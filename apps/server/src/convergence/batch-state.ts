/**
 * The in-memory side of a convergence batch: the alerts and incidents a batch touches, mutated signal by
 * signal in order (dedup, group, grade), then handed back as the rows to write. Pure apart from
 * `createIncident`, which inserts a new incident at once because its id appears in join reasons.
 */
import type { LevelExplanation } from '@faultline/contracts';
import type { alerts, incidents, TimelineInput } from '../incident/index.ts';
import type { Signal } from '../intake/index.ts';
import type { LoadedConfig } from '../kernel/index.ts';
import { grade, type ImpactFactsInput } from '../levels/index.ts';
import { mergeUpgrades, pagesFor, upgradeData, type PageStep } from '../incident/index.ts';
import type { Route } from './route.ts';
import {
  decideReopen,
  frequencyGate,
  muteRecords,
  topologyJoin,
  type MuteRecord,
  type MuteReason,
  type Mutes,
  type OpenIncidentRef,
} from '../suppression/index.ts';
import { coalesceHeldPages } from './held.ts';

type IncidentRow = typeof incidents.$inferSelect;
type AlertRow = typeof alerts.$inferSelect;
type NewIncident = typeof incidents.$inferInsert;
type NewAlert = typeof alerts.$inferInsert;

/** One signal with what intake-independent planning derived: scoped dedup key, route, group key. */
export interface PlannedSignal {
  integration: string;
  signal: Signal;
  /** `<integration key>:<source dedup key>`. */
  dedupKey: string;
  route: Route;
  groupKey: string;
}

/** Mutable fields of an alert. */
interface AlertFields {
  status: 'firing' | 'resolved';
  count: number;
  lastSeenAt: Date;
  endsAt: Date | null;
  summary: string;
  severity: string | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Why it is muted as of this signal (suppression); empty when it is not. */
  mutedBy: MuteRecord[];
}

interface AlertState {
  /** Set once inserted (new alerts) or from the row (existing). */
  id: number | null;
  incidentId: number;
  integration: string;
  fields: AlertFields;
  /** Insert values for a new alert (fields merged in at write time). */
  insert: Omit<NewAlert, keyof AlertFields> | null;
  dirty: boolean;
}

interface IncidentState {
  row: IncidentRow;
  dirty: boolean;
  created: boolean;
}

export interface PageRequest extends PageStep {
  incidentId: number;
  team: string | null;
  service: string | null;
}

/** A release check of an incident's held pages due at `at` (the earliest end of what mutes it). */
export interface Recheck {
  incidentId: number;
  at: Date;
}

const OPEN = new Set(['triggered', 'acknowledged', 'mitigated']);

export class BatchState {
  private readonly alertsByKey = new Map<string, AlertState>();
  private readonly incidentsById = new Map<number, IncidentState>();
  private readonly openByGroup = new Map<string, IncidentState>();
  /** Open incidents by the service they are open on (topology joins them). */
  private readonly openByService = new Map<string, IncidentState[]>();
  /** The latest incident of each group resolved within the reopen window (flapping reopens it). */
  private readonly resolvedByGroup = new Map<string, IncidentState>();
  private readonly newAlerts: AlertState[] = [];
  private readonly timeline: Array<() => TimelineInput> = [];
  private readonly pages: PageRequest[] = [];
  private readonly regraded = new Set<number>();
  private readonly rechecks: Recheck[] = [];
  private readonly mutes: Mutes;
  private readonly cfg: LoadedConfig;
  private readonly now: Date;
  private readonly createIncident: (values: NewIncident) => Promise<IncidentRow>;

  /**
   * @param latest the latest alert row of each dedup key in the batch
   * @param touched the incidents of those alerts, the open incidents of the batch's group keys and of the
   *   services upstream of its services (topology), and its groups' incidents resolved within the reopen window
   * @param createIncident inserts a new incident and returns its row
   * @param mutes what mutes alerts now (silences), read once for the batch
   */
  constructor(
    cfg: LoadedConfig,
    now: Date,
    latest: AlertRow[],
    touched: IncidentRow[],
    createIncident: (values: NewIncident) => Promise<IncidentRow>,
    mutes: Mutes,
  ) {
    this.cfg = cfg;
    this.mutes = mutes;
    this.now = now;
    this.createIncident = createIncident;
    for (const row of touched) {
      const st: IncidentState = { row, dirty: false, created: false };
      this.incidentsById.set(row.id, st);
      if (OPEN.has(row.status)) {
        // A topology join may have added an alert of another group: only an incident of this group key counts.
        this.openByGroup.set(row.groupKey, st);
        this.indexOpen(st);
      } else if (row.status === 'resolved' && row.resolvedAt) {
        const prev = this.resolvedByGroup.get(row.groupKey);
        if (!prev || prev.row.resolvedAt! < row.resolvedAt) this.resolvedByGroup.set(row.groupKey, st);
      }
    }
    for (const a of latest) {
      this.alertsByKey.set(a.dedupKey, {
        id: a.id,
        incidentId: a.incidentId,
        integration: a.integration,
        fields: {
          status: a.status as AlertFields['status'],
          count: a.count,
          lastSeenAt: a.lastSeenAt,
          endsAt: a.endsAt,
          summary: a.summary,
          severity: a.severity,
          labels: a.labels,
          annotations: a.annotations,
          mutedBy: a.mutedBy,
        },
        insert: null,
        dirty: false,
      });
    }
  }

  /** Applies one signal (in batch order). */
  async apply(p: PlannedSignal): Promise<void> {
    const alert = this.alertsByKey.get(p.dedupKey);
    const incident = alert ? this.incidentsById.get(alert.incidentId) : undefined;
    const open = incident !== undefined && OPEN.has(incident.row.status);
    switch (p.signal.action) {
      case 'trigger':
        if (alert && incident && open) return this.repeat(alert, incident, p);
        return this.newAlert(p);
      case 'acknowledge':
        if (incident && open && incident.row.status === 'triggered') {
          this.touch(incident, {
            status: 'acknowledged',
            acknowledgedAt: this.now,
            acknowledgedBy: `integration ${p.integration}`,
          });
          this.note(incident, 'acknowledged', p.integration, `acknowledged through integration ${p.integration}`);
        }
        return;
      case 'resolve':
        if (alert && incident && alert.fields.status === 'firing') this.resolve(alert, incident, p.signal);
        return;
      case 'note': {
        // A sender's note on its alert (Opsgenie's Add Note): on the incident's timeline, whatever its status.
        const text = p.signal.annotations.note;
        if (alert && incident && text) {
          const by = p.signal.annotations.user ? ` (${p.signal.annotations.user})` : '';
          this.note(incident, 'note', p.integration, `note on alert "${alert.fields.summary}"${by}: ${text}`, () => ({
            alertDedupKey: p.dedupKey,
          }));
        }
        return;
      }
    }
  }

  private indexOpen(st: IncidentState): void {
    if (!st.row.service) return;
    const list = this.openByService.get(st.row.service) ?? [];
    list.push(st);
    this.openByService.set(st.row.service, list);
  }

  /**
   * Where a firing alert with no open incident of its group goes before a new incident is opened: its group's
   * incident resolved within the reopen window (flapping, reopened), else an open incident of a service it
   * depends on (topology, joined). Null: open a new incident.
   */
  private elsewhere(p: PlannedSignal): { st: IncidentState; joinReason: string; reopened: boolean } | null {
    const { reopenWithinMinutes, topologyDepth } = this.cfg.config.convergence;
    const resolved = this.resolvedByGroup.get(p.groupKey);
    if (resolved && resolved.row.status === 'resolved') {
      const decision = decideReopen(
        { id: resolved.row.id, status: 'resolved', resolvedAt: resolved.row.resolvedAt },
        { windowMs: reopenWithinMinutes * 60_000 },
        this.now,
      );
      if (decision.action === 'reopen')
        return {
          st: resolved,
          joinReason: `reopened incident #${resolved.row.id}: ${decision.reason}`,
          reopened: true,
        };
    }
    const service = p.route.service?.id;
    if (!service || topologyDepth <= 0) return null;
    const open = new Map<string, OpenIncidentRef[]>();
    for (const [svc, list] of this.openByService) {
      const refs = list
        .filter((s) => OPEN.has(s.row.status))
        .map((s) => ({ id: s.row.id, service: svc, openedAt: s.row.createdAt }));
      if (refs.length > 0) open.set(svc, refs);
    }
    const join = topologyJoin({
      service,
      dependsOn: (id) => this.cfg.catalog.service(id)?.dependsOn ?? [],
      openIncidents: open,
      maxDepth: topologyDepth,
    });
    if (!join) return null;
    const st = this.incidentsById.get(join.incident.id)!;
    return { st, joinReason: `joined incident #${st.row.id}: ${join.reason}`, reopened: false };
  }

  private touch(st: IncidentState, change: Partial<IncidentRow>): void {
    Object.assign(st.row, change, { updatedAt: this.now });
    st.dirty = true;
  }

  private note(
    st: IncidentState,
    kind: TimelineInput['kind'],
    actor: string,
    message: string,
    data: () => Record<string, unknown> = () => ({}),
  ): void {
    const incidentId = st.row.id;
    const at = this.now;
    this.timeline.push(() => ({ incidentId, at, kind, actor, message, data: data() }));
  }

  private async newAlert(p: PlannedSignal): Promise<void> {
    const { signal, route } = p;
    const startsAt = new Date(signal.startsAt);
    let st = this.openByGroup.get(p.groupKey);
    let joinReason: string;
    const other = st ? null : this.elsewhere(p);
    const created = !st && !other;
    let extraPages: PageStep[] = [];
    const reasons = this.mutes.of(signal.labels, route.service);
    // A suppress-incidents window: the alert is recorded, but what it would open stays a risk until the end.
    const holdBy = created
      ? reasons.find(
          (r): r is Extract<MuteReason, { kind: 'maintenance' }> =>
            r.kind === 'maintenance' && r.effect === 'suppress-incidents',
        )
      : undefined;
    if (other) {
      st = other.st;
      joinReason = other.joinReason;
      if (other.reopened) extraPages = this.reopenResolved(st, signal.summary);
    } else if (!st) {
      const gate = this.gate(null);
      const row = await this.createIncident({
        title: signal.summary,
        status: 'triggered',
        groupKey: p.groupKey,
        service: route.service?.id ?? null,
        team: route.service?.team ?? null,
        createdAt: this.now,
        updatedAt: this.now,
        detectedAt: this.now,
        impactStartedAt: startsAt,
        ...(gate && !gate.open ? { risk: true, gateFirings: gate.keep.map((d) => d.toISOString()) } : {}),
        ...(holdBy ? { risk: true, heldByWindow: holdBy.id } : {}),
      });
      st = { row, dirty: false, created: true };
      this.incidentsById.set(row.id, st);
      this.openByGroup.set(p.groupKey, st);
      this.indexOpen(st);
      joinReason = `opened incident #${row.id}: no open incident had group key ${p.groupKey} (${route.reason})${
        gate && !gate.open ? `; gate: ${gate.reason}` : ''
      }${holdBy ? `; held by maintenance window ${holdBy.id}: a risk until it ends (suppress-incidents)` : ''}`;
      if (holdBy?.until) this.rechecks.push({ incidentId: row.id, at: holdBy.until });
      this.note(
        st,
        'incident_opened',
        p.integration,
        `incident opened by ${signal.source} alert "${signal.summary}"`,
        () => ({
          groupKey: p.groupKey,
          service: route.service?.id ?? null,
        }),
      );
    } else {
      joinReason = `joined incident #${st.row.id}: same group key ${p.groupKey} while it is ${st.row.status} (${route.reason})`;
    }
    const alert: AlertState = {
      id: null,
      incidentId: st.row.id,
      integration: p.integration,
      fields: {
        status: 'firing',
        count: 1,
        lastSeenAt: this.now,
        endsAt: null,
        summary: signal.summary,
        severity: signal.severity,
        labels: signal.labels,
        annotations: signal.annotations,
        mutedBy: muteRecords(reasons),
      },
      insert: {
        dedupKey: p.dedupKey,
        integration: p.integration,
        source: signal.source,
        startsAt,
        incidentId: st.row.id,
        joinReason,
        createdAt: this.now,
      },
      dirty: false,
    };
    this.alertsByKey.set(p.dedupKey, alert);
    this.newAlerts.push(alert);
    const reopened = st.row.status === 'mitigated';
    const impact = st.row.impactStartedAt && st.row.impactStartedAt < startsAt ? st.row.impactStartedAt : startsAt;
    this.touch(st, {
      alertCount: st.row.alertCount + 1,
      firingCount: st.row.firingCount + 1,
      impactStartedAt: impact,
      ...(reopened ? { status: st.row.acknowledgedAt ? 'acknowledged' : 'triggered', mitigatedAt: null } : {}),
    });
    this.note(st, 'alert_joined', p.integration, `alert "${signal.summary}" joined: ${joinReason}`, () => ({
      alertId: alert.id,
      labels: signal.labels,
    }));
    if (reopened) this.reopenNote(st, signal.summary);
    if (created && st.row.gateFirings) return; // below the frequency gate: a risk, ungraded, paging nobody
    const gate = created ? 'pass' : this.passGate(st, signal.summary);
    if (gate === 'gated') return;
    this.regrade(st, signal, created || gate === 'opened', reasons, extraPages);
  }

  /** The frequency gate's decision for one more firing of a group (null: no gate configured). */
  private gate(earlier: readonly string[] | null) {
    const { firings, windowMinutes } = this.cfg.config.convergence.frequencyGate;
    if (firings <= 1) return null;
    return frequencyGate(
      (earlier ?? []).map((t) => new Date(t)),
      { threshold: firings, windowMs: windowMinutes * 60_000 },
      this.now,
    );
  }

  /**
   * Counts a firing into a gated incident (DESIGN §5 step 2, optional gate: N firings in M minutes). Below the
   * gate it stays a risk and the firing is only recorded; at the gate it opens: graded and paged like a new
   * incident, with a timeline entry saying so.
   * @returns `pass` (not gated), `gated` (still below: record only) or `opened` (grade and page as new)
   */
  private passGate(st: IncidentState, summary: string): 'pass' | 'gated' | 'opened' {
    if (!st.row.gateFirings) return 'pass';
    const gate = this.gate(st.row.gateFirings);
    if (gate && !gate.open) {
      this.touch(st, { gateFirings: gate.keep.map((d) => d.toISOString()) });
      return 'gated';
    }
    // Open (or the gate was turned off since): graded and paged like a new incident.
    this.touch(st, { gateFirings: null, risk: false });
    const why = gate ? gate.reason : 'the frequency gate is off';
    this.note(st, 'risk_promoted', 'system', `alert "${summary}": ${why} (frequency gate)`, () => ({
      gate: gate ? { count: gate.count } : null,
    }));
    return 'opened';
  }

  /**
   * Flapping: reopens a resolved incident of the alert's group (DESIGN §5 step 2). It is open again as
   * `triggered`, its resolution cleared, and pages its on-call once (`reopened-<resolved at>`, a step name per
   * resolution, so each reopen pages once and a repeat of it none); a risk pages nobody.
   * @returns the page to send (or hold, when the alert is muted)
   */
  private reopenResolved(st: IncidentState, summary: string): PageStep[] {
    const resolvedAt = st.row.resolvedAt!;
    this.touch(st, { status: 'triggered', resolvedAt: null, mitigatedAt: null });
    this.openByGroup.set(st.row.groupKey, st);
    this.resolvedByGroup.delete(st.row.groupKey);
    this.indexOpen(st);
    this.note(
      st,
      'reopened',
      'system',
      `alert "${summary}" fired again ${Math.round((this.now.getTime() - resolvedAt.getTime()) / 60_000)} min after the incident resolved: reopened (flapping)`,
      () => ({ from: 'resolved', to: 'triggered', resolvedAt: resolvedAt.toISOString() }),
    );
    return st.row.risk ? [] : [{ step: `reopened-${resolvedAt.getTime()}`, audience: 'oncall' }];
  }

  private reopenNote(st: IncidentState, summary: string): void {
    this.note(st, 'reopened', 'system', `alert "${summary}" fired again: the incident is no longer mitigated`);
  }

  private repeat(alert: AlertState, st: IncidentState, p: PlannedSignal): void {
    const { signal } = p;
    const refired = alert.fields.status === 'resolved';
    const reasons = this.mutes.of(signal.labels, p.route.service);
    Object.assign(alert.fields, {
      mutedBy: muteRecords(reasons),
      count: alert.fields.count + 1,
      lastSeenAt: this.now,
      status: 'firing',
      endsAt: null,
      summary: signal.summary,
      severity: signal.severity,
      labels: signal.labels,
      annotations: signal.annotations,
    });
    alert.dirty = true;
    if (!refired) {
      // A repeat of a firing alert changes counts only; no timeline row, so an alert storm stays readable.
      this.touch(st, {});
      // ...unless it is no longer muted while its incident holds pages: those are sent now, once.
      if (reasons.length === 0 && st.row.heldSince) this.routePages(st, [], reasons, signal.summary);
      return;
    }
    const reopened = st.row.status === 'mitigated';
    this.touch(st, {
      firingCount: st.row.firingCount + 1,
      ...(reopened ? { status: st.row.acknowledgedAt ? 'acknowledged' : 'triggered', mitigatedAt: null } : {}),
    });
    this.note(
      st,
      'alert_repeated',
      alert.integration,
      `alert "${signal.summary}" fired again after it had resolved`,
      () => ({
        alertId: alert.id,
      }),
    );
    if (reopened) this.reopenNote(st, signal.summary);
    const gate = this.passGate(st, signal.summary);
    if (gate === 'gated') return;
    this.regrade(st, signal, gate === 'opened', reasons);
  }

  private resolve(alert: AlertState, st: IncidentState, signal: Signal): void {
    const endsAt = signal.endsAt ? new Date(signal.endsAt) : this.now;
    Object.assign(alert.fields, { status: 'resolved', endsAt, lastSeenAt: this.now });
    alert.dirty = true;
    this.touch(st, { firingCount: Math.max(st.row.firingCount - 1, 0) });
    this.note(st, 'alert_resolved', alert.integration, `alert "${alert.fields.summary}" resolved`, () => ({
      alertId: alert.id,
      endsAt: endsAt.toISOString(),
    }));
    if (st.row.firingCount === 0 && (st.row.status === 'triggered' || st.row.status === 'acknowledged')) {
      this.touch(st, { status: 'mitigated', mitigatedAt: this.now });
      this.note(
        st,
        'mitigated',
        'system',
        'all alerts resolved: the incident is mitigated (it stays open until a person resolves it)',
      );
    }
    if (st.row.firingCount === 0 && st.row.heldSince) {
      this.touch(st, { heldSince: null, heldPages: [] });
      this.note(st, 'page_dropped', 'system', 'held pages dropped: every alert resolved while muted, nothing to page');
    }
  }

  /**
   * Re-grades on a firing alert. Automatic grading only upgrades (DESIGN §4), so grading the new alert
   * with the incident's facts and keeping the more severe of old and new equals grading every alert again.
   */
  private regrade(
    st: IncidentState,
    signal: Signal,
    isNew: boolean,
    reasons: readonly MuteReason[],
    extraPages: readonly PageStep[] = [],
  ): void {
    const row = st.row;
    const service = row.service ? (this.cfg.catalog.service(row.service) ?? null) : null;
    const result = grade(
      { alerts: [{ labels: signal.labels, status: 'firing' }], facts: row.facts as ImpactFactsInput, service },
      this.cfg.rules,
    );
    const before = { levels: row.levels, levelExplanation: row.levelExplanation as LevelExplanation[], risk: row.risk };
    const { next, upgrades } = mergeUpgrades(before, result, this.now);
    for (const u of upgrades) this.note(st, 'level_set', 'rule', u.message, () => upgradeData(u));
    // Held by a suppress-incidents window: graded (its pages wait on the hold), but a risk until the window ends.
    const kept = row.heldByWindow ? { ...next, risk: true } : next;
    if (upgrades.length > 0 || kept.risk !== row.risk) this.touch(st, kept);
    if (upgrades.length > 0) this.regraded.add(row.id);
    this.routePages(st, [...extraPages, ...pagesFor(isNew, next, upgrades)], reasons, signal.summary);
  }

  /**
   * Sends a signal's pages, or holds them while its alert is muted (DESIGN §5 step 3): a muted alert is
   * recorded and visible but never pages; its pages wait on the incident (`heldSince`, `heldPages`) for the
   * release check at the earliest end of its mutes (release.ts). An alert that is not muted joining an
   * incident that holds pages sends them now, coalesced, once.
   */
  private routePages(st: IncidentState, pages: PageStep[], reasons: readonly MuteReason[], summary: string): void {
    const row = st.row;
    if (reasons.length > 0) {
      if (pages.length === 0) return;
      const records = muteRecords(reasons);
      this.touch(st, { heldSince: row.heldSince ?? this.now, heldPages: [...row.heldPages, ...pages] });
      this.note(
        st,
        'page_held',
        'system',
        `page held (${pages.map((p) => p.step).join(', ')}): alert "${summary}" is ${records.map((r) => r.reason).join('; ')}`,
        () => ({ pages: pages.map((p) => p.step), mutedBy: records }),
      );
      const ends = reasons.flatMap((r) => (r.kind !== 'inhibition' && r.until ? [r.until.getTime()] : []));
      if (ends.length > 0) this.rechecks.push({ incidentId: row.id, at: new Date(Math.min(...ends)) });
      return;
    }
    let send = pages;
    if (row.heldSince) {
      const held = row.heldPages;
      const since = row.heldSince.toISOString();
      this.touch(st, { heldSince: null, heldPages: [] });
      if (row.status === 'triggered') {
        send = coalesceHeldPages([...held, ...pages]);
        this.note(st, 'page_released', 'system', `held pages sent: alert "${summary}" is not muted`, () => ({
          heldSince: since,
          pages: send.map((p) => p.step),
        }));
      } else {
        this.note(st, 'page_dropped', 'system', `held pages dropped: the incident is ${row.status}`);
      }
    }
    for (const page of send) this.pages.push({ incidentId: row.id, team: row.team, service: row.service, ...page });
  }

  /** Release checks of held pages to schedule (one per incident and instant). */
  heldRechecks(): Recheck[] {
    const seen = new Map<string, Recheck>();
    for (const r of this.rechecks) seen.set(`${r.incidentId}@${r.at.getTime()}`, r);
    return [...seen.values()];
  }

  /** Incidents whose levels this batch set or raised (their duration timers need scheduling). */
  regradedIncidents(): IncidentRow[] {
    return [...this.regraded].map((id) => this.incidentsById.get(id)!.row);
  }

  /** Ids of the incidents this batch opened. */
  createdIncidentIds(): number[] {
    return [...this.incidentsById.values()].filter((s) => s.created).map((s) => s.row.id);
  }

  /** What to write: new alerts (their `id` is set by the caller after insert), changed rows, timeline, pages. */
  changes() {
    const newAlerts = this.newAlerts.map((a) => ({
      get values(): NewAlert {
        return { ...a.insert!, ...a.fields };
      },
      set id(id: number) {
        a.id = id;
      },
    }));
    const changedAlerts = [...this.alertsByKey.values()]
      .filter((a) => a.dirty && a.insert === null)
      .map(({ id, fields: f }) => ({
        id,
        status: f.status,
        count: f.count,
        last_seen_at: f.lastSeenAt,
        ends_at: f.endsAt,
        summary: f.summary,
        severity: f.severity,
        labels: f.labels,
        annotations: f.annotations,
        muted_by: f.mutedBy,
      }));
    const changedIncidents = [...this.incidentsById.values()]
      .filter((s) => s.dirty || s.created)
      .map(({ row }) => ({
        id: row.id,
        status: row.status,
        alert_count: row.alertCount,
        firing_count: row.firingCount,
        updated_at: row.updatedAt,
        impact_started_at: row.impactStartedAt,
        levels: row.levels,
        level_explanation: row.levelExplanation,
        risk: row.risk,
        mitigated_at: row.mitigatedAt,
        resolved_at: row.resolvedAt,
        acknowledged_at: row.acknowledgedAt,
        acknowledged_by: row.acknowledgedBy,
        held_since: row.heldSince,
        held_pages: row.heldPages,
        gate_firings: row.gateFirings,
      }));
    return { newAlerts, changedAlerts, changedIncidents, timeline: this.timeline, pages: this.pages };
  }
}
