import type { Request } from 'express';
import { presentedKey } from './request-authenticator';

const req = (headers: Record<string, string>, path = '/logs') => ({ headers, path: '/', originalUrl: `${path}?x=1`, url: '/' }) as unknown as Request;
const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString('base64')}`;
const key = 'lsk_' + 'abc123';

describe('presentedKey', () => {
  it.each([
    ['X-API-Key', { 'x-api-key': key }, '/logs', key],
    ['a Bearer token', { authorization: `Bearer ${key}` }, '/logs', key],
    ['a bearer token in any case', { authorization: `bearer ${key}` }, '/logs', key],
    ['Basic auth: the password is the key', { authorization: basic(`filebeat:${key}`) }, '/_bulk', key],
    ['Basic auth with an empty password: the user name', { authorization: basic(`${key}:`) }, '/_bulk', key],
    ['Basic auth whose key holds a colon', { authorization: basic(`u:${key}:x`) }, '/_bulk', `${key}:x`],
    ['Splunk on a HEC path', { authorization: `Splunk ${key}` }, '/services/collector/event', key],
    ['X-API-Key over Authorization', { 'x-api-key': key, authorization: 'Bearer other' }, '/logs', key],
  ])('reads %s', (_, headers, path, expected) => {
    expect(presentedKey(req(headers, path))).toBe(expected);
  });

  it.each([
    ['Splunk off the HEC paths', { authorization: `Splunk ${key}` }, '/logs'],
    ['Basic without a colon', { authorization: `Basic ${Buffer.from(key).toString('base64')}` }, '/_bulk'],
    ['Basic with nothing on either side', { authorization: basic(':') }, '/_bulk'],
    ['an unknown scheme', { authorization: `Token ${key}` }, '/logs'],
    ['a scheme with two credentials', { authorization: `Bearer ${key} extra` }, '/logs'],
    ['a bare scheme', { authorization: 'Bearer' }, '/logs'],
    ['nothing', {}, '/logs'],
  ])('finds no key in %s', (_, headers, path) => {
    expect(presentedKey(req(headers, path))).toBeUndefined();
  });
});
