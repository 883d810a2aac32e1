/** Server-sent events, parsed incrementally: main reads the bank API's stream with it, the browser-mode client the web host's. */
export interface SseMessage {
  event: string;
  data: string;
}

/** Incremental SSE parser: feed it text as it arrives; it returns the complete messages so far. */
export class SseParser {
  private buf = '';
  push(chunk: string): SseMessage[] {
    this.buf += chunk.replace(/\r\n?/g, '\n');
    const out: SseMessage[] = [];
    for (;;) {
      const end = this.buf.indexOf('\n\n');
      if (end < 0) break;
      const block = this.buf.slice(0, end);
      this.buf = this.buf.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        const i = line.indexOf(':');
        const field = i < 0 ? line : line.slice(0, i);
        const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length) out.push({ event, data: data.join('\n') });
    }
    return out;
  }
}
