import type { ActionState, ActionView } from '@faultline/contracts';
import { Select } from '@mantine/core';

/** States an action may be moved to from `from` (the server decides who may; this only hides the impossible). */
export const NEXT_STATES: Record<ActionState, ActionState[]> = {
  open: ['in_progress', 'done'],
  in_progress: ['done'],
  done: ['verified', 'in_progress'],
  verified: ['in_progress'],
};

const LABEL: Record<ActionState, string> = {
  open: 'Open',
  in_progress: 'In progress',
  done: 'Done',
  verified: 'Verified',
};

/** A keyboard-friendly way to move an action (the board also takes drags). */
export function ActionStateMenu({
  action,
  onMove,
}: {
  action: ActionView;
  onMove: (to: ActionState, reason?: string) => void;
}) {
  const next = NEXT_STATES[action.state];
  return (
    <Select
      size="xs"
      w={150}
      aria-label={`Move action ${action.title}`}
      placeholder={LABEL[action.state]}
      value={null}
      data={next.map((s) => ({ value: s, label: `→ ${LABEL[s]}` }))}
      onChange={(v) => {
        if (!v) return;
        const to = v as ActionState;
        // Sending back (a rejection or a reopen) needs a reason.
        const back = to === 'in_progress' && (action.state === 'done' || action.state === 'verified');
        const reason = back ? (window.prompt('Why is it sent back?') ?? '') : undefined;
        onMove(to, reason);
      }}
    />
  );
}
