import { describe, expect, it } from 'vitest';
import type { FaultlineConfig } from '../kernel/index.ts';
import { lintStatusPage } from './lint.ts';

const catalog = {
  businessLines: [{ id: 'commerce', modules: [{ id: 'checkout', services: [{ id: 'pay-api' }, { id: 'cart-api' }] }] }],
};
const lint = (components: Array<{ id: string; services: string[] }>) =>
  lintStatusPage(
    { catalog, statusPage: { components }, maintenanceWindows: [] } as unknown as FaultlineConfig,
    new Date(0),
  );

describe('lintStatusPage', () => {
  it('accepts components mapped to catalog services', () => {
    expect(lint([{ id: 'checkout', services: ['pay-api', 'cart-api'] }])).toEqual([]);
  });
  it('refuses a duplicate id and an unknown service; warns on a service mapped twice', () => {
    expect(
      lint([
        { id: 'checkout', services: ['pay-api'] },
        { id: 'checkout', services: ['nope'] },
        { id: 'cart', services: ['pay-api'] },
      ]),
    ).toEqual([
      { path: 'statusPage.components.1.id', message: 'component "checkout" is listed twice', severity: 'error' },
      { path: 'statusPage.components.1.services.0', message: 'no catalog service "nope"', severity: 'error' },
      {
        path: 'statusPage.components.2.services.0',
        message: 'service "pay-api" is also mapped to component "checkout"',
        severity: 'warning',
      },
    ]);
  });
});
