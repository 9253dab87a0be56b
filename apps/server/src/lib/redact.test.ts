import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { redactJson, redactText, redactUrl, shortReason } from './redact.ts';

describe('redactUrl', () => {
  it.each([
    ['https://user:pa55@hooks.example/h', 'https://***@hooks.example/h'],
    ['http://token@prometheus:9090/api', 'http://***@prometheus:9090/api'],
    ['http://u:p@ss@host/x', 'http://***@host/x'],
    ['postgres://root:hunter2@db:5432/faultline', 'postgres://***@db:5432/faultline'],
    ['smtp://mailer:pw@relay:587', 'smtp://***@relay:587'],
    [
      'https://oapi.dingtalk.com/robot/send?access_token=abc123&timestamp=1795262400000&sign=xyz%3D',
      'https://oapi.dingtalk.com/robot/send?access_token=***&timestamp=1795262400000&sign=***',
    ],
    [
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a-91f6',
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***',
    ],
    [
      'https://prod-01.westus.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=Zm9vYmFy',
      'https://prod-01.westus.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=***',
    ],
    [
      'https://s3.example/o?X-Amz-Credential=AKIA&X-Amz-Signature=ff',
      'https://s3.example/o?X-Amz-Credential=***&X-Amz-Signature=***',
    ],
    [
      'https://x.example/h?api_key=1&apiKey=2&password=3&client_secret=4',
      'https://x.example/h?api_key=***&apiKey=***&password=***&client_secret=***',
    ],
    [
      'https://hooks.slack.com/services/T0001/B0002/XXXXXXXXXXXXXXXXXXXXXXXX',
      'https://hooks.slack.com/services/T0001/B0002/***',
    ],
    [
      'https://open.feishu.cn/open-apis/bot/v2/hook/2f8e-44d1?x=1',
      'https://open.feishu.cn/open-apis/bot/v2/hook/***?x=1',
    ],
    ['https://chat.example.com/hooks/xsdkfjhsdkf', 'https://chat.example.com/hooks/***'],
    ['https://discord.com/api/webhooks/123/abcDEF', 'https://discord.com/api/webhooks/123/***'],
    [
      'https://corp.webhook.office.com/webhookb2/g1@g2/IncomingWebhook/hex/g3',
      'https://corp.webhook.office.com/webhookb2/g1@g2/IncomingWebhook/***/***',
    ],
    [
      'https://faultline.example/api/v1/aliyun/sms-up/s3cr3t-value',
      'https://faultline.example/api/v1/aliyun/sms-up/***',
    ],
  ])('%s', (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });

  it('leaves a URL without credentials exactly as it was', () => {
    for (const url of [
      'http://prometheus:9090',
      'https://x.example/a/b?query=up&time=1795262400.000&step=60',
      'https://slack.com/api/chat.postMessage',
      'not a url at all',
    ]) {
      expect(redactUrl(url)).toBe(url);
    }
  });

  it('keeps empty secret parameters empty (nothing to hide)', () => {
    expect(redactUrl('https://x.example/?token=&a=1')).toBe('https://x.example/?token=&a=1');
  });

  it('never lets a password or token value through (property)', () => {
    const secret = fc.stringMatching(/^[A-Za-z0-9_-]{6,24}$/).map((s) => `S3CR3T${s}`);
    fc.assert(
      fc.property(secret, secret, fc.constantFrom('token', 'access_token', 'key', 'sig', 'password'), (p, t, name) => {
        const url = `https://user:${p}@host.example:8443/path?${name}=${t}&page=2`;
        const shown = redactUrl(url);
        return !shown.includes(p) && !shown.includes(t) && shown.includes('page=2');
      }),
    );
  });
});

describe('shortReason', () => {
  it('keeps a short vendor reason as it is', () => {
    expect(shortReason('keywords not in content', 100)).toBe('keywords not in content');
    expect(shortReason(310000, 100)).toBe('310000');
  });
  it('makes it one line without control characters, redacts URLs and cuts it', () => {
    expect(shortReason('bad\n\tthing\u0000 at https://u:p@h/x', 100)).toBe('bad thing at https://***@h/x');
    expect(shortReason('x'.repeat(150), 100)).toBe(`${'x'.repeat(100)}…`);
  });
  it('gives nothing for what is not text', () => {
    expect(shortReason({ error: 'x' }, 100)).toBe('');
    expect(shortReason(undefined, 100)).toBe('');
  });
});

describe('redactJson', () => {
  it('redacts every string, keeping the shape', () => {
    expect(redactJson({ error: 'at http://a:b@h/', n: 1, list: ['https://x/?token=t'], nested: { ok: true } })).toEqual(
      {
        error: 'at http://***@h/',
        n: 1,
        list: ['https://x/?token=***'],
        nested: { ok: true },
      },
    );
  });
});

describe('redactText', () => {
  it('redacts every URL in a message and keeps the sentence', () => {
    expect(
      redactText(
        'Prometheus at http://u:pw@prom:9090/x?access_token=t0k is unreachable: connection refused; see https://docs.example/a.',
      ),
    ).toBe(
      'Prometheus at http://***@prom:9090/x?access_token=*** is unreachable: connection refused; see https://docs.example/a.',
    );
  });
  it('handles URLs in quotes, brackets and JSON', () => {
    expect(redactText('{"url":"https://a:b@h/x"} (postgres://r:s@db/x)')).toBe(
      '{"url":"https://***@h/x"} (postgres://***@db/x)',
    );
  });
  it('returns text without a URL unchanged', () => {
    expect(redactText('webhook: HTTP 400 Bad Request')).toBe('webhook: HTTP 400 Bad Request');
  });
});
