import type { ModuleLevelRules, RuleProblem } from '@faultline/contracts';
import { Alert, Badge, Button, Card, Group, Modal, Stack, Text, TextInput, Title } from '@mantine/core';
import {
  IconAlertCircle,
  IconCheck,
  IconChecks,
  IconDeviceFloppy,
  IconPlus,
  IconSend,
  IconWand,
} from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { ApiRequestError } from '../api/client.ts';
import { type RuleJson, type useLevelRuleActions, versionIn } from '../api/level-rules.ts';
import { errorMessage } from '../ui/states.tsx';
import { RelativeTime } from '../ui/time.tsx';
import { newRow, problemsByRow, type RuleRow, ruleToRow, rowToRule } from './rule-draft.ts';
import { RuleRowEditor } from './rule-row-editor.tsx';
import { LintProblemList } from './rules-table.tsx';

type Actions = ReturnType<typeof useLevelRuleActions>;

/** What the editor starts from: the module's draft, else its approved version, else its configured rules. */
function startingPoint(data: ModuleLevelRules): { rules: RuleJson[]; origin: string; note: string } {
  const draft = versionIn(data.versions, 'draft');
  if (draft) return { rules: draft.rules, origin: `draft version ${draft.version}`, note: draft.note ?? '' };
  const approved = versionIn(data.versions, 'approved');
  if (data.effectiveSource === 'version' && approved) {
    return { rules: approved.rules, origin: `a copy of approved version ${approved.version}`, note: '' };
  }
  const configured = data.effective.filter((rule) => !String(rule.id ?? '').startsWith('template.'));
  return {
    rules: configured,
    origin: configured.length > 0 ? 'a copy of the configured rules' : 'no rules',
    note: '',
  };
}

/** Key-order-independent JSON, so rules read back from the server compare equal to the same rules edited here. */
const canonical = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(canonical)
    : value !== null && typeof value === 'object'
      ? Object.fromEntries(
          Object.entries(value as Record<string, unknown>)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([k, v]) => [k, canonical(v)]),
        )
      : value;
const serialise = (rules: readonly RuleJson[]): string => JSON.stringify(canonical(rules));

/** Identity of what the editor starts from (the draft, else the approved version or configured rules). */
function signatureOf(data: ModuleLevelRules): string {
  const start = startingPoint(data);
  return `${start.origin}:${serialise(start.rules)}`;
}

/** The problems a refused save carries (`fields`), as lint problems. */
function problemsOf(error: unknown): RuleProblem[] {
  if (!(error instanceof ApiRequestError)) return [];
  return error.fields.map((field) => ({ path: field.path, message: field.message, severity: 'error' as const }));
}

/**
 * The draft of a module's next rule version, as editable rows: add and remove rules, generate them from the
 * fault-level template, check them (lint problems appear at the rule and field they are about), save the
 * draft and submit it for the module owner's approval.
 */
export function DraftEditor({ data, actions }: { data: ModuleLevelRules; actions: Actions }) {
  const module = data.module;
  const draft = versionIn(data.versions, 'draft');
  const [rows, setRows] = useState<RuleRow[]>(() => startingPoint(data).rules.map(ruleToRow));
  const [baseline, setBaseline] = useState(() => serialise(startingPoint(data).rules));
  const [origin, setOrigin] = useState(() => startingPoint(data).origin);
  const [note, setNote] = useState(() => startingPoint(data).note);
  const [problems, setProblems] = useState<RuleProblem[] | null>(null);
  const [failure, setFailure] = useState<{ title: string; error: unknown } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [confirmTemplate, setConfirmTemplate] = useState(false);

  const rules = rows.map(rowToRule);
  const dirty = serialise(rules) !== baseline;
  const busy = actions.generate.isPending || actions.saveDraft.isPending || actions.submit.isPending;

  const load = (next: { rules: RuleJson[]; origin: string; note: string }): void => {
    setRows(next.rules.map(ruleToRow));
    setBaseline(serialise(next.rules));
    setOrigin(next.origin);
    setNote(next.note);
    setProblems(null);
  };

  // The draft or the approved version changed (here, or elsewhere and the stream refetched): follow, unless
  // there are unsaved edits.
  const signature = signatureOf(data);
  const seen = useRef(signature);
  useEffect(() => {
    if (seen.current === signature) return;
    seen.current = signature;
    if (dirty) return;
    load(startingPoint(data));
    setDone(null);
    // Only a change of the starting point reloads: re-running on `dirty` or `data` would undo edits.
  }, [signature]);

  const edit = (next: RuleRow[], structural: boolean): void => {
    setRows(next);
    setDone(null);
    if (structural) setProblems(null);
  };
  const fail = (title: string) => (error: unknown) => {
    setFailure({ title, error });
    const fields = problemsOf(error);
    if (fields.length > 0) setProblems(fields);
  };
  const start = (): void => {
    setFailure(null);
    setDone(null);
  };

  const generate = (): void => {
    setConfirmTemplate(false);
    start();
    actions.generate.mutate(undefined, {
      onSuccess: ({ answer, rules: fresh }) => {
        seen.current = signatureOf(fresh);
        const freshDraft = versionIn(fresh.versions, 'draft');
        const answered =
          answer && typeof answer === 'object' && Array.isArray((answer as { rules?: unknown }).rules)
            ? (answer as { rules: RuleJson[] }).rules
            : null;
        if (freshDraft)
          load({
            rules: freshDraft.rules,
            origin: `draft version ${freshDraft.version} (from the template)`,
            note: freshDraft.note ?? '',
          });
        else if (answered) {
          setRows(answered.map(ruleToRow));
          setOrigin('the template (not saved yet)');
          setProblems(null);
        }
        setDone('Rules generated from the fault-level template for this module’s volume class.');
      },
      onError: fail('Cannot generate from the template'),
    });
  };

  const check = (): void => {
    start();
    actions.lint.mutate(rules, {
      onSuccess: ({ problems: found }) => setProblems(found),
      onError: fail('Cannot check the rules'),
    });
  };

  const save = (): void => {
    start();
    actions.saveDraft.mutate(note.trim() ? { rules, note: note.trim() } : { rules }, {
      onSuccess: (fresh) => {
        const saved = versionIn(fresh.versions, 'draft');
        seen.current = signatureOf(fresh);
        setBaseline(serialise(rules));
        setOrigin(saved ? `draft version ${saved.version}` : 'the saved draft');
        setDone('Draft saved. Nothing changes in grading until the owner approves it.');
      },
      onError: fail('Draft not saved'),
    });
  };

  const submit = (): void => {
    start();
    const body = dirty || !draft ? (note.trim() ? { rules, note: note.trim() } : { rules }) : undefined;
    actions.submit.mutate(body, {
      onSuccess: (fresh) => {
        const pending = versionIn(fresh.versions, 'pending');
        seen.current = signatureOf(fresh);
        load(startingPoint(fresh));
        setDone(
          `Version ${pending?.version ?? ''} submitted for approval${module.owner ? ` by ${module.owner}` : ''}. ` +
            'It grades once approved.',
        );
      },
      onError: fail('Not submitted'),
    });
  };

  const { general, rows: byRow } = problemsByRow(problems ?? []);
  const errorCount = (problems ?? []).filter((p) => p.severity === 'error').length;
  const warningCount = (problems ?? []).length - errorCount;

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="draft-heading" data-testid="draft-editor">
      <Group justify="space-between" align="flex-start" mb="xs">
        <Stack gap={2}>
          <Group gap="xs">
            <Title order={2} size="h4" id="draft-heading">
              Propose a change
            </Title>
            {dirty ? (
              <Badge color="yellow" variant="light" size="sm" data-testid="draft-dirty">
                unsaved changes
              </Badge>
            ) : (
              draft && (
                <Badge color="gray" variant="light" size="sm">
                  saved
                </Badge>
              )
            )}
          </Group>
          <Text size="xs" c="dimmed">
            Editing {origin}
            {draft && !dirty && (
              <>
                {' '}
                · saved by {draft.author} <RelativeTime value={draft.createdAt} size="xs" span />
              </>
            )}
            . A new version grades only once the module owner{module.owner ? ` (${module.owner})` : ''} approves it.
          </Text>
        </Stack>
        <Group gap="xs">
          <Button
            variant="default"
            size="xs"
            leftSection={<IconWand size={14} aria-hidden />}
            onClick={() => (dirty || rows.length > 0 ? setConfirmTemplate(true) : generate())}
            loading={actions.generate.isPending}
            disabled={busy && !actions.generate.isPending}
            data-testid="generate-template-button"
          >
            Generate from template
          </Button>
          {dirty && (
            <Button variant="subtle" size="xs" color="gray" onClick={() => load(startingPoint(data))} disabled={busy}>
              Discard changes
            </Button>
          )}
        </Group>
      </Group>

      <Stack gap="sm" mt="sm">
        {rows.length === 0 ? (
          <Text size="sm" c="dimmed" py="md" ta="center" data-testid="draft-empty">
            No rules in the draft. Add one, or generate the template’s KPI-drop rules for a {module.volume}-volume
            module.
          </Text>
        ) : (
          rows.map((row, index) => (
            <RuleRowEditor
              key={row.key}
              row={row}
              index={index}
              module={module}
              problems={byRow.get(index) ?? []}
              onChange={(next) =>
                edit(
                  rows.map((r, i) => (i === index ? next : r)),
                  false,
                )
              }
              onRemove={() =>
                edit(
                  rows.filter((_, i) => i !== index),
                  true,
                )
              }
            />
          ))
        )}
        <Button
          variant="light"
          size="xs"
          leftSection={<IconPlus size={14} aria-hidden />}
          onClick={() =>
            edit(
              [
                ...rows,
                newRow(
                  module.id,
                  rows.map((r) => r.id),
                ),
              ],
              true,
            )
          }
          style={{ alignSelf: 'flex-start' }}
          data-testid="add-rule-button"
        >
          Add rule
        </Button>

        {problems !== null && (
          <Alert
            color={errorCount > 0 ? 'red' : warningCount > 0 ? 'yellow' : 'teal'}
            variant="light"
            icon={errorCount > 0 ? <IconAlertCircle /> : <IconChecks />}
            title={
              problems.length === 0
                ? 'No problems found'
                : `${errorCount} error${errorCount === 1 ? '' : 's'}, ${warningCount} warning${warningCount === 1 ? '' : 's'}` +
                  (general.length < problems.length ? ' — shown at the rules they are about' : '')
            }
            data-testid="lint-summary"
            data-errors={errorCount}
          >
            {general.length > 0 && <LintProblemList problems={general} scope="draft" />}
          </Alert>
        )}
        {failure && (
          <Alert
            color="red"
            variant="light"
            icon={<IconAlertCircle />}
            title={failure.title}
            role="alert"
            withCloseButton
            onClose={() => setFailure(null)}
            data-testid="draft-error"
          >
            {errorMessage(failure.error)}
          </Alert>
        )}
        {done && (
          <Alert
            color="teal"
            variant="light"
            icon={<IconCheck />}
            role="status"
            withCloseButton
            onClose={() => setDone(null)}
          >
            {done}
          </Alert>
        )}

        <TextInput
          label="Note for the reviewer"
          placeholder="Why this change (optional)"
          size="xs"
          maxLength={2000}
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
        />
        <Group justify="flex-end" gap="xs">
          <Button
            variant="default"
            size="xs"
            leftSection={<IconChecks size={14} aria-hidden />}
            onClick={check}
            loading={actions.lint.isPending}
            data-testid="lint-button"
          >
            Check
          </Button>
          <Button
            variant="default"
            size="xs"
            leftSection={<IconDeviceFloppy size={14} aria-hidden />}
            onClick={save}
            loading={actions.saveDraft.isPending}
            disabled={
              (busy && !actions.saveDraft.isPending) || (!dirty && draft !== undefined && note === (draft.note ?? ''))
            }
            data-testid="save-draft-button"
          >
            Save draft
          </Button>
          <Button
            size="xs"
            leftSection={<IconSend size={14} aria-hidden />}
            onClick={submit}
            loading={actions.submit.isPending}
            disabled={(busy && !actions.submit.isPending) || rows.length === 0}
            data-testid="submit-draft-button"
          >
            Submit for approval
          </Button>
        </Group>
      </Stack>

      <Modal
        opened={confirmTemplate}
        onClose={() => setConfirmTemplate(false)}
        title="Replace the rules in the editor?"
        centered
      >
        <Stack gap="sm">
          <Text size="sm">
            The template’s KPI-drop rules for a {module.volume}-volume module replace the {rows.length} rule
            {rows.length === 1 ? '' : 's'} in the editor.
            {dirty ? ' Your unsaved changes are lost.' : ''}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmTemplate(false)}>
              Cancel
            </Button>
            <Button onClick={generate} data-testid="generate-template-confirm">
              Replace with template
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
