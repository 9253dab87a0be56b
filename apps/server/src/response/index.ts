/**
 * The response room's pure core (issue 17; DESIGN §6–7): milestones and their edits, pasted timelines,
 * the 1-5-10 clock, roles and hand-over, the response group and check-in, and the status-update cadence,
 * all as pure functions of their inputs and an injected `now`. The only public face of `response/`.
 */
export * from './actor.ts';
export * from './cadence.ts';
export * from './clock.ts';
export * from './clock-breaches.ts';
export * from './recover-nudge.ts';
export * from './config.ts';
export { MINUTE_MS, firstPastInstant, isPast } from './deadline.ts';
export * from './group.ts';
export * from './group-checkin.ts';
export * from './level-policy.ts';
export * from './lint.ts';
export * from './milestone-edit.ts';
export * from './milestone-order.ts';
export * from './milestones.ts';
export * from './once.ts';
export * from './role-gaps.ts';
export * from './role-handover.ts';
export * from './roles.ts';
export * from './stakeholders.ts';
export * from './timeline-paste.ts';
export * from './war-room.ts';
export { archiveWarRoom } from './war-room-job.ts';
export { routes } from './routes.ts';
export { responseJobs } from './jobs.ts';
export { declareIncident } from './declare.ts';
export { drillReport, listDrills, runDrill, startDrillSchedules } from './drills.ts';
export { drillOccurrence, nextDrillAt, type DrillSchedule } from './drill-schedule.ts';
export { addNote, editKeyTimes, pasteTimeline } from './key-times.ts';
export { actOnRole, personOf } from './roles-verbs.ts';
export { checkIn, inviteToGroup } from './group-verbs.ts';
export { checkInLink, mailCheckInInvitations } from './check-in-link.ts';
export { publishStatusUpdate } from './updates.ts';
export { changeLifecycle } from './lifecycle.ts';
export { incidentKeyTimes, incidentRoles, loadRoom, roomView } from './room.ts';
export type { Room } from './room.ts';
export { declarations, drills, emissions, keyTimes, roomEvents, statusUpdates } from './tables.ts';
/** Key times other domains observe (a change judged `caused`, the first recovery step): written as the system, no order check. */
export { putKeyTime, putKeyTimeIfAbsent } from './store.ts';
/** The key-time overlay (incident row + the room's rows), for readers of many incidents at once (analytics). */
export { effectiveMilestones } from './store.ts';
export type { KeyTimeRow } from './store.ts';
