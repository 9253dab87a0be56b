/**
 * The audit log (who changed what, when, before and after): the one place every domain records a change.
 *
 * The folder's only public face: other folders import from here (docs/architecture.md).
 */
export { auditBy, recordAudit } from './audit.ts';
export { routes } from './routes.ts';
