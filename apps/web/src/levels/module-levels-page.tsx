import type { ModuleLevelRules } from '@faultline/contracts';
import { Anchor, Badge, Card, Group, Loader, Paper, SimpleGrid, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { ApiRequestError } from '../api/client.ts';
import { useLevelRuleActions, useLevelRules, versionIn } from '../api/level-rules.ts';
import { ErrorState, LoadingState } from '../ui/states.tsx';
import { DraftEditor } from './draft-editor.tsx';
import { TierBadge, VOLUME_HINT } from './modules-page.tsx';
import { ruleSource } from './rule-words.ts';
import { LintProblemList, RulesTable } from './rules-table.tsx';
import { PendingVersionCard, VersionHistory } from './versions.tsx';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </Stack>
  );
}

function ModuleHeader({ data }: { data: ModuleLevelRules }) {
  const module = data.module;
  return (
    <Paper withBorder p="lg">
      <Stack gap="md">
        <Stack gap={4}>
          <Text size="sm" c="dimmed">
            Module {module.id}
          </Text>
          <Title order={1} size="h2" data-testid="module-title">
            {module.name} — levels
          </Title>
        </Stack>
        <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }} spacing="md">
          <Fact label="Business line">{module.businessLine}</Fact>
          <Fact label="Tier">
            <TierBadge tier={module.tier} />
          </Fact>
          <Fact label="Volume">
            <Tooltip label={VOLUME_HINT[module.volume]} withArrow>
              <Text span size="sm">
                {module.volume}
              </Text>
            </Tooltip>
          </Fact>
          <Fact label="Owner">
            {module.owner ?? (
              <Text span c="dimmed" size="sm">
                no owner
              </Text>
            )}
          </Fact>
          <Fact label="Services">{module.services.length > 0 ? module.services.join(', ') : '—'}</Fact>
          <Fact label="Grading uses">
            {data.effectiveSource === 'version' ? (
              <Badge color="indigo" variant="light" tt="none">
                approved version {module.activeVersion ?? ''}
              </Badge>
            ) : (
              'config + template'
            )}
          </Fact>
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}

function EffectiveRules({ data }: { data: ModuleLevelRules }) {
  const source = (rule: Record<string, unknown>) =>
    ruleSource(rule, data.effectiveSource, data.module.activeVersion, data.module.id);
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="effective-heading">
      <Group justify="space-between" align="baseline" mb="xs">
        <Title order={2} size="h4" id="effective-heading">
          Rules in effect
        </Title>
        <Text size="xs" c="dimmed">
          {data.effective.length} rule{data.effective.length === 1 ? '' : 's'} · most severe matching level wins
        </Text>
      </Group>
      <Text size="xs" c="dimmed" mb="sm">
        What grades this module now. Generic rules of the config file that are not scoped to this module also apply and
        are not listed.
      </Text>
      <RulesTable rules={data.effective} source={source} testId="rule-row" empty="No rule grades this module." />
      {data.problems.length > 0 && (
        <Stack gap={4} mt="md" data-testid="effective-problems">
          <Text size="sm" fw={600}>
            Lint
          </Text>
          <LintProblemList problems={data.problems} scope="effective" />
        </Stack>
      )}
    </Card>
  );
}

function ModuleLevelsView({ id }: { id: string }) {
  const rules = useLevelRules(id);
  const actions = useLevelRuleActions(id);
  if (rules.isPending) return <LoadingState label="Loading level rules…" />;
  if (rules.isError && !rules.data) {
    const missing = rules.error instanceof ApiRequestError && rules.error.status === 404;
    return (
      <ErrorState
        title={missing ? `Module “${id}” does not exist` : 'Cannot load the level rules'}
        error={rules.error}
        onRetry={missing ? undefined : () => void rules.refetch()}
      />
    );
  }
  const data = rules.data;
  const pending = versionIn(data.versions, 'pending');
  return (
    <Stack gap="md">
      <ModuleHeader data={data} />
      {rules.isError && (
        <ErrorState
          title="Cannot refresh; showing the last rules"
          error={rules.error}
          onRetry={() => void rules.refetch()}
        />
      )}
      {pending && <PendingVersionCard version={pending} module={data.module} actions={actions} />}
      <EffectiveRules data={data} />
      <DraftEditor key={data.module.id} data={data} actions={actions} />
      <VersionHistory versions={data.versions} />
    </Stack>
  );
}

/**
 * `/modules/:id/levels`: a module's level rules in words, their lint, the pending version with Approve /
 * Reject, the draft editor, and every version of the rules.
 */
export function ModuleLevelsPage() {
  const params = useParams();
  const id = params.id ?? '';
  const rules = useLevelRules(id);
  return (
    <Stack gap="sm" maw={1400} mx="auto">
      <Group justify="space-between">
        <Anchor component={Link} to="/modules" size="sm">
          <Group gap={4} wrap="nowrap">
            <IconArrowLeft size={16} aria-hidden />
            All modules
          </Group>
        </Anchor>
        {rules.isFetching && !rules.isPending && <Loader size="xs" aria-label="Refreshing" />}
      </Group>
      <ModuleLevelsView id={id} />
    </Stack>
  );
}
