export * from './intake.ts';
export * from './incident.ts';
export * from './engine.ts';
export * from './auth.ts';
export * from './levels.ts';
export * from './escalation.ts';
export * from './people.ts';
