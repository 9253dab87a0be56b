/** `faultline config check FILE`: every problem with its line, path and reason; exit 1 on errors. */
import { loadConfigFile, formatProblems } from '../config/index.ts';
import { systemClock } from '../lib/index.ts';
import { cli } from './words.ts';

export async function configCheckCommand(file: string): Promise<void> {
  // Schedule gaps are looked for from the moment the check runs.
  const { config, problems } = await loadConfigFile(file, systemClock.now());
  if (problems.length > 0) process.stdout.write(`${formatProblems(problems, file)}\n`);
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  if (!config || errors > 0) {
    process.stdout.write(`${cli().t('cli.config.problems', { file, errors, warnings })}\n`);
    process.exit(1);
  }
  process.stdout.write(`${cli().t('cli.config.ok', { file, warnings })}\n`);
}
