import {
  Alert,
  Button,
  Checkbox,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useSavePolicy } from '../api/oncall.ts';
import { useLinkServicePolicy, useLinkTeamPolicy, usePermissions, useServices, useTeams } from '../api/people.ts';
import { errorMessage } from '../ui/states.tsx';
import { fieldErrors, unshownErrors } from '../oncall/field-errors.ts';
import { isShown } from '../oncall/schedule-draft.ts';
import { SaveFooter } from '../ui/save-footer.tsx';
import {
  bodyFromPolicyDraft,
  minLevelError,
  newStep,
  type PolicyDraft,
  policyEditorPaths,
  stepOffsets,
} from './policy-draft.ts';
import { StepEditor } from './step-editor.tsx';
import { useTargetOptions } from './use-target-options.ts';

/**
 * The escalation policy editor: id, name, owning team, steps, repeat and hand-off. The server validates the
 * whole body (unknown targets, hand-off cycles …) and its field errors are shown on the fields. With a team
 * chosen, saving also links the policy to the team (its incidents are paged through it) unless the person
 * unticks that — ticked by default when the team has no policy yet; a policy the config file names for the
 * team is not replaced from here. "Also use for services" links it to services (of the chosen team, that the
 * person may manage): their incidents are paged through it before the team's policy; a service whose policy
 * the config file names is listed read-only.
 */
export function PolicyEditor({
  initial,
  isNew,
  readOnly,
  onSaved,
  onCancel,
}: {
  initial: PolicyDraft;
  isNew: boolean;
  readOnly: boolean;
  onSaved?: (id: string) => void;
  onCancel?: () => void;
}) {
  const [draft, setDraft] = useState(initial);
  const save = useSavePolicy(isNew ? null : initial.id);
  const { options, policies, editableTeams } = useTargetOptions();
  const errors = fieldErrors(save.error);
  const unshown = unshownErrors(errors, (p) => p === 'steps' || isShown(policyEditorPaths(draft), p));
  const offsets = stepOffsets(draft.steps);
  const set = (patch: Partial<PolicyDraft>): void => setDraft((d) => ({ ...d, ...patch }));
  const teams = useTeams();
  const link = useLinkTeamPolicy();
  const [linkChoice, setLinkChoice] = useState<boolean | null>(null);
  const team = draft.team ? teams.data?.find((t) => t.id === draft.team) : undefined;
  const teamPolicy = team?.escalationPolicy ?? null;
  const alreadyLinked = !isNew && teamPolicy?.id === draft.id;
  const mayLink = team !== undefined && teamPolicy?.source !== 'config' && !alreadyLinked;
  const linkTeam = mayLink && (linkChoice ?? teamPolicy === null);
  const services = useServices();
  const { can } = usePermissions();
  const linkService = useLinkServicePolicy();
  const teamServices = (services.data ?? []).filter((s) => !draft.team || s.team === draft.team);
  const fromFile = teamServices.filter((s) => s.escalationPolicy?.source === 'config');
  const linkable = teamServices.filter(
    (s) => s.escalationPolicy?.source !== 'config' && (can('oncall:write', s.team) || can('people:admin')),
  );
  const linkedBefore = isNew ? [] : linkable.filter((s) => s.escalationPolicy?.id === initial.id).map((s) => s.id);
  const [serviceChoice, setServiceChoice] = useState<string[] | null>(null);
  const chosenServices = serviceChoice ?? linkedBefore;

  return (
    <Stack
      gap="md"
      component="form"
      aria-label="Escalation policy"
      onSubmit={(e) => {
        e.preventDefault();
        // A malformed step level is already marked on its field; the server would only refuse it.
        if (draft.steps.some((s) => minLevelError(s.minLevel))) return;
        save.mutate(bodyFromPolicyDraft(draft), {
          onSuccess: (saved) =>
            void (async () => {
              try {
                if (linkTeam && team) await link.mutateAsync({ team: team.id, policy: saved.id });
                for (const id of chosenServices.filter((x) => !linkedBefore.includes(x)))
                  await linkService.mutateAsync({ service: id, policy: saved.id });
                for (const id of linkedBefore.filter((x) => !chosenServices.includes(x)))
                  await linkService.mutateAsync({ service: id, policy: null });
                onSaved?.(saved.id);
              } catch {
                // Shown below by the failed link's alert; the policy itself was saved.
              }
            })(),
        });
      }}
    >
      <Group grow align="flex-start">
        <TextInput
          label="Policy id"
          value={draft.id}
          onChange={(e) => set({ id: e.currentTarget.value })}
          error={errors.get('id')}
          required
          readOnly={readOnly || !isNew}
        />
        <TextInput
          label="Policy name"
          value={draft.name}
          onChange={(e) => set({ name: e.currentTarget.value })}
          error={errors.get('name')}
          readOnly={readOnly}
        />
        <Select
          label="Team"
          placeholder="none (server-wide)"
          data={[...new Set([...editableTeams, ...(draft.team ? [draft.team] : [])])]}
          value={draft.team || null}
          onChange={(team) => set({ team: team ?? '' })}
          clearable
          error={errors.get('team')}
          readOnly={readOnly}
        />
      </Group>
      {team && teamPolicy?.source === 'config' && (
        <Text size="sm" c="dimmed" data-testid="policy-team-link">
          {team.name} is paged through policy {teamPolicy.id}, set in the config file (teams[].escalationPolicy): change
          it there to use this one.
        </Text>
      )}
      {team && alreadyLinked && (
        <Text size="sm" c="dimmed" data-testid="policy-team-link">
          {team.name}&apos;s incidents are paged through this policy.
        </Text>
      )}
      {mayLink && !readOnly && (
        <Checkbox
          data-testid="policy-link-team"
          label={`Page ${team.name}'s incidents with this policy`}
          description={teamPolicy ? `instead of ${teamPolicy.id}` : 'the team has no escalation policy yet'}
          checked={linkTeam}
          onChange={(e) => setLinkChoice(e.currentTarget.checked)}
        />
      )}
      {!readOnly && linkable.length > 0 && (
        <MultiSelect
          label="Also use for services"
          description={`Their incidents are paged through this policy instead of ${draft.team ? `${draft.team}'s` : "their team's"}`}
          placeholder={chosenServices.length ? undefined : 'no service'}
          data={linkable.map((s) => ({
            value: s.id,
            label:
              s.escalationPolicy && s.escalationPolicy.id !== initial.id
                ? `${s.name} (now ${s.escalationPolicy.id})`
                : s.name,
          }))}
          value={chosenServices}
          onChange={setServiceChoice}
          clearable
          searchable
          data-testid="policy-link-services"
        />
      )}
      {fromFile.map((s) => (
        <Text key={s.id} size="sm" c="dimmed" data-testid="policy-service-link">
          {s.name} is paged through policy {s.escalationPolicy!.id}, set in the config file
          (catalog…services[].escalationPolicy): change it there.
        </Text>
      ))}
      {linkService.isError && (
        <Alert color="red" variant="light" role="alert">
          The policy was saved, but linking it to a service failed: {errorMessage(linkService.error)}
        </Alert>
      )}
      {link.isError && (
        <Alert color="red" variant="light" role="alert">
          The policy was saved, but linking it to the team failed: {errorMessage(link.error)}
        </Alert>
      )}
      {draft.steps.map((step, i) => (
        <StepEditor
          key={i}
          index={i}
          step={step}
          offset={offsets[i] ?? 0}
          options={options}
          errors={errors}
          readOnly={readOnly}
          onChange={(next) => set({ steps: draft.steps.map((s, j) => (j === i ? next : s)) })}
          onRemove={draft.steps.length > 1 ? () => set({ steps: draft.steps.filter((_, j) => j !== i) }) : null}
        />
      ))}
      {errors.get('steps') && (
        <Alert color="red" variant="light" role="alert">
          {errors.get('steps')}
        </Alert>
      )}
      {!readOnly && (
        <Group>
          <Button
            variant="default"
            leftSection={<IconPlus size={14} aria-hidden />}
            onClick={() => set({ steps: [...draft.steps, newStep(10)] })}
          >
            Add step
          </Button>
        </Group>
      )}
      <Group grow align="flex-start">
        <NumberInput
          label="Repeat"
          description="Run all steps this many more times if nobody acknowledges"
          min={0}
          value={draft.repeat}
          onChange={(v) => set({ repeat: typeof v === 'number' ? v : Number(v) || 0 })}
          error={errors.get('repeat')}
          readOnly={readOnly}
        />
        <Select
          label="Then hand off to"
          description="Another policy takes over after the last repeat"
          placeholder="nobody: the escalation ends"
          data={policies.filter((p) => p !== draft.id)}
          value={draft.handoffTo || null}
          onChange={(handoffTo) => set({ handoffTo: handoffTo ?? '' })}
          clearable
          searchable
          error={errors.get('handoffTo')}
          readOnly={readOnly}
        />
      </Group>
      {!readOnly && (
        <>
          <SaveFooter
            save={save}
            fieldErrorCount={errors.size}
            unshown={unshown}
            onCancel={onCancel}
            submitLabel={isNew ? 'Create policy' : 'Save policy'}
          />
        </>
      )}
    </Stack>
  );
}
