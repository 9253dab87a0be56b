import { Alert, Button, Code, Stack } from '@mantine/core';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';

interface State {
  error: Error | null;
}

/**
 * Keeps one broken page from blanking the whole console: shows what failed, with a way back, and leaves
 * the header and navigation working. Reset by remounting (the frame keys it by location).
 */
export class PageErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('page failed to render', error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <Alert color="red" title={<FormattedMessage id="console.pageError.title" />} data-testid="page-error">
        <Stack gap="sm" align="flex-start">
          <span>
            <FormattedMessage id="console.pageError.body" />
          </span>
          <Code block>{this.state.error.message}</Code>
          <Button variant="light" color="red" onClick={() => window.location.reload()}>
            <FormattedMessage id="console.pageError.reload" />
          </Button>
        </Stack>
      </Alert>
    );
  }
}
