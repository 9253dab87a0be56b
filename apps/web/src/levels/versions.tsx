import type { LevelRuleVersion, ModuleView } from '@faultline/contracts';
import {
  ActionIcon,
  Alert,
  Button,
  Card,
  Group,
  Modal,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { IconAlertCircle, IconCheck, IconChevronDown, IconChevronRight, IconX } from '@tabler/icons-react';
import { Fragment, type FormEvent, useState } from 'react';
import type { useLevelRuleActions } from '../api/level-rules.ts';
import { MIN_REASON } from '../incidents/level-change.ts';
import { errorMessage } from '../ui/states.tsx';
import { RelativeTime } from '../ui/time.tsx';
import { RulesTable, VersionStatusBadge } from './rules-table.tsx';

type Actions = ReturnType<typeof useLevelRuleActions>;

/**
 * The version waiting for the owner: who proposed it and why, its rules in words, and Approve / Reject.
 * Only the module's owner may decide; the server answers anyone else with a message shown here.
 */
export function PendingVersionCard({
  version,
  module,
  actions,
}: {
  version: LevelRuleVersion;
  module: ModuleView;
  actions: Actions;
}) {
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const decide = actions.decide;
  const deciding = decide.isPending ? decide.variables?.decision : undefined;

  const approve = (): void => decide.mutate({ version: version.version, decision: 'approve' });
  const reject = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (reason.trim().length < MIN_REASON) return;
    decide.mutate(
      { version: version.version, decision: 'reject', reason: reason.trim() },
      {
        onSuccess: () => {
          setRejecting(false);
          setReason('');
        },
      },
    );
  };

  return (
    <Card
      withBorder
      padding="lg"
      component="section"
      aria-labelledby="pending-heading"
      data-testid="pending-version"
      data-version={version.version}
      style={{ borderColor: 'var(--mantine-color-yellow-5)' }}
    >
      <Group justify="space-between" align="flex-start" mb="sm">
        <Stack gap={2}>
          <Group gap="xs">
            <Title order={2} size="h4" id="pending-heading">
              Version {version.version} waits for approval
            </Title>
            <VersionStatusBadge status={version.status} />
          </Group>
          <Text size="sm" c="dimmed">
            Proposed by {version.author}
            {version.submittedAt && (
              <>
                {' '}
                · submitted <RelativeTime value={version.submittedAt} size="sm" span />
              </>
            )}
            {module.owner ? ` · the owner ${module.owner} decides` : ' · the module has no owner to approve it'}
          </Text>
          {version.note && (
            <Text size="sm" fs="italic">
              “{version.note}”
            </Text>
          )}
        </Stack>
        <Group gap="xs">
          <Button
            color="red"
            variant="light"
            leftSection={<IconX size={16} aria-hidden />}
            onClick={() => {
              decide.reset();
              setRejecting(true);
            }}
            disabled={decide.isPending}
            data-testid="reject-button"
          >
            Reject
          </Button>
          <Button
            color="green"
            leftSection={<IconCheck size={16} aria-hidden />}
            onClick={approve}
            loading={deciding === 'approve'}
            disabled={decide.isPending && deciding !== 'approve'}
            data-testid="approve-button"
          >
            Approve
          </Button>
        </Group>
      </Group>
      {decide.isError && !rejecting && (
        <Alert
          color="red"
          variant="light"
          icon={<IconAlertCircle />}
          role="alert"
          title="Not decided"
          mb="sm"
          withCloseButton
          onClose={() => decide.reset()}
          data-testid="decision-error"
        >
          {errorMessage(decide.error)}
        </Alert>
      )}
      <Text size="sm" fw={500} mb="xs">
        Once approved, these rules grade the module instead of its current ones:
      </Text>
      <RulesTable rules={version.rules} empty="This version has no rules." />

      <Modal
        opened={rejecting}
        onClose={() => setRejecting(false)}
        title={`Reject version ${version.version}`}
        centered
      >
        <form onSubmit={reject} noValidate>
          <Stack gap="sm">
            <Textarea
              label="Reason"
              description={`Shown to ${version.author} in the version history.`}
              placeholder="What needs to change"
              required
              autosize
              minRows={2}
              maxLength={2000}
              value={reason}
              onChange={(event) => setReason(event.currentTarget.value)}
              data-testid="reject-reason"
            />
            {decide.isError && (
              <Alert color="red" variant="light" icon={<IconAlertCircle />} role="alert" title="Not rejected">
                {errorMessage(decide.error)}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setRejecting(false)}>
                Cancel
              </Button>
              <Button
                type="submit"
                color="red"
                disabled={reason.trim().length < MIN_REASON}
                loading={deciding === 'reject'}
                data-testid="reject-submit"
              >
                Reject
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Card>
  );
}

function Who({ name, at }: { name: string | null; at: string | null }) {
  if (!name && !at) {
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  }
  return (
    <Stack gap={0}>
      {name && <Text size="sm">{name}</Text>}
      {at && <RelativeTime value={at} size="xs" c="dimmed" />}
    </Stack>
  );
}

/** Every version of the module's rules, newest first; a row expands to its rules in words. */
export function VersionHistory({ versions }: { versions: readonly LevelRuleVersion[] }) {
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const toggle = (version: number): void =>
    setOpen((previous) => {
      const next = new Set(previous);
      if (next.has(version)) next.delete(version);
      else next.add(version);
      return next;
    });
  const sorted = [...versions].sort((a, b) => b.version - a.version);

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="history-heading">
      <Title order={2} size="h4" id="history-heading" mb="sm">
        History
      </Title>
      {sorted.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="versions-empty">
          No versions yet: the module is graded by the config file and the template.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={820}>
          <Table verticalSpacing="xs" aria-labelledby="history-heading">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={36}>
                  <VisuallyHidden>Rules</VisuallyHidden>
                </Table.Th>
                <Table.Th w={80}>Version</Table.Th>
                <Table.Th w={110}>Status</Table.Th>
                <Table.Th w={170}>Author</Table.Th>
                <Table.Th w={120}>Submitted</Table.Th>
                <Table.Th w={170}>Decided by</Table.Th>
                <Table.Th>Note / reason</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sorted.map((version) => {
                const expanded = open.has(version.version);
                return (
                  <Fragment key={version.version}>
                    <Table.Tr
                      data-testid="version-row"
                      data-status={version.status}
                      data-version={version.version}
                      style={{ verticalAlign: 'top' }}
                    >
                      <Table.Td>
                        <Tooltip label={expanded ? 'Hide rules' : 'Show rules'} withArrow>
                          <ActionIcon
                            variant="subtle"
                            size="sm"
                            onClick={() => toggle(version.version)}
                            aria-expanded={expanded}
                            aria-controls={expanded ? `version-${version.version}-rules` : undefined}
                            aria-label={`${expanded ? 'Hide' : 'Show'} the rules of version ${version.version}`}
                            data-testid="version-expand"
                          >
                            {expanded ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
                          </ActionIcon>
                        </Tooltip>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" fw={600}>
                          v{version.version}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {version.rules.length} rule{version.rules.length === 1 ? '' : 's'}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <VersionStatusBadge status={version.status} />
                      </Table.Td>
                      <Table.Td>
                        <Who name={version.author} at={version.createdAt} />
                      </Table.Td>
                      <Table.Td>
                        <RelativeTime value={version.submittedAt} size="sm" />
                      </Table.Td>
                      <Table.Td>
                        <Who name={version.decidedBy} at={version.decidedAt} />
                      </Table.Td>
                      <Table.Td>
                        <Stack gap={2}>
                          {version.note && <Text size="sm">{version.note}</Text>}
                          {version.decisionReason && (
                            <Text size="sm" c={version.status === 'rejected' ? 'red' : undefined}>
                              {version.status === 'rejected' ? 'Rejected: ' : 'Decision: '}
                              {version.decisionReason}
                            </Text>
                          )}
                          {!version.note && !version.decisionReason && (
                            <Text size="sm" c="dimmed">
                              —
                            </Text>
                          )}
                        </Stack>
                      </Table.Td>
                    </Table.Tr>
                    {expanded && (
                      <Table.Tr id={`version-${version.version}-rules`}>
                        <Table.Td colSpan={7} p="sm" bg="var(--mantine-color-default-hover)">
                          <RulesTable
                            rules={version.rules}

                            testId="version-rule-row"
                            empty="This version has no rules."
                          />
                        </Table.Td>
                      </Table.Tr>
                    )}
                  </Fragment>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}
