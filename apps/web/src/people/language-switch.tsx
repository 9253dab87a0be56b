import type { UserView } from '@faultline/contracts';
import { negotiateLocale } from '@faultline/i18n';
import { Group, SegmentedControl, Text } from '@mantine/core';
import { IconLanguage } from '@tabler/icons-react';
import { useUpdateUser } from '../api/people.ts';
import { LANGUAGE_CHOICES, useT } from '../i18n/index.ts';
import { errorMessage } from '../ui/states.tsx';

/**
 * The person's language: one choice per shipped language, each named in itself ("English", "简体中文"). A choice
 * saves `locale` on the person (PATCH /users/:id); the console follows it at once (LocaleProvider reads the person),
 * and so do the emails, pages and chat messages they receive.
 */
export function LanguageSwitch({ user }: { user: UserView }) {
  const t = useT();
  const update = useUpdateUser(user.id);
  return (
    <Group gap="xs" wrap="wrap" data-testid="language-switch">
      <IconLanguage size={18} aria-hidden />
      <Text size="sm" id="language-switch-label">
        {t('console.profile.language')}
      </Text>
      <SegmentedControl
        size="xs"
        aria-labelledby="language-switch-label"
        data={LANGUAGE_CHOICES}
        value={negotiateLocale([user.locale])}
        disabled={update.isPending}
        onChange={(locale) => update.mutate({ locale })}
      />
      {update.isError && (
        <Text size="sm" c="red" role="alert">
          {errorMessage(update.error, t)}
        </Text>
      )}
    </Group>
  );
}
