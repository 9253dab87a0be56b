/**
 * The catalog's stored facts: services live in the config file, but a service's escalation policy may be
 * linked through the API or the console (issue 12) when the file names none for it.
 */
import { pgTable, text } from 'drizzle-orm/pg-core';
import { tstz } from '../db/index.ts';

/**
 * The escalation policy linked to a config service (`catalog…services[].escalationPolicy` in the file wins):
 * the service's incidents are paged through it instead of their team's policy. One row per linked service;
 * unlinking deletes it. `service_id` is the config's service id (services are not rows).
 */
export const servicePolicies = pgTable('service_policies', {
  serviceId: text('service_id').primaryKey(),
  escalationPolicy: text('escalation_policy').notNull(),
  updatedAt: tstz('updated_at').notNull(),
});
