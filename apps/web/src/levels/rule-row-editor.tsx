import type { ModuleView, RuleProblem } from '@faultline/contracts';
import {
  ActionIcon,
  Badge,
  Grid,
  Group,
  Input,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { sequenceName, sequencesWith } from '../incidents/level-badge.tsx';
import { levelChoices } from '../incidents/level-change.ts';
import { assignProblems, type RuleRow, rowToRule } from './rule-draft.ts';
import {
  CONDITION_LABELS,
  CONDITION_TYPES,
  type ConditionType,
  FACT_THRESHOLDS,
  KPI_MEASURES,
  ruleInWords,
} from './rule-words.ts';
import { LintProblem } from './rules-table.tsx';

type RowProblem = RuleProblem & { field: string };

const BASE_FIELDS = ['id', 'sequence', 'level', 'kind', 'scope', 'description'];
const CONDITION_FIELDS: Record<ConditionType, string[]> = {
  alert: ['alert'],
  kpiDrop: ['kpiDrop.percent', 'kpiDrop.windowMinutes', 'kpiDrop.measure'],
  facts: [...FACT_THRESHOLDS.map((t) => `facts.${t.key}`), 'facts.dataAssetLevel', 'facts.publicOpinion'],
  duration: ['duration.minutes', 'duration.atLevel'],
};

const FACT_LABELS: Record<(typeof FACT_THRESHOLDS)[number]['key'], string> = {
  affectedUsers: 'Affected users ≥',
  affectedUsersPct: 'Active users affected ≥',
  merchants: 'Merchants ≥',
  complaintIncreasePct: 'Complaint increase ≥',
  financialLoss: 'Financial loss ≥',
  slaBreachMinutes: 'SLA breach ≥',
};

/** Input props that show a field's lint problems: errors as the input's error, warnings below it. */
function problemProps(problems: readonly RowProblem[] | undefined): { error?: ReactNode; description?: ReactNode } {
  if (!problems || problems.length === 0) return {};
  const render = (list: RowProblem[]): ReactNode => (
    <Stack gap={2} component="span">
      {list.map((problem, i) => (
        <LintProblem key={i} problem={problem} scope="draft" showPath={false} />
      ))}
    </Stack>
  );
  const errors = problems.filter((p) => p.severity === 'error');
  const warnings = problems.filter((p) => p.severity !== 'error');
  return {
    ...(errors.length > 0 ? { error: render(errors) } : {}),
    ...(warnings.length > 0 ? { description: render(warnings) } : {}),
  };
}

/** A grid cell `span` sixths wide on large screens; half or full width on smaller ones. */
function Cell({ span, children }: { span: number; children: ReactNode }) {
  return <Grid.Col span={{ base: 12, sm: span >= 3 ? 12 : 6, lg: span * 2 }}>{children}</Grid.Col>;
}

/** The scope choices of a module's rule: the whole module, or one of its services; other scopes are kept. */
function scopeValue(scope: Record<string, unknown>, module: ModuleView): string {
  const keys = Object.keys(scope);
  if (keys.every((k) => k === 'module') && (scope.module === undefined || scope.module === module.id)) return 'module';
  if (
    keys.every((k) => k === 'module' || k === 'service') &&
    typeof scope.service === 'string' &&
    scope.module === module.id
  ) {
    return `service:${scope.service}`;
  }
  return 'custom';
}

/** One rule of the draft as editable fields, with the lint problems found at its path. */
export function RuleRowEditor({
  row,
  index,
  module,
  problems,
  onChange,
  onRemove,
}: {
  row: RuleRow;
  index: number;
  module: ModuleView;
  problems: readonly RowProblem[];
  onChange: (row: RuleRow) => void;
  onRemove: () => void;
}) {
  const set = (change: Partial<RuleRow>): void => onChange({ ...row, ...change });
  const { byField, rest } = assignProblems(problems, [...BASE_FIELDS, ...CONDITION_FIELDS[row.condition]]);
  const at = (field: string) => problemProps(byField.get(field));
  const label = `Rule ${index + 1}`;
  const hasError = problems.some((p) => p.severity === 'error');

  const scope = scopeValue(row.scope, module);
  const scopeOptions = [
    { value: 'module', label: `Module ${module.id}` },
    ...module.services.map((service) => ({ value: `service:${service}`, label: `Service ${service}` })),
    ...(scope === 'custom' ? [{ value: 'custom', label: `Kept: ${JSON.stringify(row.scope)}` }] : []),
  ];
  const sequence = row.sequence || 'P';
  const levelOptions = levelChoices(typeof row.durationAtLevel === 'number' ? row.durationAtLevel : undefined).map(
    (n) => ({
      value: String(n),
      label: `${sequence}${n}`,
    }),
  );

  const description = (span: number) => (
    <Cell span={span}>
      <TextInput
        label="Description"
        size="xs"
        placeholder="What it means for users, e.g. “Orders fail for everyone”"
        value={row.description}
        onChange={(event) => set({ description: event.currentTarget.value })}
        {...at('description')}
      />
    </Cell>
  );
  const number = (
    field: string,
    props: {
      label: string;
      value: number | string;
      onChange: (value: number | string) => void;
      suffix?: string;
      max?: number;
    },
  ) => (
    <Cell span={1} key={field}>
      <NumberInput
        label={props.label}
        size="xs"
        suffix={props.suffix}
        min={0}
        max={props.max}
        allowNegative={false}
        thousandSeparator=","
        hideControls
        value={props.value}
        onChange={props.onChange}
        {...at(field)}
      />
    </Cell>
  );

  return (
    <Paper
      withBorder
      p="sm"
      role="group"
      aria-label={label}
      data-testid="draft-rule-row"
      data-index={index}
      data-rule-id={row.id}
      style={hasError ? { borderColor: 'var(--mantine-color-red-5)' } : undefined}
    >
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" align="center" gap="xs">
          <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
            <Badge variant="default" size="sm" radius="sm" style={{ flexShrink: 0 }}>
              {label}
            </Badge>
            <Text size="xs" c="dimmed" lineClamp={1} data-testid="draft-rule-words">
              {ruleInWords(rowToRule(row))}
            </Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <SegmentedControl
              size="xs"
              aria-label={`Condition of rule ${index + 1}`}
              data={CONDITION_TYPES.map((type) => ({ value: type, label: CONDITION_LABELS[type] }))}
              value={row.condition}
              onChange={(value) => set({ condition: value as ConditionType })}
              data-testid="draft-rule-condition"
            />
            <Tooltip label="Remove this rule" withArrow>
              <ActionIcon variant="subtle" color="red" onClick={onRemove} aria-label={`Remove rule ${index + 1}`}>
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            </Tooltip>
          </Group>
        </Group>
        <Grid gap="xs">
          <Cell span={2}>
            <TextInput
              label="Rule id"
              size="xs"
              value={row.id}
              onChange={(event) => set({ id: event.currentTarget.value })}
              {...at('id')}
            />
          </Cell>
          <Cell span={1}>
            <Select
              label="Sequence"
              size="xs"
              data={sequencesWith([sequence]).map((id) => ({ value: id, label: `${id} · ${sequenceName(id)}` }))}
              value={sequence}
              allowDeselect={false}
              onChange={(value) => value && set({ sequence: value })}
              {...at('sequence')}
            />
          </Cell>
          <Cell span={1}>
            <NumberInput
              label="Level"
              size="xs"
              min={1}
              max={9}
              allowDecimal={false}
              allowNegative={false}
              hideControls
              prefix={sequence}
              placeholder="1 = most severe"
              value={row.level}
              onChange={(value) => set({ level: value })}
              {...at('level')}
            />
          </Cell>
          <Cell span={1}>
            <Input.Wrapper label="Kind" size="xs" {...at('kind')}>
              <SegmentedControl
                size="xs"
                fullWidth
                aria-label={`Kind of rule ${index + 1}`}
                data={[
                  { value: 'business', label: 'business' },
                  { value: 'generic', label: 'generic' },
                ]}
                value={row.kind}
                onChange={(value) => set({ kind: value === 'generic' ? 'generic' : 'business' })}
              />
            </Input.Wrapper>
          </Cell>
          <Cell span={1}>
            <Select
              label="Scope"
              size="xs"
              data={scopeOptions}
              value={scope}
              allowDeselect={false}
              onChange={(value) => {
                if (!value || value === 'custom') return;
                set({
                  scope:
                    value === 'module'
                      ? { module: module.id }
                      : { module: module.id, service: value.slice('service:'.length) },
                });
              }}
              {...at('scope')}
            />
          </Cell>
        </Grid>
        <Grid gap="xs">
          {row.condition === 'alert' && (
            <>
              <Cell span={3}>
                <Textarea
                  label="Matchers, one per line"
                  description="All must match one firing alert: =, !=, =~, !~"
                  placeholder={'severity="critical"\nalertname=~"Checkout.*"'}
                  size="xs"
                  autosize
                  minRows={2}
                  value={row.matchers}
                  onChange={(event) => set({ matchers: event.currentTarget.value })}
                  {...at('alert')}
                  styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                />
              </Cell>
              {description(3)}
            </>
          )}
          {row.condition === 'kpiDrop' && (
            <>
              {number('kpiDrop.percent', {
                label: 'Drop of at least',
                suffix: ' %',
                max: 100,
                value: row.kpiPercent,
                onChange: (value) => set({ kpiPercent: value }),
              })}
              {number('kpiDrop.windowMinutes', {
                label: 'Sustained for',
                suffix: ' min',
                value: row.kpiWindow,
                onChange: (value) => set({ kpiWindow: value }),
              })}
              <Cell span={2}>
                <Select
                  label="Measured on"
                  size="xs"
                  data={Object.entries(KPI_MEASURES).map(([value, label]) => ({ value, label }))}
                  value={row.kpiMeasure}
                  allowDeselect={false}
                  onChange={(value) => value && set({ kpiMeasure: value as RuleRow['kpiMeasure'] })}
                  {...at('kpiDrop.measure')}
                />
              </Cell>
              {description(2)}
            </>
          )}
          {row.condition === 'facts' && (
            <>
              {FACT_THRESHOLDS.map((threshold) =>
                number(`facts.${threshold.key}`, {
                  label: FACT_LABELS[threshold.key],
                  suffix: threshold.unit || undefined,
                  value: row.facts[threshold.key],
                  onChange: (value) => set({ facts: { ...row.facts, [threshold.key]: value } }),
                }),
              )}
              <Cell span={1}>
                <Select
                  label="Data asset level ≤"
                  size="xs"
                  placeholder="any"
                  clearable
                  data={Array.from({ length: 9 }, (_, i) => ({
                    value: String(i + 1),
                    label: i === 0 ? '1 (most critical)' : String(i + 1),
                  }))}
                  value={row.dataAssetLevel}
                  onChange={(value) => set({ dataAssetLevel: value })}
                  {...at('facts.dataAssetLevel')}
                />
              </Cell>
              <Cell span={1}>
                <Select
                  label="Public opinion ≥"
                  size="xs"
                  placeholder="any"
                  clearable
                  data={['low', 'medium', 'high']}
                  value={row.publicOpinion}
                  onChange={(value) => set({ publicOpinion: value })}
                  {...at('facts.publicOpinion')}
                />
              </Cell>
              {description(4)}
            </>
          )}
          {row.condition === 'duration' && (
            <>
              <Cell span={1}>
                <Select
                  label="At level or more severe"
                  size="xs"
                  placeholder="Choose"
                  data={levelOptions}
                  value={row.durationAtLevel === '' ? null : String(row.durationAtLevel)}
                  onChange={(value) => set({ durationAtLevel: value === null ? '' : Number(value) })}
                  {...at('duration.atLevel')}
                />
              </Cell>
              {number('duration.minutes', {
                label: 'For at least',
                suffix: ' min',
                value: row.durationMinutes,
                onChange: (value) => set({ durationMinutes: value }),
              })}
              {description(4)}
            </>
          )}
        </Grid>
        {rest.length > 0 && (
          <Stack gap={2}>
            {rest.map((problem, i) => (
              <LintProblem key={i} problem={problem} scope="draft" />
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
