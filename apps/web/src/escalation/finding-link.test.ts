import { expect, it } from 'vitest';
import { findingLink } from './finding-link.ts';

it('links a finding to the page of what it is about', () => {
  expect(findingLink('schedule:primary')).toBe('/oncall/schedules/primary');
  expect(findingLink('policy:payments.steps.0')).toBe('/oncall/policies/payments');
  expect(findingLink('team:payments')).toBe('/people/teams');
  expect(findingLink('user:ann@example.com')).toBeNull();
  expect(findingLink('override:7')).toBeNull();
});
