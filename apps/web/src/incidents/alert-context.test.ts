import { describe, expect, it } from 'vitest';
import { alertContext } from './alert-context.ts';

describe("an alert's context", () => {
  it('shows the runbook first among the links, and the other annotations as text', () => {
    const { links, notes } = alertContext({
      summary: 'p99 latency above 2s',
      description: 'Checkout p99 has been above 2s for 5 minutes.',
      dashboard_url: 'https://grafana.example/d/checkout',
      runbook_url: 'https://runbooks.example/latency',
      generatorURL: 'http://prometheus.example:9090/graph?g0.expr=up',
    });
    expect(links).toEqual([
      { key: 'runbook_url', label: 'Runbook', href: 'https://runbooks.example/latency' },
      { key: 'dashboard_url', label: 'dashboard', href: 'https://grafana.example/d/checkout' },
      { key: 'generatorURL', label: 'Source', href: 'http://prometheus.example:9090/graph?g0.expr=up' },
    ]);
    expect(notes).toEqual([['description', 'Checkout p99 has been above 2s for 5 minutes.']]);
  });

  it('never makes a link of anything but http(s)', () => {
    const { links, notes } = alertContext({
      runbook_url: 'javascript:alert(1)',
      other: 'data:text/html,<script>alert(1)</script>',
      relative: '/runbooks/x',
    });
    expect(links).toEqual([]);
    expect(notes.map(([k]) => k)).toEqual(['other', 'relative', 'runbook_url']);
  });
});
