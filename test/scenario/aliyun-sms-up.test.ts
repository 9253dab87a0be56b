/**
 * Acknowledge by an SMS reply through Alibaba Cloud (DESIGN §7): Alibaba Cloud pushes replies as a JSON array
 * to the upstream-message URL ("HTTP batch push"), unsigned, so the URL's secret path is the check and only a
 * verified contact method's number may act. The body is the documented push
 * (`phone_number`, `content`, `send_time`, `dest_code`, `sequence_id`); the answer `{"code":0}` stops retries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { actingConfig, addContact, detail, openIncident, seedPeople } from '../support/acting-fixtures.ts';

const SECRET = 'k3Jd9sLq0ZxV7bNm2WcR8tYu';
const ANA_MOBILE = '13800138000'; // a mainland number, pushed without +86

describe('Alibaba Cloud SMS replies', () => {
  const clock = new FakeClock('2026-11-21T12:00:00Z');
  const email = recordingProvider();
  let s: TestServer;

  const push = (secret: string, items: Array<{ phone: string; content: string }>) =>
    s.post(
      `/api/v1/aliyun/sms-up/${secret}`,
      items.map((i, n) => ({
        phone_number: i.phone,
        content: i.content,
        send_time: '2026-11-21 12:01:00',
        dest_code: '1234',
        sequence_id: 1_000 + n,
      })),
    );

  beforeAll(async () => {
    const channels = [
      {
        id: 'cn-sms',
        type: 'aliyun-sms',
        config: {
          accessKeyId: 'LTAI5tExampleKeyId',
          accessKeySecret: 'example-access-key-secret',
          signName: '故障平台',
          pageTemplate: { code: 'SMS_154950909' },
          smsUpSecret: SECRET,
        },
      },
    ];
    s = await startTestServer({ clock, providers: { email }, engineLoop: false, configYaml: actingConfig(channels) });
    const { ana } = await seedPeople(s);
    await addContact(s, ana, 'sms', `+86${ANA_MOBILE}`);
  });
  afterAll(() => s.dispose());

  it('"确认 <id>" from a verified number acknowledges as its owner; the push is answered {"code":0}', async () => {
    const id = await openIncident(s, 'AliyunAck');
    const res = await push(SECRET, [{ phone: ANA_MOBILE, content: `确认 ${id}` }]);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ code: 0, msg: '接收成功' });
    const d = await detail(s, id);
    expect(d.status).toBe('acknowledged');
    expect(d.timeline.filter((t) => t.kind === 'acknowledged')).toEqual([
      expect.objectContaining({ actor: 'Ana', message: 'acknowledged by Ana via SMS reply' }),
    ]);
  });

  it('a pushed retry of the same reply changes nothing more; "解决 <id>" resolves', async () => {
    const id = await openIncident(s, 'AliyunResolve');
    for (let i = 0; i < 2; i++)
      expect((await push(SECRET, [{ phone: ANA_MOBILE, content: `解决 ${id}` }])).status).toBe(200);
    const d = await detail(s, id);
    expect(d.status).toBe('resolved');
    expect(d.timeline.filter((t) => t.kind === 'resolved')).toHaveLength(1);
  });

  it('a wrong secret is 401; an unknown number is consumed and changes nothing', async () => {
    const id = await openIncident(s, 'AliyunStranger');
    const wrong = await push('x'.repeat(24), [{ phone: ANA_MOBILE, content: `确认 ${id}` }]);
    expect(wrong.status).toBe(401);
    const stranger = await push(SECRET, [{ phone: '13900139000', content: `确认 ${id}` }]);
    expect(stranger.status).toBe(200);
    expect((await detail(s, id)).status).toBe('triggered');
  });
});
