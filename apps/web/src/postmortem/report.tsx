import { Alert, Card, Loader, Title, Typography } from '@mantine/core';
import Markdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import type { PostmortemView } from '@faultline/contracts';
import { usePostmortemMarkdown } from '../api/postmortems.ts';
import { errorMessage } from '../ui/states.tsx';

/**
 * The postmortem as a page: the server's Markdown export rendered (GitHub-flavoured: tables, lists, emphasis).
 * Safe by construction: react-markdown builds React elements and never injects HTML, so HTML people wrote is
 * not rendered (it shows as text or is dropped) and `javascript:` links are emptied by its URL filter.
 * A draft shows the same page as a preview; once published it is the page people read.
 */
export function PostmortemReport({ pm }: { pm: PostmortemView }) {
  // The export changes whenever the postmortem does: key the query on what the view shows changed.
  const version = `${pm.status}:${pm.checkpoints.map((c) => c.state).join()}:${pm.actions.map((a) => a.state).join()}:${JSON.stringify(pm.sections)}`;
  const md = usePostmortemMarkdown(pm.id, version);
  return (
    <Card withBorder component="section" aria-labelledby="report-heading">
      <Title order={2} size="h5" id="report-heading" mb="xs">
        {pm.status === 'published' ? 'Published report' : 'Report preview'}
      </Title>
      {md.isPending ? (
        <Loader size="sm" />
      ) : md.isError ? (
        <Alert color="red">{errorMessage(md.error)}</Alert>
      ) : (
        <Typography data-testid="postmortem-report">
          <Markdown remarkPlugins={[remarkGfm]}>{md.data}</Markdown>
        </Typography>
      )}
    </Card>
  );
}
