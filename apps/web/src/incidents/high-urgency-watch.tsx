import type { IncidentPage } from '@faultline/contracts';
import { ActionIcon, Menu, Switch } from '@mantine/core';
import { useLocalStorage } from '@mantine/hooks';
import { IconBell, IconBellOff } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { apiFetch } from '../api/client.ts';
import { queryKeys } from '../api/query-keys.ts';
import { newHighUrgency, notificationOf } from './high-urgency.ts';
import { useT } from '../i18n/index.ts';

/** A short two-tone beep through the Web Audio API (no sound file to download). */
function beep(): void {
  const Ctx = window.AudioContext;
  if (!Ctx) return;
  const ctx = new Ctx();
  [880, 660].forEach((hz, i) => {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = hz;
    gain.gain.value = 0.08;
    osc.connect(gain).connect(ctx.destination);
    osc.start(ctx.currentTime + i * 0.18);
    osc.stop(ctx.currentTime + i * 0.18 + 0.15);
  });
  setTimeout(() => void ctx.close(), 1000);
}

/**
 * The header's bell: browser notifications (and, optionally, a sound) for new triggered high-urgency
 * incidents while the console is open. Off until the person turns it on (the browser then asks for
 * permission); kept in this browser.
 */
export function HighUrgencyWatch() {
  const t = useT();
  const [enabled, setEnabled] = useLocalStorage({ key: 'faultline.notify-high', defaultValue: false });
  const [sound, setSound] = useLocalStorage({ key: 'faultline.notify-sound', defaultValue: false });
  const [permission, setPermission] = useState(() =>
    typeof Notification === 'undefined' ? 'denied' : Notification.permission,
  );
  const triggered = useQuery({
    queryKey: queryKeys.incidents.list('triggered-watch'),
    queryFn: ({ signal }) =>
      apiFetch<IncidentPage>('/incidents?status=triggered&risk=exclude&limit=100', { signal }).then((p) => p.incidents),
    enabled,
  });
  const known = useRef<Set<number> | null>(null);
  useEffect(() => {
    if (!triggered.data) return;
    if (known.current === null) {
      known.current = new Set(triggered.data.map((i) => i.id));
      return;
    }
    const fresh = newHighUrgency(known.current, triggered.data);
    for (const i of triggered.data) known.current.add(i.id);
    if (fresh.length === 0) return;
    if (permission === 'granted') {
      for (const i of fresh) {
        const { title, body } = notificationOf(i);
        const n = new Notification(title, { body, tag: `incident-${i.id}` });
        n.onclick = () => {
          window.focus();
          window.location.assign(`/incidents/${i.id}`);
        };
      }
    }
    if (sound) beep();
  }, [triggered.data, permission, sound]);

  const turnOn = async (on: boolean) => {
    setEnabled(on);
    known.current = null;
    if (on && typeof Notification !== 'undefined' && Notification.permission === 'default') {
      setPermission(await Notification.requestPermission());
    }
  };

  return (
    <Menu position="bottom-end" closeOnItemClick={false}>
      <Menu.Target>
        <ActionIcon
          variant="subtle"
          color="gray"
          aria-label={t('console.notify.menu')}
          data-testid="notify-menu"
          data-enabled={enabled}
        >
          {enabled ? <IconBell size={18} aria-hidden /> : <IconBellOff size={18} aria-hidden />}
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown p="sm">
        <Switch
          label={t('console.notify.high')}
          checked={enabled}
          onChange={(e) => void turnOn(e.currentTarget.checked)}
          description={permission === 'denied' && enabled ? t('console.notify.blocked') : undefined}
          data-testid="notify-high"
        />
        <Switch
          mt="sm"
          label={t('console.notify.sound')}
          checked={sound}
          disabled={!enabled}
          onChange={(e) => setSound(e.currentTarget.checked)}
          data-testid="notify-sound"
        />
      </Menu.Dropdown>
    </Menu>
  );
}
