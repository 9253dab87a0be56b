import type { RoleName } from '@faultline/contracts';
import { Alert, Button, Checkbox, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useCreateUser } from '../api/people.ts';
import { fieldErrors } from '../oncall/field-errors.ts';
import { TIME_ZONES } from '../oncall/time-zones.ts';
import { errorMessage } from '../ui/states.tsx';

const ROLES: RoleName[] = ['stakeholder', 'viewer', 'responder', 'manager', 'admin'];

/**
 * "New user" (admins): email, name, phone, zone and role; by default the person is emailed a link to set their
 * password (issue 12: console-made users could not sign in). Opens the new person's profile when created.
 */
export function NewUserButton() {
  const [open, setOpen] = useState(false);
  const create = useCreateUser();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [timeZone, setTimeZone] = useState('UTC');
  const [role, setRole] = useState<RoleName>('responder');
  const [invite, setInvite] = useState(true);
  const errors = fieldErrors(create.error);
  return (
    <>
      <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setOpen(true)}>
        New user
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title="New user">
        <Stack
          component="form"
          aria-label="New user"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate(
              {
                email: email.trim(),
                name: name.trim(),
                timeZone,
                role,
                invite,
                ...(phone.trim() ? { phone: phone.trim() } : {}),
              },
              { onSuccess: (user) => void navigate(`/people/users/${user.id}`) },
            );
          }}
        >
          <TextInput
            label="Email"
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={errors.get('email')}
            required
          />
          <TextInput
            label="Name"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.get('name')}
            required
          />
          <TextInput
            label="Phone"
            description="E.164"
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
          />
          <Select
            label="Role"
            data={ROLES}
            value={role}
            onChange={(r) => r && setRole(r as RoleName)}
            allowDeselect={false}
          />
          <Checkbox
            label="Email them a link to set their password"
            description="It works once, for 7 days"
            checked={invite}
            onChange={(e) => setInvite(e.currentTarget.checked)}
            data-testid="new-user-invite"
          />
          {create.isError && errors.size === 0 && (
            <Alert color="red" variant="light" role="alert">
              {errorMessage(create.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create user
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
