/** Impact facts (DESIGN §4): their labels, units and formatting, and the patch a facts form submits. */
import type { ImpactFacts } from '@faultline/contracts';

/** The numeric facts a person enters, in form order. */
export type NumericFact =
  'affectedUsers' | 'affectedUsersPct' | 'merchants' | 'complaintIncreasePct' | 'financialLoss' | 'slaBreachMinutes';

export interface NumericFactField {
  key: NumericFact;
  label: string;
  /** Shown after the number in the input, e.g. ` %`. */
  suffix?: string;
  /** Short hint in the empty input. */
  placeholder: string;
  max?: number;
  decimals: number;
  description: string;
}

export const NUMERIC_FACTS: readonly NumericFactField[] = [
  {
    key: 'affectedUsers',
    label: 'Affected users',
    placeholder: 'count',
    decimals: 0,
    description: 'how many users cannot use it',
  },
  {
    key: 'affectedUsersPct',
    label: 'Active users affected',
    suffix: ' %',
    placeholder: '%',
    max: 100,
    decimals: 2,
    description: '% of active users',
  },
  {
    key: 'merchants',
    label: 'Merchants affected',
    placeholder: 'count',
    decimals: 0,
    description: 'how many merchants',
  },
  {
    key: 'complaintIncreasePct',
    label: 'Complaint increase',
    suffix: ' %',
    placeholder: '% above normal',
    decimals: 1,
    description: 'complaints above normal, in %',
  },
  {
    key: 'financialLoss',
    label: 'Financial loss',
    placeholder: 'amount',
    decimals: 2,
    description: 'in the business line currency',
  },
  {
    key: 'slaBreachMinutes',
    label: 'SLA breach',
    suffix: ' min',
    placeholder: 'minutes',
    decimals: 0,
    description: 'minutes past the SLA',
  },
];

export const PUBLIC_OPINION = ['none', 'low', 'medium', 'high'] as const;
export type PublicOpinion = (typeof PUBLIC_OPINION)[number];

const count = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 2 });

/** The incident's facts as label/value lines, in form order; empty when none is known. */
export function describeFacts(facts: ImpactFacts): Array<{ key: keyof ImpactFacts; label: string; value: string }> {
  const lines: Array<{ key: keyof ImpactFacts; label: string; value: string }> = [];
  const push = (key: keyof ImpactFacts, label: string, value: string): void => void lines.push({ key, label, value });
  if (facts.affectedUsers !== undefined) push('affectedUsers', 'Affected users', count(facts.affectedUsers));
  if (facts.affectedUsersPct !== undefined)
    push('affectedUsersPct', 'Active users affected', `${count(facts.affectedUsersPct)} %`);
  if (facts.merchants !== undefined) push('merchants', 'Merchants affected', count(facts.merchants));
  if (facts.complaintIncreasePct !== undefined)
    push('complaintIncreasePct', 'Complaint increase', `+${count(facts.complaintIncreasePct)} %`);
  if (facts.financialLoss !== undefined) push('financialLoss', 'Financial loss', count(facts.financialLoss));
  if (facts.dataAssetLevel !== undefined)
    push(
      'dataAssetLevel',
      'Data asset level',
      `${facts.dataAssetLevel}${facts.dataAssetLevel === 1 ? ' (most critical)' : ''}`,
    );
  if (facts.publicOpinion !== undefined) push('publicOpinion', 'Public opinion', facts.publicOpinion);
  if (facts.slaBreachMinutes !== undefined)
    push('slaBreachMinutes', 'SLA breach', `${count(facts.slaBreachMinutes)} min`);
  if (facts.kpiDrop !== undefined)
    push(
      'kpiDrop',
      'KPI drop',
      `${count(facts.kpiDrop.percent)} % over ${count(facts.kpiDrop.windowMinutes)} min (KPI watch)`,
    );
  return lines;
}

/** What the facts form holds: numbers or '' (empty = keep the current value), selects as strings. */
export interface FactsFormValues {
  numbers: Record<NumericFact, number | string>;
  dataAssetLevel: string | null;
  publicOpinion: string | null;
  note: string;
}

export function emptyFactsForm(): FactsFormValues {
  return {
    numbers: {
      affectedUsers: '',
      affectedUsersPct: '',
      merchants: '',
      complaintIncreasePct: '',
      financialLoss: '',
      slaBreachMinutes: '',
    },
    dataAssetLevel: null,
    publicOpinion: null,
    note: '',
  };
}

/**
 * The facts a form submits: only the fields filled in (the server merges them into the incident's facts),
 * with a problem per out-of-range field. `facts` is empty when nothing was entered.
 */
export function factsPatch(values: FactsFormValues): {
  facts: ImpactFacts;
  note?: string;
  errors: Partial<Record<string, string>>;
} {
  const facts: ImpactFacts = {};
  const errors: Partial<Record<string, string>> = {};
  for (const field of NUMERIC_FACTS) {
    const raw = values.numbers[field.key];
    if (raw === '' || raw === undefined) continue;
    const n = typeof raw === 'number' ? raw : Number(raw);
    if (!Number.isFinite(n)) errors[field.key] = 'Enter a number';
    else if (n < 0) errors[field.key] = 'Cannot be negative';
    else if (field.max !== undefined && n > field.max) errors[field.key] = `At most ${field.max}`;
    else facts[field.key] = n;
  }
  if (values.dataAssetLevel) {
    const level = Number(values.dataAssetLevel);
    if (Number.isInteger(level) && level >= 1 && level <= 9) facts.dataAssetLevel = level;
    else errors.dataAssetLevel = 'A level from 1 to 9';
  }
  if (values.publicOpinion) {
    if ((PUBLIC_OPINION as readonly string[]).includes(values.publicOpinion)) {
      facts.publicOpinion = values.publicOpinion as PublicOpinion;
    } else errors.publicOpinion = 'none, low, medium or high';
  }
  const note = values.note.trim();
  return note ? { facts, note, errors } : { facts, errors };
}
