/** Reads a Server-Sent Events response the way EventSource does: `id:` and `data:` lines per event. */
export function readEvents(response: Response) {
  const reader = response.body?.getReader();
  if (!reader) throw new Error('no body');
  const decoder = new TextDecoder();
  let buffer = '';
  const events: Array<{ id: string | undefined; data: unknown }> = [];
  let comments = 0;
  const pump = async () => {
    const { value, done } = await reader.read();
    if (done) return false;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const lines = block.split('\n');
      if (lines.every((line) => line.startsWith(':'))) comments++;
      const id = lines.find((line) => line.startsWith('id: '))?.slice(4);
      const data = lines.find((line) => line.startsWith('data: '))?.slice(6);
      if (data) events.push({ id, data: JSON.parse(data) });
      end = buffer.indexOf('\n\n');
    }
    return true;
  };
  return {
    events,
    comments: () => comments,
    /** Reads until `count` events have come (or the stream ends, or `ms` pass). */
    async until(check: () => boolean, ms = 5000) {
      const deadline = Date.now() + ms;
      while (!check() && Date.now() < deadline) {
        const more = await Promise.race([
          pump(),
          new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 100)),
        ]);
        if (!more) break;
      }
      return check();
    },
    cancel: () => reader.cancel(),
  };
}
