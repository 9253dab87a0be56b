import type { SimulationView } from '@faultline/contracts';
import { Alert, Autocomplete, Button, Card, Group, List, TextInput } from '@mantine/core';
import { IconAlertCircle, IconBellOff, IconPlayerPlay } from '@tabler/icons-react';
import { useState } from 'react';
import { useModules } from '../api/level-rules.ts';
import { useSimulate } from '../api/oncall.ts';
import { DateTimeField } from '../oncall/date-time-field.tsx';
import { fieldErrors } from '../oncall/field-errors.ts';
import { PageShell } from '../oncall/page-shell.tsx';
import { errorMessage } from '../ui/states.tsx';
import { formatAbsolute } from '../ui/format-time.ts';
import { SimulationTimeline } from './simulation-timeline.tsx';
import { parseLabels } from './simulator-labels.ts';

/** What would mute the alert at that time, and when its held page would go out. */
function MutedNotice({ result }: { result: SimulationView }) {
  if (result.mutedBy.length === 0) return null;
  return (
    <Alert color="orange" variant="light" icon={<IconBellOff />} title="Muted" data-testid="simulation-muted">
      {result.heldUntil
        ? `Nothing is paged until ${formatAbsolute(result.heldUntil)}; then, if the alert still fires, the steps below run.`
        : 'Nothing is paged until what mutes it ends; then, if the alert still fires, the steps below run.'}
      <List size="sm" mt={4}>
        {result.mutedBy.map((m) => (
          <List.Item key={`${m.kind}:${m.id}`}>{m.reason}</List.Item>
        ))}
      </List>
    </Alert>
  );
}

/**
 * `/oncall/simulate`: "who gets paged, how and when, for service S at level L at time T" — nothing is sent.
 * The time is picked in the viewer's zone; empty means now. With the alert's labels, the silences,
 * maintenance windows and inhibition rules that would mute it then are applied.
 */
export function SimulatorPage() {
  const simulate = useSimulate();
  const [service, setService] = useState('');
  const [level, setLevel] = useState('P1');
  const [at, setAt] = useState<string | null>(null);
  const [labels, setLabels] = useState('');
  const errors = fieldErrors(simulate.error);
  const modules = useModules();
  const services = [...new Set((modules.data ?? []).flatMap((m) => m.services))].sort();
  return (
    <PageShell
      section="oncall"
      title="Escalation simulator"
      description="Who would be paged, through which methods and when, for a new incident. Nothing is sent."
    >
      <Card withBorder padding="lg">
        <Group
          align="flex-start"
          component="form"
          aria-label="Simulate"
          onSubmit={(e) => {
            e.preventDefault();
            const parsed = parseLabels(labels);
            simulate.mutate({
              service: service.trim(),
              level: level.trim().toUpperCase(),
              ...(at ? { at } : {}),
              ...(Object.keys(parsed).length ? { labels: parsed } : {}),
            });
          }}
        >
          <Autocomplete
            label="Service"
            description="Id or alias"
            data={services}
            value={service}
            onChange={setService}
            error={errors.get('service')}
            required
          />
          <TextInput
            label="Level"
            description="e.g. P1"
            w={100}
            value={level}
            onChange={(e) => setLevel(e.currentTarget.value)}
            error={errors.get('level')}
            required
          />
          <DateTimeField label="At" value={at} onChange={setAt} error={errors.get('at')} />
          <TextInput
            label="Alert labels"
            description='Optional: alertname="DiskFull", instance="db-1"'
            value={labels}
            onChange={(e) => setLabels(e.currentTarget.value)}
            error={[...errors].find(([path]) => path.startsWith('labels'))?.[1]}
          />
          <Button
            type="submit"
            mt={46}
            loading={simulate.isPending}
            leftSection={<IconPlayerPlay size={16} aria-hidden />}
          >
            Simulate
          </Button>
        </Group>
      </Card>
      {simulate.isError && (
        <Alert color="red" variant="light" icon={<IconAlertCircle />} role="alert" title="Cannot simulate">
          {errorMessage(simulate.error)}
        </Alert>
      )}
      {simulate.data && <MutedNotice result={simulate.data} />}
      {simulate.data && <SimulationTimeline result={simulate.data} />}
    </PageShell>
  );
}
