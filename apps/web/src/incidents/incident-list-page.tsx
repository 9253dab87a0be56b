import {
  Button,
  Chip,
  CloseButton,
  Code,
  EmptyState,
  Group,
  Kbd,
  Loader,
  Menu,
  Modal,
  MultiSelect,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconBookmark, IconEar, IconSearch, IconX } from '@tabler/icons-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ALERT_GROUP_LIMIT, LIST_PAGE_SIZE, useAlertGroups, useIncidents } from '../api/incidents.ts';
import { AlertGroupsTable } from './alert-groups-table.tsx';
import { useSavedViewActions, useSavedViews, useTeams } from '../api/people.ts';
import { useSession } from '../api/session.ts';
import { ErrorState, LoadingState } from '../ui/states.tsx';
import { BulkBar } from './bulk-bar.tsx';
import { IncidentTable } from './incident-table.tsx';
import {
  isFiltered,
  paramsOfView,
  SOURCE_CHOICES,
  STATUS_CHOICES,
  viewFromParams,
  type ListView,
} from './list-filters.ts';
import { useNewIds } from './use-new-ids.ts';

const LEVEL_CHOICES = ['P1', 'P2', 'P3', 'P4'];

/** The list's keyboard shortcuts, shown by `?`. */
export const LIST_SHORTCUTS: Array<[string, string]> = [
  ['j / k', 'next / previous incident'],
  ['Enter', 'open the incident'],
  ['x', 'select it for a bulk action'],
  ['/', 'search'],
  ['?', 'this help'],
];

function ListEmptyState({ view }: { view: ListView }) {
  if (isFiltered(view))
    return (
      <EmptyState
        py="xl"
        icon={<IconSearch size={28} />}
        title="No incident matches these filters"
        description="Clear a filter, or show every status."
        data-testid="incidents-empty"
      />
    );
  return (
    <EmptyState
      py="xl"
      icon={<IconEar size={28} />}
      variant="light"
      color="teal"
      title={
        view.status === 'open'
          ? 'No open incidents — Faultline is listening'
          : 'No incidents here — Faultline is listening'
      }
      description={
        <Stack gap={6} align="center">
          <Text size="sm" c="dimmed">
            Send a test alert and it shows up here within a second:
          </Text>
          <Code>npm run faultline -- alert send --key quickstart</Code>
        </Stack>
      }
      data-testid="incidents-empty"
    />
  );
}

/** The shortcut help overlay. */
export function ShortcutHelp({
  opened,
  onClose,
  shortcuts,
}: {
  opened: boolean;
  onClose: () => void;
  shortcuts: Array<[string, string]>;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts" data-testid="shortcut-help">
      <Table>
        <Table.Tbody>
          {shortcuts.map(([keys, what]) => (
            <Table.Tr key={keys}>
              <Table.Td>
                {keys.split(' / ').map((k, i) => (
                  <span key={k}>
                    {i > 0 && ' / '}
                    <Kbd>{k}</Kbd>
                  </span>
                ))}
              </Table.Td>
              <Table.Td>{what}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}

/**
 * `/incidents`: the incident list for triage at volume (issue 12). Search, filters and sort live in the address
 * (a filtered view is a link) and run on the server; the list pages 50 at a time and says how many match;
 * rows can be selected for one bulk acknowledge, resolve or escalate; views can be saved; risks are on their
 * own page. Updated live.
 */
export function IncidentListPage() {
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => viewFromParams(params), [params]);
  const session = useSession();
  // Saved views are a person's (on the server); a session of a service token has none.
  const person = session.data?.userId != null;
  const savedViews = useSavedViews(person);
  const viewActions = useSavedViewActions();
  const views = savedViews.data ?? [];
  const teams = useTeams();
  const incidents = useIncidents(view);
  const groups = useAlertGroups(view, view.grouped);
  const navigate = useNavigate();
  const items = useMemo(() => incidents.data?.items ?? [], [incidents.data]);
  const scope = paramsOfView(view).toString();
  const ids = useMemo(() => incidents.data?.items.map((incident) => incident.id), [incidents.data]);
  const fresh = useNewIds(incidents.isPlaceholderData ? undefined : ids, scope);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [focused, setFocused] = useState<number | null>(null);
  const [help, setHelp] = useState(false);
  const [search, setSearch] = useState(view.q);
  const searchRef = useRef<HTMLInputElement>(null);
  useEffect(() => setSearch(view.q), [view.q]);
  // A selection belongs to the view it was made in.
  useEffect(() => setSelected(new Set()), [scope]);

  const setView = (next: Partial<ListView>) => setParams(paramsOfView({ ...view, ...next }), { replace: true });
  const move = (by: number) => {
    if (items.length === 0) return;
    const at = items.findIndex((i) => i.id === focused);
    const next = at === -1 ? (by > 0 ? 0 : items.length - 1) : Math.min(items.length - 1, Math.max(0, at + by));
    setFocused(items[next]!.id);
  };
  const toggle = (id: number) =>
    setSelected((previous) => {
      const next = new Set(previous);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  useHotkeys([
    ['j', () => move(1)],
    ['k', () => move(-1)],
    ['Enter', () => focused !== null && void navigate(`/incidents/${focused}`)],
    ['x', () => focused !== null && toggle(focused)],
    ['/', () => searchRef.current?.focus()],
    ['shift+?', () => setHelp(true)],
  ]);

  const total = incidents.data?.total;
  const statusWord = view.status === 'all' ? 'in total' : view.status;
  const shownSelected = items.filter((i) => selected.has(i.id)).map((i) => i.id);

  return (
    <Stack gap="md" maw={1280} mx="auto">
      <Group justify="space-between" align="center">
        <Group gap="sm" align="center">
          <Title order={1} size="h2">
            Incidents
          </Title>
          {incidents.data && (
            <Text c="dimmed" size="sm" aria-live="polite" data-testid="incidents-count">
              {items.length < (total ?? 0) ? `${items.length} of ${total} ${statusWord}` : `${total} ${statusWord}`}
            </Text>
          )}
          {incidents.isFetching && !incidents.isPending && <Loader size="xs" aria-label="Refreshing" />}
        </Group>
        <Group gap="xs">
          <SegmentedControl
            size="xs"
            aria-label="Show"
            data={[
              { value: 'incidents', label: 'Incidents' },
              { value: 'groups', label: 'Alert groups' },
            ]}
            value={view.grouped ? 'groups' : 'incidents'}
            onChange={(v) => setView({ grouped: v === 'groups' })}
            data-testid="incident-grouping"
          />
          <Button component={Link} to="/drills" color="grape" variant="light" size="xs">
            Run drill
          </Button>
          <Button component={Link} to="/incidents/declare" color="red" size="xs">
            Declare incident
          </Button>
          {person && (
            <Menu position="bottom-end">
              <Menu.Target>
                <Button variant="default" size="xs" leftSection={<IconBookmark size={14} />} data-testid="views-menu">
                  Views
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                {views.map((v) => (
                  <Menu.Item
                    key={v.name}
                    onClick={() => setParams(new URLSearchParams(v.query), { replace: true })}
                    data-testid="saved-view"
                    data-name={v.name}
                    rightSection={
                      <CloseButton
                        size="xs"
                        aria-label={`Delete the view ${v.name}`}
                        onClick={(e) => {
                          e.stopPropagation();
                          viewActions.remove.mutate(v.name);
                        }}
                      />
                    }
                  >
                    {v.name}
                  </Menu.Item>
                ))}
                {views.length > 0 && <Menu.Divider />}
                <Menu.Item
                  onClick={() => {
                    const name = window.prompt('Name this view')?.trim();
                    if (name) viewActions.save.mutate({ name: name.slice(0, 60), query: scope });
                  }}
                  data-testid="save-view"
                >
                  Save this view…
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          )}
          <Button variant="subtle" size="xs" onClick={() => setHelp(true)} aria-label="Keyboard shortcuts">
            <Kbd>?</Kbd>
          </Button>
        </Group>
      </Group>
      <Group gap="xs" align="flex-end" wrap="wrap" data-testid="incident-filters">
        <TextInput
          ref={searchRef}
          aria-label="Search titles"
          placeholder="Search titles or #id"
          leftSection={<IconSearch size={14} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') setView({ q: search });
            if (e.key === 'Escape') e.currentTarget.blur();
          }}
          onBlur={() => search !== view.q && setView({ q: search })}
          w={{ base: '100%', sm: 240 }}
          data-testid="incident-search"
        />
        <Select
          aria-label="Status"
          data={STATUS_CHOICES.map((s) => ({ value: s, label: s === 'open' ? 'open (not resolved)' : s }))}
          value={view.status}
          onChange={(v) => setView({ status: (v as ListView['status'] | null) ?? 'open' })}
          allowDeselect={false}
          w={170}
          data-testid="incident-status-filter"
        />
        <MultiSelect
          aria-label="Level"
          placeholder={view.levels.length ? undefined : 'any level'}
          data={[...new Set([...LEVEL_CHOICES, ...view.levels])]}
          value={view.levels}
          onChange={(levels) => setView({ levels })}
          w={180}
          data-testid="incident-level-filter"
        />
        <Select
          aria-label="Team"
          placeholder="any team"
          data={(teams.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
          value={view.team || null}
          onChange={(v) => setView({ team: v ?? '' })}
          clearable
          searchable
          w={160}
          data-testid="incident-team-filter"
        />
        <TextInput
          aria-label="Service"
          placeholder="any service"
          defaultValue={view.service}
          key={`service-${view.service}`}
          onKeyDown={(e) => e.key === 'Enter' && setView({ service: e.currentTarget.value })}
          onBlur={(e) => e.currentTarget.value !== view.service && setView({ service: e.currentTarget.value })}
          w={150}
          data-testid="incident-service-filter"
        />
        <Select
          aria-label="Source"
          placeholder="any source"
          data={[...SOURCE_CHOICES]}
          value={view.source || null}
          onChange={(v) => setView({ source: v ?? '' })}
          clearable
          w={150}
          data-testid="incident-source-filter"
        />
        <Select
          aria-label="Sort"
          data={[
            { value: 'newest', label: 'newest first' },
            { value: 'oldest', label: 'oldest first' },
          ]}
          value={view.sort}
          onChange={(v) => setView({ sort: v === 'oldest' ? 'oldest' : 'newest' })}
          allowDeselect={false}
          w={140}
          data-testid="incident-sort"
        />
        <Chip
          checked={view.postmortemOverdue}
          onChange={(on) => setView(on ? { postmortemOverdue: true, status: 'all' } : { postmortemOverdue: false })}
          color="red"
          data-testid="incident-postmortem-filter"
        >
          Overdue postmortems
        </Chip>
        {(isFiltered(view) || view.status !== 'open' || view.sort !== 'newest') && (
          <Button
            variant="subtle"
            leftSection={<IconX size={14} />}
            onClick={() => setParams({}, { replace: true })}
            data-testid="incident-filters-clear"
          >
            Clear
          </Button>
        )}
      </Group>
      {view.alertname && (
        <Group gap="xs">
          <Text size="sm" data-testid="alertname-filter">
            Incidents with alert <Code>{view.alertname}</Code>
          </Text>
          <Button variant="subtle" size="xs" onClick={() => setView({ alertname: '' })}>
            any alert
          </Button>
        </Group>
      )}
      {view.grouped ? (
        groups.isPending ? (
          <LoadingState label="Grouping alerts…" />
        ) : groups.isError && !groups.data ? (
          <ErrorState title="Cannot group the alerts" error={groups.error} onRetry={() => void groups.refetch()} />
        ) : (
          <Paper withBorder>
            <Text size="sm" c="dimmed" p="sm" data-testid="alert-groups-count">
              {groups.data.total > groups.data.groups.length
                ? `${groups.data.groups.length} of ${groups.data.total} groups, most alerts first (at most ${ALERT_GROUP_LIMIT})`
                : `${groups.data.total} ${groups.data.total === 1 ? 'group' : 'groups'} of alerts by alertname and service`}
            </Text>
            <AlertGroupsTable
              groups={groups.data.groups}
              onOpen={(g) =>
                setView({ grouped: false, alertname: g.alertname ?? '', service: g.service ?? view.service })
              }
            />
          </Paper>
        )
      ) : null}
      {!view.grouped && <BulkBar selected={shownSelected} onDone={() => setSelected(new Set())} />}
      {incidents.isError && incidents.data && (
        <ErrorState
          title="Cannot refresh incidents; showing the last list"
          error={incidents.error}
          onRetry={() => void incidents.refetch()}
        />
      )}
      {view.grouped ? null : incidents.isPending ? (
        <LoadingState label="Loading incidents…" />
      ) : incidents.isError && !incidents.data ? (
        <ErrorState title="Cannot load incidents" error={incidents.error} onRetry={() => void incidents.refetch()} />
      ) : items.length === 0 ? (
        <Paper withBorder>
          <ListEmptyState view={view} />
        </Paper>
      ) : (
        <Paper withBorder>
          <IncidentTable
            incidents={items}
            fresh={fresh}
            focused={focused}
            selection={{
              selected,
              toggle,
              setAll: (all, on) =>
                setSelected((previous) => {
                  const next = new Set(previous);
                  for (const id of all) {
                    if (on) next.add(id);
                    else next.delete(id);
                  }
                  return next;
                }),
            }}
          />
          {incidents.hasNextPage && (
            <Group p="sm" justify="center">
              <Button
                variant="default"
                loading={incidents.isFetchingNextPage}
                onClick={() => void incidents.fetchNextPage()}
                data-testid="incidents-more"
              >
                Next {Math.min(LIST_PAGE_SIZE, (total ?? 0) - items.length)} of {(total ?? 0) - items.length} more
              </Button>
            </Group>
          )}
        </Paper>
      )}
      <ShortcutHelp opened={help} onClose={() => setHelp(false)} shortcuts={LIST_SHORTCUTS} />
    </Stack>
  );
}
