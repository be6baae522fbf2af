/**
 * The --queue URL: checked before anything starts (redis:// or rediss://, a numeric database), and
 * shown in logs with any password hidden. Kept apart from the Redis client so that checking a flag
 * loads no driver.
 */
import { ConfigError } from '../config/config-error.js';

export function checkQueueUrl(url: string, flag = '--queue'): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ConfigError('', flag, `"${url}" is not a URL; expected redis://HOST:PORT/DB`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:')
    throw new ConfigError('', flag, `expected redis://HOST:PORT/DB or rediss://..., got ${u.protocol}//`);
  if (u.pathname && u.pathname !== '/' && !/^\/\d+$/.test(u.pathname))
    throw new ConfigError('', flag, `database "${u.pathname.slice(1)}" is not a number`);
  return url;
}

/** The URL with any password hidden, for logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}
