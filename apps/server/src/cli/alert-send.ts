/** `faultline alert send`: post one test alert to an integration, in its source's format. */
import { createHash } from 'node:crypto';
import { cli } from './words.ts';

interface Options {
  url: string;
  key: string;
  source: string;
  service: string;
  name: string;
  severity: string;
  summary: string;
  resolve?: boolean;
}

export async function alertSendCommand(o: Options): Promise<void> {
  const labels = { alertname: o.name, service: o.service, severity: o.severity };
  const now = new Date().toISOString();
  let url: string;
  let body: unknown;
  if (o.source === 'generic') {
    url = `${o.url}/api/v1/intake/generic/${encodeURIComponent(o.key)}`;
    body = { status: o.resolve ? 'resolved' : 'firing', title: o.summary, severity: o.severity, labels };
  } else if (o.source === 'alertmanager') {
    url = `${o.url}/api/v1/intake/alertmanager/${encodeURIComponent(o.key)}`;
    const fingerprint = createHash('sha256').update(JSON.stringify(labels)).digest('hex').slice(0, 16);
    body = {
      version: '4',
      status: o.resolve ? 'resolved' : 'firing',
      receiver: 'faultline-cli',
      groupLabels: { alertname: o.name },
      commonLabels: labels,
      commonAnnotations: { summary: o.summary },
      externalURL: 'faultline-cli',
      groupKey: `{}:{alertname="${o.name}"}`,
      truncatedAlerts: 0,
      alerts: [
        {
          status: o.resolve ? 'resolved' : 'firing',
          labels,
          annotations: { summary: o.summary },
          startsAt: now,
          endsAt: o.resolve ? now : '0001-01-01T00:00:00Z',
          generatorURL: '',
          fingerprint,
        },
      ],
    };
  } else {
    process.stderr.write(`${cli().t('cli.alert.badSource', { source: o.source })}\n`);
    process.exit(2);
  }
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    process.stdout.write(`${res.status} ${text}\n`);
    if (!res.ok) process.exit(1);
  } catch (e) {
    process.stderr.write(`${cli().t('cli.error.unreachable', { url: o.url, message: (e as Error).message })}\n`);
    process.exit(1);
  }
}
