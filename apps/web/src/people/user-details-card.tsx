import type { RoleName, UserUpdate, UserView } from '@faultline/contracts';
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { useUpdateUser } from '../api/people.ts';
import { fieldErrors } from '../oncall/field-errors.ts';
import { TIME_ZONES } from '../oncall/time-zones.ts';
import { errorMessage } from '../ui/states.tsx';

const ROLES: RoleName[] = ['stakeholder', 'viewer', 'responder', 'manager', 'admin'];

function DetailsForm({ user, isAdmin, onDone }: { user: UserView; isAdmin: boolean; onDone: () => void }) {
  const update = useUpdateUser(user.id);
  const [name, setName] = useState(user.name);
  const [phone, setPhone] = useState(user.phone ?? '');
  const [timeZone, setTimeZone] = useState(user.timeZone);
  const [locale, setLocale] = useState(user.locale);
  const [role, setRole] = useState<RoleName>(user.role);
  const [disabled, setDisabled] = useState(user.disabled);
  const errors = fieldErrors(update.error);
  const body = (): UserUpdate => ({
    name: name.trim(),
    phone: phone.trim() || null,
    timeZone,
    locale: locale.trim(),
    ...(isAdmin ? { role, disabled } : {}),
  });
  return (
    <Stack
      gap="sm"
      component="form"
      aria-label="Details"
      onSubmit={(e) => {
        e.preventDefault();
        update.mutate(body(), { onSuccess: onDone });
      }}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label="Name"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors.get('name')}
          required
        />
        <TextInput
          label="Phone"
          description="E.164, e.g. +14155550100"
          value={phone}
          onChange={(e) => setPhone(e.currentTarget.value)}
          error={errors.get('phone')}
        />
        <Select
          label="Time zone"
          data={TIME_ZONES}
          searchable
          value={timeZone}
          onChange={(z) => z && setTimeZone(z)}
          allowDeselect={false}
          error={errors.get('timeZone')}
        />
        <TextInput
          label="Locale"
          value={locale}
          onChange={(e) => setLocale(e.currentTarget.value)}
          error={errors.get('locale')}
        />
        {isAdmin && (
          <>
            <Select
              label="Server-wide role"
              data={ROLES}
              value={role}
              onChange={(r) => r && setRole(r as RoleName)}
              allowDeselect={false}
              error={errors.get('role')}
            />
            <Switch
              mt="xl"
              label="Disabled (cannot sign in, is not paged)"
              checked={disabled}
              onChange={(e) => setDisabled(e.currentTarget.checked)}
            />
          </>
        )}
      </SimpleGrid>
      {update.isError && (
        <Alert color="red" variant="light" role="alert">
          {errorMessage(update.error)}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" loading={update.isPending}>
          Save details
        </Button>
      </Group>
    </Stack>
  );
}

function Fact({ label, value }: { label: string; value: ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {value}
      </Text>
    </Stack>
  );
}

/** A person's details — email, phone, zone, locale, role, teams, sign-in — with an editor for them or an admin. */
export function UserDetailsCard({ user, canEdit, isAdmin }: { user: UserView; canEdit: boolean; isAdmin: boolean }) {
  const [editing, setEditing] = useState(false);
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="details-heading">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="details-heading">
          Details
        </Title>
        {canEdit && !editing && (
          <Button size="xs" variant="default" onClick={() => setEditing(true)}>
            Edit details
          </Button>
        )}
      </Group>
      {editing ? (
        <DetailsForm user={user} isAdmin={isAdmin} onDone={() => setEditing(false)} />
      ) : (
        <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
          <Fact label="Email" value={user.email} />
          <Fact label="Phone" value={user.phone ?? '—'} />
          <Fact label="Time zone" value={user.timeZone} />
          <Fact label="Locale" value={user.locale} />
          <Fact label="Role" value={user.role} />
          <Fact
            label="Teams"
            value={
              user.teams.length ? (
                <Group gap={4}>
                  {user.teams.map((t) => (
                    <Badge key={t.team} variant="light" tt="none">
                      {t.team} · {t.role}
                    </Badge>
                  ))}
                </Group>
              ) : (
                '—'
              )
            }
          />
          <Fact
            label="Sign-in"
            value={
              [user.hasPassword && 'password', user.sso && 'single sign-on'].filter(Boolean).join(', ') || 'token only'
            }
          />
          <Fact label="Account" value={user.disabled ? <Badge color="red">disabled</Badge> : `from ${user.source}`} />
        </SimpleGrid>
      )}
    </Card>
  );
}
