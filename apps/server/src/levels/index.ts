/**
 * Levels as data (DESIGN §4): sequences, level rules, the pure grading function, templates, rule versions and approval.
 *
 * The folder's only public face: other folders import from here (docs/architecture.md).
 */
export { loadApprovedRules } from './approved.ts';
export type { ApprovedRules } from './approved.ts';
export { levelsConfig } from './config.ts';
export { formatLevel, grade } from './grade.ts';
export { levelName, levelsInWords, sequenceName } from './display.ts';
export type { GradeMatch, GradeResult, ImpactFactsInput } from './grade.ts';
export { lintLevels } from './lint.ts';
export { buildMatcher, formatMatcher, matchOne, matches, matchesEmpty, parseMatchers } from './matchers.ts';
export type { Matcher } from './matchers.ts';
export { routes } from './routes.ts';
export { compileRules } from './rules.ts';
export type { CompiledRule, CompiledRules } from './rules.ts';
export { ruleInWords } from './versions.ts';
