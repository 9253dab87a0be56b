/**
 * The improvement action's state machine (DESIGN §8): `open → in_progress → done → verified`, or a verifier
 * rejects a done action back to `in_progress` with a reason. The verifier is never the owner (issue 10
 * item 4: one person may not both do and accept the work). Pure.
 */

export const ACTION_STATES = ['open', 'in_progress', 'done', 'verified'] as const;
export type ActionState = (typeof ACTION_STATES)[number];

/** What a person asks for. */
export type ActionMove = 'start' | 'complete' | 'verify' | 'reject' | 'reopen';

/** The state each move leads to, and the states it may start from. */
const MOVES: Record<ActionMove, { from: readonly ActionState[]; to: ActionState }> = {
  start: { from: ['open'], to: 'in_progress' },
  complete: { from: ['open', 'in_progress'], to: 'done' },
  verify: { from: ['done'], to: 'verified' },
  reject: { from: ['done'], to: 'in_progress' },
  // A verified action whose check stops holding, or one a person reopens.
  reopen: { from: ['done', 'verified'], to: 'in_progress' },
};

/** Who may make a move: the owner works the action, the verifier accepts or rejects it. */
export type MoveRole = 'owner' | 'verifier' | 'any';
const WHO: Record<ActionMove, MoveRole> = {
  start: 'any',
  complete: 'any',
  verify: 'verifier',
  reject: 'verifier',
  reopen: 'any',
};

/** The result of asking for a move: the new state, or why it is refused. */
export type MoveResult = { ok: true; to: ActionState } | { ok: false; reason: string };

/**
 * Whether `move` is allowed from `from` by `actor`.
 * @param action the action's state, owner and verifier
 * @param move the move asked for
 * @param actor who asks (email or name); `null` for the server itself (it may reopen only)
 * @param reason required for `reject` and `reopen`
 */
export function moveAction(
  action: { state: ActionState; owner: string; verifier: string },
  move: ActionMove,
  actor: string | null,
  reason?: string | null,
): MoveResult {
  const m = MOVES[move];
  if (!m.from.includes(action.state))
    return { ok: false, reason: `an action that is ${action.state} cannot be moved by ${move}` };
  if (WHO[move] === 'verifier' && actor !== null && !samePerson(actor, action.verifier))
    return { ok: false, reason: `only the verifier (${action.verifier}) may ${move} it` };
  if ((move === 'reject' || move === 'reopen') && !(reason && reason.trim()))
    return { ok: false, reason: `${move} needs a reason` };
  return { ok: true, to: m.to };
}

/** The move that takes an action from `from` to `to` on the board (drag and drop), or null when none does. */
export function moveFor(from: ActionState, to: ActionState): ActionMove | null {
  for (const [move, m] of Object.entries(MOVES) as Array<[ActionMove, (typeof MOVES)[ActionMove]]>)
    if (m.to === to && m.from.includes(from) && move !== 'reopen') return move;
  if (to === 'in_progress' && MOVES.reopen.from.includes(from)) return 'reopen';
  return null;
}

/** Whether two people's identifiers name the same person (emails compare without case). */
export function samePerson(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** Whether an action is overdue at `now`: not done or verified and past its due time. */
export function isActionOverdue(action: { state: ActionState; dueAt: Date }, now: Date): boolean {
  return (action.state === 'open' || action.state === 'in_progress') && now.getTime() >= action.dueAt.getTime();
}
