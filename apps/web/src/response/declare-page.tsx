import type { DeclareIncidentInput, ReportSource } from '@faultline/contracts';
import { Button, Card, Group, NativeSelect, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useModules } from '../api/level-rules.ts';
import { useDeclare } from '../api/response.ts';
import { ActionError } from './action-error.tsx';

const SOURCES: Array<{ value: ReportSource; label: string }> = [
  { value: 'customer', label: 'Customer report' },
  { value: 'internal', label: 'Internal report' },
  { value: 'public-opinion', label: 'Public opinion' },
  { value: 'monitoring', label: 'Monitoring' },
];

/**
 * `/incidents/declare`: a person reports an incident (DESIGN §5): title, service, level, description, source
 * and reporter. It is graded and paged like any other; the console opens its room.
 */
export function DeclarePage() {
  const declare = useDeclare();
  const navigate = useNavigate();
  const modules = useModules();
  const services = (modules.data ?? []).flatMap((m) =>
    m.services.map((s) => ({ value: s, label: `${s} (${m.name})` })),
  );
  const [title, setTitle] = useState('');
  const [service, setService] = useState('');
  const [level, setLevel] = useState('2');
  const [source, setSource] = useState<ReportSource>('internal');
  const [reporter, setReporter] = useState('');
  const [description, setDescription] = useState('');
  return (
    <Stack gap="md" maw={720} mx="auto">
      <Title order={1} size="h2">
        Declare incident
      </Title>
      <Card withBorder padding="lg">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const body: DeclareIncidentInput = {
              title,
              service: service || null,
              sequence: 'P',
              level: level === 'risk' ? null : Number(level),
              source,
              description,
              ...(reporter ? { reporter } : {}),
            };
            declare.mutate(body, { onSuccess: (d) => void navigate(`/incidents/${d.id}`) });
          }}
        >
          <Stack gap="sm">
            <TextInput label="Title" value={title} onChange={(e) => setTitle(e.currentTarget.value)} required />
            <Group grow gap="sm" wrap="wrap">
              <NativeSelect
                label="Service"
                value={service}
                onChange={(e) => setService(e.currentTarget.value)}
                data={[{ value: '', label: 'none' }, ...services]}
              />
              <NativeSelect
                label="Level"
                value={level}
                onChange={(e) => setLevel(e.currentTarget.value)}
                data={[
                  { value: '1', label: 'P1' },
                  { value: '2', label: 'P2' },
                  { value: '3', label: 'P3' },
                  { value: '4', label: 'P4' },
                  { value: 'risk', label: 'risk (not paged)' },
                ]}
              />
            </Group>
            <Group grow gap="sm" wrap="wrap">
              <NativeSelect
                label="Source"
                value={source}
                onChange={(e) => setSource(e.currentTarget.value as ReportSource)}
                data={SOURCES}
              />
              <TextInput
                label="Reporter"
                description="Who reported it; default: you"
                value={reporter}
                onChange={(e) => setReporter(e.currentTarget.value)}
              />
            </Group>
            <Textarea
              label="Description"
              value={description}
              onChange={(e) => setDescription(e.currentTarget.value)}
              autosize
              minRows={3}
            />
            <ActionError error={declare.error} onClose={() => declare.reset()} />
            <Group justify="flex-end">
              <Button type="submit" color="red" loading={declare.isPending}>
                Declare incident
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
    </Stack>
  );
}
