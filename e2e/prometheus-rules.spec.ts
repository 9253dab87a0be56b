/**
 * The example Prometheus rules for alerting on Faultline itself (examples/prometheus/faultline-rules.yml,
 * docs/operations.md) are valid for the real promtool, and fire on what they say: promtool's own rule tests
 * (faultline-rules.test.yml) feed them series shaped like Faultline's metrics.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { promtoolBinary } from './support/prometheus.ts';

const dir = fileURLToPath(new URL('../examples/prometheus/', import.meta.url));

describe('example alerting rules for Faultline itself', () => {
  it.each([
    ['check rules', 'faultline-rules.yml'],
    ['test rules', 'faultline-rules.test.yml'],
  ])('promtool %s %s succeeds', (command, file) => {
    const r = spawnSync(promtoolBinary(), [...command.split(' '), file], { cwd: dir, encoding: 'utf8' });
    expect(`${r.stdout}${r.stderr}`).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });
});
