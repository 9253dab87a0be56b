import { Card } from '@mantine/core';
import { useNavigate } from 'react-router';
import { PageShell } from '../oncall/page-shell.tsx';
import { newStep } from './policy-draft.ts';
import { PolicyEditor } from './policy-editor.tsx';

/** `/oncall/policies/new`: create a stored escalation policy, starting from one step paged at once. */
export function NewPolicyPage() {
  const navigate = useNavigate();
  return (
    <PageShell section="oncall" title="New escalation policy">
      <Card withBorder padding="lg">
        <PolicyEditor
          initial={{ id: '', name: '', team: '', repeat: 0, handoffTo: '', steps: [newStep(0)] }}
          isNew
          readOnly={false}
          onSaved={(id) => void navigate(`/oncall/policies/${encodeURIComponent(id)}`)}
          onCancel={() => void navigate('/oncall/policies')}
        />
      </Card>
    </PageShell>
  );
}
