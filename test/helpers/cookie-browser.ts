// A browser for requests injected into a test app: it keeps the cookies answers set (paths and
// expiry ignored; an emptied cookie is forgotten) and sends every request from one client address.
import type { TestApp } from './app.ts';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export function cookieBrowser(t: TestApp, remoteAddress: string) {
  const jar = new Map<string, string>();
  const call = async (method: Method, url: string, payload?: object | string, headers: Record<string, string> = {}) => {
    const response = await t.app.inject({
      method,
      url,
      payload: payload as string,
      remoteAddress,
      headers: { ...(jar.size ? { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } : {}), ...headers },
    });
    const set = response.headers['set-cookie'];
    for (const line of Array.isArray(set) ? set : set ? [set] : []) {
      const pair = line.split(';')[0]!;
      const eq = pair.indexOf('=');
      if (eq < pair.length - 1) jar.set(pair.slice(0, eq), pair.slice(eq + 1));
      else jar.delete(pair.slice(0, eq));
    }
    return response;
  };
  return { jar, call };
}
