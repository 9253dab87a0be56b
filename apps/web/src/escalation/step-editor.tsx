import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { errorBelow } from '../oncall/schedule-draft.ts';
import { minLevelError, minLevelScope, type StepDraft, type TargetKind } from './policy-draft.ts';
import { TargetRow } from './target-row.tsx';

/**
 * One step of a policy: the delay after the previous step (the first step runs at once), its targets, and —
 * when it has a team target — whether every member is paged or one in turn, and the level it is for (empty:
 * every level). `offset` is when it runs in the first pass, in minutes after the incident opened; a step
 * passed over for its level does not shift it (docs/escalation.md "Steps for a level").
 */
export function StepEditor({
  index,
  step,
  offset,
  options,
  errors,
  onChange,
  onRemove,
  readOnly,
}: {
  index: number;
  step: StepDraft;
  offset: number;
  options: Record<TargetKind, string[]>;
  errors: Map<string, string>;
  onChange: (next: StepDraft) => void;
  onRemove: (() => void) | null;
  readOnly: boolean;
}) {
  const name = `Step ${index + 1}`;
  const p = `steps.${index}`;
  const set = (patch: Partial<StepDraft>): void => onChange({ ...step, ...patch });
  const hasTeam = step.targets.some((t) => t.kind === 'team');
  const level = step.minLevel.trim();
  return (
    <Card withBorder padding="md" component="fieldset" aria-label={name} m={0} data-testid="step-editor">
      <Stack gap="sm">
        <Group justify="space-between">
          <Group gap="xs">
            <Text fw={600}>
              {name}{' '}
              <Text span size="sm" c="dimmed">
                · {offset === 0 ? 'at once' : `${offset} min after the incident opened`}
              </Text>
            </Text>
            {level && !minLevelError(level) && (
              <Badge variant="light" color="grape" data-testid="step-min-level">
                for {minLevelScope(level)}
              </Badge>
            )}
          </Group>
          {onRemove && !readOnly && (
            <ActionIcon variant="subtle" color="red" aria-label={`Remove ${name}`} onClick={onRemove}>
              <IconTrash size={16} aria-hidden />
            </ActionIcon>
          )}
        </Group>
        <Group align="flex-end">
          <NumberInput
            label="Delay (minutes after the previous step)"
            description={index === 0 ? 'The first step runs at once' : undefined}
            min={0}
            w={260}
            value={step.delayMinutes}
            onChange={(v) => set({ delayMinutes: typeof v === 'number' ? v : Number(v) || 0 })}
            disabled={index === 0}
            error={errors.get(`${p}.delayMinutes`)}
            readOnly={readOnly}
          />
          <TextInput
            label="For level"
            description="e.g. P1: runs only at P1; passed over for a less severe incident"
            placeholder="every level"
            w={260}
            value={step.minLevel}
            onChange={(e) => set({ minLevel: e.currentTarget.value.toUpperCase() })}
            error={errors.get(`${p}.minLevel`) ?? minLevelError(step.minLevel)}
            readOnly={readOnly}
            data-testid="step-min-level-input"
          />
          {hasTeam && (
            <Stack gap={4}>
              <Text size="sm" fw={500} id={`team-mode-${index}`}>
                Team members
              </Text>
              <SegmentedControl
                aria-labelledby={`team-mode-${index}`}
                value={step.teamMode}
                onChange={(v) => set({ teamMode: v as StepDraft['teamMode'] })}
                data={[
                  { value: 'all', label: 'All' },
                  { value: 'round-robin', label: 'One in turn' },
                ]}
                readOnly={readOnly}
              />
            </Stack>
          )}
        </Group>
        {step.targets.map((t, k) => (
          <TargetRow
            key={k}
            label={`${name} target ${k + 1}`}
            value={t}
            options={options}
            readOnly={readOnly}
            error={errorBelow(errors, `${p}.targets.${k}`)}
            onChange={(next) => set({ targets: step.targets.map((x, j) => (j === k ? next : x)) })}
            onRemove={step.targets.length > 1 ? () => set({ targets: step.targets.filter((_, j) => j !== k) }) : null}
          />
        ))}
        {errors.get(`${p}.targets`) && (
          <Text size="xs" c="red">
            {errors.get(`${p}.targets`)}
          </Text>
        )}
        {!readOnly && (
          <Group>
            <Button
              size="xs"
              variant="subtle"
              leftSection={<IconPlus size={14} aria-hidden />}
              onClick={() => set({ targets: [...step.targets, { kind: 'user', value: '' }] })}
            >
              Add target
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}
