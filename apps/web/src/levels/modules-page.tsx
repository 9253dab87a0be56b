import type { ModuleView } from '@faultline/contracts';
import {
  Anchor,
  Badge,
  EmptyState,
  Group,
  Loader,
  type MantineColor,
  Paper,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconStack2 } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import { useModules } from '../api/level-rules.ts';
import classes from '../ui/table.module.css';
import { ErrorState, LoadingState } from '../ui/states.tsx';

export const TIER_COLOR: Record<ModuleView['tier'], MantineColor> = {
  core: 'red',
  'sub-core': 'orange',
  'non-core': 'gray',
};

export const TIER_HINT: Record<ModuleView['tier'], string> = {
  core: 'Core: graded by the core standard',
  'sub-core': 'Sub-core: core-standard rules grade one level lower',
  'non-core': 'Non-core: core-standard rules grade two levels lower',
};

export const VOLUME_HINT: Record<ModuleView['volume'], string> = {
  high: 'over 1,000 TPS at peak or over 1M a day',
  medium: '100–1,000 TPS, 100k–1M a day',
  low: '10–100 TPS, 10k–100k a day',
  'very-low': 'under 10k a day',
};

/** A module's tier as a coloured badge with what it does to levels. */
export function TierBadge({ tier }: { tier: ModuleView['tier'] }) {
  return (
    <Tooltip label={TIER_HINT[tier]} withArrow openDelay={300}>
      <Badge color={TIER_COLOR[tier]} variant="light" size="sm" miw="max-content">
        {tier}
      </Badge>
    </Tooltip>
  );
}

/** Which rules grade a module now, in words: `version 4` or `config + template`. */
export function ActiveRules({ module }: { module: ModuleView }) {
  return module.activeVersion === null ? (
    <Text size="sm" c="dimmed">
      config + template
    </Text>
  ) : (
    <Badge color="indigo" variant="light" size="sm" tt="none">
      version {module.activeVersion}
    </Badge>
  );
}

function ModulesTable({ modules }: { modules: ModuleView[] }) {
  const navigate = useNavigate();
  const sorted = [...modules].sort(
    (a, b) => a.businessLine.localeCompare(b.businessLine) || a.name.localeCompare(b.name),
  );
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table highlightOnHover verticalSpacing="sm" aria-label="Modules">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Module</Table.Th>
            <Table.Th w={160}>Business line</Table.Th>
            <Table.Th w={110}>Tier</Table.Th>
            <Table.Th w={110}>Volume</Table.Th>
            <Table.Th w={220}>Owner</Table.Th>
            <Table.Th w={160}>Level rules</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sorted.map((module) => {
            const to = `/modules/${encodeURIComponent(module.id)}/levels`;
            return (
              <Table.Tr
                key={module.id}
                className={classes.clickableRow}
                data-testid="module-row"
                data-module-id={module.id}
                onClick={(event) => {
                  if ((event.target as HTMLElement).closest('a')) return;
                  void navigate(to);
                }}
              >
                <Table.Td>
                  <Anchor component={Link} to={to} c="inherit" fw={500}>
                    {module.name}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {module.id}
                    {module.services.length > 0 ? ` · ${module.services.join(', ')}` : ''}
                  </Text>
                </Table.Td>
                <Table.Td>{module.businessLine}</Table.Td>
                <Table.Td>
                  <TierBadge tier={module.tier} />
                </Table.Td>
                <Table.Td>
                  <Tooltip label={VOLUME_HINT[module.volume]} withArrow openDelay={300}>
                    <Text size="sm" span>
                      {module.volume}
                    </Text>
                  </Tooltip>
                </Table.Td>
                <Table.Td>
                  {module.owner ?? (
                    <Text size="sm" c="dimmed" span>
                      no owner
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <ActiveRules module={module} />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** `/modules`: the catalog's modules with what grading needs; each opens its level rules. */
export function ModulesPage() {
  const modules = useModules();
  return (
    <Stack gap="md" maw={1280} mx="auto">
      <Group gap="sm" align="center">
        <Title order={1} size="h2">
          Levels
        </Title>
        {modules.data && (
          <Text c="dimmed" size="sm">
            {modules.data.length} modules
          </Text>
        )}
        {modules.isFetching && !modules.isPending && <Loader size="xs" aria-label="Refreshing" />}
      </Group>
      <Text size="sm" c="dimmed" maw={760}>
        Each module is graded by its level rules: the approved version of its rules, or, until one is approved, the
        rules in the config file and the fault-level template. Open a module to see its rules in words, propose a
        change, or approve one if you own the module.
      </Text>
      {modules.isPending ? (
        <LoadingState label="Loading modules…" />
      ) : modules.isError && !modules.data ? (
        <ErrorState title="Cannot load modules" error={modules.error} onRetry={() => void modules.refetch()} />
      ) : modules.data.length === 0 ? (
        <Paper withBorder>
          <EmptyState
            py="xl"
            icon={<IconStack2 size={28} />}
            title="No modules in the catalog"
            description="Add business lines and modules to the config file's catalog to grade by module."
            data-testid="modules-empty"
          />
        </Paper>
      ) : (
        <Paper withBorder>
          <ModulesTable modules={modules.data} />
        </Paper>
      )}
    </Stack>
  );
}
