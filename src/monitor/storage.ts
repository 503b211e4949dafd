/**
 * First-party key-value storage with fallbacks: localStorage, then a cookie, then memory, chosen once
 * by probing, because storage can be missing, full, or throw (Safari private mode, blocked cookies).
 */
export interface KeyValue {
  readonly kind: 'localStorage' | 'cookie' | 'memory';
  get(key: string): string | null;
  /** False when the value could not be kept (quota, blocked storage). */
  set(key: string, value: string): boolean;
  remove(key: string): void;
}

const PROBE = 'beckon.probe';
/** Chrome caps cookie lifetime at 400 days; the globalVisitID should live that long. */
const COOKIE_MAX_AGE_S = 400 * 24 * 3600;

export function memoryStorage(): KeyValue {
  const values = new Map<string, string>();
  return {
    kind: 'memory',
    get: (key) => values.get(key) ?? null,
    set: (key, value) => {
      values.set(key, value);
      return true;
    },
    remove: (key) => {
      values.delete(key);
    },
  };
}

function localStore(): KeyValue | null {
  try {
    const store = window.localStorage;
    store.setItem(PROBE, '1');
    store.removeItem(PROBE);
    return {
      kind: 'localStorage',
      get: (key) => {
        try {
          return store.getItem(key);
        } catch {
          return null;
        }
      },
      set: (key, value) => {
        try {
          store.setItem(key, value);
          return true;
        } catch {
          return false;
        }
      },
      remove: (key) => {
        try {
          store.removeItem(key);
        } catch {
          // Nothing to undo: a value we cannot remove is one we could not read either.
        }
      },
    };
  } catch {
    return null;
  }
}

function cookieStore(): KeyValue | null {
  const name = (key: string) => key.replace(/\W/g, '_');
  const read = (key: string) => {
    const prefix = `${name(key)}=`;
    for (const part of document.cookie.split('; ')) {
      if (part.startsWith(prefix)) return decodeURIComponent(part.slice(prefix.length));
    }
    return null;
  };
  const write = (key: string, value: string, maxAge: number) => {
    // biome-ignore lint/suspicious/noDocumentCookie: the cookie is the fallback when localStorage is unavailable; the Cookie Store API is async and not in every browser.
    document.cookie = `${name(key)}=${encodeURIComponent(value)}; path=/; max-age=${maxAge}; SameSite=Lax`;
  };
  try {
    write(PROBE, '1', 10);
    if (read(PROBE) !== '1') return null;
    write(PROBE, '', 0);
  } catch {
    return null;
  }
  return {
    kind: 'cookie',
    get: (key) => {
      try {
        return read(key);
      } catch {
        return null;
      }
    },
    set: (key, value) => {
      try {
        write(key, value, COOKIE_MAX_AGE_S);
        return read(key) === value;
      } catch {
        return false;
      }
    },
    remove: (key) => {
      try {
        write(key, '', 0);
      } catch {
        // As above: a cookie we cannot clear is one we cannot read.
      }
    },
  };
}

/**
 * The best storage this page allows. `allowCookie` is false for bulky data (the outbox), which must
 * never ride along on every request to the host site.
 */
export function openStorage(allowCookie: boolean): KeyValue {
  return localStore() ?? (allowCookie ? cookieStore() : null) ?? memoryStorage();
}
