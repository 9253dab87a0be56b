import type { SimulationView } from '@faultline/contracts';
import { Alert, Badge, Card, Group, List, Stack, Text, Timeline, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { usePolicy } from '../api/oncall.ts';
import { formatAbsolute } from '../ui/format-time.ts';
import { minLevelError, minLevelScope } from './policy-draft.ts';
import { SimulatedPersonView } from './simulated-person.tsx';

type Step = SimulationView['steps'][number];

/**
 * A step not run because the incident is less severe than the step's `minLevel`. The simulator's answer does
 * not carry the level, so it is read from the step's policy; "passed over (level)" while that is unknown.
 */
function PassedOverBadge({ step }: { step: Step }) {
  const policy = usePolicy(step.policy);
  const steps = policy.data?.body.steps;
  const raw: unknown = Array.isArray(steps)
    ? (steps[step.step - 1] as { minLevel?: unknown } | undefined)?.minLevel
    : undefined;
  const level = typeof raw === 'string' && !minLevelError(raw) && raw ? raw : null;
  return (
    <Badge color="gray" variant="light" size="xs" data-testid="step-passed-over">
      {level ? `passed over: for ${minLevelScope(level)}` : 'passed over (level)'}
    </Badge>
  );
}

function StepTitle({ step }: { step: Step }) {
  return (
    <Group gap={6}>
      <Text fw={600} size="sm">
        Step {step.step}
        {step.round > 0 ? ` · repeat ${step.round}` : ''}
        {step.policy ? ` · ${step.policy}` : ''}
      </Text>
      <Text size="sm" c="dimmed">
        {step.offsetMinutes === 0 ? 'at once' : `+${step.offsetMinutes} min`} · {formatAbsolute(step.at)}
      </Text>
      {step.passedOver && <PassedOverBadge step={step} />}
      {step.skipped && (
        <Badge color="orange" variant="light" size="xs">
          skipped: nobody to page
        </Badge>
      )}
      {step.roundRobin && (
        <Badge color="grape" variant="light" size="xs">
          one member in turn
        </Badge>
      )}
    </Group>
  );
}

function StepBody({ step }: { step: Step }) {
  return (
    <Stack gap={6} mt={4}>
      {step.people.map((person) => (
        <SimulatedPersonView key={person.email} person={person} />
      ))}
      {step.channels.map((c) => (
        <Text key={c} size="sm">
          posts to{' '}
          <Text span ff="monospace" size="sm">
            #{c}
          </Text>
        </Text>
      ))}
      {step.nobody.map((why) => (
        <Text key={why} size="xs" c="orange">
          {why}
        </Text>
      ))}
    </Stack>
  );
}

/**
 * The simulator's answer: where the incident would go (service → team → policy), leadership told at once for
 * P1/P2, each step on a timeline with its time, people and methods (or passed over for its level), how it ends,
 * and who would not be reached.
 */
export function SimulationTimeline({ result }: { result: SimulationView }) {
  return (
    <Stack gap="md" data-testid="simulation">
      <Card withBorder padding="md">
        <Text size="sm">
          A <b>{result.level}</b> incident ({result.urgency} urgency) on <b>{result.service}</b> (module {result.module}
          , {result.businessLine}) at {formatAbsolute(result.at)} belongs to team <b>{result.team}</b>, paged through{' '}
          {result.policy ? (
            <span data-testid="simulation-policy" data-via={result.policy.via}>
              {result.policy.via === 'service' ? "the service's " : "the team's "}policy <b>{result.policy.name}</b>
            </span>
          ) : (
            'its on-call list (no policy)'
          )}
          .
        </Text>
      </Card>
      {result.unreachable.length > 0 && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle />} title="Would not be reached" role="alert">
          <List size="sm">
            {result.unreachable.map((u) => (
              <List.Item key={u.email} data-testid="unreachable">
                {u.email}: {u.why}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      {result.leadership.length > 0 && (
        <Card withBorder padding="md" component="section" aria-label="Leadership">
          <Title order={3} size="h5" mb="xs">
            Leadership, told at once
          </Title>
          <Stack gap={6}>
            {result.leadership.map((p) => (
              <SimulatedPersonView key={p.email} person={p} />
            ))}
          </Stack>
        </Card>
      )}
      {result.oncallList.length > 0 && (
        <Card withBorder padding="md" component="section" aria-label="On-call list">
          <Title order={3} size="h5" mb="xs">
            The team&apos;s on-call list, paged at once
          </Title>
          <Stack gap={6}>
            {result.oncallList.map((p) => (
              <SimulatedPersonView key={p.email} person={p} />
            ))}
          </Stack>
        </Card>
      )}
      {result.steps.length > 0 && (
        <Card withBorder padding="md" component="section" aria-label="Steps">
          <Timeline bulletSize={18} lineWidth={2} active={result.steps.length}>
            {result.steps.map((step, i) => (
              <Timeline.Item
                key={i}
                title={<StepTitle step={step} />}
                color={step.passedOver ? 'gray' : step.skipped ? 'orange' : 'blue'}
                data-testid="simulated-step"
                data-step={step.step}
                data-round={step.round}
                data-passed-over={step.passedOver}
              >
                <StepBody step={step} />
              </Timeline.Item>
            ))}
          </Timeline>
        </Card>
      )}
      <Text size="sm" c="dimmed" data-testid="simulation-end">
        Then: {result.end}
      </Text>
    </Stack>
  );
}
