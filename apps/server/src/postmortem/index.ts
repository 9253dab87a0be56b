/**
 * Postmortems and improvement actions (DESIGN §8, the closed loop): postmortems opened on mitigate/resolve
 * with working-day deadlines, checkpoints that gate publication and the incident's close, actions with a
 * verifier, and the board. One domain because the checkpoints read the actions in the same transaction.
 *
 * The folder's only public face: other folders import from here (docs/architecture.md).
 */
export { postmortemConfig } from './config.ts';
export type { PostmortemConfig } from './config.ts';
export { lintPostmortem } from './lint.ts';
export { postmortemJobs } from './jobs.ts';
export { routes } from './routes.ts';
export { postmortems, postmortemActions } from './tables.ts';
export { addAction, moveActionTo } from './actions.ts';
export { readBoard } from './board.ts';
export {
  closeIncident,
  getPostmortem,
  openPostmortem,
  publishPostmortem,
  updatePostmortem,
  waiveCheckpoint,
} from './postmortems.ts';
export { renderMarkdown } from './markdown.ts';
export { addWorkingDays, isWorkingDay, workingDaysLate } from './workdays.ts';
export type { WorkCalendar } from './workdays.ts';
export type { RoomFacts } from './room.ts';
