import {
  ActionIcon,
  Alert,
  Button,
  Card,
  CopyButton,
  Group,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconCheck, IconCopy, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { FeedLinkKind, FeedLinkView } from '@faultline/contracts';
import { useFeedLinkActions, useFeedLinks } from '../api/contact.ts';
import { RelativeTime } from '../ui/time.tsx';
import { usePersonName } from './use-person-name.ts';
import { errorMessage } from '../ui/states.tsx';

function FeedLinkRow({ link, onRevoke, revoking }: { link: FeedLinkView; onRevoke: () => void; revoking: boolean }) {
  const name = link.label ?? `link ${link.id}`;
  const person = usePersonName();
  return (
    <Stack gap={4} data-testid="feed-link" data-id={link.id}>
      <Group gap="xs">
        <Text size="sm" fw={500}>
          {name}
        </Text>
        <Text size="xs" c="dimmed" component="span">
          made by {person(link.createdBy)} <RelativeTime value={link.createdAt} size="xs" c="dimmed" />
        </Text>
      </Group>
      <Group gap="xs" wrap="nowrap">
        <TextInput
          aria-label={`Address of ${name}`}
          value={link.url}
          readOnly
          style={{ flex: 1 }}
          onFocus={(e) => e.currentTarget.select()}
        />
        <CopyButton value={link.url}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy'}>
              <ActionIcon variant="default" size="lg" aria-label={`Copy ${name}`} onClick={copy}>
                {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
        <Tooltip label="Revoke: the address stops working at once">
          <ActionIcon
            variant="subtle"
            color="red"
            size="lg"
            aria-label={`Revoke ${name}`}
            loading={revoking}
            onClick={onRevoke}
          >
            <IconTrash size={16} aria-hidden />
          </ActionIcon>
        </Tooltip>
      </Group>
    </Stack>
  );
}

/**
 * The iCal subscription links of one feed (a schedule, or a person's calendar) that the viewer may see: the
 * ones they made and the ones to their own calendar. Whoever has a link can read the shifts, so each is made
 * for one calendar, named, and revoked on its own; `canCreate` offers "New link".
 */
export function FeedLinksCard({
  kind,
  target,
  title,
  canCreate,
}: {
  kind: FeedLinkKind;
  target: string;
  title: string;
  canCreate: boolean;
}) {
  const links = useFeedLinks(kind, target);
  const actions = useFeedLinkActions(kind, target);
  const [label, setLabel] = useState('');
  const failure = [actions.create, actions.revoke].find((m) => m.isError);
  const headingId = `feed-links-${kind}`;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={headingId}>
      <Title order={2} size="h4" id={headingId}>
        {title}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Subscribe in a calendar app. Whoever has a link can read these shifts: make one per calendar and revoke it when
        it is no longer used.
      </Text>
      {failure && (
        <Alert color="red" variant="light" role="alert" mb="xs" withCloseButton onClose={() => failure.reset()}>
          {errorMessage(failure.error)}
        </Alert>
      )}
      <Stack gap="sm">
        {links.isError ? (
          <Text size="sm" c="dimmed">
            {errorMessage(links.error)}
          </Text>
        ) : links.data?.length === 0 ? (
          <Text size="sm" c="dimmed">
            No links yet.
          </Text>
        ) : (
          (links.data ?? []).map((l) => (
            <FeedLinkRow
              key={l.id}
              link={l}
              revoking={actions.revoke.isPending && actions.revoke.variables === l.id}
              onRevoke={() => actions.revoke.mutate(l.id)}
            />
          ))
        )}
        {canCreate && (
          <Group
            align="flex-end"
            component="form"
            aria-label="New feed link"
            onSubmit={(e) => {
              e.preventDefault();
              actions.create.mutate(label.trim(), { onSuccess: () => setLabel('') });
            }}
          >
            <TextInput
              label="Label"
              placeholder="e.g. phone calendar"
              value={label}
              maxLength={100}
              onChange={(e) => setLabel(e.currentTarget.value)}
              style={{ flex: 1 }}
            />
            <Button type="submit" variant="default" loading={actions.create.isPending}>
              New link
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}
