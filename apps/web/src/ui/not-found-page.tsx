import { Anchor, EmptyState } from '@mantine/core';
import { IconMoodEmpty } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useT } from '../i18n/index.ts';

/** Shown for a console address that matches no page. */
export function NotFoundPage() {
  const t = useT();
  return (
    <EmptyState
      mt="xl"
      icon={<IconMoodEmpty size={28} />}
      withIndicatorBackground
      title={t('console.notFound.title')}
      description={
        <Anchor component={Link} to="/incidents">
          {t('console.notFound.back')}
        </Anchor>
      }
    />
  );
}
