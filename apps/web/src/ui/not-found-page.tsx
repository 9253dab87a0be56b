import { Anchor, EmptyState } from '@mantine/core';
import { IconMoodEmpty } from '@tabler/icons-react';
import { Link } from 'react-router';

/** Shown for a console address that matches no page. */
export function NotFoundPage() {
  return (
    <EmptyState
      mt="xl"
      icon={<IconMoodEmpty size={28} />}
      withIndicatorBackground
      title="Page not found"
      description={
        <Anchor component={Link} to="/incidents">
          Go to the incident list
        </Anchor>
      }
    />
  );
}
