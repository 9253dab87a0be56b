import type { SuspectChange, Verdict } from '@faultline/contracts';
import { Alert, Badge, Button, Card, Group, List, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useLabelChange, useSuspectChanges } from '../api/changes.ts';
import { usePermissions } from '../api/people.ts';
import { ErrorState, errorMessage, LoadingState } from '../ui/states.tsx';
import { AbsoluteTime } from '../ui/time.tsx';
import { KindBadge } from './kind-badge.tsx';

const VERDICTS: Verdict[] = ['caused', 'fixed', 'suspect', 'dismissed'];
const VERDICT_COLOR: Record<Verdict, string> = { caused: 'red', fixed: 'green', suspect: 'yellow', dismissed: 'gray' };

function LabelForm({
  incidentId,
  suspect,
  onDone,
}: {
  incidentId: number;
  suspect: SuspectChange;
  onDone: () => void;
}) {
  const label = useLabelChange(incidentId);
  const [verdict, setVerdict] = useState<Verdict>(suspect.verdict?.verdict ?? 'caused');
  const [why, setWhy] = useState('');
  return (
    <Stack
      gap="xs"
      component="form"
      onSubmit={(e) => {
        e.preventDefault();
        label.mutate({ changeId: suspect.change.id, verdict, why }, { onSuccess: onDone });
      }}
    >
      <Select
        label="Verdict"
        data={VERDICTS}
        value={verdict}
        onChange={(v) => v && setVerdict(v as Verdict)}
        allowDeselect={false}
      />
      <Textarea label="Why" required autosize minRows={2} value={why} onChange={(e) => setWhy(e.currentTarget.value)} />
      {label.isError && (
        <Alert color="red" variant="light" role="alert">
          {errorMessage(label.error)}
        </Alert>
      )}
      <Group gap="xs">
        <Button type="submit" size="xs" loading={label.isPending}>
          Save verdict
        </Button>
        <Button size="xs" variant="default" onClick={onDone}>
          Cancel
        </Button>
      </Group>
    </Stack>
  );
}

function SuspectItem({
  incidentId,
  suspect,
  canLabel,
}: {
  incidentId: number;
  suspect: SuspectChange;
  canLabel: boolean;
}) {
  const [labelling, setLabelling] = useState(false);
  const c = suspect.change;
  return (
    <Stack gap={4} data-testid={`suspect-${c.id}`} aria-label={`Suspect ${suspect.rank}: ${c.summary}`}>
      <Group gap="xs" wrap="nowrap" justify="space-between">
        <Group gap="xs" wrap="nowrap">
          <Badge size="sm" variant="filled" color="dark" data-testid="suspect-rank">
            #{suspect.rank}
          </Badge>
          <KindBadge kind={c.kind} />
          <Text size="sm" fw={600}>
            {c.summary}
          </Text>
        </Group>
        {suspect.verdict && (
          <Badge color={VERDICT_COLOR[suspect.verdict.verdict]} data-testid="suspect-verdict">
            {suspect.verdict.verdict}
          </Badge>
        )}
      </Group>
      <Text size="xs" c="dimmed">
        {c.services.join(', ')} · <AbsoluteTime value={c.startedAt} size="xs" span /> · {c.source}
        {c.author ? ` · ${c.author}` : ''} · score {suspect.score}
      </Text>
      <List size="xs" spacing={2} data-testid="suspect-reasons">
        {suspect.reasons.map((r) => (
          <List.Item key={`${r.signal}:${r.text}`}>
            <Text span size="xs" ff="monospace">
              ×{r.factor}
            </Text>{' '}
            {r.text}
          </List.Item>
        ))}
      </List>
      {suspect.verdict && (
        <Text size="xs">
          {suspect.verdict.actor}: “{suspect.verdict.why}”
        </Text>
      )}
      {canLabel &&
        (labelling ? (
          <LabelForm incidentId={incidentId} suspect={suspect} onDone={() => setLabelling(false)} />
        ) : (
          <Group>
            <Button size="compact-xs" variant="light" onClick={() => setLabelling(true)}>
              Label…
            </Button>
          </Group>
        ))}
    </Stack>
  );
}

/**
 * The incident's suspect changes (docs/changes.md): ranked, each with its reasons in words and numbers and
 * the verdict people gave; responders label them, and `caused` sets the change_introduced_at key time.
 */
export function SuspectChangesCard({ incidentId }: { incidentId: number }) {
  const suspects = useSuspectChanges(incidentId);
  const { canSomewhere } = usePermissions();
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="suspects-heading">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="suspects-heading">
          Suspect changes
        </Title>
        {suspects.data?.changeIntroducedAt && (
          <Text size="xs" data-testid="change-introduced-at">
            Change introduced <AbsoluteTime value={suspects.data.changeIntroducedAt} size="xs" span />
          </Text>
        )}
      </Group>
      {suspects.isPending ? (
        <LoadingState label="Ranking changes…" />
      ) : suspects.isError ? (
        <ErrorState title="Cannot rank changes" error={suspects.error} onRetry={() => void suspects.refetch()} />
      ) : suspects.data.suspects.length === 0 ? (
        <Text size="sm" c="dimmed">
          No change was recorded in the 24 hours before impact started.
        </Text>
      ) : (
        <Stack gap="md">
          {suspects.data.suspects.map((s) => (
            <SuspectItem
              key={s.change.id}
              incidentId={incidentId}
              suspect={s}
              canLabel={canSomewhere('incident:respond')}
            />
          ))}
        </Stack>
      )}
    </Card>
  );
}
