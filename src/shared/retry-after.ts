/**
 * What a 429 or 503 says about when to ask again (`Retry-After` in seconds), in ms; null when it
 * says nothing usable. Beckon's server sends it with every rate limit and every outage.
 */
export function retryAfterMs(response: Response): number | null {
  const seconds = Number(response.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : null;
}
