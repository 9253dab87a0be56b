import { Alert, Autocomplete, Button, Card, Group, TextInput } from '@mantine/core';
import { IconAlertCircle, IconPlayerPlay } from '@tabler/icons-react';
import { useState } from 'react';
import { useModules } from '../api/level-rules.ts';
import { useSimulate } from '../api/oncall.ts';
import { DateTimeField } from '../oncall/date-time-field.tsx';
import { fieldErrors } from '../oncall/field-errors.ts';
import { PageShell } from '../oncall/page-shell.tsx';
import { errorMessage } from '../ui/states.tsx';
import { SimulationTimeline } from './simulation-timeline.tsx';

/**
 * `/oncall/simulate`: "who gets paged, how and when, for service S at level L at time T" — nothing is sent.
 * The time is picked in the viewer's zone; empty means now.
 */
export function SimulatorPage() {
  const simulate = useSimulate();
  const [service, setService] = useState('');
  const [level, setLevel] = useState('P1');
  const [at, setAt] = useState<string | null>(null);
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
            simulate.mutate({ service: service.trim(), level: level.trim().toUpperCase(), ...(at ? { at } : {}) });
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
      {simulate.data && <SimulationTimeline result={simulate.data} />}
    </PageShell>
  );
}
