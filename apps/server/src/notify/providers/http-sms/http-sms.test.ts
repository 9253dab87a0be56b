import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermanentSendError } from '../../provider.ts';
import { InvalidNumberError, TransientSendError, classifySendError } from '../../phone/errors.ts';
import { samplePage, startVendorStub, testDeps, type VendorStub } from '../../../../../../test/support/vendor-stub.ts';
import { HttpSmsConfig, factory } from './index.ts';
import { fillTemplate, readPath } from './render.ts';

let stub: VendorStub;
beforeAll(async () => {
  stub = await startVendorStub();
});
afterAll(() => stub.close());

const config = (over: Record<string, unknown> = {}) =>
  HttpSmsConfig.parse({ url: `${stub.url}/v1/sms`, headers: { Authorization: 'Bearer gw-secret' }, ...over });
const provider = (over: Record<string, unknown> = {}) => factory.create(config(over), testDeps());
const tricky = samplePage({ title: 'He said "down"\\ & 50% + €\nnow' });

describe('config', () => {
  it('defaults to a JSON POST and keeps header values secret', () => {
    expect(factory).toMatchObject({ id: 'http-sms', address: 'phone', secretFields: ['headers'] });
    expect(config()).toMatchObject({
      method: 'POST',
      contentType: 'json',
      body: '{"to":"{{to}}","text":"{{text}}"}',
      maxSegments: 3,
    });
  });

  it('refuses a request that never uses {{to}} or {{text}}, and non-http URLs', () => {
    const r = HttpSmsConfig.safeParse({ url: 'https://gw.example.com/send', body: '{"to":"{{to}}"}' });
    expect(r.error!.issues.map((i) => i.message)).toEqual(['the request never uses {{text}}']);
    expect(
      HttpSmsConfig.safeParse({ url: 'https://gw.example.com/send?to={{to}}&m={{ text }}', method: 'GET' }).success,
    ).toBe(true);
    expect(HttpSmsConfig.safeParse({ url: 'ftp://gw.example.com/' }).success).toBe(false);
    expect(HttpSmsConfig.safeParse({ url: 'https://gw.example.com/', headers: { 'bad header': 'x' } }).success).toBe(
      false,
    );
  });
});

describe('send', () => {
  it('POSTs the JSON template with placeholders JSON-escaped and the configured headers', async () => {
    stub.answer(() => ({ status: 202, body: { data: { id: 'gw-1' } } }));
    const result = await provider({ messageIdField: 'data.id' }).send('+14155550123', tricky);
    expect(result).toEqual({ providerMessageId: 'gw-1' });
    const [req] = stub.requests;
    expect(req).toMatchObject({ method: 'POST', path: '/v1/sms' });
    expect(req!.headers.authorization).toBe('Bearer gw-secret');
    expect(req!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req!.body)).toEqual({
      to: '+14155550123',
      text: 'P1 #42 [checkout-api] He said "down"\\ & 50% + € now\nAck: https://faultline.example.com/ack/tok123',
    });
  });

  it('percent-encodes placeholders in a form body', async () => {
    stub.answer(() => ({ status: 200, body: 'OK' }));
    await provider({ contentType: 'form', body: 'dest={{to}}&msg={{text}}&sender=Faultline' }).send(
      '+14155550123',
      tricky,
    );
    const [req] = stub.requests;
    expect(req!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(req!.body);
    expect(form.get('dest')).toBe('+14155550123');
    expect(form.get('msg')).toContain('He said "down"\\ & 50% + € now');
    expect(form.get('sender')).toBe('Faultline');
  });

  it('puts percent-encoded placeholders in the URL of a GET gateway, without a body', async () => {
    stub.answer(() => ({ status: 200, body: 'queued' }));
    await provider({ method: 'GET', url: `${stub.url}/send?to={{to}}&text={{text}}` }).send('+14155550123', {
      kind: 'notice',
      subject: 'A&B',
      text: '100% done',
    });
    const [req] = stub.requests;
    expect(req).toMatchObject({ method: 'GET', path: '/send', body: '' });
    expect(req!.query.get('to')).toBe('+14155550123');
    expect(req!.query.get('text')).toBe('A&B: 100% done');
  });

  it('keeps a content-type header the config sets', async () => {
    stub.answer(() => ({ status: 200 }));
    await provider({ headers: { 'Content-Type': 'application/json; charset=utf-8' } }).send(
      '+14155550123',
      samplePage(),
    );
    expect(stub.requests[0]!.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it.each([
    [302, 'provider'],
    [400, 'provider'],
    [401, 'provider'],
    [404, 'provider'],
    [408, 'transient'],
    [425, 'transient'],
    [429, 'transient'],
    [500, 'transient'],
    [503, 'transient'],
  ] as const)('maps HTTP %i to a %s error', async (status, kind) => {
    stub.answer(() => ({ status, body: { error: 'nope' } }));
    const err = await provider()
      .send('+14155550123', samplePage())
      .catch((e: unknown) => e);
    expect(classifySendError(err)).toBe(kind);
    // The status and its standard phrase; the gateway's answer is not copied (docs/security.md).
    expect((err as Error).message).toMatch(new RegExp(`^http-sms: HTTP ${status} [A-Z][A-Za-z ]+$`));
    expect((err as Error).message).not.toContain('nope');
  });

  it('fails transiently on a timeout and permanently on a malformed number', async () => {
    stub.answer(() => ({ status: 200, delayMs: 1_000 }));
    await expect(provider({ timeoutMs: 100 }).send('+14155550123', samplePage())).rejects.toThrow(TransientSendError);
    await expect(provider().send('+1 415 555 0123', samplePage())).rejects.toThrow(InvalidNumberError);
    await expect(provider().send('+1 415 555 0123', samplePage())).rejects.toThrow(PermanentSendError);
  });
});

describe('templates', () => {
  it('always yields valid JSON from a JSON template, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const body = fillTemplate('{"to":"{{to}}","text":"{{ text }}"}', 'json', { to: '+14155550123', text });
        expect(JSON.parse(body)).toEqual({ to: '+14155550123', text });
      }),
    );
  });

  it('reads a message id by dotted path', () => {
    expect(readPath({ a: { b: [{ id: 7 }] } }, 'a.b.0.id')).toBe('7');
    expect(readPath({ a: null }, 'a.b')).toBeNull();
    expect(readPath('x', 'a')).toBeNull();
  });
});
