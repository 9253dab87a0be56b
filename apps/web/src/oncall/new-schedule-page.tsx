import { Card } from '@mantine/core';
import { useNavigate } from 'react-router';
import { coveringMondayNine } from './calendar-math.ts';
import { VIEWER_ZONE } from './final-calendar.tsx';
import { PageShell } from './page-shell.tsx';
import { newLayer } from './schedule-draft.ts';
import { ScheduleEditor } from './schedule-editor.tsx';
import { useDirectory } from './use-directory.ts';

/** `/oncall/schedules/new`: create a stored schedule; one weekly layer to start from, in the viewer's zone. */
export function NewSchedulePage() {
  const navigate = useNavigate();
  const directory = useDirectory();
  const start = coveringMondayNine(Date.now(), VIEWER_ZONE);
  return (
    <PageShell
      section="oncall"
      title="New schedule"
      description="Layers later in the list win where they have someone on call."
    >
      <Card withBorder padding="lg">
        <ScheduleEditor
          initial={{
            id: '',
            name: '',
            team: directory.teams[0] ?? '',
            timeZone: VIEWER_ZONE,
            layers: [newLayer(0, start)],
            overrides: [],
          }}
          isNew
          readOnly={false}
          teams={directory.teams}
          people={directory.people}
          onSaved={(id) => void navigate(`/oncall/schedules/${encodeURIComponent(id)}`)}
          onCancel={() => void navigate('/oncall/schedules')}
        />
      </Card>
    </PageShell>
  );
}
