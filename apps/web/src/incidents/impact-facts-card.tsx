import type { IncidentDetail } from '@faultline/contracts';
import {
  Alert,
  Button,
  Card,
  DataList,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { IconAlertCircle, IconCheck } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { ApiRequestError } from '../api/client.ts';
import { useSubmitFacts } from '../api/incidents.ts';
import { errorMessage } from '../ui/states.tsx';
import {
  describeFacts,
  emptyFactsForm,
  type FactsFormValues,
  factsPatch,
  NUMERIC_FACTS,
  PUBLIC_OPINION,
} from './impact-facts.ts';
import { orderedLevels } from './level-badge.tsx';

/** "P3 → P2, R1 (new)" style summary of what a re-grade changed, or null when the levels stayed the same. */
function levelChange(before: IncidentDetail['levels'], after: IncidentDetail['levels']): string | null {
  const changes = orderedLevels({ ...before, ...after })
    .map(([sequence]) => [sequence, before[sequence], after[sequence]] as const)
    .filter(([, from, to]) => from !== to)
    .map(([sequence, from, to]) => (from ? `${from} → ${to ?? `no ${sequence}`}` : `${to} (new)`));
  return changes.length > 0 ? changes.join(', ') : null;
}

const DATA_ASSET_LEVELS = Array.from({ length: 9 }, (_, i) => ({
  value: String(i + 1),
  label: i === 0 ? '1 (most critical)' : String(i + 1),
}));

/**
 * The incident's impact facts and a form to enter more. Empty fields keep their value: the server merges
 * what is entered and re-grades the incident, so the level card updates with the answer.
 */
export function ImpactFactsCard({ incident }: { incident: IncidentDetail }) {
  const submitFacts = useSubmitFacts(incident.id);
  const [values, setValues] = useState<FactsFormValues>(emptyFactsForm);
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});
  const [outcome, setOutcome] = useState<string | null>(null);
  // `?? {}`: tolerate a server that does not send facts yet.
  const facts = incident.facts ?? {};
  const current = describeFacts(facts);
  const patch = factsPatch(values);
  const nothingEntered = Object.keys(patch.facts).length === 0 && Object.keys(patch.errors).length === 0;

  const update = (change: Partial<FactsFormValues>): void => {
    setValues((previous) => ({ ...previous, ...change }));
    setOutcome(null);
    if (submitFacts.isError) submitFacts.reset();
  };

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const { facts, note, errors: problems } = factsPatch(values);
    setErrors(problems);
    if (Object.keys(problems).length > 0 || Object.keys(facts).length === 0) return;
    const before = incident.levels;
    submitFacts.mutate(note ? { facts, note } : { facts }, {
      onSuccess: (detail) => {
        setValues(emptyFactsForm());
        const changed = levelChange(before, detail.levels);
        setOutcome(changed ? `Saved. Re-graded: ${changed}.` : 'Saved. The levels did not change.');
      },
    });
  };

  const fieldErrors = { ...errors };
  if (submitFacts.error instanceof ApiRequestError) {
    for (const field of submitFacts.error.fields) fieldErrors[field.path.replace(/^facts\./, '')] = field.message;
  }

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="facts-heading">
      <Title order={2} size="h4" id="facts-heading" mb="sm">
        Impact facts
      </Title>
      {current.length === 0 ? (
        <Text size="sm" c="dimmed" mb="md" data-testid="facts-empty">
          No impact facts yet. Enter what you know; the incident is re-graded from them.
        </Text>
      ) : (
        <DataList size="sm" gap={6} labelWidth="11rem" mb="md" data-testid="facts-current">
          {current.map((line) => (
            <DataList.Item key={line.key} data-fact={line.key}>
              <DataList.ItemLabel>{line.label}</DataList.ItemLabel>
              <DataList.ItemValue>{line.value}</DataList.ItemValue>
            </DataList.Item>
          ))}
        </DataList>
      )}
      <form onSubmit={submit} noValidate data-testid="facts-form" aria-label="Enter impact facts">
        <Stack gap="sm">
          <Text size="xs" c="dimmed">
            Leave a field empty to keep its current value.
          </Text>
          <SimpleGrid cols={2} spacing="sm" verticalSpacing="xs">
            {NUMERIC_FACTS.map((field) => {
              const known = facts[field.key];
              return (
                <NumberInput
                  key={field.key}
                  label={field.label}
                  title={field.description}
                  placeholder={
                    known === undefined
                      ? field.placeholder
                      : `now ${known.toLocaleString('en-US')}${field.suffix ?? ''}`
                  }
                  suffix={field.suffix}
                  min={0}
                  max={field.max}
                  decimalScale={field.decimals}
                  thousandSeparator=","
                  allowNegative={false}
                  hideControls
                  size="xs"
                  value={values.numbers[field.key]}
                  onChange={(value) => update({ numbers: { ...values.numbers, [field.key]: value } })}
                  error={fieldErrors[field.key]}
                  name={field.key}
                  data-fact={field.key}
                />
              );
            })}
            <Select
              label="Data asset level"
              placeholder={facts.dataAssetLevel === undefined ? '1–9, 1 most critical' : `now ${facts.dataAssetLevel}`}
              data={DATA_ASSET_LEVELS}
              size="xs"
              clearable
              value={values.dataAssetLevel}
              onChange={(value) => update({ dataAssetLevel: value })}
              error={fieldErrors.dataAssetLevel}
              name="dataAssetLevel"
              data-fact="dataAssetLevel"
            />
            <Select
              label="Public opinion"
              placeholder={facts.publicOpinion === undefined ? 'none to high' : `now ${facts.publicOpinion}`}
              data={[...PUBLIC_OPINION]}
              size="xs"
              clearable
              value={values.publicOpinion}
              onChange={(value) => update({ publicOpinion: value })}
              error={fieldErrors.publicOpinion}
              name="publicOpinion"
              data-fact="publicOpinion"
            />
          </SimpleGrid>
          <Textarea
            label="Note"
            placeholder="Where the numbers come from (optional)"
            size="xs"
            autosize
            minRows={1}
            maxRows={4}
            maxLength={2000}
            value={values.note}
            onChange={(event) => update({ note: event.currentTarget.value })}
            name="note"
          />
          {submitFacts.isError && (
            <Alert color="red" variant="light" icon={<IconAlertCircle />} role="alert" p="xs" title="Facts not saved">
              {errorMessage(submitFacts.error)}
            </Alert>
          )}
          <Group justify="space-between" gap="xs">
            <Text
              size="xs"
              c={outcome ? 'teal' : 'dimmed'}
              role="status"
              aria-live="polite"
              data-testid="facts-outcome"
            >
              {outcome && <IconCheck size={12} aria-hidden style={{ marginRight: 4, verticalAlign: -1 }} />}
              {outcome}
            </Text>
            <Button
              type="submit"
              size="xs"
              loading={submitFacts.isPending}
              disabled={nothingEntered}
              data-testid="facts-submit"
            >
              Save facts
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
