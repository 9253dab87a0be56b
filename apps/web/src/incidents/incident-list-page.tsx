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
  type StatusChoice,
} from './list-filters.ts';
import { useNewIds } from './use-new-ids.ts';
import type { MessageId } from '@faultline/i18n';
import { FormattedMessage } from 'react-intl';
import { useT } from '../i18n/index.ts';
import { SLASH_SEPARATOR } from '../ui/punctuation.ts';

const LEVEL_CHOICES = ['P1', 'P2', 'P3', 'P4'];

/** The list's keyboard shortcuts, shown by `?`: keys and what they do (a catalog id). */
export const LIST_SHORTCUTS: Array<[string, MessageId]> = [
  ['j / k', 'console.shortcuts.nextPrevious'],
  ['Enter', 'console.shortcuts.open'],
  ['x', 'console.shortcuts.select'],
  ['/', 'console.shortcuts.search'],
  ['?', 'console.shortcuts.help'],
];

/** The count's word for each status filter ("3 open", "12 in total"). */
const COUNT_WORDS: Record<StatusChoice, MessageId> = {
  open: 'console.incidents.countWord.open',
  triggered: 'console.status.triggered',
  acknowledged: 'console.status.acknowledged',
  mitigated: 'console.status.mitigated',
  resolved: 'console.status.resolved',
  all: 'console.incidents.countWord.all',
};

/** The status filter's choice names. */
const STATUS_FILTER_WORDS: Record<StatusChoice, MessageId> = {
  ...COUNT_WORDS,
  open: 'console.incidents.filter.open',
  all: 'console.incidents.filter.all',
};

function ListEmptyState({ view }: { view: ListView }) {
  const t = useT();
  if (isFiltered(view))
    return (
      <EmptyState
        py="xl"
        icon={<IconSearch size={28} />}
        title={t('console.incidents.empty.filtered')}
        description={t('console.incidents.empty.filteredHint')}
        data-testid="incidents-empty"
      />
    );
  return (
    <EmptyState
      py="xl"
      icon={<IconEar size={28} />}
      variant="light"
      color="teal"
      title={view.status === 'open' ? t('console.incidents.empty.open') : t('console.incidents.empty.none')}
      description={
        <Stack gap={6} align="center">
          <Text size="sm" c="dimmed">
            {t('console.incidents.empty.hint')}
          </Text>
          <Code data-i18n-value>npm run faultline -- alert send --key quickstart</Code>
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
  shortcuts: Array<[string, MessageId]>;
}) {
  const t = useT();
  return (
    <Modal opened={opened} onClose={onClose} title={t('console.shortcuts.title')} data-testid="shortcut-help">
      <Table>
        <Table.Tbody>
          {shortcuts.map(([keys, what]) => (
            <Table.Tr key={keys}>
              <Table.Td>
                {keys.split(' / ').map((k, i) => (
                  <span key={k}>
                    {i > 0 && SLASH_SEPARATOR}
                    <Kbd data-i18n-value>{k}</Kbd>
                  </span>
                ))}
              </Table.Td>
              <Table.Td>{t(what)}</Table.Td>
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
  const t = useT();
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
  const statusWord = t(COUNT_WORDS[view.status]);
  const shownSelected = items.filter((i) => selected.has(i.id)).map((i) => i.id);

  return (
    <Stack gap="md" maw={1280} mx="auto">
      <Group justify="space-between" align="center">
        <Group gap="sm" align="center">
          <Title order={1} size="h2">
            {t('console.nav.incidents')}
          </Title>
          {incidents.data && (
            <Text c="dimmed" size="sm" aria-live="polite" data-testid="incidents-count">
              {items.length < (total ?? 0)
                ? t('console.incidents.countPartial', { shown: items.length, total, status: statusWord })
                : t('console.incidents.count', { total, status: statusWord })}
            </Text>
          )}
          {incidents.isFetching && !incidents.isPending && (
            <Loader size="xs" aria-label={t('console.incidents.refreshing')} />
          )}
        </Group>
        <Group gap="xs">
          <SegmentedControl
            size="xs"
            aria-label={t('console.incidents.show')}
            data={[
              { value: 'incidents', label: t('console.nav.incidents') },
              { value: 'groups', label: t('console.incidents.alertGroups') },
            ]}
            value={view.grouped ? 'groups' : 'incidents'}
            onChange={(v) => setView({ grouped: v === 'groups' })}
            data-testid="incident-grouping"
          />
          <Button component={Link} to="/drills" color="grape" variant="light" size="xs">
            {t('console.incidents.runDrill')}
          </Button>
          <Button component={Link} to="/incidents/declare" color="red" size="xs">
            {t('console.incidents.declare')}
          </Button>
          {person && (
            <Menu position="bottom-end">
              <Menu.Target>
                <Button variant="default" size="xs" leftSection={<IconBookmark size={14} />} data-testid="views-menu">
                  {t('console.incidents.views')}
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
                        aria-label={t('console.incidents.deleteView', { name: v.name })}
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
                    const name = window.prompt(t('console.incidents.nameView'))?.trim();
                    if (name) viewActions.save.mutate({ name: name.slice(0, 60), query: scope });
                  }}
                  data-testid="save-view"
                >
                  {t('console.incidents.saveView')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          )}
          <Button variant="subtle" size="xs" onClick={() => setHelp(true)} aria-label={t('console.shortcuts.title')}>
            <Kbd data-i18n-value>?</Kbd>
          </Button>
        </Group>
      </Group>
      <Group gap="xs" align="flex-end" wrap="wrap" data-testid="incident-filters">
        <TextInput
          ref={searchRef}
          aria-label={t('console.incidents.search')}
          placeholder={t('console.incidents.searchPlaceholder')}
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
          aria-label={t('console.incidents.filter.status')}
          data={STATUS_CHOICES.map((s) => ({ value: s, label: t(STATUS_FILTER_WORDS[s]) }))}
          value={view.status}
          onChange={(v) => setView({ status: (v as ListView['status'] | null) ?? 'open' })}
          allowDeselect={false}
          w={190}
          data-testid="incident-status-filter"
        />
        <MultiSelect
          aria-label={t('console.incidents.filter.level')}
          placeholder={view.levels.length ? undefined : t('console.incidents.filter.anyLevel')}
          data={[...new Set([...LEVEL_CHOICES, ...view.levels])]}
          value={view.levels}
          onChange={(levels) => setView({ levels })}
          w={180}
          data-testid="incident-level-filter"
        />
        <Select
          aria-label={t('console.incidents.filter.team')}
          placeholder={t('console.incidents.filter.anyTeam')}
          data={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))}
          value={view.team || null}
          onChange={(v) => setView({ team: v ?? '' })}
          clearable
          searchable
          w={160}
          data-testid="incident-team-filter"
        />
        <TextInput
          aria-label={t('console.incidents.filter.service')}
          placeholder={t('console.incidents.filter.anyService')}
          defaultValue={view.service}
          key={`service-${view.service}`}
          onKeyDown={(e) => e.key === 'Enter' && setView({ service: e.currentTarget.value })}
          onBlur={(e) => e.currentTarget.value !== view.service && setView({ service: e.currentTarget.value })}
          w={150}
          data-testid="incident-service-filter"
        />
        <Select
          aria-label={t('console.incidents.filter.source')}
          placeholder={t('console.incidents.filter.anySource')}
          data={[...SOURCE_CHOICES]}
          value={view.source || null}
          onChange={(v) => setView({ source: v ?? '' })}
          clearable
          w={150}
          data-testid="incident-source-filter"
        />
        <Select
          aria-label={t('console.incidents.filter.sort')}
          data={[
            { value: 'newest', label: t('console.incidents.filter.newest') },
            { value: 'oldest', label: t('console.incidents.filter.oldest') },
          ]}
          value={view.sort}
          onChange={(v) => setView({ sort: v === 'oldest' ? 'oldest' : 'newest' })}
          allowDeselect={false}
          w={160}
          data-testid="incident-sort"
        />
        <Chip
          checked={view.postmortemOverdue}
          onChange={(on) => setView(on ? { postmortemOverdue: true, status: 'all' } : { postmortemOverdue: false })}
          color="red"
          data-testid="incident-postmortem-filter"
        >
          {t('console.incidents.filter.overdue')}
        </Chip>
        {(isFiltered(view) || view.status !== 'open' || view.sort !== 'newest') && (
          <Button
            variant="subtle"
            leftSection={<IconX size={14} />}
            onClick={() => setParams({}, { replace: true })}
            data-testid="incident-filters-clear"
          >
            {t('console.incidents.filter.clear')}
          </Button>
        )}
      </Group>
      {view.alertname && (
        <Group gap="xs">
          <Text size="sm" data-testid="alertname-filter">
            <FormattedMessage
              id="console.incidents.withAlert"
              values={{ alertname: <Code data-i18n-value>{view.alertname}</Code> }}
            />
          </Text>
          <Button variant="subtle" size="xs" onClick={() => setView({ alertname: '' })}>
            {t('console.incidents.anyAlert')}
          </Button>
        </Group>
      )}
      {view.grouped ? (
        groups.isPending ? (
          <LoadingState label={t('console.incidents.grouping')} />
        ) : groups.isError && !groups.data ? (
          <ErrorState
            title={t('console.incidents.groupFailed')}
            error={groups.error}
            onRetry={() => void groups.refetch()}
          />
        ) : (
          <Paper withBorder>
            <Text size="sm" c="dimmed" p="sm" data-testid="alert-groups-count">
              {groups.data.total > groups.data.groups.length
                ? t('console.incidents.groupsPartial', {
                    shown: groups.data.groups.length,
                    total: groups.data.total,
                    limit: ALERT_GROUP_LIMIT,
                  })
                : t('console.incidents.groups', { total: groups.data.total })}
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
          title={t('console.incidents.refreshFailed')}
          error={incidents.error}
          onRetry={() => void incidents.refetch()}
        />
      )}
      {view.grouped ? null : incidents.isPending ? (
        <LoadingState label={t('console.incidents.loading')} />
      ) : incidents.isError && !incidents.data ? (
        <ErrorState
          title={t('console.incidents.loadFailed')}
          error={incidents.error}
          onRetry={() => void incidents.refetch()}
        />
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
                {t('console.incidents.more', {
                  next: Math.min(LIST_PAGE_SIZE, (total ?? 0) - items.length),
                  rest: (total ?? 0) - items.length,
                })}
              </Button>
            </Group>
          )}
        </Paper>
      )}
      <ShortcutHelp opened={help} onClose={() => setHelp(false)} shortcuts={LIST_SHORTCUTS} />
    </Stack>
  );
}
